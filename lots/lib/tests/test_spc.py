"""Worked examples with the limits computed by hand (shown in the comments)."""

import math

import pytest

from lots.lib.spc import binomial_quantile, c_chart, i_chart, run_chart, u_chart


@pytest.mark.parametrize(
    "useful, expected",
    # Anhøj's published table of the minimum number of crossings: n = 10 → 2, 12 → 3, 20 → 6, 24 → 8, 30 → 10.
    [(10, 2), (12, 3), (20, 6), (24, 8), (30, 10)],
)
def test_the_crossings_limit_matches_the_published_table(useful, expected):
    assert binomial_quantile(0.05, useful - 1) == expected


def test_a_random_looking_series_gives_no_signal():
    values = [5, 7, 4, 8, 6, 3, 9, 5, 7, 4, 8, 6]
    chart = run_chart(values)
    # median of the twelve values = (6 + 6) / 2 = 6; the two 6s lie on it, so n = 10 useful points.
    assert chart.median == 6 and chart.useful == 10
    # sides: - + - + - + - + - +  → longest run 1, crossings 9
    assert chart.longest_run == 1 and chart.crossings == 9
    # limits: round(log2(10) + 3) = round(6.32) = 6 ; qbinom(0.05, 9, 0.5) = 2
    assert (chart.longest_run_limit, chart.crossings_limit) == (6, 2)
    assert not chart.has_signal


def test_an_unusually_long_run_is_a_signal():
    values = [3, 4, 3, 5, 4, 3, 9, 10, 11, 9, 12, 10, 11, 13]
    chart = run_chart(values)
    # median of 14 values = (9 + 9) / 2 = 9; the two 9s are on it → 12 useful points, limit round(log2(12) + 3) = 7
    assert chart.median == 9 and chart.useful == 12 and chart.longest_run_limit == 7
    # below: 3,4,3,5,4,3 (6) then above: 10,11,12,10,11,13 (6) → longest 6, one crossing
    assert chart.longest_run == 6 and chart.crossings == 1
    assert not chart.run_signal
    # qbinom(0.05, 11, 0.5) = 3 > 1 crossing → too few crossings
    assert chart.crossings_limit == 3 and chart.crossing_signal


def test_eight_in_a_row_above_the_median_in_ten_points_is_a_run_signal():
    values = [1, 2, 10, 11, 12, 13, 14, 15, 16, 17, 0, 1]
    chart = run_chart(values, median=5)
    # sides: - - + + + + + + + + - -  → useful 12, longest 8 > round(log2(12) + 3) = 7
    assert chart.longest_run == 8 and chart.run_signal
    assert chart.signal_points == [2, 3, 4, 5, 6, 7, 8, 9]


def test_an_empty_series_has_no_signal():
    assert not run_chart([]).has_signal


def test_c_chart_limits_by_hand():
    counts = [4, 6, 5, 3, 7, 5, 4, 6, 5, 15]
    chart = c_chart(counts)
    # c̄ = 60 / 10 = 6 ; UCL = 6 + 3·√6 = 13.348 ; LCL = 6 − 7.348 < 0 → 0
    assert chart.centre == 6
    assert chart.upper[0] == pytest.approx(13.348469, abs=1e-6)
    assert chart.lower[0] == 0
    assert chart.outside == [9]


def test_u_chart_limits_vary_with_the_denominator():
    counts = [2, 3, 10]
    clients = [100, 50, 100]
    chart = u_chart(counts, clients)
    # ū = 15 / 250 = 0.06 ; for n = 100: 0.06 ± 3·√(0.0006) = 0.06 ± 0.073485 ; for n = 50: 0.06 ± 3·√(0.0012) = 0.06 ± 0.103923
    assert chart.centre == pytest.approx(0.06)
    assert chart.upper[0] == pytest.approx(0.06 + 3 * math.sqrt(0.06 / 100))
    assert chart.upper[1] == pytest.approx(0.163923, abs=1e-6)
    assert chart.lower == [0, 0, 0]
    # 10 / 100 = 0.10 < 0.133485 → inside
    assert chart.outside == []
    # with 30 in the last month: ū = 35 / 250 = 0.14 ; n = 100 → 0.14 ± 0.112250 = [0.027750, 0.252250]
    # so 2 / 100 = 0.02 falls below and 30 / 100 = 0.30 above
    assert u_chart([2, 3, 30], clients).outside == [0, 2]


def test_i_chart_limits_by_hand():
    values = [10, 12, 11, 13, 12, 30]
    chart = i_chart(values)
    # mean = 88 / 6 = 14.667 ; moving ranges 2,1,2,1,18 → MR̄ = 4.8 ; limits 14.667 ± 12.768
    assert chart.centre == pytest.approx(14.666667, abs=1e-6)
    assert chart.upper[0] == pytest.approx(27.434667, abs=1e-6)
    assert chart.lower[0] == pytest.approx(1.898667, abs=1e-6)
    assert chart.outside == [5]


def test_an_i_chart_of_counts_keeps_its_lower_limit_at_zero():
    values = [0, 4, 0, 5, 1]
    # mean 2; moving ranges 4,4,5,4 → MR̄ = 4.25; limits 2 ± 11.305: the lower one would be −9.305.
    assert i_chart(values).lower[0] == pytest.approx(-9.305)
    chart = i_chart(values, floor=0.0)
    assert chart.lower == [0.0] * 5 and chart.upper[0] == pytest.approx(13.305)


def test_bad_input_is_refused():
    with pytest.raises(ValueError):
        i_chart([1])
    with pytest.raises(ValueError):
        u_chart([1, 2], [10])
    with pytest.raises(ValueError):
        u_chart([1], [0])
