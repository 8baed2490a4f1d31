"""Control charts per unit and month, and their signals in plain Swedish.

A *series* is a count per month for one unit with its sub-units (deviations,
feedback …), or for the unit alone when the person's scope stops at it. Each
series gets a run chart (median, Anhøj rules) and a control chart: a U chart
when the unit's monthly denominators (clients or staff) are entered for every
month, otherwise an I chart of the counts. (Not a C chart: its limits assume
Poisson counts, and reports come in clusters — one incident, several reports —
so its limits would be too narrow and flag ordinary months. The I chart takes its
limits from the month-to-month variation the unit really has.) The monthly counts of every unit
in a scope come from one grouped query; the denominators from one more.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Min, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _

from lots.lib import spc
from lots.lib.svgchart import _fmt as fmt_number
from lots.organisation.models import Unit
from lots.reports.models import DenominatorSeries
from lots.reports.periods import add_months, as_local_date, day_start, month_label, month_name

# Enough months for the Anhøj rules and a stable centre line (fewer when the system has been used for less).
DEFAULT_MONTHS = 24


@dataclass(frozen=True)
class Measure:
    """What is counted: the noun in the signal sentences and how to query it."""

    key: str
    noun: str  # plural, lower case: "avvikelser"
    date_field: str  # the DateTimeField that places a record in a month
    unit_field: str = "unit"
    municipality_field: str = "municipality"


@dataclass
class Signal:
    unit_id: int
    unit_name: str
    measure: str
    kind: str  # "high", "low", "run_high", "run_low", "trend_up", "trend_down"
    month: datetime.date  # the (last) month the signal concerns
    text: str
    worse: bool

    def as_dict(self) -> dict:
        return {
            "unit_id": self.unit_id,
            "unit_name": self.unit_name,
            "measure": self.measure,
            "kind": self.kind,
            "month": self.month.isoformat(),
            "text": self.text,
            "worse": self.worse,
        }


# Fewer months than this and neither chart's rules can say anything: Anhøj's run rules need about ten points before a
# long run or too few crossings can be told from chance, and control limits from a handful of months are guesses. Such a
# series is shown as "för få punkter", with no chart and no signals.
MIN_POINTS = 10
# A point outside the limits speaks only when there is enough behind it: a month with two reports at a unit that
# usually has none is not a pattern to report on. An unusually high month needs at least this many records, an
# unusually low one a mean of at least this many.
MIN_SIGNAL_COUNT = 3


@dataclass
class Series:
    unit: Unit
    measure: Measure
    months: list[datetime.date]
    counts: list[int]
    denominators: list[float] | None = None
    denominator_kind: str = ""
    run: spc.RunChart | None = None
    control: spc.ControlChart | None = None
    signals: list[Signal] = field(default_factory=list)

    @property
    def labels(self) -> list[str]:
        return [month_label(m) for m in self.months]

    @property
    def total(self) -> int:
        return sum(self.counts)

    @property
    def too_short(self) -> bool:
        return len(self.months) < MIN_POINTS

    def marks(self) -> tuple[set[int], set[int]]:
        """The months (indexes) the charts mark: outside the control limits, and in a long run on one side of the
        median. The one computation the charts, their tables, the signal sentences and the per-unit counts share."""
        if self.too_short or self.control is None:
            return set(), set()
        return set(self.outside_that_speaks()), {i for points in long_runs(self.run) for i in points}

    def outside_that_speaks(self) -> list[int]:
        control = self.control
        mean = self._mean_count()
        return [
            i
            for i in control.outside
            if (self.counts[i] if control.values[i] > control.centre else mean) >= MIN_SIGNAL_COUNT
        ]

    def _mean_count(self) -> float:
        return sum(self.counts) / len(self.counts) if self.counts else 0.0


def chart_units(scope: Unit) -> list[Unit]:
    """The scope and the departments and units below it (sections are too small to chart on their own)."""
    below = list(
        Unit.objects.open()
        .subtree(scope)
        .exclude(pk=scope.pk)
        .filter(kind__in=[Unit.Kind.AVDELNING, Unit.Kind.ENHET])
        .order_by("path")
    )
    if not below:
        below = list(Unit.objects.open().filter(parent=scope).order_by("path"))
    return [scope, *below]


def monthly_counts(
    queryset: QuerySet, measure: Measure, units: list[Unit], months: list[datetime.date], *, subtree: bool = True
) -> dict[int, list[int]]:
    """Counts per month for each unit's subtree (with ``subtree=False``: for each unit alone), from one grouped query."""
    if not units or not months:
        return {}
    start, end = months[0], add_months(months[-1], 1)
    if subtree:
        key = f"{measure.unit_field}__path"
        roots: list[str] = []
        for path in sorted({u.path for u in units}, key=len):
            if not any(path.startswith(root) for root in roots):
                roots.append(path)
        within = Q(pk__in=[])
        for root in roots:
            within |= Q(**{f"{key}__startswith": root})

        def belongs(value, unit: Unit) -> bool:
            return value.startswith(unit.path)
    else:
        key = f"{measure.unit_field}_id"
        within = Q(**{f"{key}__in": [u.pk for u in units]})

        def belongs(value, unit: Unit) -> bool:
            return value == unit.pk

    rows = (
        queryset.filter(within)
        .filter(**{f"{measure.date_field}__gte": day_start(start), f"{measure.date_field}__lt": day_start(end)})
        .annotate(month=TruncMonth(measure.date_field, tzinfo=timezone.get_current_timezone()))
        .order_by()
        .values(key, "month")
        .annotate(n=Count("pk"))
    )
    index = {m: i for i, m in enumerate(months)}
    result = {u.pk: [0] * len(months) for u in units}
    # A row is a unit-month: work out each month's position and each unit's charted owners once, not per row.
    positions: dict = {}
    owners: dict = {}
    for value, month, n in rows.values_list(key, "month", "n"):
        if month not in positions:
            positions[month] = index.get(as_local_date(month).replace(day=1))
        if positions[month] is None:
            continue
        if value not in owners:
            owners[value] = [u.pk for u in units if belongs(value, u)]
        for pk in owners[value]:
            result[pk][positions[month]] += n
    return result


