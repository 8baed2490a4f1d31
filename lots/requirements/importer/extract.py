"""Text out of a document, one ``Line`` per line, with whatever structure the format tells us.

Markdown and Word know their headings and list items; PDF and plain text know
nothing but line breaks, indentation and page breaks. The structure parser
(``structure.py``) takes it from there.
"""

import html
import io
import re
import zipfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import filetype
from django.utils.translation import gettext as _

MARKDOWN = "markdown"
DOCX = "docx"
PDF = "pdf"
TEXT = "text"
YAML = "yaml"
FORMATS = {MARKDOWN: "Markdown", DOCX: "Word (DOCX)", PDF: "PDF", TEXT: "Text", YAML: "Kravkatalog (YAML)"}
_EXTENSIONS = {
    ".md": MARKDOWN,
    ".markdown": MARKDOWN,
    ".docx": DOCX,
    ".pdf": PDF,
    ".txt": TEXT,
    ".text": TEXT,
    ".yaml": YAML,
    ".yml": YAML,
}


class UnreadableDocument(Exception):
    """The file is not a document we can read; the message is shown to the user."""


@dataclass
class Line:
    text: str
    heading: int | None = None  # level given by the format (Markdown #, a Word heading style)
    bullet: bool = False  # a list item according to the format
    indent: int = 0
    bold: bool = False  # the whole line is emphasised (Word): a heading hint
    boundary: bool = False  # the format says a new paragraph starts here (Word paragraphs)
    soft: bool = False  # the format says this line runs on from the one above (PDF: no paragraph spacing between)
    page_break: bool = False  # marks the boundary between two pages; carries no text

    @property
    def blank(self) -> bool:
        return not self.page_break and not self.text.strip()


def detect_format(data: bytes, filename: str) -> str:
    """The document's format, from its content where that is possible and its name otherwise."""
    kind = filetype.guess(data[:8192])
    if kind is not None and kind.extension == "pdf":
        return PDF
    if kind is not None and (kind.extension == "docx" or kind.extension == "zip" and Path(filename).suffix.lower() == ".docx"):
        return DOCX
    if kind is not None:
        raise UnreadableDocument(
            _("Filen är av typen %(kind)s och kan inte läsas in. Använd Markdown, Word (DOCX), PDF eller text.")
            % {"kind": kind.extension}
        )
    if b"\x00" in data[:8192]:
        raise UnreadableDocument(_("Filen är inte ett textdokument. Använd Markdown, Word (DOCX), PDF eller text."))
    suffix = Path(filename).suffix.lower()
    if _EXTENSIONS.get(suffix) in {DOCX, PDF}:
        raise UnreadableDocument(
            _("Filen heter %(suffix)s men innehållet är inte det. Kontrollera att filen är hel.") % {"suffix": suffix}
        )
    return _EXTENSIONS.get(suffix, TEXT)


def extract_lines(data: bytes, filename: str) -> tuple[list[Line], str]:
    fmt = detect_format(data, filename)
    reader = {MARKDOWN: _markdown_lines, DOCX: _docx_lines, PDF: _pdf_lines, TEXT: _text_lines, YAML: _text_lines}[fmt]
    lines = reader(data)
    if not any(line.text.strip() for line in lines):
        raise UnreadableDocument(_("Dokumentet innehåller ingen text som går att läsa ut."))
    return lines, fmt


def decode_text(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _indent(raw: str) -> int:
    return len(raw) - len(raw.lstrip(" "))


def _text_lines(data: bytes) -> list[Line]:
    lines: list[Line] = []
    pages = decode_text(data).replace("\r\n", "\n").replace("\r", "\n").split("\f")
    for number, page in enumerate(pages):
        if number:
            lines.append(Line("", page_break=True))
        for raw in page.split("\n"):
            raw = raw.expandtabs(4).rstrip()
            lines.append(Line(re.sub(r"\s+", " ", raw).strip(), indent=_indent(raw)))
    return lines


# --- Markdown -------------------------------------------------------------

_MD_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_MD_SETEXT = re.compile(r"^\s{0,3}(=+|-+)\s*$")
_MD_RULE = re.compile(r"^\s{0,3}(?:(?:-\s*){3,}|(?:\*\s*){3,}|(?:_\s*){3,})$")
_MD_BULLET = re.compile(r"^(\s*)(?:[-*+]|\d{1,2}[.)])\s+(.*)$")
_MD_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")


def strip_markup(text: str) -> str:
    """Remove inline Markdown and HTML: emphasis, tags, links, images, code marks, entities."""
    text = re.sub(r"!\[[^\]]*\]\([^)]*\)", "", text)
    text = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"<[^>]+>", "", text)
    text = re.sub(r"(\*\*|__)(.+?)\1", r"\2", text)
    text = re.sub(r"(?<![\w*])\*(?!\s)([^*]+?)(?<!\s)\*(?![\w*])", r"\1", text)
    text = text.replace("**", "").replace("`", "")
    text = html.unescape(text)
    return re.sub(r"\s+", " ", text).strip()


