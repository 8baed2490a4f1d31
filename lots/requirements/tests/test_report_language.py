"""The follow-up report is written in the reader's language; the archived report is the Swedish record."""

import io

from django.utils import translation

from lots.requirements import report


def _docx_text(data: bytes) -> str:
    from docx import Document

    document = Document(io.BytesIO(data))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def test_the_word_report_is_in_english_when_english_is_active_and_in_swedish_otherwise(completed_follow_up):
    swedish = _docx_text(report.render_report_docx(completed_follow_up))
    with translation.override("en"):
        english = _docx_text(report.render_report_docx(completed_follow_up))
    assert "Sammanfattande bedömning" in swedish and "Krav på åtgärder" in swedish
    assert "Overall assessment" in english and "Required actions" in english
    assert "Sammanfattande bedömning" not in english


def test_the_archived_report_is_rendered_in_swedish_whoever_asks(completed_follow_up, monkeypatch):
    languages = []
    monkeypatch.setattr(report, "render_pdf", lambda *args, **kwargs: languages.append(translation.get_language()) or b"")
    with translation.override("en"):
        report.archive_pdf(completed_follow_up)
        report.render_report_pdf(completed_follow_up)
    assert languages == ["sv", "en"]