def denominators_for(units: list[Unit], months: list[datetime.date]) -> dict[int, tuple[str, list[float]]]:
    """For each unit with a complete denominator (all months entered, all positive): its kind and values."""
    years = sorted({m.year for m in months})
    by_unit: dict[int, dict[str, dict[int, DenominatorSeries]]] = {}
    for series in DenominatorSeries.objects.filter(unit__in=units, year__in=years):
        by_unit.setdefault(series.unit_id, {}).setdefault(series.kind, {})[series.year] = series
    result = {}
    for unit_id, kinds in by_unit.items():
        for kind in DenominatorSeries.Kind.values:
            by_year = kinds.get(kind)
            if not by_year:
                continue
            values = []
            for month in months:
                series = by_year.get(month.year)
                value = series.value_for(month.month) if series else None
                if value is None or value <= 0:
                    break
                values.append(value)
            else:
                result[unit_id] = (kind, values)
                break
    return result


def analyse(series: Series) -> Series:
    """Run chart and control chart for a series, and the signals they give."""
    if not series.counts:
        return series
    if series.denominators:
        rates = [c / n for c, n in zip(series.counts, series.denominators, strict=True)]
        series.run = spc.run_chart(rates)
        series.control = spc.u_chart(series.counts, series.denominators)
    else:
        values = [float(c) for c in series.counts]
        series.run = spc.run_chart(values)
        series.control = spc.i_chart(values, floor=0.0) if len(values) >= 2 else spc.c_chart(series.counts)
    series.signals = [] if series.too_short else _signals(series)
    return series


