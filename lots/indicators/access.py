"""Who may see, change and record indicators.

An indicator governs its unit and everything below it, like a plan: it is read "up and down" (on the units in the
person's scope for ``indicator.view`` and on every unit above them), so the board reads the förvaltning's figures
and staff read their unit's. Changing the indicator and its targets needs ``indicator.change`` on its unit, entering
a period's values ``indicator.record``. "Not there" and "not yours" both answer 404; seen but not changeable 403.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from lots import access
from lots.indicators.models import Indicator

VIEW = "indicator.view"
CHANGE = "indicator.change"
RECORD = "indicator.record"


def visible(user) -> QuerySet:
    return Indicator.objects.filter(access.governing_q(user, VIEW))


def get_indicator(user, pk, *, write: str | None = None) -> Indicator:
    """The indicator, or 404; with ``write`` (CHANGE or RECORD), 403 unless the person holds it on the unit."""
    queryset = visible(user).select_related("unit", "owner", "process", "process__owner", "municipality")
    try:
        indicator = queryset.get(pk=pk)
    except (Indicator.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if write is not None and not access.can(user, write, indicator.unit):
        raise PermissionDenied
    return indicator


def can_change(user, indicator: Indicator) -> bool:
    return access.can(user, CHANGE, indicator.unit)


def can_record(user, indicator: Indicator) -> bool:
    return access.can(user, RECORD, indicator.unit)


def changeable_units(user) -> QuerySet:
    """Open units where the person may create indicators, in tree order."""
    return access.visible_units(user, CHANGE).filter(closed_at__isnull=True).order_by("path")
