"""Who sees which report: managers up the line, kvalitetssamordnare and granskare by unit, and the reporter their own."""

from django.db.models import Q, QuerySet

from lots import access
from lots.access import reads
from lots.deviations.models import Deviation


def reporter_q(user) -> Q:
    return Q(reported_by=user) if getattr(user, "is_authenticated", False) else Q(pk__in=[])


def visible(user) -> QuerySet:
    """Every report the person may open: those in their units' scope and their own. Reading them is logged.

    A manager's own reports are nearly always inside their units; then the scope alone selects the same rows, and
    without the OR the database reads a list from the unit index instead of scanning every report (at scale L
    0.7 s to count a förvaltning's). Finding out costs one short query on the reporter index.
    """
    in_scope = access.unit_q(user, "deviation.view")
    own = reporter_q(user)
    if Deviation.objects.filter(own).exclude(in_scope).exists():
        in_scope |= own
    return reads.mark(Deviation.objects.filter(in_scope), user)


def reported_by(user) -> QuerySet:
    """The person's own reports ("Mina rapporter"). Reading them is logged."""
    return reads.mark(Deviation.objects.filter(reporter_q(user)), user)


def get_deviation(
    user, pk, *, write: bool = False, change: str = "deviation.handle", queryset: QuerySet | None = None
) -> Deviation:
    """404 for a report the person may not see; with ``write``, 403 unless they hold ``change`` on its unit."""
    qs = (
        queryset
        if queryset is not None
        else Deviation.objects.select_related("unit", "municipality", "category", "reported_by", "responsible")
    )
    return access.get_object(qs, user, pk, view="deviation.view", change=change, write=write, extra_visible=reporter_q(user))


def sees_case(user, deviation: Deviation) -> bool:
    """The whole case (handling, investigation, IVO), not only the reporter's view of their own report."""
    return access.can(user, "deviation.view", deviation.unit)


def can_handle(user, deviation: Deviation) -> bool:
    return access.can(user, "deviation.handle", deviation.unit)


def can_notify_ivo(user, deviation: Deviation) -> bool:
    return access.can(user, "deviation.notify_ivo", deviation.unit)


def can_decide_ivo(user, deviation: Deviation) -> bool:
    return access.can(user, "deviation.decide_ivo", deviation.unit)