def _signals(series: Series) -> list[Signal]:
    unit, noun, months = series.unit, series.measure.noun, series.months
    relative = (
        _(" i förhållande till antalet %(what)s") % {"what": _denominator_noun(series.denominator_kind)}
        if series.denominators
        else ""
    )
    found = []
    control = series.control
    for i in series.outside_that_speaks():
        high = control.values[i] > control.centre
        limit = control.upper[i] if high else control.lower[i]
        if series.denominators:
            detail = _("%(n)s st, %(rate)s per %(per)s; styrgräns %(limit)s") % {
                "n": series.counts[i],
                "per": _per(series.denominator_kind),
                "rate": fmt_number(control.values[i]),
                "limit": fmt_number(limit),
            }
        else:
            detail = _("%(n)s st; styrgräns %(limit)s") % {"n": series.counts[i], "limit": fmt_number(limit)}
        template = (
            _("Ovanligt många %(noun)s%(relative)s i %(month)s på %(unit)s (%(detail)s).")
            if high
            else _("Ovanligt få %(noun)s%(relative)s i %(month)s på %(unit)s (%(detail)s).")
        )
        text = template % {
            "noun": noun,
            "relative": relative,
            "month": month_name(months[i]),
            "unit": unit.name,
            "detail": detail,
        }
        found.append(Signal(unit.pk, unit.name, series.measure.key, "high" if high else "low", months[i], text, high))
    run = series.run
    for points in long_runs(run):
        first, last = points[0], points[-1]
        above = run.values[last] > run.median
        template = (
            _("Fler %(noun)s än vanligt på %(unit)s %(n)s månader i rad (%(start)s–%(end)s).")
            if above
            else _("Färre %(noun)s än vanligt på %(unit)s %(n)s månader i rad (%(start)s–%(end)s).")
        )
        text = template % {
            "noun": noun,
            "unit": unit.name,
            "n": len(points),
            "start": month_name(months[first]),
            "end": month_name(months[last]),
        }
        found.append(
            Signal(unit.pk, unit.name, series.measure.key, "run_high" if above else "run_low", months[last], text, above)
        )
    if run.crossing_signal:
        half = len(run.values) // 2
        rising = sum(run.values[half:]) > sum(run.values[:half])
        template = (
            _("Antalet %(noun)s på %(unit)s ökar över tid (för få korsningar av medianen för att vara slumpmässigt).")
            if rising
            else _("Antalet %(noun)s på %(unit)s minskar över tid (för få korsningar av medianen för att vara slumpmässigt).")
        )
        text = template % {"noun": noun, "unit": unit.name}
        found.append(
            Signal(unit.pk, unit.name, series.measure.key, "trend_up" if rising else "trend_down", months[-1], text, rising)
        )
    return found


def long_runs(run: spc.RunChart) -> list[list[int]]:
    """Every run on one side of the median longer than the Anhøj limit (the run chart reports only the longest).

    Points on the median neither break nor extend a run, as in lots.lib.spc; the indices are the run's points.
    """
    if not run.run_signal:
        return []
    runs: list[list[int]] = []
    side = 0
    for index, value in enumerate(run.values):
        if value == run.median:
            continue
        current = 1 if value > run.median else -1
        if current != side:
            runs.append([])
            side = current
        runs[-1].append(index)
    return [points for points in runs if len(points) > run.longest_run_limit]


def _denominator_noun(kind: str) -> str:
    return _("anställda") if kind == DenominatorSeries.Kind.STAFF else _("brukare")


def _per(kind: str) -> str:
    return _("anställd") if kind == DenominatorSeries.Kind.STAFF else _("brukare")


def since_first_record(
    queryset: QuerySet, measure: Measure, units: list[Unit], months: list[datetime.date]
) -> list[datetime.date]:
    """The months from the first month anything was recorded in the municipality: earlier months are not zeros,
    they are before the system was used (one query)."""
    if not units:
        return months
    first = queryset.filter(**{f"{measure.municipality_field}_id": units[0].municipality_id}).aggregate(
        first=Min(measure.date_field)
    )["first"]
    if first is None:
        return months
    first_day = timezone.localdate(first)
    # A month the system was taken into use part-way through is not a full month of reports either.
    first_month = first_day.replace(day=1) if first_day.day == 1 else add_months(first_day, 1)
    kept = [m for m in months if m >= first_month]
    return kept if len(kept) >= 2 else months[-2:]


