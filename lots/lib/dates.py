"""Calendar arithmetic that the standard library leaves out."""

import calendar
import datetime

from django.utils import timezone


def clamp_day(year: int, month: int, day: int) -> datetime.date:
    """The date, or the month's last day when ``day`` does not exist (31 April → 30 April)."""
    return datetime.date(year, month, min(day, calendar.monthrange(year, month)[1]))


def add_months(date: datetime.date, months: int) -> datetime.date:
    """``date`` moved by whole months; the day is clamped to the target month (31 Jan + 1 → 28/29 Feb)."""
    index = date.year * 12 + (date.month - 1) + months
    return clamp_day(index // 12, index % 12 + 1, date.day)


def add_years(date: datetime.date, years: int) -> datetime.date:
    return add_months(date, 12 * years)


def iso_week_key(date: datetime.date) -> str:
    """``2026-W48``: one key per ISO week, for reminders that repeat weekly at most."""
    year, week, _ = date.isocalendar()
    return f"{year}-W{week:02d}"


def day_start(day: datetime.date) -> datetime.datetime:
    """Midnight at the start of ``day`` in the current time zone: the lower bound of a range over local days."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
