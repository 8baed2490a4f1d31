import io

import pytest
from django.template import engines
from pypdf import PdfReader

from lots.lib.pdf import StaticOnlyFetcher, pdf_response


def _render(html: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=html, base_url="http://lots.invalid/", url_fetcher=StaticOnlyFetcher()).write_pdf()


def test_a_stylesheet_from_static_is_applied_and_text_is_extractable():
    html = (
        engines["django"]
        .from_string(
            '{% load static %}<html><head><link rel="stylesheet" href="{% static \'lots/lots.css\' %}"></head>'
            "<body><h1>Sammanställning</h1><p>Åtta avvikelser</p></body></html>"
        )
        .render({})
    )
    pdf = _render(html)
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert "Sammanställning" in text and "Åtta avvikelser" in text


def test_remote_resources_are_never_fetched():
    fetcher = StaticOnlyFetcher()
    with pytest.raises(ValueError, match="does not fetch"):
        fetcher.fetch("https://example.com/tracker.png")
    with pytest.raises(ValueError):
        fetcher.fetch("file:///etc/passwd")


def test_the_response_is_a_named_attachment():
    response = pdf_response(b"%PDF-1.7", "rapport.pdf")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="rapport.pdf"'
