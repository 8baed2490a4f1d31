"""Months, tertials and years: each named by its first day."""

import datetime

import pytest

from lots.indicators.periods import (
    MONTH,
    TERTIAL,
    YEAR,
    Period,
    is_period_start,
    period_of,
    periods_between,
    periods_in_year,
)

D = datetime.date


def test_a_tertial_is_four_months_from_january_may_or_september():
    assert [p.start for p in periods_in_year(2026, TERTIAL)] == [D(2026, 1, 1), D(2026, 5, 1), D(2026, 9, 1)]
    assert Period(D(2026, 9, 1), TERTIAL).end == D(2027, 1, 1)
    assert Period(D(2026, 5, 1), TERTIAL).last_day == D(2026, 8, 31)


@pytest.mark.parametrize(
    ("day", "frequency", "expected"),
    [
        (D(2026, 1, 1), MONTH, True),
        (D(2026, 2, 1), MONTH, True),
        (D(2026, 2, 2), MONTH, False),
        (D(2026, 5, 1), TERTIAL, True),
        (D(2026, 6, 1), TERTIAL, False),
        (D(2026, 1, 1), YEAR, True),
        (D(2026, 9, 1), YEAR, False),
        (D(2026, 1, 1), "week", False),
    ],
)
def test_only_a_periods_first_day_names_it(day, frequency, expected):
    assert is_period_start(day, frequency) is expected


def test_a_day_falls_in_one_period_of_each_frequency():
    day = D(2026, 7, 15)
    assert period_of(day, MONTH).start == D(2026, 7, 1)
    assert period_of(day, TERTIAL).start == D(2026, 5, 1)
    assert period_of(day, YEAR).start == D(2026, 1, 1)


def test_labels_are_short_and_say_which_period():
    assert Period(D(2026, 3, 1), MONTH).label == "mar 2026"
    assert Period(D(2026, 9, 1), TERTIAL).label == "T3 2026"
    assert Period(D(2026, 1, 1), YEAR).label == "2026"


def test_periods_between_two_days_include_both_ends():
    assert [p.start for p in periods_between(D(2025, 11, 20), D(2026, 2, 3), MONTH)] == [
        D(2025, 11, 1),
        D(2025, 12, 1),
        D(2026, 1, 1),
        D(2026, 2, 1),
    ]


def test_a_period_has_begun_on_its_first_day_and_is_over_after_its_last():
    period = Period(D(2026, 5, 1), TERTIAL)
    assert not period.has_begun(D(2026, 4, 30)) and period.has_begun(D(2026, 5, 1))
    assert not period.is_over(D(2026, 8, 31)) and period.is_over(D(2026, 9, 1))