def series_for(
    queryset: QuerySet, measure: Measure, units: list[Unit], months: list[datetime.date], *, subtree: bool = True
) -> list[Series]:
    """Analysed series for each unit (three queries in all).

    With ``subtree=False`` each unit is counted alone, as an I chart (two queries): the charts divide a unit's count
    with its sub-units by its denominators, so those stand for the unit with everything below it and do not fit
    the unit's own count.
    """
    months = since_first_record(queryset, measure, units, months)
    counts = monthly_counts(queryset, measure, units, months, subtree=subtree)
    denominators = denominators_for(units, months) if subtree else {}
    result = []
    for unit in units:
        kind, values = denominators.get(unit.pk, ("", None))
        result.append(
            analyse(
                Series(
                    unit=unit,
                    measure=measure,
                    months=months,
                    counts=counts.get(unit.pk, [0] * len(months)),
                    denominators=values,
                    denominator_kind=kind,
                )
            )
        )
    return result


SAME_DIRECTION = {"trend_up": "run_high", "trend_down": "run_low"}


def signals_within(series_list: list[Series], start: datetime.date, end: datetime.date) -> list[Signal]:
    """Signals whose month lies in [start, end], the worsening ones first, then newest first.

    One event is told once: a signal is left out when a unit below shows the same signal (same measure, kind and
    month) — the lower unit says where it happened — and a trend is left out when the same unit has a long run
    in the same direction, which says more (it names the months).
    """
    paths = {series.unit.pk: series.unit.path for series in series_list}
    signals = [s for series in series_list for s in series.signals if start <= s.month <= end]
    found = {(s.unit_id, s.measure, s.kind, s.month) for s in signals}
    runs = {(s.unit_id, s.measure, s.kind) for s in signals}

    def told_below(signal: Signal) -> bool:
        path = paths[signal.unit_id]
        return any(
            other != signal.unit_id
            and paths[other].startswith(path)
            and (other, signal.measure, signal.kind, signal.month) in found
            for other in paths
        )

    kept = [
        s
        for s in signals
        if not told_below(s) and not (s.kind in SAME_DIRECTION and (s.unit_id, s.measure, SAME_DIRECTION[s.kind]) in runs)
    ]
    return sorted(kept, key=lambda s: (not s.worse, -s.month.toordinal(), s.unit_name))


# --- Chart blocks ------------------------------------------------------------------------------------


def too_short_text(series: Series) -> str:
    return _(
        "För få punkter för ett diagram: %(n)s månader av %(unit)s (minst %(min)s behövs för att reglerna ska kunna "
        "säga något)."
    ) % {"n": len(series.months), "unit": series.unit.name, "min": MIN_POINTS}


def chart_table(series: Series) -> dict:
    """The table of the control chart: one row per month, with its limits and the points outside them."""
    control = series.control
    outside, _runs = series.marks()
    headers = [_("Månad"), _("Antal")]
    if series.denominators:
        headers += [_("Nämnare"), _("Andel")]
    headers += [_("Medelvärde"), _("Nedre styrgräns"), _("Övre styrgräns"), _("Signal")]
    rows = []
    for i, month in enumerate(series.months):
        row = [month_label(month), series.counts[i]]
        if series.denominators:
            row += [round(series.denominators[i], 1), round(control.values[i], 3)]
        row += [
            round(control.centre, 3),
            round(control.lower[i], 3),
            round(control.upper[i], 3),
            _("utanför styrgräns") if i in outside else "",
        ]
        rows.append(row)
    return {"headers": headers, "rows": rows, "numeric": [False] + [True] * (len(headers) - 2) + [False]}


