"""Who handles retention: those holding retention.configure on the municipality's top unit (lots.access.policy)."""

from django.http import Http404

from lots import access
from lots.organisation.models import Municipality, Unit


def configurable(user, perm: str = "retention.configure") -> list[Municipality]:
    tops = Unit.objects.filter(parent__isnull=True).select_related("municipality").order_by("municipality__name")
    return [u.municipality for u in tops if access.can(user, perm, u)]


def access_municipality(user, slug: str, perm: str = "retention.configure") -> Municipality:
    """The municipality where the person holds ``perm`` on the top unit; 404 alike for one that does not exist and one
    not theirs."""
    for municipality in configurable(user, perm):
        if municipality.slug == slug:
            return municipality
    raise Http404
