"""Who reads the archive: the quality coordinator exports the archive package of the units in their scope."""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from lots import access
from lots.archive.models import ArchivedDocument


def exportable(user) -> QuerySet:
    """The archived documents the person may put in an archive package (archive.export on the document's unit)."""
    if not access.has_perm_anywhere(user, "archive.export"):
        raise PermissionDenied
    return ArchivedDocument.objects.filter(access.unit_q(user, "archive.export"))