def _markdown_lines(data: bytes) -> list[Line]:
    lines: list[Line] = []
    for raw in decode_text(data).replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n").split("\n"):
        raw = raw.expandtabs(4).rstrip()
        previous = lines[-1] if lines else None
        setext = _MD_SETEXT.match(raw)
        if setext and previous is not None and previous.text and previous.heading is None and not previous.bullet:
            previous.heading = 1 if setext.group(1).startswith("=") else 2
            continue
        if _MD_RULE.match(raw) or _MD_TABLE_RULE.match(raw) and "|" in raw:
            lines.append(Line(""))
            continue
        heading = _MD_HEADING.match(raw)
        if heading:
            lines.append(Line(strip_markup(heading.group(2)), heading=len(heading.group(1))))
            continue
        body = re.sub(r"^\s*>\s?", "", raw)
        if body.strip().startswith("|"):
            body = " – ".join(cell.strip() for cell in body.strip().strip("|").split("|") if cell.strip())
        bullet = _MD_BULLET.match(body)
        if bullet:
            lines.append(Line(strip_markup(bullet.group(2)), bullet=True, indent=len(bullet.group(1))))
            continue
        lines.append(Line(strip_markup(body), indent=_indent(body)))
    return lines


# --- Word ------------------------------------------------------------------

_HEADING_STYLE = re.compile(r"^(?:heading|rubrik)\s*(\d)$", re.IGNORECASE)
_TITLE_STYLES = {"title", "rubrik", "titel"}


_KRAV_COLUMN = re.compile(r"^(?:krav|kravtext|kravet)$", re.IGNORECASE)


def _docx_blocks(document):
    """Paragraphs and tables in document order."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            yield Paragraph(child, document)
        elif tag == "tbl":
            yield Table(child, document)


def _row_texts(row) -> list[str]:
    cells, seen = [], set()
    for cell in row.cells:
        if id(cell._tc) in seen:  # a merged cell appears once per column it spans
            continue
        seen.add(id(cell._tc))
        cells.append(re.sub(r"\s+", " ", cell.text).strip())
    return cells


def _table_lines(table) -> list[Line]:
    """A table whose header has a "Krav" column is a list of requirements; any other table is read row by row."""
    rows = [_row_texts(row) for row in table.rows]
    if not rows:
        return []
    column = next((i for i, text in enumerate(rows[0]) if _KRAV_COLUMN.match(text)), None)
    if column is None:
        return [Line(" – ".join(c for c in row if c), boundary=True) for row in rows if any(row)]
    lines = [Line("Krav", boundary=True)]
    for row in rows[1:]:
        if column < len(row) and row[column]:
            lines.append(Line(row[column], bullet=True, boundary=True))
    lines.append(Line(""))
    return lines


def _is_bold(paragraph) -> bool:
    runs = [run for run in paragraph.runs if run.text.strip()]
    if not runs:
        return False
    style_bold = bool(paragraph.style is not None and paragraph.style.font is not None and paragraph.style.font.bold)
    return all(run.bold or (run.bold is None and style_bold) for run in runs)


def _docx_lines(data: bytes) -> list[Line]:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as error:
        raise UnreadableDocument(_("Word-filen kunde inte öppnas. Kontrollera att den är en hel .docx-fil.")) from error
    from docx.table import Table

    lines: list[Line] = []
    for paragraph in _docx_blocks(document):
        if isinstance(paragraph, Table):
            lines.extend(_table_lines(paragraph))
            continue
        text = re.sub(r"\s+", " ", paragraph.text).strip()
        if not text:
            lines.append(Line(""))
            continue
        style = (paragraph.style.name if paragraph.style is not None else "").strip()
        heading = _HEADING_STYLE.match(style)
        level = int(heading.group(1)) if heading else (0 if style.lower() in _TITLE_STYLES else None)
        numbered = paragraph._p.pPr is not None and paragraph._p.pPr.numPr is not None
        bullet = level is None and (numbered or "list" in style.lower() or "lista" in style.lower())
        lines.append(Line(text, heading=level, bullet=bullet, bold=level is None and _is_bold(paragraph), boundary=True))
    return lines


# --- PDF -------------------------------------------------------------------


# Layout mode renders vertical distance as blank lines; a small font-height weight gives
# several blank lines per line pitch, so the extra spacing between paragraphs shows.
_PDF_HEIGHT_WEIGHT = 0.2


def _pdf_page_text(page) -> str:
    try:
        return page.extract_text(extraction_mode="layout", layout_mode_font_height_weight=_PDF_HEIGHT_WEIGHT)
    except Exception:  # noqa: BLE001 - layout mode fails on some fonts; plain mode is the fallback
        return page.extract_text()


def ends_sentence(text: str) -> bool:
    return re.search(r"[.!?:;][)\"”’]*$", text.rstrip()) is not None


def _pdf_lines(data: bytes) -> list[Line]:
    """The lines of a PDF with what its typography says: headings by size or weight, paragraphs by spacing and width."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise UnreadableDocument(_("PDF-filen är lösenordsskyddad och kan inte läsas in."))
        pages = list(reader.pages)
        try:
            rows = [_pdf_rows(reader, page) for page in pages]
        except Exception:  # noqa: BLE001 - pypdf's layout internals fail on some files; the text alone is the fallback
            rows = None
        if rows is not None and any(rows):
            return _typeset_lines(rows)
        texts = [_pdf_page_text(page) or "" for page in pages]
    except PdfReadError as error:
        raise UnreadableDocument(_("PDF-filen kunde inte läsas. Kontrollera att den är hel.")) from error
    return _layout_lines(texts)


