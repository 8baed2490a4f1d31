"""From lines of text to a catalogue: sections, their descriptions and their requirements.

The steps, in order:

1. Page furniture goes: page numbers ("3", "Sida 3 av 7", "- 3 -") and the running
   headers and footers repeated at the top or bottom of most pages.
2. The table of contents goes: the lines under "Innehåll(sförteckning)" and any line
   with a dotted leader ("Riskanalys ........ 4"). Its titles are kept as a hint of
   which lines in the text are headings.
3. The first line is the title; "Version", "Datum", "Fastställt av" and "Ärendenr"
   lines before the first heading are metadata.
4. Headings: those the format marks (Markdown, Word styles); otherwise short
   stand-alone lines without a full stop or a ska/bör (numbered ones give levels),
   or only the table of contents' titles and numbered lines when there is one.
5. Lines join into paragraphs: a line continues the one before unless a blank line,
   a list item or a finished sentence comes between them. Hard-wrapped text (a
   constant line width) also continues after a full stop when the line above was
   full. Words hyphenated across a line or page break are joined again
   ("kvali-" + "tet"), but "offentlighets- och" keeps its hyphen.
6. A document with "Krav" marks: the paragraphs (or the list) after each mark are
   the requirements; everything else is the section's description. A document
   without: each sentence with ska/skall/bör is a requirement.
"""

import datetime
import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from lots.requirements.importer.document import ParsedCatalogue, ParsedRequirement, ParsedSection
from lots.requirements.importer.extract import Line
from lots.requirements.importer.references import find_references
from lots.requirements.importer.text import binds_of, ends_sentence, has_modal, split_sentences, squash, strength_of

IMPLICIT_SECTION = "Allmänt"

_PAGE_NUMBER = re.compile(
    r"^(?:(?:sida|sid\.|s\.|page)\s*)?\d{1,3}(?:\s*(?:\(\s*\d{1,3}\s*\)|(?:av|/|of)\s*\d{1,3}))?$|^[-–—]\s*\d{1,3}\s*[-–—]$",
    re.IGNORECASE,
)
_TOC_HEADING = re.compile(r"^(?:innehåll|innehållsförteckning|innehållsförteckning:|innehåll:)$", re.IGNORECASE)
_LEADER = re.compile(r"(?:\s?\.){3,}\s*\d{1,3}$|…+\s*\d{1,3}$|_{3,}\s*\d{1,3}$")
_TOC_PAGE = re.compile(r"^(.{2,100}?)\s+\d{1,3}$")
_NUMBERED = re.compile(r"^(\d{1,2}(?:\.\d{1,2}){0,3})\.?\s+(\S.*)$")
_CHAPTER = re.compile(r"^(\d{1,2}\s?kap\.)\s+(\S.*)$")
_BULLET = re.compile(r"^(?:[•·▪◦●○■□►‣∙\-–—*]|\(?[a-z]\)|\d{1,2}\))\s+(.*)$")
_ENUMERATED = re.compile(r"^\d{1,2}\.\s+(?=\S)")
_POINTS_BACK = re.compile(r"^(?:detta|dessa|därför|därmed|det vill säga|dvs|det innebär|det betyder)\b", re.IGNORECASE)
_MARKER = re.compile(r"^krav\s*:?$", re.IGNORECASE)
_HYPHENS = ("-", "\u00ad", "\u2010", "\u2011")
_KEEP_HYPHEN_BEFORE = {"och", "eller", "samt", "respektive", "resp.", "till"}

_META = [
    ("version", re.compile(r"^version\s*:?\s*\[?\s*([\w.\-]{1,20})\s*\]?$", re.IGNORECASE)),
    (
        "date",
        re.compile(
            r"^(?:datum|fastställd|fastställt|beslutad|beslutat|gäller från|gäller fr\.o\.m\.)"
            r"(?:\s+den)?\s*:?\s*(\d{4}-\d{2}-\d{2})$",
            re.IGNORECASE,
        ),
    ),
    (
        "issuer",
        re.compile(
            r"^(?:(?:fastställ[dt]|beslutad|beslutat|antagen|antaget|utfärdad|utgiven)\s+av|utfärdare|utgivare|ansvarig nämnd)"
            r"\s*:?\s+(.+)$",
            re.IGNORECASE,
        ),
    ),
    ("reference", re.compile(r"^(?:ärendenr|ärendenummer|diarienr|diarienummer|dnr)\.?\s*:?\s+(.+)$", re.IGNORECASE)),
    ("author", re.compile(r"^(?:framtagen|framtaget|upprättad|upprättat|författare)(?:\s+av)?\s*:?\s+(.+)$", re.IGNORECASE)),
]


