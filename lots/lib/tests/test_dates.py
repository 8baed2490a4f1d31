import datetime
from zoneinfo import ZoneInfo

from lots.lib.dates import add_months, add_years, clamp_day, day_start, iso_week_key

D = datetime.date


def test_add_months_clamps_to_the_end_of_a_short_month():
    assert add_months(D(2026, 1, 31), 1) == D(2026, 2, 28)
    assert add_months(D(2028, 1, 31), 1) == D(2028, 2, 29)


def test_add_months_crosses_years_both_ways():
    assert add_months(D(2026, 11, 15), 3) == D(2027, 2, 15)
    assert add_months(D(2026, 2, 15), -3) == D(2025, 11, 15)


def test_add_years_moves_leap_day_to_the_28th():
    assert add_years(D(2028, 2, 29), 1) == D(2029, 2, 28)
    assert add_years(D(2026, 6, 1), 1) == D(2027, 6, 1)


def test_clamp_day():
    assert clamp_day(2026, 4, 31) == D(2026, 4, 30)
    assert clamp_day(2026, 12, 31) == D(2026, 12, 31)


def test_iso_week_key():
    assert iso_week_key(D(2026, 11, 23)) == "2026-W48"
    assert iso_week_key(D(2027, 1, 1)) == "2026-W53"


def test_day_start_is_local_midnight_in_summer_and_winter():
    stockholm = ZoneInfo("Europe/Stockholm")
    summer, winter = day_start(datetime.date(2026, 7, 1)), day_start(datetime.date(2026, 1, 15))
    assert summer == datetime.datetime(2026, 6, 30, 22, tzinfo=datetime.UTC)
    assert winter == datetime.datetime(2026, 1, 14, 23, tzinfo=datetime.UTC)
    assert summer.astimezone(stockholm).time() == datetime.time(0) == winter.astimezone(stockholm).time()
