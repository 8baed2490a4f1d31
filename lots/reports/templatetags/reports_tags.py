from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from lots.lib.svgchart import _fmt
from lots.reports import blocks
from lots.reports.services import paragraphs as split_paragraphs

register = template.Library()


@register.filter
def chart_svg(block: dict) -> str:
    """The chart's SVG; built from numbers and escaped text only, so it is safe to insert."""
    return mark_safe(blocks.svg(block))  # noqa: S308


@register.filter
def cell(value) -> str:
    """A table cell: numbers in Swedish style (decimal comma), None as a dash."""
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return _("Ja") if value else _("Nej")
    if isinstance(value, int | float):
        return _fmt(value)
    return str(value)


@register.filter
def paragraphs(text: str):
    """Plain text as escaped paragraphs; single line breaks are kept within a paragraph."""
    parts = split_paragraphs(text)
    return mark_safe("\n".join(f"<p>{escape(p).replace(chr(10), '<br>')}</p>" for p in parts))  # noqa: S308


@register.filter
def numeric_at(block: dict, index: int) -> bool:
    numeric = block.get("numeric") or []
    return index < len(numeric) and numeric[index]


# A printed table longer than this is set as one paragraph per row: the same content, a third of the pages' layout
# work (a long table's cells cost a PDF renderer far more than running text), and easier to scan on paper.
LONG_TABLE_ROWS = 40


@register.filter
def printed_records(block: dict) -> list[tuple[str, list[tuple[str, str]]]] | None:
    """For a long table: each row as (first cell, [(heading, value), …] for the other non-empty cells); None when
    the table is short enough to print as a table."""
    rows = block.get("rows") or []
    if len(rows) <= LONG_TABLE_ROWS:
        return None
    headers = block.get("headers") or []
    records = []
    for row in rows:
        rest = [(str(h), cell(v)) for h, v in zip(headers[1:], row[1:], strict=False) if v not in (None, "")]
        records.append((cell(row[0]), rest))
    return records
