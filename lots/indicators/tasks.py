"""'Mina uppgifter' from the indicators: the owner's values that are due, and the process owner's indicators whose
latest value misses the target (Katrineholm §5.1: the process owner analyses and acts, and tells the manager)."""

import datetime

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lots.home.my_tasks import Task
from lots.indicators import selectors
from lots.indicators.models import Indicator
from lots.indicators.periods import period_of

MODULE = gettext_lazy("Nyckeltal")
# A period's value is due this many days after the period ends.
DUE_DAYS = 10


def last_ended(indicator: Indicator, today: datetime.date):
    """The newest period of the indicator's frequency that has ended by ``today``."""
    current = period_of(today, indicator.frequency)
    return period_of(current.start - datetime.timedelta(days=1), indicator.frequency)


def due_values(indicators, today: datetime.date) -> list[tuple[Indicator, object]]:
    """(indicator, period) for each entered indicator whose last ended period has no value."""
    found = []
    by_year: dict[int, list[Indicator]] = {}
    for indicator in indicators:
        by_year.setdefault(last_ended(indicator, today).start.year, []).append(indicator)
    for year, group in by_year.items():
        for data in selectors.years_of(group, year, today=today):
            period = last_ended(data.indicator, today)
            value = data.value_for(period.start)
            if value is None or value.total is None:
                found.append((data.indicator, period))
    return found


def off_target(indicators, today: datetime.date) -> list[tuple[object, object]]:
    """(year data, period value) for each indicator whose last ended period's value misses the year's target."""
    from lots.indicators.services import meets

    found = []
    by_year: dict[int, list[Indicator]] = {}
    for indicator in indicators:
        by_year.setdefault(last_ended(indicator, today).start.year, []).append(indicator)
    for year, group in by_year.items():
        for data in selectors.years_of(group, year, today=today):
            value = data.value_for(last_ended(data.indicator, today).start)
            if value is not None and meets(value.total, data.target, data.indicator.direction) is False:
                found.append((data, value))
    return found


def tasks_for(user, today: datetime.date) -> list[Task]:
    if not getattr(user, "is_authenticated", False):
        return []
    tasks = []
    entered = Indicator.objects.filter(owner=user, active=True).filter(Q(source=Indicator.Source.MANUAL)).select_related("unit")
    for indicator, period in due_values(entered, today):
        tasks.append(
            Task(
                _("Mata in värdet för %(name)s (%(period)s)") % {"name": indicator.name, "period": period.label},
                period.end + datetime.timedelta(days=DUE_DAYS - 1),
                reverse("indicators:record", args=[indicator.pk]) + "?period=" + period.start.isoformat(),
                str(MODULE),
                indicator.unit.name,
            )
        )
    owned = Indicator.objects.filter(process__owner=user, active=True).select_related("unit", "process", "municipality")
    for data, value in off_target(owned, today):
        indicator = data.indicator
        tasks.append(
            Task(
                _("Nyckeltal under målvärdet: %(name)s (%(period)s). Analysera orsaken, åtgärda och informera närmaste chef.")
                % {"name": indicator.name, "period": value.period.label},
                value.period.end,
                indicator.get_absolute_url() + f"?ar={value.period.start.year}",
                str(MODULE),
                indicator.unit.name,
            )
        )
    return tasks
