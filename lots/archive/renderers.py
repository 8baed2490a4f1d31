"""How each kind of archived document is rendered: a function from the established record to PDF/A bytes.

The archive imports the renderers lazily, by name, so the modules that establish documents need not know them."""

from django.utils.module_loading import import_string

from lots.archive.models import ArchivedDocument

PDF_VARIANT = "pdf/a-3b"

RENDERERS = {
    ArchivedDocument.Kind.ANNUAL_REPORT: "lots.reports.documents.archive_pdf",
    ArchivedDocument.Kind.IVO_NOTIFICATION: "lots.deviations.ivo.archive_pdf",
    ArchivedDocument.Kind.FOLLOW_UP_REPORT: "lots.requirements.report.archive_pdf",
}


def render(document: ArchivedDocument) -> bytes:
    return import_string(RENDERERS[document.kind])(document.record)