def _key(text: str) -> str:
    """Comparison form of a title: no numbering, punctuation, case or accents-as-combining-marks."""
    text = unicodedata.normalize("NFC", text).casefold()
    text = _NUMBERED.sub(r"\2", text.strip())
    return re.sub(r"[^\wåäö]+", " ", text).strip()


def _is_meta(text: str) -> bool:
    return any(pattern.match(text.strip()) for _name, pattern in _META)


def _shape(text: str) -> str:
    return re.sub(r"\d+", "#", squash(text).casefold())


# --- 1. Page furniture ------------------------------------------------------


def drop_page_furniture(lines: list[Line]) -> list[Line]:
    pages: list[list[Line]] = [[]]
    for line in lines:
        if line.page_break:
            pages.append([])
        else:
            pages[-1].append(line)
    if len(pages) >= 2:
        counts: Counter = Counter()
        for page in pages:
            content = [line for line in page if not line.blank]
            edge = {_shape(line.text) for line in content[:2] + content[-2:]}
            counts.update(edge)
        needed = max(2, math.ceil(len(pages) / 2))
        furniture = {shape for shape, n in counts.items() if n >= needed and shape}
        pages = [_strip_edges(page, furniture) for page in pages]
    result: list[Line] = []
    for number, page in enumerate(pages):
        if number:
            result.append(Line("", page_break=True))
        result.extend(line for line in page if line.heading is not None or not _PAGE_NUMBER.match(line.text.strip()))
    return result


def _strip_edges(page: list[Line], furniture: set[str]) -> list[Line]:
    """Drop repeated header/footer lines from the top and bottom of one page, each text at most once per edge."""
    keep = list(page)
    for reverse in (False, True):
        removed: set[str] = set()
        order = range(len(keep) - 1, -1, -1) if reverse else range(len(keep))
        drop: list[int] = []
        seen = 0
        for index in order:
            line = keep[index]
            if line.blank:
                continue
            shape = _shape(line.text)
            if seen >= 3 or shape in removed or (shape not in furniture and not _PAGE_NUMBER.match(line.text.strip())):
                break
            removed.add(shape)
            drop.append(index)
            seen += 1
        keep = [line for index, line in enumerate(keep) if index not in drop]
    return keep


def join_pages(lines: list[Line]) -> list[Line]:
    """Remove page markers and the blank lines around them, so a paragraph runs on across the break."""
    result: list[Line] = []
    skip_blanks = False
    for line in lines:
        if line.page_break:
            while result and result[-1].blank:
                result.pop()
            skip_blanks = True
            continue
        if skip_blanks and line.blank:
            continue
        skip_blanks = False
        result.append(line)
    return result


# --- 2. Table of contents ---------------------------------------------------


@dataclass
class TocEntry:
    number: str
    title: str
    indent: int


def _toc_entry(line: Line, text: str) -> TocEntry:
    text = _LEADER.sub("", text).rstrip(" .…_\t")
    text = _TOC_PAGE.sub(r"\1", text) if not _LEADER.search(line.text) else text
    numbered = _NUMBERED.match(text)
    if numbered:
        return TocEntry(numbered.group(1), numbered.group(2).strip(), line.indent)
    return TocEntry("", text.strip(), line.indent)


def _toc_like(line: Line, in_toc: bool) -> bool:
    text = line.text.strip()
    if _LEADER.search(text):
        return True
    return in_toc and bool(_TOC_PAGE.match(text)) and not has_modal(text) and not text.endswith(".")


