"""PDF from a Django template with WeasyPrint. Static files (CSS, fonts) are read from disk, never fetched."""

from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.template.loader import render_to_string


def _fetch_static(url: str, *args, **kwargs):
    """WeasyPrint URL fetcher that serves /static/ from the finders and refuses any network access."""
    from weasyprint.urls import default_url_fetcher

    if url.startswith("file://") or url.startswith("data:"):
        return default_url_fetcher(url, *args, **kwargs)
    marker = "/static/"
    if marker in url:
        path = finders.find(url.split(marker, 1)[1])
        if path:
            return {"file_obj": open(path, "rb"), "mime_type": None, "filename": path}
    raise ValueError(f"PDF rendering does not fetch remote resources: {url}")


def render_pdf(template_name: str, context: dict, *, base_url: str = "http://lots.invalid/") -> bytes:
    """Render ``template_name`` to PDF bytes. Templates may use {% static %} for their CSS."""
    from weasyprint import HTML

    html = render_to_string(template_name, context)
    return HTML(string=html, base_url=base_url, url_fetcher=_fetch_static).write_pdf()


def pdf_response(pdf: bytes, filename: str, *, inline: bool = False) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response
