"""Statistical process control for monthly counts: run charts with the Anhøj rules, and I, C and U control charts.

Pure functions over lists of numbers; no Django. References for the rules:
- Anhøj rules (run charts): a signal of non-random variation is an unusually long
  run (longer than round(log2(n) + 3)) or unusually few crossings of the median
  (fewer than the 5th percentile of Binomial(n - 1, 0.5)), where n is the number
  of useful observations, i.e. those not on the median.
- Shewhart control charts with 3-sigma limits: I chart (individuals, sigma from the
  average moving range: limits = mean ± 2.66 · MR̄), C chart (counts: c̄ ± 3√c̄) and
  U chart (rates with a denominator: ū ± 3√(ū / nᵢ), per point).
"""

import math
import statistics
from dataclasses import dataclass, field


def binomial_quantile(probability: float, trials: int, p: float = 0.5) -> int:
    """The smallest x with P(X ≤ x) ≥ probability for X ~ Binomial(trials, p) (like R's qbinom)."""
    if trials <= 0:
        return 0
    cumulative = 0.0
    for x in range(trials + 1):
        cumulative += math.comb(trials, x) * p**x * (1 - p) ** (trials - x)
        if cumulative >= probability - 1e-12:
            return x
    return trials


@dataclass
class RunChart:
    values: list[float]
    median: float
    useful: int
    longest_run: int
    longest_run_limit: int
    crossings: int
    crossings_limit: int
    run_signal: bool
    crossing_signal: bool
    # Indices of the points in the longest run, when that run is a signal.
    signal_points: list[int] = field(default_factory=list)

    @property
    def has_signal(self) -> bool:
        return self.run_signal or self.crossing_signal


def run_chart(values: list[float], median: float | None = None) -> RunChart:
    """Apply the Anhøj rules. Points on the median neither break nor extend a run and are not counted."""
    if not values:
        return RunChart([], 0.0, 0, 0, 0, 0, 0, False, False)
    centre = statistics.median(values) if median is None else median
    sides = [(i, 1 if v > centre else -1) for i, v in enumerate(values) if v != centre]
    useful = len(sides)
    longest, longest_points, current = 0, [], []
    crossings = 0
    for position, (index, side) in enumerate(sides):
        if position > 0 and side != sides[position - 1][1]:
            crossings += 1
            current = []
        current.append(index)
        if len(current) > longest:
            longest, longest_points = len(current), list(current)
    run_limit = round(math.log2(useful) + 3) if useful else 0
    crossing_limit = binomial_quantile(0.05, useful - 1) if useful else 0
    run_signal = useful > 0 and longest > run_limit
    crossing_signal = useful > 0 and crossings < crossing_limit
    return RunChart(
        values=list(values),
        median=centre,
        useful=useful,
        longest_run=longest,
        longest_run_limit=run_limit,
        crossings=crossings,
        crossings_limit=crossing_limit,
        run_signal=run_signal,
        crossing_signal=crossing_signal,
        signal_points=longest_points if run_signal else [],
    )


@dataclass
class ControlChart:
    kind: str  # "I", "C" or "U"
    values: list[float]  # the plotted statistic (counts, or rates for U)
    centre: float
    upper: list[float]  # one limit per point (constant except for U charts)
    lower: list[float]
    outside: list[int]  # indices of points beyond a 3-sigma limit

    @property
    def has_signal(self) -> bool:
        return bool(self.outside)


def _outside(values, upper, lower) -> list[int]:
    return [i for i, v in enumerate(values) if v > upper[i] + 1e-12 or v < lower[i] - 1e-12]


def i_chart(values: list[float], *, floor: float | None = None) -> ControlChart:
    """Individuals chart: centre = mean, limits = mean ± 2.66 × average moving range. With ``floor`` (0 for counts)
    the lower limit is not drawn below what the values can be."""
    if len(values) < 2:
        raise ValueError("an I chart needs at least two points")
    mean = statistics.fmean(values)
    moving_ranges = [abs(b - a) for a, b in zip(values, values[1:], strict=False)]
    spread = 2.66 * statistics.fmean(moving_ranges)
    upper = [mean + spread] * len(values)
    lower = [mean - spread if floor is None else max(floor, mean - spread)] * len(values)
    return ControlChart("I", list(values), mean, upper, lower, _outside(values, upper, lower))


def c_chart(counts: list[int]) -> ControlChart:
    """Counts of events in equal-sized periods: c̄ ± 3√c̄ (lower limit not below zero)."""
    if not counts:
        raise ValueError("a C chart needs at least one point")
    mean = statistics.fmean(counts)
    spread = 3 * math.sqrt(mean)
    upper = [mean + spread] * len(counts)
    lower = [max(0.0, mean - spread)] * len(counts)
    return ControlChart("C", [float(c) for c in counts], mean, upper, lower, _outside(counts, upper, lower))


def u_chart(counts: list[int], denominators: list[float]) -> ControlChart:
    """Rates with a denominator per period (clients, staff): ū = Σc/Σn, limits ū ± 3√(ū/nᵢ) per point."""
    if len(counts) != len(denominators) or not counts:
        raise ValueError("a U chart needs one denominator per count")
    if any(n <= 0 for n in denominators):
        raise ValueError("denominators must be positive")
    mean = sum(counts) / sum(denominators)
    rates = [c / n for c, n in zip(counts, denominators, strict=True)]
    upper = [mean + 3 * math.sqrt(mean / n) for n in denominators]
    lower = [max(0.0, mean - 3 * math.sqrt(mean / n)) for n in denominators]
    return ControlChart("U", rates, mean, upper, lower, _outside(rates, upper, lower))
