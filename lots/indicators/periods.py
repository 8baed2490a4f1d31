"""The periods an indicator is measured over: months, tertials (four months) and years.

A period is named by its first day. Frequencies are the strings of ``Indicator.Frequency`` ("month", "tertial",
"year"), so this module needs no models and the computed sources can share it.
"""

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext as _

from lots.reports.periods import MONTH_ABBR, add_months

MONTH, TERTIAL, YEAR = "month", "tertial", "year"
FREQUENCIES = (MONTH, TERTIAL, YEAR)
LENGTH = {MONTH: 1, TERTIAL: 4, YEAR: 12}  # months


@dataclass(frozen=True, order=True)
class Period:
    start: datetime.date
    frequency: str

    @property
    def end(self) -> datetime.date:
        """The first day after the period."""
        return add_months(self.start, LENGTH[self.frequency])

    @property
    def last_day(self) -> datetime.date:
        return self.end - datetime.timedelta(days=1)

    @property
    def months(self) -> list[datetime.date]:
        return [add_months(self.start, i) for i in range(LENGTH[self.frequency])]

    @property
    def label(self) -> str:
        """Short and unambiguous: "jan 2026", "T1 2026", "2026"."""
        if self.frequency == MONTH:
            return f"{MONTH_ABBR[self.start.month - 1]} {self.start.year}"
        if self.frequency == TERTIAL:
            return _("T%(n)s %(year)s") % {"n": (self.start.month - 1) // 4 + 1, "year": self.start.year}
        return str(self.start.year)

    def has_begun(self, today: datetime.date) -> bool:
        return self.start <= today

    def is_over(self, today: datetime.date) -> bool:
        return self.end <= today


def is_period_start(day: datetime.date, frequency: str) -> bool:
    """Whether ``day`` is the first day of a period of ``frequency`` (1 Jan/May/Sep for tertials, 1 Jan for years)."""
    if frequency not in LENGTH or day.day != 1:
        return False
    return (day.month - 1) % LENGTH[frequency] == 0


def period_of(day: datetime.date, frequency: str) -> Period:
    """The period of ``frequency`` that ``day`` falls in."""
    month0 = (day.month - 1) // LENGTH[frequency] * LENGTH[frequency]
    return Period(datetime.date(day.year, month0 + 1, 1), frequency)


def periods_in_year(year: int, frequency: str) -> list[Period]:
    step = LENGTH[frequency]
    return [Period(datetime.date(year, month, 1), frequency) for month in range(1, 13, step)]


def periods_between(first: datetime.date, last: datetime.date, frequency: str) -> list[Period]:
    """Every period from the one holding ``first`` to the one holding ``last``, oldest first."""
    period, end = period_of(first, frequency), period_of(last, frequency)
    found = []
    while period <= end:
        found.append(period)
        period = Period(period.end, frequency)
    return found
