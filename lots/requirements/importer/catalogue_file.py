"""A catalogue file (YAML, the shape ``catalogue_version`` downloads) read back as a parsed catalogue.

Nothing is guessed here: the file says its sections, requirements, strengths, whom
each binds and its references, and they come back exactly. The services check the
content (``clean_catalogue_data``) when it is saved.
"""

import datetime

import yaml
from django.utils.translation import gettext as _

from lots.requirements.importer.document import ParsedCatalogue, ParsedRequirement, ParsedSection
from lots.requirements.importer.extract import UnreadableDocument, decode_text
from lots.requirements.importer.text import strength_of


def _text(value) -> str:
    return "" if value is None else str(value).strip()


def _list(value) -> list:
    return value if isinstance(value, list) else []


def _requirement(raw) -> ParsedRequirement:
    if isinstance(raw, str):
        raw = {"text": raw}
    if not isinstance(raw, dict) or not _text(raw.get("text")):
        raise UnreadableDocument(_("Katalogfilen har ett krav utan text."))
    text = _text(raw["text"])
    return ParsedRequirement(
        text=text,
        strength=_text(raw.get("strength")) or strength_of(text),
        references=[_text(r) for r in _list(raw.get("references")) if _text(r)],
        binds=_text(raw.get("binds")) or "both",
    )


def _section(raw) -> ParsedSection:
    if not isinstance(raw, dict) or not _text(raw.get("title")):
        raise UnreadableDocument(_("Katalogfilen har ett avsnitt utan rubrik."))
    return ParsedSection(
        title=_text(raw["title"]),
        number=_text(raw.get("number")),
        description=_text(raw.get("description")),
        references=[_text(r) for r in _list(raw.get("references")) if _text(r)],
        requirements=[_requirement(r) for r in _list(raw.get("requirements"))],
        sections=[_section(s) for s in _list(raw.get("sections"))],
    )


def _date(value) -> datetime.date | None:
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(_text(value)) if value else None
    except ValueError:
        raise UnreadableDocument(_("Katalogfilens datum ska skrivas ÅÅÅÅ-MM-DD.")) from None


def parse_catalogue_file(data: bytes, source: str) -> ParsedCatalogue:
    try:
        content = yaml.safe_load(decode_text(data))
    except yaml.YAMLError:
        raise UnreadableDocument(_("Katalogfilen är inte giltig YAML.")) from None
    except ValueError:  # a date that does not exist ("2025-13-01") fails in the YAML loader itself
        raise UnreadableDocument(_("Katalogfilen har ett datum som inte finns; skriv datum som ÅÅÅÅ-MM-DD.")) from None
    if not isinstance(content, dict) or not isinstance(content.get("sections"), list):
        raise UnreadableDocument(_("Katalogfilen ska ha en titel och en lista med avsnitt (sections)."))
    return ParsedCatalogue(
        title=_text(content.get("title")),
        key=_text(content.get("key")),
        issuer=_text(content.get("issuer")),
        version=_text(content.get("version")),
        issued_on=_date(content.get("date")),
        reference=_text(content.get("reference")),
        description=_text(content.get("description")),
        source=_text(content.get("source")) or source,
        sections=[_section(s) for s in content["sections"]],
    )
