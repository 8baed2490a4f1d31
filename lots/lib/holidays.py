"""Swedish public holidays (lag 1989:253 om allmänna helgdagar), and the eves that are days off in practice.

Midsummer Eve, Christmas Eve and New Year's Eve are not public holidays in law, but offices are closed on them;
``days_off`` counts them, ``public_holidays`` does not.
"""

import datetime
from functools import cache


def easter_sunday(year: int) -> datetime.date:
    """Easter Sunday in the Gregorian calendar (the anonymous Gregorian algorithm)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    m = (32 + 2 * e + 2 * i - h - k) % 7
    n = (a + 11 * h + 22 * m) // 451
    month, day = divmod(h + m - 7 * n + 114, 31)
    return datetime.date(year, month, day + 1)


def _saturday_between(year: int, month: int, first: int) -> datetime.date:
    """The Saturday in the seven days from ``first`` of ``month``."""
    start = datetime.date(year, month, first)
    return start + datetime.timedelta(days=(5 - start.weekday()) % 7)


@cache
def public_holidays(year: int) -> frozenset[datetime.date]:
    easter = easter_sunday(year)
    day = datetime.timedelta(days=1)
    return frozenset(
        {
            datetime.date(year, 1, 1),  # nyårsdagen
            datetime.date(year, 1, 6),  # trettondedag jul
            easter - 2 * day,  # långfredagen
            easter,  # påskdagen
            easter + day,  # annandag påsk
            datetime.date(year, 5, 1),  # första maj
            easter + 39 * day,  # Kristi himmelsfärdsdag
            easter + 49 * day,  # pingstdagen
            datetime.date(year, 6, 6),  # nationaldagen
            _saturday_between(year, 6, 20),  # midsommardagen
            _saturday_between(year, 10, 31),  # alla helgons dag
            datetime.date(year, 12, 25),  # juldagen
            datetime.date(year, 12, 26),  # annandag jul
        }
    )


@cache
def days_off(year: int) -> frozenset[datetime.date]:
    """The public holidays with Midsummer Eve, Christmas Eve and New Year's Eve."""
    midsummer_eve = _saturday_between(year, 6, 20) - datetime.timedelta(days=1)
    return public_holidays(year) | {midsummer_eve, datetime.date(year, 12, 24), datetime.date(year, 12, 31)}


def days_off_between(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    """The days off from ``first`` to ``last`` (both included), in order."""
    return sorted(d for year in range(first.year, last.year + 1) for d in days_off(year) if first <= d <= last)