def _layout_lines(texts: list[str]) -> list[Line]:
    """Lines of each page, with a blank line where the spacing above a line is wider than the usual line pitch."""
    pages: list[list[tuple[int, str]]] = []
    for text in texts:
        rows, gap = [], 0
        for raw in text.replace("\r", "").split("\n"):
            raw = raw.expandtabs(4).rstrip()
            if not raw.strip():
                gap += 1
                continue
            rows.append((gap, raw))
            gap = 0
        pages.append(rows)
    gaps = Counter(gap for rows in pages for gap, _raw in rows[1:])
    pitch = gaps.most_common(1)[0][0] if gaps else 0
    wide = sum(n for gap, n in gaps.items() if gap >= pitch + 2)
    spaced = bool(gaps) and wide >= max(1, 0.03 * sum(gaps.values()))
    lines: list[Line] = []
    for number, rows in enumerate(pages):
        if number:
            lines.append(Line("", page_break=True))
        margin = min((_indent(raw) for _gap, raw in rows), default=0)
        for position, (gap, raw) in enumerate(rows):
            paragraph_break = position > 0 and gap >= pitch + 2
            if paragraph_break:
                lines.append(Line(""))
            soft = spaced and position > 0 and not paragraph_break
            lines.append(Line(re.sub(r"\s+", " ", raw).strip(), indent=max(_indent(raw) - margin, 0), soft=soft))
    return lines


# --- PDF typography ---------------------------------------------------------------------------------------------


@dataclass
class _Row:
    """One printed line: where it starts and ends, how tall its type is and whether it is all bold."""

    text: str
    top: float  # distance from the top of the page
    left: float
    right: float
    size: float
    bold: bool = False


_BOLD_FONT = re.compile(r"bold|black|heavy|semibold|demi", re.IGNORECASE)


def _bold_spans(page) -> list[tuple[float, float, bool]]:
    """Each piece of text as (distance from the top, from the bottom, set in a bold font)."""
    height = float(page.mediabox.height)
    spans: list[tuple[float, float, bool]] = []

    def visit(text, cm, tm, font, _size):
        if not text.strip():
            return
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        name = str(font.get("/BaseFont", "")) if font is not None else ""
        spans.append((height - y, y, bool(_BOLD_FONT.search(name))))

    page.extract_text(visitor_text=visit)
    return spans


def _bold_at(spans: list[tuple[float, float, bool]], top: float, flipped: bool, size: float) -> bool:
    """Whether every piece of text printed on the line at ``top`` is bold."""
    near = [bold for from_top, from_bottom, bold in spans if abs((from_top if flipped else -from_bottom) - top) <= size / 2]
    return bool(near) and all(near)


