"""Months and years: the calendar arithmetic the report and the charts share."""

import datetime

from django.utils import timezone

from lots.lib.dates import day_start  # noqa: F401 (the report modules import it from here)

MONTH_NAMES = [
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
]
MONTH_ABBR = ["jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec"]


def month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The first of the month ``months`` after (or before) ``day``'s month."""
    index = day.year * 12 + day.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


def months_ending(last: datetime.date, count: int) -> list[datetime.date]:
    """``count`` months (their first days) ending with ``last``'s month, oldest first."""
    end = month_start(last)
    return [add_months(end, offset) for offset in range(-count + 1, 1)]


def last_complete_month(today: datetime.date) -> datetime.date:
    return add_months(month_start(today), -1)


def month_label(month: datetime.date) -> str:
    return f"{MONTH_ABBR[month.month - 1]} {month.year}"


def month_name(month: datetime.date) -> str:
    return f"{MONTH_NAMES[month.month - 1]} {month.year}"


def as_local_date(value) -> datetime.date:
    """A truncated database value (aware datetime on PostgreSQL and SQLite alike, or a date) as a local date."""
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


def year_bounds(year: int, today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The first and last day of ``year`` that have happened (a report for the current year runs until today)."""
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    return start, min(end, today)
