"""Monthly series per unit, the chart chosen (I or U), and the signals in plain Swedish, against worked examples."""

import datetime

import pytest
from django.utils import timezone

from lots.deviations.models import Deviation
from lots.organisation.models import Unit
from lots.reports import services, trends
from lots.reports.models import DenominatorSeries
from lots.reports.periods import months_ending
from lots.reports.sections import DEVIATIONS


def _series(unit, counts, last=datetime.date(2025, 12, 1), denominators=None, kind=""):
    months = months_ending(last, len(counts))
    return trends.analyse(
        trends.Series(
            unit=unit, measure=DEVIATIONS, months=months, counts=counts, denominators=denominators, denominator_kind=kind
        )
    )


def test_an_unusually_high_month_is_named_with_unit_month_and_limit(world):
    # Eleven months with 2 and one with 12 (by hand): mean 34/12 = 2.8333; moving ranges ten 0s and one 10, so
    # MR̄ = 10/11 = 0.9091; upper limit 2.8333 + 2.66 · 0.9091 = 5.2515, lower 2.8333 − 2.4182 = 0.4152.
    series = _series(world.sub, [2] * 11 + [12])
    assert series.control.kind == "I"
    assert series.control.centre == pytest.approx(34 / 12)
    assert series.control.upper[0] == pytest.approx(5.2515, abs=1e-4)
    assert series.control.lower[0] == pytest.approx(0.4152, abs=1e-4)
    assert series.control.outside == [11]
    high = [s for s in series.signals if s.kind == "high"]
    assert [s.text for s in high] == ["Ovanligt många avvikelser i december 2025 på Underenheten (12 st; styrgräns 5,25)."]
    assert high[0].worse and high[0].month == datetime.date(2025, 12, 1)


def test_a_long_run_above_the_median_is_a_signal_with_its_months(world):
    # 16 points: eight 1s then eight 5s. Median 3; each run of 8 exceeds round(log2(16) + 3) = 7.
    series = _series(world.sub, [1] * 8 + [5] * 8)
    runs = [s for s in series.signals if s.kind.startswith("run")]
    assert series.run.longest_run_limit == 7
    assert [s.text for s in runs] == [
        "Färre avvikelser än vanligt på Underenheten 8 månader i rad (september 2024–april 2025).",
        "Fler avvikelser än vanligt på Underenheten 8 månader i rad (maj 2025–december 2025).",
    ]
    assert [s.worse for s in runs] == [False, True]
    trend = [s for s in series.signals if s.kind.startswith("trend")]
    assert [s.kind for s in trend] == ["trend_up"]  # one crossing in 16 points is fewer than the 5th percentile (4)


def test_random_looking_variation_gives_no_signal(world):
    series = _series(world.sub, [3, 5, 2, 4, 3, 6, 2, 4, 5, 3, 4, 2])
    assert series.signals == []


def test_the_limits_follow_how_much_the_unit_really_varies_from_month_to_month(world):
    # Reports come in clusters, so months vary more than Poisson counts would. By hand: mean 120/12 = 10; moving
    # ranges 12,10,9,10,15,12,6,11,9,5,3 → MR̄ = 102/11 = 9.2727; upper 10 + 2.66 · 9.2727 = 34.665; the lower limit
    # (10 − 24.665) stops at 0. A C chart (10 ± 3·√10 = 19.49) would have called the 20 in June unusual.
    series = _series(world.sub, [4, 16, 6, 15, 5, 20, 8, 14, 3, 12, 7, 10])
    assert series.control.kind == "I"
    assert series.control.upper[0] == pytest.approx(34.665, abs=1e-3)
    assert series.control.lower[0] == 0.0
    assert series.control.outside == []
    assert [s for s in series.signals if s.kind in ("high", "low")] == []


def test_a_u_chart_is_used_when_every_month_has_a_denominator(world):
    counts = [2, 3, 2, 9]
    clients = [10.0, 10.0, 10.0, 10.0]
    series = _series(world.sub, counts, denominators=clients, kind=DenominatorSeries.Kind.CLIENTS)
    assert series.control.kind == "U"
    # ū = 16/40 = 0.4; limit for n = 10: 0.4 + 3·√(0.4/10) = 1.0 (by hand); 0.9 is inside.
    assert series.control.centre == pytest.approx(0.4)
    assert series.control.upper[3] == pytest.approx(1.0)
    assert series.control.outside == []


def test_monthly_counts_roll_sub_units_up_and_use_one_query(world, report, django_assert_num_queries):
    today = timezone.localdate()
    last = today.replace(day=1) - datetime.timedelta(days=1)
    months = months_ending(last, 3)
    in_month = timezone.make_aware(datetime.datetime.combine(months[1] + datetime.timedelta(days=3), datetime.time(10)))
    report(unit=world.own, reported_at=in_month, occurred_at=in_month)
    report(unit=world.sub, reported_at=in_month, occurred_at=in_month)
    report(unit=world.other, reported_at=in_month, occurred_at=in_month)
    report(
        unit=world.sub, reported_at=in_month - datetime.timedelta(days=120), occurred_at=in_month - datetime.timedelta(days=120)
    )
    units = [world.forvaltning, world.own, world.sub]
    with django_assert_num_queries(1):
        counts = trends.monthly_counts(Deviation.objects.all(), DEVIATIONS, units, months)
    assert counts[world.sub.pk] == [0, 1, 0]
    assert counts[world.own.pk] == [0, 2, 0]
    assert counts[world.forvaltning.pk] == [0, 3, 0]