def strip_toc(lines: list[Line]) -> tuple[list[Line], list[TocEntry]]:
    result: list[Line] = []
    entries: list[TocEntry] = []
    in_toc = False
    index = 0
    while index < len(lines):
        line = lines[index]
        text = line.text.strip()
        if line.page_break:
            result.append(line)
            index += 1
            continue
        if _TOC_HEADING.match(text):
            in_toc = True
            index += 1
            continue
        if in_toc and line.blank:
            index += 1
            continue
        if _toc_like(line, in_toc):
            entries.append(_toc_entry(line, text))
            index += 1
            continue
        if in_toc:
            following = _next_content(lines, index)
            if following is not None and len(text) < 90 and _toc_like(lines[following], True) and not lines[following].heading:
                # An entry wrapped over two lines: "Organisatorisk samverkan och" / "överenskommelser ..... 5".
                entries.append(_toc_entry(lines[following], f"{text} {lines[following].text.strip()}"))
                index = following + 1
                continue
            in_toc = False
        result.append(line)
        index += 1
    return result, entries


def _next_content(lines: list[Line], index: int) -> int | None:
    for following in range(index + 1, len(lines)):
        if lines[following].page_break or lines[following].blank:
            continue
        return following
    return None


# --- 4. Headings and 5. paragraphs -----------------------------------------


@dataclass
class Heading:
    level: int
    title: str
    number: str = ""


@dataclass
class Marker:
    pass


@dataclass
class Paragraph:
    text: str
    bullet: bool = False


def _wrap_width(lines: list[Line]) -> int | None:
    """The width hard-wrapped text was wrapped at, or None when lines are whole paragraphs."""
    widths = sorted(line.indent + len(line.text) for line in lines if not line.blank and line.heading is None)
    if len(widths) < 6:
        return None
    width = widths[int(0.9 * (len(widths) - 1))]
    near_full = sum(1 for w in widths if w >= 0.75 * width)
    if width > 140 or near_full < 0.35 * len(widths):
        return None
    return width