def run_table(series: Series) -> dict:
    """The table of the run chart: one row per month, with the median and the months in a long run."""
    run = series.run
    _outside, in_long_run = series.marks()
    headers = [_("Månad"), _("Antal")]
    if series.denominators:
        headers += [_("Andel")]
    headers += [_("Median"), _("Signal")]
    rows = []
    for i, month in enumerate(series.months):
        row = [month_label(month), series.counts[i]]
        if series.denominators:
            row += [round(run.values[i], 3)]
        row += [round(run.median, 3), _("lång serie") if i in in_long_run else ""]
        rows.append(row)
    return {"headers": headers, "rows": rows, "numeric": [False] + [True] * (len(headers) - 2) + [False]}


def _span(series: Series) -> str:
    return f"{month_name(series.months[0])}–{month_name(series.months[-1])}"


def control_chart_block(series: Series, block_id: str) -> dict:
    control = series.control
    kind = control.kind
    what = series.measure.noun
    if kind == "U":
        title = _("Styrdiagram (U-diagram): %(noun)s i förhållande till antalet %(per)s, per månad, %(unit)s") % {
            "noun": what,
            "per": _denominator_noun(series.denominator_kind),
            "unit": series.unit.name,
        }
    else:
        title = _("Styrdiagram (%(kind)s-diagram): %(noun)s per månad, %(unit)s") % {
            "kind": kind,
            "noun": what,
            "unit": series.unit.name,
        }
    outside = [month_name(series.months[i]) for i in sorted(series.marks()[0])]
    description = _("%(span)s. Medelvärde %(centre)s, övre styrgräns %(upper)s, nedre styrgräns %(lower)s. %(signals)s") % {
        "span": _span(series),
        "centre": fmt_number(round(control.centre, 2)),
        "upper": fmt_number(round(max(control.upper), 2)),
        "lower": fmt_number(round(min(control.lower), 2)),
        "signals": (_("Utanför styrgränserna: %(months)s.") % {"months": ", ".join(outside)})
        if outside
        else _("Inga punkter utanför styrgränserna."),
    }
    return {
        "type": "chart",
        "id": block_id,
        "chart": "line",
        "title": title,
        "description": description,
        "labels": series.labels,
        "values": [round(v, 4) for v in control.values],
        "centre": round(control.centre, 4),
        "upper": [round(v, 4) for v in control.upper],
        "lower": [round(v, 4) for v in control.lower],
        "signals": sorted(series.marks()[0]),
        "centre_label": _("Medelvärde"),
        "table": chart_table(series),
    }


def run_chart_block(series: Series, block_id: str) -> dict:
    run = series.run
    what = series.measure.noun
    title = _("Serietidsdiagram: %(noun)s per månad, %(unit)s") % {"noun": what, "unit": series.unit.name}
    findings = []
    if run.run_signal:
        findings.append(
            _("Längsta serie på samma sida om medianen: %(n)s månader (gräns %(limit)s).")
            % {"n": run.longest_run, "limit": run.longest_run_limit}
        )
    if run.crossing_signal:
        findings.append(
            _("Antal korsningar av medianen: %(n)s (minst %(limit)s väntas).")
            % {"n": run.crossings, "limit": run.crossings_limit}
        )
    description = _("%(span)s. Median %(median)s. %(findings)s") % {
        "span": _span(series),
        "median": fmt_number(round(run.median, 2)),
        "findings": " ".join(findings) if findings else _("Inga tecken på annat än slumpmässig variation enligt Anhøj-reglerna."),
    }
    return {
        "type": "chart",
        "id": block_id,
        "chart": "line",
        "title": title,
        "description": description,
        "labels": series.labels,
        "values": [round(v, 4) for v in run.values],
        "centre": round(run.median, 4),
        "upper": None,
        "lower": None,
        "signals": sorted(series.marks()[1]),
        "centre_label": _("Median"),
        "table": run_table(series),
    }