def test_months_before_the_first_report_and_a_partial_first_month_are_left_out(world, report):
    first = timezone.make_aware(datetime.datetime(2025, 3, 14, 10))
    report(reported_at=first, occurred_at=first)
    months = months_ending(datetime.date(2025, 12, 1), 24)
    kept = trends.since_first_record(Deviation.objects.all(), DEVIATIONS, [world.own], months)
    assert kept[0] == datetime.date(2025, 4, 1) and kept[-1] == datetime.date(2025, 12, 1)


def test_denominators_must_cover_every_month_to_be_used(world):
    actor = world.persona("kvalitetssamordnare")
    services.denominators_save(
        actor=actor, unit=world.sub, kind="clients", year=2025, values=[10] * 11 + [None], expected_version=None
    )
    services.denominators_save(actor=actor, unit=world.sub, kind="staff", year=2025, values=[4] * 12, expected_version=None)
    months = months_ending(datetime.date(2025, 12, 1), 12)
    found = trends.denominators_for([world.sub, world.own], months)
    assert found == {world.sub.pk: ("staff", [4.0] * 12)}  # clients lack December, so staff is used


def test_chart_units_are_the_scope_and_its_departments_and_units(world):
    kinds = [u.kind for u in trends.chart_units(world.forvaltning)]
    assert kinds[0] == Unit.Kind.FORVALTNING
    assert set(kinds[1:]) <= {Unit.Kind.AVDELNING, Unit.Kind.ENHET}
    assert world.sub in trends.chart_units(world.forvaltning)
    # An enhet without such units below it is charted with its direct children (here: none).
    assert trends.chart_units(world.sub) == [world.sub]


def test_signals_within_a_window_put_worsening_first(world):
    rising = _series(world.own, [1] * 8 + [5] * 8)
    falling = _series(world.sub, [5] * 8 + [1] * 8)
    signals = trends.signals_within([rising, falling], datetime.date(2025, 1, 1), datetime.date(2025, 12, 31))
    assert signals and all(s.worse for s in signals[: sum(1 for s in signals if s.worse)])
    assert signals[-1].worse is False
    in_2024 = trends.signals_within([rising], datetime.date(2024, 1, 1), datetime.date(2024, 12, 1))
    everything = trends.signals_within([rising], datetime.date(2000, 1, 1), datetime.date(2100, 1, 1))
    assert in_2024 == [s for s in everything if s.month.year == 2024] and 0 < len(in_2024) < len(everything)


def test_one_event_is_told_once_at_the_lowest_unit_and_a_trend_by_its_run(world):
    spike = [2] * 11 + [12]
    parent, child = _series(world.own, spike), _series(world.sub, spike)
    told = trends.signals_within([parent, child], datetime.date(2025, 1, 1), datetime.date(2025, 12, 31))
    assert [(s.unit_id, s.kind) for s in told] == [(world.sub.pk, "high")]
    rising = _series(world.own, [1] * 8 + [5] * 8)
    kinds = {s.kind for s in trends.signals_within([rising], datetime.date(2024, 1, 1), datetime.date(2025, 12, 31))}
    assert "run_high" in kinds and "trend_up" not in kinds


# --- One computation for the chart, its table and the signals -----------------------------------------------------


def test_each_chart_and_its_table_mark_the_same_months_and_only_their_own_rules(world):
    # Eight low months, eight high ones, then one far above: a long run (run chart) and a point outside (control chart).
    series = _series(world.sub, [1] * 8 + [5] * 8 + [40])
    outside, in_run = series.marks()
    assert outside and in_run and outside != in_run
    control, run = trends.control_chart_block(series, "control"), trends.run_chart_block(series, "run")
    assert set(control["signals"]) == outside
    assert set(run["signals"]) == in_run
    control_marked = {i for i, row in enumerate(control["table"]["rows"]) if row[-1]}
    run_marked = {i for i, row in enumerate(run["table"]["rows"]) if row[-1]}
    assert control_marked == outside and run_marked == in_run
    assert {row[-1] for row in control["table"]["rows"] if row[-1]} == {"utanför styrgräns"}
    assert {row[-1] for row in run["table"]["rows"] if row[-1]} == {"lång serie"}
    # Each table's columns are its own chart's: the run chart has a median and no control limits.
    assert "Median" in run["table"]["headers"] and "Övre styrgräns" not in run["table"]["headers"]
    assert "Övre styrgräns" in control["table"]["headers"] and "Median" not in control["table"]["headers"]
    # The signal sentences name the same months.
    told = {s.month for s in series.signals}
    assert {series.months[i] for i in outside | {max(in_run)}} <= told


def test_a_series_too_short_for_the_rules_has_no_chart_and_no_signal(world):
    series = _series(world.sub, [1, 30])
    assert series.too_short and series.signals == [] and series.marks() == (set(), set())
    assert "För få punkter" in trends.too_short_text(series)
    long_enough = _series(world.sub, [1] * (trends.MIN_POINTS - 1) + [30])
    assert not long_enough.too_short and long_enough.signals


def test_a_month_outside_the_limits_speaks_only_with_enough_records_behind_it(world):
    # Eleven months without a report and one with two: outside the limits, but two reports are not a pattern.
    quiet = _series(world.sub, [0] * 11 + [2])
    assert quiet.control.outside == [11]
    assert quiet.marks()[0] == set() and not [s for s in quiet.signals if s.kind == "high"]
    assert trends.control_chart_block(quiet, "control")["signals"] == []
    loud = _series(world.sub, [0] * 11 + [trends.MIN_SIGNAL_COUNT])
    assert loud.marks()[0] == {11} and [s for s in loud.signals if s.kind == "high"]