class _Classifier:
    """Walks the lines and emits headings, Krav marks, paragraphs and metadata in order."""

    def __init__(self, lines: list[Line], toc: list[TocEntry], title: str, *, proportional: bool = False):
        self.lines = lines
        # Character counts only approximate the width of proportional type (PDF); allow for that.
        self.tolerance = 1.06 if proportional else 1.0
        self.title_key = _key(title) if title else None
        self.explicit = sum(1 for line in lines if line.heading is not None and line.heading > 0) >= 2
        self.wrap = _wrap_width(lines)
        # The format measured the lines (PDF typography): soft and boundary say what it saw.
        self.typeset = any(line.soft or line.boundary for line in lines) and proportional
        self.in_krav = False
        self.krav_start = 0
        self.toc = {_key(e.title): e for e in toc if e.title}
        indents = sorted({e.indent for e in toc})
        self.toc_indent_rank = {indent: rank + 1 for rank, indent in enumerate(indents)}

    def heading_for(self, index: int) -> Heading | None:
        """The heading on line ``index``, which starts a new block (the paragraph before it, if any, has ended)."""
        line = self.lines[index]
        text = line.text.strip()
        if line.heading is not None:
            numbered = _NUMBERED.match(text)
            if numbered and not has_modal(text):
                return Heading(line.heading, numbered.group(2).strip(), numbered.group(1))
            return Heading(line.heading, text)
        if self.explicit or line.bullet or has_modal(text) or len(text) > 90:
            return None
        if _key(text) == self.title_key:
            return Heading(1, text)  # the title repeated on a later page or above the contents: dropped by the builder
        entry = self.toc.get(_key(text))
        if entry is not None:
            numbered = _NUMBERED.match(text)
            number = entry.number or (numbered.group(1) if numbered else "")
            title = numbered.group(2).strip() if numbered else text
            level = number.count(".") + 1 if number else self.toc_indent_rank.get(entry.indent, 1)
            return Heading(level, title, number)
        if ends_sentence(text) or text.endswith(","):
            return None
        following = _next_content(self.lines, index)
        if following is not None and self.lines[following].text[:1].islower():
            return None
        chapter = _CHAPTER.match(text)
        if chapter and chapter.group(2)[:1].isupper():
            return Heading(1, chapter.group(2).strip(), chapter.group(1))
        numbered = _NUMBERED.match(text)
        if numbered and numbered.group(2)[:1].isupper() and len(numbered.group(2)) <= 80:
            return Heading(numbered.group(1).count(".") + 1, numbered.group(2).strip(), numbered.group(1))
        if self.toc:
            return None
        if line.bold and len(text) <= 80:
            return Heading(1, text)
        words = text.split()
        if len(text) <= 70 and len(words) <= 9 and text[:1].isupper() and not _BULLET.match(text):
            return Heading(1, text)
        return None

    def continues(self, paragraph: list[Line], first_bullet_indent: int | None, line: Line) -> bool:
        """Whether ``line`` carries on the paragraph whose lines are ``paragraph``."""
        previous = paragraph[-1]
        text = line.text.strip()
        if line.heading is not None or line.boundary or line.bullet or _BULLET.match(text) or _ENUMERATED.match(text):
            return False
        before = previous.text.rstrip()
        if _is_meta(text) or _is_meta(before):
            return False
        if text[:1].isupper() and len(text) <= 90 and (_key(text) in self.toc or _key(text) == self.title_key):
            return False
        if line.soft:
            return True
        if before.endswith(_HYPHENS) and text[:1].islower():
            return True
        if first_bullet_indent is not None and line.indent > first_bullet_indent:
            return True
        if text[:1].islower() or text[:1] in "§)":
            return True
        if self.typeset:
            # The format measured the line above: it was full and ended a sentence, so either may be true.
            return self.ambiguous_continues()
        if self.wrap is None:
            return not ends_sentence(before)
        if ends_sentence(before):
            return not self._broken(previous, line) and self.ambiguous_continues()
        return self._wrapped(previous, line)

    def _wrapped(self, previous: Line, line: Line) -> bool:
        """Hard-wrapped: the line above was wrapped if the next word would not have fitted on it."""
        needed = previous.indent + len(previous.text.rstrip()) + 1 + len(line.text.split()[0])
        return needed > self.wrap / self.tolerance

    def _broken(self, previous: Line, line: Line) -> bool:
        """The line above ended on purpose: the first word of ``line`` would have fitted on it."""
        if self.typeset:
            return line.boundary
        needed = previous.indent + len(previous.text.rstrip()) + 1 + len(line.text.split()[0])
        return needed <= self.wrap * self.tolerance

    def ambiguous_continues(self) -> bool:
        """A full line ended at a full stop and the next starts with a capital: a new sentence or a new paragraph.

        Under a "Krav" mark whose requirements stand one a line with no spacing between them,
        it is the next requirement, unless the sentence points back ("Det innebär …"). Where
        the requirements are spaced paragraphs, and outside the requirements, it is the next
        sentence of the same paragraph.
        """
        if not self.in_krav or not self._krav_in_one_block(self.index):
            return True
        return bool(_POINTS_BACK.match(self.lines[self.index].text.strip()))

    def _krav_in_one_block(self, index: int) -> bool:
        """Whether the requirements after the last Krav mark are one block: no blank line between them.

        The block ends at the next heading or mark; a paragraph after a blank line that is not
        a heading means the requirements are spaced paragraphs.
        """
        position, seen_blank = self.krav_start + 1, False
        while position < len(self.lines) and self.lines[position].blank:
            position += 1
        while position < len(self.lines):
            line = self.lines[position]
            if line.blank or line.page_break:
                seen_blank = True
            elif line.heading is not None or _MARKER.match(line.text.strip()):
                return True
            elif seen_blank:
                return self.heading_for(position) is not None
            position += 1
        return True

    def events(self):
        paragraph: list[Line] = []
        bullet_indent: int | None = None
        for index, line in enumerate(self.lines):
            if line.blank:
                if paragraph:
                    yield self._paragraph(paragraph, bullet_indent)
                    paragraph, bullet_indent = [], None
                continue
            text = line.text.strip()
            if _MARKER.match(text):
                if paragraph:
                    yield self._paragraph(paragraph, bullet_indent)
                    paragraph, bullet_indent = [], None
                self.in_krav, self.krav_start = True, index
                yield Marker()
                continue
            self.index = index
            if paragraph and self.continues(paragraph, bullet_indent, line):
                paragraph.append(line)
                continue
            heading = self.heading_for(index)
            if paragraph:
                yield self._paragraph(paragraph, bullet_indent)
                paragraph, bullet_indent = [], None
            if heading is not None:
                self.in_krav = False
                yield heading
                continue
            paragraph = [line]
            bullet_indent = line.indent if (line.bullet or _BULLET.match(text)) else None
        if paragraph:
            yield self._paragraph(paragraph, bullet_indent)

    @staticmethod
    def _paragraph(lines: list[Line], bullet_indent: int | None) -> Paragraph:
        text = ""
        for line in lines:
            part = line.text.strip()
            if not text:
                text = part
            elif text.endswith(_HYPHENS) and part[:1].islower():
                word = part.split()[0]
                if word in _KEEP_HYPHEN_BEFORE:
                    text = text[:-1] + "- " + part
                else:
                    text = text[:-1] + part
            elif text.endswith("/") and part[:1].isalnum():
                text += part  # "anmälan/" + "ansökan": a line broken after a slash keeps the pair together
            else:
                text = f"{text} {part}"
        bullet = bullet_indent is not None
        if bullet:
            match = _BULLET.match(text)
            text = match.group(1) if match else text
        text = _ENUMERATED.sub("", text) if not bullet else text
        return Paragraph(squash(text), bullet=bullet or bool(_ENUMERATED.match(lines[0].text.strip())))


