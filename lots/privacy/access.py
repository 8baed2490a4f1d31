"""Who handles retention: those holding retention.configure on the municipality's top unit (lots.access.policy)."""

from django.http import Http404

from lots import access
from lots.organisation.models import Municipality, Unit


def configurable(user) -> list[Municipality]:
    tops = Unit.objects.filter(parent__isnull=True).select_related("municipality").order_by("municipality__name")
    return [u.municipality for u in tops if access.can(user, "retention.configure", u)]


def access_municipality(user, slug: str) -> Municipality:
    """The municipality whose retention the person handles; 404 alike for one that does not exist and one not theirs."""
    for municipality in configurable(user):
        if municipality.slug == slug:
            return municipality
    raise Http404
