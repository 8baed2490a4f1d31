"""The quality report as PDF (WeasyPrint) and DOCX (python-docx), from the same data the page shows."""

import io

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from lots.lib.pdf import render_pdf
from lots.lib.svgchart import svg_to_png
from lots.reports import blocks
from lots.reports.services import paragraphs
from lots.reports.templatetags.reports_tags import cell


def title_of(data: dict) -> str:
    return _("Kvalitetsberättelse %(year)s") % {"year": data["year"]}


def numbered(data: dict) -> list[dict]:
    """The sections with their numbers (appendices get letters) and the charts with theirs, for both documents."""
    result = []
    number = letter = chart = 0
    for section in data["sections"]:
        if section.get("appendix"):
            letter += 1
            label = _("Bilaga %(letter)s") % {"letter": chr(64 + letter)}
        else:
            number += 1
            label = str(number)
        charts = []
        for block in section["blocks"]:
            if block["type"] == "chart":
                chart += 1
                charts.append({"number": chart, "block": block})
        result.append({**section, "label": label, "charts": charts})
    return result


def chart_appendix_label(sections: list[dict]) -> str:
    """The chart figures come last, as the next lettered appendix."""
    letters = sum(1 for s in sections if s.get("appendix"))
    return _("Bilaga %(letter)s. Diagrammens siffror") % {"letter": chr(65 + letters)}


def status_line(report, data: dict) -> str:
    if report.is_established:
        return _("Fastställd %(date)s av %(who)s") % {
            "date": timezone.localdate(report.established_at).isoformat(),
            "who": data.get("established_by") or str(report.established_by),
        }
    return _("Utkast, siffror beräknade %(date)s") % {"date": timezone.localdate().isoformat()}


PDF_TEMPLATE = "reports/pdf/report.html"


def pdf_context(report, data: dict) -> dict:
    sections = numbered(data)
    return {
        "report": report,
        "data": data,
        "sections": sections,
        "title": title_of(data),
        "status": status_line(report, data),
        "chart_appendix": chart_appendix_label(sections),
    }


def pdf_html(report, data: dict) -> str:
    """The HTML the PDF is laid out from (tests check its layout: lots.lib.pdf.text_outside_pages)."""
    return render_to_string(PDF_TEMPLATE, pdf_context(report, data))


def pdf_bytes(report, data: dict, *, variant: str | None = None) -> bytes:
    return render_pdf(PDF_TEMPLATE, pdf_context(report, data), variant=variant)


def archive_pdf(report) -> bytes:
    """The established report's archived copy (PDF/A), from its frozen snapshot (lots.archive): the record, in Swedish
    whoever established it."""
    from lots.archive.renderers import PDF_VARIANT

    with translation.override("sv"):
        return pdf_bytes(report, report.snapshot, variant=PDF_VARIANT)


# --- DOCX ----------------------------------------------------------------------------------------------


def _field(paragraph, instruction: str, placeholder: str = "") -> None:
    """A Word field (page number, table of contents) that Word fills in when the document is opened or printed."""
    run = paragraph.add_run()
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    begin.set(qn("w:dirty"), "true")
    run._r.append(begin)
    code = OxmlElement("w:instrText")
    code.set(qn("xml:space"), "preserve")
    code.text = instruction
    run._r.append(code)
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    run._r.append(separate)
    paragraph.add_run(placeholder)
    end_run = paragraph.add_run()
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    end_run._r.append(end)


def _table(document, headers: list[str], rows: list[list], numeric: list[bool] | None = None, caption: str = "") -> None:
    if caption:
        document.add_paragraph(caption, style="Caption")
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Light Grid Accent 1"
    for i, header in enumerate(headers):
        table.rows[0].cells[i].text = str(header)
    # Repeat the header row on every page.
    header_props = table.rows[0]._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    header_props.append(repeat)
    for row in rows:
        cells = table.add_row().cells
        for i, value in enumerate(row):
            cells[i].text = cell(value)
            if numeric and i < len(numeric) and numeric[i]:
                cells[i].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    document.add_paragraph()