# --- 6. Building the tree ---------------------------------------------------


@dataclass
class _Open:
    section: ParsedSection
    level: int
    description: list[str] = field(default_factory=list)
    in_krav: bool = False
    krav_style: str | None = None  # "bullet" or "plain", fixed by the first paragraph after the mark
    lead_in: str | None = None  # "Utföraren ska:" waiting for the list items it introduces
    lead_in_used: bool = False


def _requirement(text: str) -> ParsedRequirement:
    text = squash(text)
    return ParsedRequirement(text=text, strength=strength_of(text), references=find_references(text), binds=binds_of(text))


def _combine(lead_in: str, item: str) -> str:
    """ "Utföraren ska:" + "ha rutiner för X;" → "Utföraren ska ha rutiner för X."."""
    item = re.sub(r"(?:[;,]|\s(?:och|samt|eller))\s*$", "", item.strip())
    if item[:1].isupper() and item[1:2].islower():
        item = item[0].lower() + item[1:]
    if not ends_sentence(item):
        item += "."
    return f"{lead_in.rstrip(': ')} {item}"


class _Builder:
    def __init__(self, *, marked: bool, title: str):
        self.marked = marked
        self.title_key = _key(title)
        self.roots: list[ParsedSection] = []
        self.stack: list[_Open] = []
        self.preamble: list[str] = []
        self.meta: dict[str, str] = {}
        self.started = False

    @property
    def current(self) -> _Open | None:
        return self.stack[-1] if self.stack else None

    def heading(self, heading: Heading) -> None:
        if _key(heading.title) == self.title_key:
            return
        self._close_lead_in()
        while self.stack and self.stack[-1].level >= heading.level:
            self._finish(self.stack.pop())
        section = ParsedSection(title=heading.title.rstrip(". "), number=heading.number)
        (self.stack[-1].section.sections if self.stack else self.roots).append(section)
        self.stack.append(_Open(section, heading.level))
        self.started = True

    def marker(self) -> None:
        target = self._target()
        self._close_lead_in(target)
        target.in_krav, target.krav_style = True, None

    def paragraph(self, paragraph: Paragraph) -> None:
        if not self.started and not self.stack:
            meta = self._metadata(paragraph.text)
            if meta:
                return
        if not self.stack and (self.marked or not has_modal(paragraph.text)):
            self.preamble.append(paragraph.text)
            return
        target = self._target()
        if self.marked:
            self._marked(target, paragraph)
        else:
            self._prose(target, paragraph)

    def _target(self) -> _Open:
        if not self.stack:
            section = ParsedSection(title=IMPLICIT_SECTION)
            self.roots.append(section)
            self.stack.append(_Open(section, 0))
            self.started = True
        return self.stack[-1]

    def _metadata(self, text: str) -> bool:
        for name, pattern in _META:
            match = pattern.match(text.strip())
            if match and name not in self.meta:
                self.meta[name] = match.group(1).strip()
                return True
        return False

    def _marked(self, target: _Open, paragraph: Paragraph) -> None:
        if not target.in_krav:
            target.description.append(paragraph.text)
            return
        if target.lead_in is not None:
            if paragraph.bullet:
                target.section.requirements.append(_requirement(_combine(target.lead_in, paragraph.text)))
                target.krav_style, target.lead_in_used = "bullet", True
                return
            self._close_lead_in(target)
        if target.krav_style is None:
            if paragraph.text.endswith(":") and not paragraph.bullet:
                target.lead_in, target.lead_in_used = paragraph.text, False
                return
            target.krav_style = "bullet" if paragraph.bullet else "plain"
        if target.krav_style == "bullet" and not paragraph.bullet:
            target.in_krav = False
            target.description.append(paragraph.text)
            return
        target.section.requirements.append(_requirement(paragraph.text))

    def _prose(self, target: _Open, paragraph: Paragraph) -> None:
        if paragraph.bullet and target.lead_in is not None:
            target.section.requirements.append(_requirement(_combine(target.lead_in, paragraph.text)))
            target.lead_in_used = True
            return
        self._close_lead_in(target)
        if paragraph.bullet and has_modal(paragraph.text):
            target.section.requirements.append(_requirement(paragraph.text))
            return
        prose: list[str] = []
        sentences = split_sentences(paragraph.text)
        for position, sentence in enumerate(sentences):
            if not has_modal(sentence):
                prose.append(sentence)
            elif sentence.endswith(":") and position == len(sentences) - 1:
                target.lead_in, target.lead_in_used = sentence, False
            else:
                target.section.requirements.append(_requirement(sentence))
        if prose:
            target.description.append(" ".join(prose))

    def _close_lead_in(self, target: _Open | None = None) -> None:
        """A lead-in ends: if no list item took it up, it was a requirement of its own."""
        target = target or self.current
        if target is not None and target.lead_in is not None:
            if not target.lead_in_used:
                target.section.requirements.append(_requirement(target.lead_in))
            target.lead_in, target.lead_in_used = None, False

    def _finish(self, open_section: _Open) -> None:
        self._close_lead_in(open_section)
        open_section.section.description = "\n\n".join(open_section.description)

    def finish(self) -> list[ParsedSection]:
        while self.stack:
            self._finish(self.stack.pop())
        return self.roots


