"""Reading a requirement document (Markdown, Word, PDF, plain text or a catalogue file) into a catalogue structure.

    parsed = parse_document(data, "kvalitetskrav.pdf")
    parsed.to_json()   # {"title": …, "sections": [{"title": …, "requirements": […], "sections": […]}]}

``extract`` turns each format into lines; ``structure`` finds the sections and
requirements in them. Nothing here touches the database.
"""

from pathlib import Path

from django.utils.translation import gettext as _

from lots.requirements.importer import repair  # noqa: F401
from lots.requirements.importer.catalogue_file import parse_catalogue_file
from lots.requirements.importer.document import ParsedCatalogue, ParsedRequirement, ParsedSection  # noqa: F401
from lots.requirements.importer.extract import FORMATS, PDF, YAML, UnreadableDocument, detect_format, extract_lines  # noqa: F401
from lots.requirements.importer.references import find_references  # noqa: F401
from lots.requirements.importer.structure import parse_lines

MAX_BYTES = 20 * 1024 * 1024


def parse_document(data: bytes, filename: str) -> ParsedCatalogue:
    """Parse one document; raises UnreadableDocument with a message for the user when it cannot be read."""
    if not data:
        raise UnreadableDocument(_("Filen är tom."))
    if len(data) > MAX_BYTES:
        raise UnreadableDocument(_("Filen är för stor (högst 20 MB)."))
    if detect_format(data, filename) == YAML:
        parsed = parse_catalogue_file(data, Path(filename).name)
        parsed.format = YAML
        return parsed
    lines, fmt = extract_lines(data, filename)
    parsed = parse_lines(lines, source=Path(filename).name, proportional=fmt == PDF)
    parsed.format = fmt
    if not parsed.title:
        parsed.title = Path(filename).stem.replace("-", " ").replace("_", " ").strip().capitalize()
    return parsed


def parse_path(path: str | Path) -> ParsedCatalogue:
    path = Path(path)
    return parse_document(path.read_bytes(), path.name)