def _picture(document, svg: str, alt: str) -> None:
    png = svg_to_png(svg, scale=2.0)
    document.add_picture(io.BytesIO(png), width=Cm(16))
    inline = document.paragraphs[-1].runs[-1]._r.xpath(".//wp:docPr")
    if inline:
        inline[0].set("descr", alt)
        inline[0].set("title", alt[:120])


def _block(document, block: dict, chart_numbers: dict) -> None:
    kind = block["type"]
    if kind == "facts":
        _table(document, [_("Uppgift"), _("Värde")], [[i["label"], i["value"]] for i in block["items"]], [False, True])
    elif kind == "table":
        _table(document, block["headers"], block["rows"], block.get("numeric"), caption=block.get("caption", ""))
    elif kind == "text":
        document.add_paragraph(block["text"])
    elif kind == "list":
        if block.get("heading"):
            document.add_paragraph(block["heading"], style="Heading 2")
        for item in block["items"]:
            document.add_paragraph(item, style="List Bullet")
    elif kind == "steps":
        document.add_paragraph(block["title"], style="Heading 2")
        if block.get("meta"):
            document.add_paragraph(block["meta"])
        for item in block["items"]:
            document.add_paragraph(item, style="List Number")
    elif kind == "chart":
        number = chart_numbers[id(block)]
        document.add_paragraph(_("Diagram %(n)s. %(title)s") % {"n": number, "title": block["title"]}, style="Caption")
        _picture(document, blocks.svg(block), f"{block['title']}. {block['description']}")
        document.add_paragraph(block["description"])
        document.add_paragraph(_("Siffrorna bakom diagrammet finns i tabell %(n)s i sista bilagan.") % {"n": number})


def docx_bytes(report, data: dict) -> bytes:
    document = Document()
    styles = document.styles
    styles["Normal"].font.name = "Calibri"
    styles["Normal"].font.size = Pt(11)
    title = title_of(data)
    document.core_properties.title = f"{title} – {data['unit']['name']}"
    document.core_properties.language = "sv-SE"
    section = document.sections[0]
    # A4 with the margins of the printed report (python-docx's default template is US Letter).
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(2.0), Cm(2.2)
    section.left_margin = section.right_margin = Cm(2.0)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run(f"{title} – {data['unit']['name']} · " + _("Sida") + " ")
    _field(footer, "PAGE", "1")

    document.add_heading(title, level=0)
    document.add_paragraph(f"{data['unit']['name']} ({data['unit']['kind'].lower()}), {data['unit']['municipality']}")
    document.add_paragraph(status_line(report, data))

    document.add_heading(_("Innehåll"), level=1)
    toc = document.add_paragraph()
    sections = numbered(data)
    _field(toc, 'TOC \\o "1-1" \\h \\z \\u', "\n".join(f"{s['label']}. {s['title']}" for s in sections))
    document.add_paragraph(_("Sidnumren i innehållsförteckningen fylls i när dokumentet öppnas i Word (uppdatera fält)."))

    if data.get("missing"):
        document.add_heading(_("Avsnitt som saknas"), level=2)
        for missing in data["missing"]:
            document.add_paragraph(f"{missing['title']}: {missing['reason']}", style="List Bullet")

    chart_numbers = {}
    for s in sections:
        for c in s["charts"]:
            chart_numbers[id(c["block"])] = c["number"]
    for s in sections:
        if s.get("appendix"):
            document.add_page_break()
        document.add_heading(f"{s['label']}. {s['title']}", level=1)
        if s.get("has_narrative"):
            texts = paragraphs(s.get("narrative", ""))
            if texts:
                for text in texts:
                    document.add_paragraph(text)
            else:
                document.add_paragraph(_("Ingen text skriven."))
        for block in s["blocks"]:
            _block(document, block, chart_numbers)

    charts = [c for s in sections for c in s["charts"]]
    if charts:
        document.add_page_break()
        document.add_heading(chart_appendix_label(sections), level=1)
        for c in charts:
            table = c["block"]["table"]
            _table(
                document,
                table["headers"],
                table["rows"],
                table.get("numeric"),
                caption=_("Tabell %(n)s. %(title)s") % {"n": c["number"], "title": c["block"]["title"]},
            )
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