def _parse_date(value: str | None) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _issuer(value: str) -> str:
    value = value.strip().rstrip(".")
    return value[:1].upper() + value[1:]


def parse_lines(lines: list[Line], *, source: str = "", proportional: bool = False) -> ParsedCatalogue:
    lines = drop_page_furniture(lines)
    lines, toc = strip_toc(lines)
    lines = join_pages(lines)
    title_index = next((i for i, line in enumerate(lines) if not line.blank), None)
    if title_index is None:
        return ParsedCatalogue(title="", source=source)
    title = lines[title_index].text.strip()
    if len(title) > 200 or _MARKER.match(title):
        title = ""
    else:
        lines = lines[:title_index] + [Line("")] + lines[title_index + 1 :]
    marked = any(_MARKER.match(line.text.strip()) for line in lines)
    builder = _Builder(marked=marked, title=title)
    classifier = _Classifier(lines, toc, title, proportional=proportional)
    for event in classifier.events():
        if isinstance(event, Heading):
            builder.heading(event)
        elif isinstance(event, Marker):
            builder.marker()
        else:
            builder.paragraph(event)
    sections = builder.finish()
    meta = builder.meta
    return ParsedCatalogue(
        title=title,
        sections=sections,
        issuer=_issuer(meta.get("issuer", "")),
        version=meta.get("version", ""),
        issued_on=_parse_date(meta.get("date")),
        reference=meta.get("reference", ""),
        description="\n\n".join(builder.preamble),
        source=source,
    )
