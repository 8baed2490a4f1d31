"""PDF from a Django template with WeasyPrint. Static files (CSS, fonts, images) are read from disk, never fetched."""

import mimetypes

from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.template.loader import render_to_string
from weasyprint.urls import URLFetcher, URLFetcherResponse


class StaticOnlyFetcher(URLFetcher):
    """Serves ``/static/…`` from the staticfiles finders and ``data:`` URLs; refuses everything else (no network)."""

    def fetch(self, url, headers=None):
        if url.startswith("data:"):
            return super().fetch(url, headers)
        marker = "/static/"
        if marker in url:
            path = finders.find(url.split(marker, 1)[1].split("?", 1)[0])
            if path:
                with open(path, "rb") as handle:
                    body = handle.read()
                mime = mimetypes.guess_type(path)[0] or "application/octet-stream"
                return URLFetcherResponse(url, body=body, headers={"Content-Type": mime})
        raise ValueError(f"PDF rendering does not fetch remote resources: {url}")


def render_pdf(
    template_name: str, context: dict, *, base_url: str = "http://lots.invalid/", variant: str | None = None
) -> bytes:
    """Render ``template_name`` to PDF bytes. Templates may link their CSS with {% static %}. ``variant`` is
    WeasyPrint's PDF variant, e.g. ``"pdf/a-3b"`` for documents that are archived."""
    from weasyprint import HTML

    html = render_to_string(template_name, context)
    return HTML(string=html, base_url=base_url, url_fetcher=StaticOnlyFetcher()).write_pdf(pdf_variant=variant)


def text_outside_pages(html: str, *, base_url: str = "http://lots.invalid/") -> list[tuple[int, str]]:
    """(page number, text) of every piece of text laid out beyond its page's content box: a column run off the edge,
    a line past the bottom. The page's margin boxes (running header, page numbers) are meant to lie outside it."""
    from weasyprint import HTML
    from weasyprint.formatting_structure import boxes

    def descendants(box):
        yield box
        if not isinstance(box, boxes.MarginBox):
            for child in getattr(box, "children", None) or ():
                yield from descendants(child)

    outside = []
    document = HTML(string=html, base_url=base_url, url_fetcher=StaticOnlyFetcher()).render()
    for number, page in enumerate(document.pages, start=1):
        page_box = page._page_box
        left, top = page_box.content_box_x(), page_box.content_box_y()
        right, bottom = left + page_box.width, top + page_box.height
        tolerance = 0.5  # points: rounding in the layout
        for box in descendants(page_box):
            if not isinstance(box, boxes.TextBox) or not box.text.strip():
                continue
            if (
                box.position_x < left - tolerance
                or box.position_x + box.width > right + tolerance
                or box.position_y + box.height > bottom + tolerance
            ):
                outside.append((number, box.text))
    return outside


def pdf_response(pdf: bytes, filename: str, *, inline: bool = False) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response