def _pdf_rows(reader, page) -> list[_Row]:
    from pypdf._text_extraction import _layout_mode
    from pypdf.generic import ContentStream

    contents = page.get("/Contents")
    if contents is None:
        return []
    operations = iter(ContentStream(contents.get_object(), reader, "bytes").operations)
    groups = _layout_mode.text_show_operations(operations, page._layout_mode_fonts(), True, None)
    if not groups:
        return []
    spans = _bold_spans(page)
    rows: list[_Row] = []
    for top, parts in _layout_mode.y_coordinate_groups(groups).items():
        parts = sorted(parts, key=lambda part: part["tx"])
        text, end = "", None
        for part in parts:
            piece = part["text"]
            if end is not None and piece.strip() and part["tx"] - end > 0.15 * part["font_height"] and not text.endswith(" "):
                text += " "
            text += piece
            end = part["displaced_tx"]
        text = re.sub(r"\s+", " ", text).strip()
        if not text:
            continue
        size = max(part["font_height"] for part in parts if part["text"].strip())
        rows.append(
            _Row(
                text=text,
                top=-float(top),  # the key is the baseline, upwards positive
                left=min(part["tx"] for part in parts if part["text"].strip()),
                right=max(part["displaced_tx"] for part in parts if part["text"].strip()),
                size=size,
                bold=_bold_at(spans, -float(top), parts[0]["flip_sort"] == -1, size),
            )
        )
    rows.sort(key=lambda row: row.top)
    return rows


def _typeset_lines(pages: list[list[_Row]]) -> list[Line]:
    """Lines marked with what the type says.

    The body size is the size most characters are set in. Larger type, or bold type a
    little larger than the body, is a heading; its level is the rank of its size. A
    heading set over two lines is one heading. A line starts a new paragraph when the
    spacing above it is wider than the body's line pitch, or when the line above ended
    short of the right margin while the first word of this one would have fitted there.
    """
    rows = [row for page in pages for row in page]
    sizes: Counter = Counter()
    for row in rows:
        sizes[round(row.size, 1)] += len(row.text)
    body = sizes.most_common(1)[0][0]
    body_rows = [row for row in rows if abs(row.size - body) < 0.05 * body]
    left = Counter(round(row.left) for row in body_rows).most_common(1)[0][0]
    rights = sorted(row.right for row in body_rows)
    right = rights[int(0.95 * (len(rights) - 1))]
    pitches: Counter = Counter()
    for page in pages:
        for above, below in zip(page, page[1:], strict=False):
            if abs(above.size - body) < 0.05 * body and abs(below.size - body) < 0.05 * body:
                pitches[round(below.top - above.top, 1)] += 1
    pitch = pitches.most_common(1)[0][0] if pitches else body * 1.2

    def heading_size(row: _Row) -> bool:
        return row.size >= 1.15 * body or (row.bold and row.size > 1.03 * body)

    levels = sorted({round(row.size, 1) for row in rows if heading_size(row) and len(row.text) <= 150}, reverse=True)
    bold_level = len(levels) + 1
    char_width = sum(row.right - row.left for row in body_rows) / max(1, sum(len(row.text) for row in body_rows))

    def level_of(row: _Row) -> int | None:
        if len(row.text) > 150:
            return None
        if heading_size(row):
            return levels.index(round(row.size, 1)) + 1
        if row.bold and abs(row.size - body) < 0.05 * body and not row.text.rstrip().endswith((".", ",", ";")):
            return bold_level
        return None

    lines: list[Line] = []
    previous: _Row | None = None  # the last body line, across pages
    for number, page in enumerate(pages):
        if number:
            lines.append(Line("", page_break=True))
        above: _Row | None = None
        for row in page:
            level = level_of(row)
            indent = max(0, round((row.left - left) / char_width)) if char_width > 0 else 0
            if level is not None:
                last = lines[-1] if lines else None
                if (
                    last is not None
                    and last.heading == level
                    and above is not None
                    and round(above.size, 1) == round(row.size, 1)
                    and row.top - above.top <= 1.6 * row.size
                ):
                    last.text = f"{last.text} {row.text}"  # a heading wrapped over two lines
                else:
                    lines.append(Line(row.text, heading=level, indent=indent, boundary=True))
                above, previous = row, None
                continue
            body_line = abs(row.size - body) < 0.1 * body
            gap = row.top - above.top if above is not None else None
            spaced = gap is not None and gap > 1.3 * pitch
            if spaced:
                lines.append(Line(""))
            soft = boundary = False
            if body_line and previous is not None and not spaced:
                first = row.text.split()[0]
                if previous.right + (len(first) + 1) * char_width * 1.3 < right:
                    boundary = True  # the word would have fitted above: the line above was broken on purpose
                elif not (ends_sentence(previous.text) and first[:1].isupper()):
                    soft = True
                # else: a full line ending at a full stop, then a capital: the structure parser decides
            lines.append(Line(row.text, indent=indent, soft=soft, boundary=boundary))
            above = row
            if body_line:
                previous = row
    return lines
