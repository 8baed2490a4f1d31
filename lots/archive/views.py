"""The archive page and its package download, and serving an archived document's stored file."""

from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import FileResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lots.archive import access
from lots.archive.models import ArchivedDocument
from lots.archive.package import PackageIntegrityError, build_package
from lots.archive.services import stored_copy as archived_copy
from lots.audit import services as audit

__all__ = ["archived_copy", "stored_response", "index", "package"]


def stored_response(document: ArchivedDocument, filename: str) -> FileResponse:
    """The stored file as a download. The caller has already decided that the person may read the record."""
    response = FileResponse(document.file.open("rb"), content_type="application/pdf", as_attachment=True, filename=filename)
    response["Content-Length"] = str(document.size)
    return response


@login_required
def index(request):
    documents = access.exportable(request.user)
    years = documents.filter(stored_at__isnull=False).values("year").annotate(count=Count("pk")).order_by("-year")
    pending = documents.filter(stored_at__isnull=True).count()
    return render(request, "archive/index.html", {"years": years, "pending": pending})


@login_required
def package(request, year: int):
    documents = access.exportable(request.user)
    try:
        output, count = build_package(documents, year=year, creator=str(request.user))
    except PackageIntegrityError as error:
        message = _("Arkivexemplaret %(name)s stämmer inte med sin kontrollsumma. Paketet skapades inte.") % {
            "name": error.document.title
        }
        return render(request, "archive/index.html", {"years": [], "pending": 0, "error": message}, status=409)
    audit.record_export(
        actor=request.user, what=gettext_lazy("arkiverade dokument i ett arkivpaket"), count=count, query=f"year={year}"
    )
    stamp = timezone.localdate().isoformat()
    return FileResponse(
        output, as_attachment=True, filename=f"lots-arkivpaket-{year}-{stamp}.zip", content_type="application/zip"
    )
