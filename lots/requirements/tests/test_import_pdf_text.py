"""Text as pdftotext extracts it from a printed requirement document, and the same document in Word.

The fixture ``gotland-pdftotext.txt`` is the Gotland seed written out the way pdftotext
gives a printed copy: hard-wrapped at 80 columns, the items under "Krav" without bullets
or blank lines between them, a dotted table of contents, a page number and a running
header on every page, and "för-" … "bättringsarbetet" split across a page break.
"""

import re

import pytest

from lots.requirements.importer import parse_document, parse_path
from lots.requirements.tests.conftest import GOTLAND_SEED
from lots.requirements.tests.test_import_gotland import EXPECTED, sections_of

FIXTURE = GOTLAND_SEED.parent.parent / "fixtures" / "gotland-pdftotext.txt"


@pytest.fixture(scope="module")
def gotland():
    return parse_path(GOTLAND_SEED)


@pytest.fixture(scope="module")
def extracted_text() -> str:
    return FIXTURE.read_text(encoding="utf-8")


def test_the_fixture_really_is_extracted_text(extracted_text):
    lines = extracted_text.split("\n")
    assert max(len(line) for line in lines) <= 80
    assert extracted_text.count("\f") >= 6
    assert extracted_text.count("Region Gotland – Socialförvaltningen") == extracted_text.count("\f")
    assert re.search(r"^    Ledningssystem \.{20,} \d$", extracted_text, re.MULTILINE)
    assert "systematiska för-\n\n\n4\n\fRegion Gotland – Socialförvaltningen\n\nbättringsarbetet" in extracted_text
    assert not re.search(r"^[-•*] ", extracted_text, re.MULTILINE)
    # A full line ending at a full stop, followed by the next requirement on the next line.
    assert "rapportera avvikelser.\nAvvikelsesystem Flexite" in extracted_text
    assert len("Utförare ska ha kännedom om skyldigheten att rapportera avvikelser. Avvikelsesystem") > 80


def test_extracted_text_gives_exactly_the_requirements_of_the_markdown(extracted_text, gotland):
    parsed = parse_document(extracted_text.encode("utf-8"), "gotland.txt")
    assert [r.text for r in parsed.requirements()] == [r.text for r in gotland.requirements()]
    assert sections_of(parsed) == EXPECTED
    assert parsed.title == gotland.title
    assert [s.description for s, _d in parsed.walk()] == [s.description for s, _d in gotland.walk()]


def test_a_word_hyphenated_across_a_page_break_is_joined(extracted_text):
    parsed = parse_document(extracted_text.encode("utf-8"), "gotland.txt")
    texts = [r.text for r in parsed.requirements()]
    assert any("det systematiska förbättringsarbetet lämna statistik" in t for t in texts)
    assert any("rutiner för uppföljning av insatser" in t for t in texts)
    assert not any("Region Gotland" in t or "för-" in t for t in texts)


def test_dotted_contents_lines_are_neither_sections_nor_requirements(extracted_text):
    parsed = parse_document(extracted_text.encode("utf-8"), "gotland.txt")
    titles = [s.title for s, _d in parsed.walk()]
    assert not any("..." in t or t == "Innehållsförteckning" for t in titles)
    assert not any("..." in r.text for r in parsed.requirements())
    assert "..." not in parsed.description


PAGE_BREAK_TEXT = """Kvalitetskrav för hemtjänst

Innehållsförteckning

Bemötande ........................................................ 1
Dokumentation .................................................... 2

Bemötande

Den enskilde ska mötas med respekt. Detta avsnitt beskriver vad kommunen kräver
av utföraren i mötet med den enskilde och dennes närstående.

Krav
Utföraren ska ge den enskilde det stöd som beslutet anger och på det sätt som
den enskilde har för-


1
\fKommunen – Kvalitetskrav för hemtjänst


väntat sig enligt genomförandeplanen.
Personalen ska presentera sig vid varje besök och bära synlig legitimation.
Utföraren ska informera den enskilde om ändrade besökstider samma dag.

Dokumentation

Krav
Utföraren ska dokumentera insatsen i den enskildes akt utan dröjsmål.


2
\fKommunen – Kvalitetskrav för hemtjänst
"""


def test_a_hyphenated_word_across_a_page_number_a_running_header_and_blank_lines_is_joined():
    parsed = parse_document(PAGE_BREAK_TEXT.encode("utf-8"), "hemtjanst.txt")
    assert [(s.title, [r.text for r in s.requirements]) for s, _d in parsed.walk()] == [
        (
            "Bemötande",
            [
                "Utföraren ska ge den enskilde det stöd som beslutet anger och på det sätt som den enskilde har "
                "förväntat sig enligt genomförandeplanen.",
                "Personalen ska presentera sig vid varje besök och bära synlig legitimation.",
                "Utföraren ska informera den enskilde om ändrade besökstider samma dag.",
            ],
        ),
        ("Dokumentation", ["Utföraren ska dokumentera insatsen i den enskildes akt utan dröjsmål."]),
    ]
    assert parsed.sections[0].description.startswith("Den enskilde ska mötas med respekt. Detta avsnitt")


def _gotland_docx() -> bytes:
    """The seed as a Word document: its Markdown headings as heading styles, each other line a paragraph."""
    import io

    from docx import Document

    document = Document()
    for raw in GOTLAND_SEED.read_text(encoding="utf-8").splitlines():
        line = re.sub(r"<[^>]+>|\*\*", "", raw).strip()
        if not line or set(line) == {"-"}:
            continue
        heading = re.match(r"(#+)\s+(.*)", line)
        if heading:
            document.add_heading(heading.group(2).strip(), level=len(heading.group(1)))
        else:
            document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_the_same_document_in_word_gives_the_same_requirements(gotland):
    parsed = parse_document(_gotland_docx(), "gotland.docx")
    assert [r.text for r in parsed.requirements()] == [r.text for r in gotland.requirements()]
    assert sections_of(parsed) == EXPECTED


def test_dotted_contents_lines_without_a_contents_heading_are_dropped():
    text = (
        "Kvalitetskrav för hemtjänst\n\n"
        "Bemötande ...................................... 2\n"
        "Dokumentation .................................. 3\n\n"
        "Bemötande\n\nKrav\nUtföraren ska bemöta den enskilde med respekt.\n\n"
        "Dokumentation\n\nKrav\nUtföraren ska dokumentera utan dröjsmål.\n"
    )
    parsed = parse_document(text.encode("utf-8"), "hemtjanst.txt")
    assert [(s.title, [r.text for r in s.requirements]) for s, _d in parsed.walk()] == [
        ("Bemötande", ["Utföraren ska bemöta den enskilde med respekt."]),
        ("Dokumentation", ["Utföraren ska dokumentera utan dröjsmål."]),
    ]
    assert parsed.description == ""
