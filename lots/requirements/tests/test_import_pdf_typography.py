"""A PDF's headings come from its typography, and its paragraphs from spacing and line width.

The Gotland seed is rendered the way a Markdown document is printed: Markdown to HTML
(markdown-it, line breaks kept as the seed's lines are the original's paragraphs), then
WeasyPrint. Its requirements must be exactly those of the Markdown itself.
"""

import html

import pytest

from lots.requirements.importer import parse_document, parse_path
from lots.requirements.importer.extract import extract_lines
from lots.requirements.tests.conftest import GOTLAND_SEED
from lots.requirements.tests.test_import_gotland import EXPECTED, sections_of

_STYLE = """
@page { size: A4; margin: 2cm 2.2cm;
  @top-right { content: "Region Gotland"; font-size: 8pt }
  @bottom-center { content: counter(page); font-size: 8pt } }
body { font-family: "DejaVu Sans", sans-serif; font-size: 10.5pt; line-height: 1.35 }
h2 { font-size: 20pt } h3 { font-size: 14pt } h4 { font-size: 12pt }
"""
_PLAIN = """
@page { size: A4; margin: 2cm }
body { font-family: "DejaVu Sans", sans-serif; font-size: 10.5pt; line-height: 1.35 }
h1 { font-size: 22pt } h2 { font-size: 16pt } h3 { font-size: 13pt }
"""


def render_pdf(body: str, style: str = _STYLE) -> bytes:
    from weasyprint import HTML

    page = f"<html lang='sv'><head><meta charset='utf-8'><style>{style}</style></head><body>{body}</body></html>"
    return HTML(string=page).write_pdf()


def markdown_to_pdf(text: str) -> bytes:
    from markdown_it import MarkdownIt

    return render_pdf(MarkdownIt("commonmark", {"html": True, "breaks": True}).render(text))


@pytest.fixture(scope="module")
def gotland():
    return parse_path(GOTLAND_SEED)


@pytest.fixture(scope="module")
def gotland_pdf() -> bytes:
    return markdown_to_pdf(GOTLAND_SEED.read_text(encoding="utf-8"))


def test_the_printed_markdown_gives_exactly_the_requirements_of_the_markdown(gotland_pdf, gotland):
    parsed = parse_document(gotland_pdf, "gotland.pdf")
    assert [r.text for r in parsed.requirements()] == [r.text for r in gotland.requirements()]
    assert len(parsed.requirements()) == 56
    assert sections_of(parsed) == EXPECTED
    assert parsed.title == gotland.title
    assert [s.description for s, _d in parsed.walk()] == [s.description for s, _d in gotland.walk()]


def test_the_printed_markdown_really_wraps_headings_and_items(gotland_pdf):
    from io import BytesIO

    from pypdf import PdfReader

    text = "\n".join(page.extract_text() for page in PdfReader(BytesIO(gotland_pdf)).pages)
    assert "Organisatorisk samverkan och\növerenskommelser" in text  # a heading over two lines
    assert "anmälan/\nansökan" in text  # a line broken after the slash


def test_headings_come_from_type_size_and_weight_and_keep_their_hierarchy(gotland_pdf):
    lines, _fmt = extract_lines(gotland_pdf, "gotland.pdf")
    headings = {line.text: line.heading for line in lines if line.heading is not None}
    assert headings["Organisatoriska krav"] == 1
    assert headings["Ledningssystem"] == 2
    assert headings["Organisatorisk samverkan och överenskommelser"] == 1  # one heading, not two
    assert "överenskommelser" not in headings


def test_a_heading_wrapped_over_two_lines_is_one_section():
    body = (
        "<h1>Kvalitetskrav</h1>"
        "<h2>Samverkan med hälso- och sjukvården, skolan och andra myndigheter kring barn och unga</h2>"
        "<p>Samverkan behövs för att insatserna ska hänga ihop för den enskilde.</p>"
        "<p><b>Krav</b></p><p>Utföraren ska samverka med hälso- och sjukvården.</p>"
        "<h2>Dokumentation</h2><p><b>Krav</b></p><p>Utföraren ska dokumentera insatsen.</p>"
    )
    parsed = parse_document(render_pdf(body, _PLAIN), "krav.pdf")
    assert [s.title for s, _d in parsed.walk()] == [
        "Samverkan med hälso- och sjukvården, skolan och andra myndigheter kring barn och unga",
        "Dokumentation",
    ]
    first = parsed.sections[0]
    assert first.description == "Samverkan behövs för att insatserna ska hänga ihop för den enskilde."
    assert [r.text for r in first.requirements] == ["Utföraren ska samverka med hälso- och sjukvården."]


def test_bold_lines_in_body_size_are_headings_below_the_larger_ones():
    body = (
        "<h1>Kvalitetskrav</h1><h2>Personal</h2><p><b>Bemanning</b></p>"
        "<p>Bemanningen beskrivs i avtalet.</p><p><b>Krav</b></p><p>Utföraren ska ha tillräcklig bemanning.</p>"
    )
    parsed = parse_document(render_pdf(body, _PLAIN), "krav.pdf")
    assert [(s.title, d) for s, d in parsed.walk()] == [("Personal", 0), ("Bemanning", 1)]
    assert parsed.sections[0].sections[0].description == "Bemanningen beskrivs i avtalet."


def test_requirements_one_a_line_never_merge_even_when_a_full_line_ends_at_a_full_stop():
    # The first item fills its last line exactly up to its full stop, so the next item could be its next sentence.
    items = [
        "Utföraren ska ha rutiner för hur synpunkter och klagomål tas emot, utreds och återkopplas till den enskilde.",
        "Ledningen ska årligen sammanställa klagomålen.",
        "Utföraren ska rapportera missförhållanden utan dröjsmål.",
    ]
    body = "<h1>Kvalitetskrav</h1><h2>Klagomål</h2><p>Krav<br>" + "<br>".join(html.escape(i) for i in items) + "</p>"
    for width in range(12, 19):  # page widths around the one where the first item ends at the margin
        parsed = parse_document(render_pdf(body, _PLAIN + f"@page {{ size: {width}cm 29.7cm }}"), "krav.pdf")
        assert [r.text for r in parsed.requirements()] == items, width


def test_spaced_paragraphs_under_krav_keep_their_second_sentence():
    item = (
        "De arbetssätt och metoder som används ska baseras på evidensbaserad praktik. Det innebär att valet av "
        "arbetssätt och metod ska utgå från den enskildes önskemål och erfarenheter."
    )
    body = f"<h1>Kvalitetskrav</h1><h2>Metoder</h2><h3>Krav</h3><p>{item}</p><p>Utföraren ska följa riktlinjerna.</p>"
    for width in range(12, 19):
        parsed = parse_document(render_pdf(body, _PLAIN + f"@page {{ size: {width}cm 29.7cm }}"), "krav.pdf")
        assert [r.text for r in parsed.requirements()] == [item, "Utföraren ska följa riktlinjerna."], width
