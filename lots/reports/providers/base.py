"""What every section provider shares: the scope (a unit with everything below it, and a year) and the base class."""

import datetime
from dataclasses import dataclass, field
from functools import cached_property

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy

from lots.deviations.models import Deviation
from lots.lib.svgchart import _fmt as fmt_number
from lots.organisation.models import Unit
from lots.reports import trends
from lots.reports.periods import day_start, last_complete_month, months_ending, year_bounds

DEVIATIONS = trends.Measure("deviations", gettext_lazy("avvikelser"), "reported_at")
# Feedback charted without praise: a rise in praise is not a problem to act on.
FEEDBACK = trends.Measure("feedback", gettext_lazy("synpunkter och klagomål"), "received_at")


def feedback_cases():
    from lots.feedback.models import FeedbackCase

    return FeedbackCase.objects.exclude(kind=FeedbackCase.Kind.PRAISE)


@dataclass
class Scope:
    unit: Unit
    year: int
    today: datetime.date
    _once: dict = field(default_factory=dict, repr=False, compare=False)

    def once(self, key: str, compute):
        """``compute()`` the first time ``key`` is asked for in this scope: sections that share a list read it once."""
        if key not in self._once:
            self._once[key] = compute()
        return self._once[key]

    @property
    def start(self) -> datetime.date:
        return year_bounds(self.year, self.today)[0]

    @property
    def end(self) -> datetime.date:
        return year_bounds(self.year, self.today)[1]

    @property
    def is_complete_year(self) -> bool:
        return self.end == datetime.date(self.year, 12, 31)

    @cached_property
    def chart_months(self) -> list[datetime.date]:
        """Twenty-four months ending with the year's last complete month."""
        last = datetime.date(self.year, 12, 1) if self.is_complete_year else last_complete_month(self.today)
        return months_ending(last, trends.DEFAULT_MONTHS)

    def deviations(self):
        return Deviation.objects.filter(unit__path__startswith=self.unit.path)

    def reported_in_year(self):
        return self.deviations().reported_between(self.start, self.end)

    @cached_property
    def ancestor_ids(self) -> list[int]:
        return self.unit.ancestor_ids()

    def within(self, field: str = "unit") -> Q:
        """Records whose unit (at ``field``) is the scope's unit or below it."""
        return Q(**{f"{field}__path__startswith": self.unit.path})

    def applies(self, field: str = "units") -> Q:
        """Records decided on a unit inside the scope or above it (what is decided above applies below)."""
        return Q(**{f"{field}__path__startswith": self.unit.path}) | Q(**{f"{field}__pk__in": self.ancestor_ids})

    @cached_property
    def units_charted(self) -> list[Unit]:
        return trends.chart_units(self.unit)

    @cached_property
    def deviation_series(self) -> list[trends.Series]:
        return trends.series_for(Deviation.objects.all(), DEVIATIONS, self.units_charted, self.chart_months)

    @cached_property
    def feedback_series(self) -> list[trends.Series]:
        return trends.series_for(feedback_cases(), FEEDBACK, self.units_charted, self.chart_months)


class Section:
    key = ""
    title = gettext_lazy("")
    guidance = gettext_lazy("")  # what the narrative should say, shown to the writer
    narrative = True
    appendix = False

    def compute(self, scope: Scope) -> dict:
        raise NotImplementedError


def date_text(value) -> str:
    if isinstance(value, datetime.datetime):
        return timezone.localdate(value).isoformat()
    return value.isoformat() if value else ""


def days_text(value: float | None) -> str:
    return "–" if value is None else fmt_number(value)


def value_text(value) -> str:
    return "–" if value is None else fmt_number(round(value, 2))


def percent(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def closed_by_year_end(scope: Scope) -> Q:
    """An improvement action closed (evaluated and closed) before the scope's year ended. The one definition of a
    closed action in the report: the improvement section counts those closed during the year, the risk and
    self-inspection sections those of their actions closed by the year's end."""
    return Q(closed_at__lt=day_start(scope.end + datetime.timedelta(days=1)))
