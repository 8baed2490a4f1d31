"""A long table prints as one paragraph per row in the PDF: every row and every non-empty cell is still there."""

import io

from django.template.loader import render_to_string
from pypdf import PdfReader

from lots.lib.pdf import render_pdf
from lots.reports import blocks
from lots.reports.templatetags.reports_tags import LONG_TABLE_ROWS, printed_records

HEADERS = ["Rutin", "Version", "Fastställd", "Rutinägare"]


def _table(rows: int) -> dict:
    return blocks.table(
        "routines",
        "Rutiner som gäller",
        HEADERS,
        [[f"Rutin nummer {i}", i % 3 + 1, "2026-03-01", "" if i % 2 else f"Ägare {i}"] for i in range(rows)],
        [False, True, False, False],
    )


def _context(block: dict) -> dict:
    section = {
        "key": "appendix_routines",
        "title": "Rutiner",
        "label": "Bilaga B",
        "appendix": True,
        "has_narrative": False,
        "blocks": [block],
        "charts": [],
    }
    data = {
        "unit": {"name": "Förvaltningen", "municipality": "Exempelkommun"},
        "year": 2026,
        "sections": [section],
        "missing": [],
    }
    return {
        "report": None,
        "data": data,
        "sections": [section],
        "title": "Kvalitetsberättelse 2026",
        "status": "Utkast",
        "chart_appendix": "Bilaga D. Diagrammens siffror",
    }


def test_a_short_table_stays_a_table():
    assert printed_records(_table(LONG_TABLE_ROWS)) is None
    html = render_to_string("reports/pdf/report.html", _context(_table(LONG_TABLE_ROWS)))
    assert "<table>" in html and 'class="record"' not in html


def test_a_long_table_keeps_every_row_and_leaves_out_only_empty_cells():
    block = _table(LONG_TABLE_ROWS + 1)
    records = printed_records(block)
    assert len(records) == LONG_TABLE_ROWS + 1
    assert records[0] == ("Rutin nummer 0", [("Version", "1"), ("Fastställd", "2026-03-01"), ("Rutinägare", "Ägare 0")])
    assert records[1] == ("Rutin nummer 1", [("Version", "2"), ("Fastställd", "2026-03-01")])


def test_the_pdf_of_a_long_table_has_every_row_and_the_row_count():
    rows = LONG_TABLE_ROWS + 25
    text = "\n".join(
        page.extract_text() for page in PdfReader(io.BytesIO(render_pdf("reports/pdf/report.html", _context(_table(rows))))).pages
    )
    assert f"Rutiner som gäller ({rows} rader)" in text
    compact = " ".join(text.split())
    for i in range(rows):
        assert f"Rutin nummer {i} · Version: {i % 3 + 1}" in compact, i
    assert "Rutinägare: Ägare 0 " in compact and "Rutinägare: Ägare 1 " not in compact
