import datetime

from lots.lib.holidays import days_off, days_off_between, easter_sunday, public_holidays

D = datetime.date


def test_easter_sunday_falls_on_the_known_dates():
    assert [easter_sunday(y) for y in (2024, 2025, 2026, 2027, 2038)] == [
        D(2024, 3, 31),
        D(2025, 4, 20),
        D(2026, 4, 5),
        D(2027, 3, 28),
        D(2038, 4, 25),
    ]


def test_the_public_holidays_of_2026_are_the_thirteen_in_law():
    assert sorted(public_holidays(2026)) == [
        D(2026, 1, 1),
        D(2026, 1, 6),
        D(2026, 4, 3),
        D(2026, 4, 5),
        D(2026, 4, 6),
        D(2026, 5, 1),
        D(2026, 5, 14),
        D(2026, 5, 24),
        D(2026, 6, 6),
        D(2026, 6, 20),
        D(2026, 10, 31),
        D(2026, 12, 25),
        D(2026, 12, 26),
    ]


def test_the_eves_are_days_off_but_not_public_holidays():
    eves = {D(2026, 6, 19), D(2026, 12, 24), D(2026, 12, 31)}
    assert eves <= days_off(2026)
    assert not eves & public_holidays(2026)


def test_midsummer_and_all_saints_move_to_a_saturday():
    assert _all_saturdays([D(2025, 6, 21), D(2025, 11, 1), D(2027, 6, 26), D(2027, 11, 6)])
    assert {D(2025, 6, 21), D(2025, 11, 1)} <= public_holidays(2025)
    assert {D(2027, 6, 26), D(2027, 11, 6)} <= public_holidays(2027)


def _all_saturdays(days):
    return all(d.weekday() == 5 for d in days)


def test_days_off_between_spans_a_new_year_in_order():
    assert days_off_between(D(2026, 12, 20), D(2027, 1, 7)) == [
        D(2026, 12, 24),
        D(2026, 12, 25),
        D(2026, 12, 26),
        D(2026, 12, 31),
        D(2027, 1, 1),
        D(2027, 1, 6),
    ]
