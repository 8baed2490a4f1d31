"""Reads over the indicators: a year of values against the target, for a plan, a process and the process register.

A period's value is the stored one when there is one (entered by hand or over the API, or frozen by a follow-up);
otherwise, for a computed indicator, what the source computes now from Lots's data, and for a Kolada indicator,
the imported comparison value. Values are read for many indicators at once (one query for targets, one for values);
computed sources cost their own few queries per indicator.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from lots import access
from lots.indicators import sources
from lots.indicators.models import Indicator, Target, Value
from lots.indicators.periods import Period, periods_in_year
from lots.indicators.services import meets
from lots.organisation.models import Unit

VIEW = "indicator.view"


@dataclass
class PeriodValue:
    period: Period
    total: Decimal | None
    female: Decimal | None = None
    male: Decimal | None = None
    split_missing_reason: str = ""
    origin: str = ""
    stored: Value | None = None
    partial: bool = False
    numerator: int | None = None
    denominator: int | None = None

    @property
    def frozen(self) -> bool:
        return self.stored is not None and self.stored.frozen_in_id is not None

    @property
    def split_missing(self) -> bool:
        return self.female is None or self.male is None


@dataclass
class PlanIndicator:
    indicator: Indicator
    year: int
    target: Decimal | None
    values: list[PeriodValue] = field(default_factory=list)  # every period of the year that has begun

    @property
    def latest(self) -> PeriodValue | None:
        """The newest period with a value."""
        found = [v for v in self.values if v.total is not None]
        return found[-1] if found else None

    @property
    def meets_target(self) -> bool | None:
        latest = self.latest
        return meets(latest.total if latest else None, self.target, self.indicator.direction)

    @property
    def split_gap(self) -> bool:
        """A split indicator lacks a part for some period that has a value (with or without a stated reason)."""
        return self.indicator.is_split and any(v.total is not None and v.split_missing for v in self.values)

    @property
    def gap_reasons(self) -> list[tuple[Period, str]]:
        if not self.indicator.is_split:
            return []
        return [(v.period, v.split_missing_reason) for v in self.values if v.total is not None and v.split_missing]

    @property
    def missing_periods(self) -> list[Period]:
        """Periods that have ended and have no value."""
        today = timezone.localdate()
        return [v.period for v in self.values if v.total is None and v.period.is_over(today)]

    def value_for(self, period_start: datetime.date) -> PeriodValue | None:
        return next((v for v in self.values if v.period.start == period_start), None)


def visible(user) -> QuerySet:
    """Indicators the person reads: governing documents of a unit, read up and down (lots.access.visibility)."""
    return Indicator.objects.filter(access.governing_q(user, VIEW))


def plan_indicators(unit: Unit, year: int) -> QuerySet:
    """The active indicators of the unit and the units below it, and those measuring the unit's goals of the year."""
    from lots.goals.models import ResultGoal

    goals = ResultGoal.objects.filter(unit__path__startswith=unit.path, year=year)
    return (
        Indicator.objects.filter(active=True)
        .filter(Q(unit__path__startswith=unit.path) | Q(Exists(goals.filter(indicators=OuterRef("pk")))))
        .select_related("unit", "owner", "process", "municipality")
        .order_by("unit__path", "name", "pk")
    )


def live_figures(indicator: Indicator, periods: list[Period], *, today: datetime.date | None = None) -> list[dict]:
    """The values a computed or Kolada indicator has now for ``periods`` (those that have begun), as dicts."""
    today = today or timezone.localdate()
    if indicator.source == Indicator.Source.COMPUTED:
        source = sources.get(indicator.computed_key)
        if source is None:
            return []
        return [
            {
                "period": f.period,
                "total": f.total,
                "female": f.female,
                "male": f.male,
                "split_missing_reason": source.gender_note,
                "partial": f.partial,
                "numerator": f.numerator,
                "denominator": f.denominator,
                "origin": Value.Origin.COMPUTED,
            }
            for f in source.figures(indicator.unit, periods, today=today)
        ]
    if indicator.source == Indicator.Source.KOLADA:
        return _kolada(indicator, [p for p in periods if p.has_begun(today)])
    return []


def _kolada(indicator: Indicator, periods: list[Period]) -> list[dict]:
    from lots.reports.models import ComparisonValue

    code = indicator.municipality.code
    if not code or not periods:
        return []
    found: dict[int, dict[str, float | None]] = {}
    for year, gender, value in ComparisonValue.objects.filter(
        indicator__kpi=indicator.kolada_kpi, municipality_code=code, period__in=[p.start.year for p in periods]
    ).values_list("period", "gender", "value"):
        found.setdefault(year, {})[gender] = value

    def number(value):
        return None if value is None else Decimal(str(value)).quantize(Decimal("0.1"))

    figures = []
    for period in periods:
        by_gender = found.get(period.start.year)
        if not by_gender:
            continue
        female, male = number(by_gender.get("K")), number(by_gender.get("M"))
        figures.append(
            {
                "period": period,
                "total": number(by_gender.get("T")),
                "female": female,
                "male": male,
                "split_missing_reason": ""
                if female is not None and male is not None
                else _("Kolada har ingen uppdelning på kön för året."),
                "partial": False,
                "numerator": None,
                "denominator": None,
                "origin": Value.Origin.KOLADA,
            }
        )
    return figures


def years_of(indicators: list[Indicator], year: int, *, today: datetime.date | None = None) -> list[PlanIndicator]:
    """Each indicator's year: target and the value of every period that has begun (two queries, plus the computed)."""
    today = today or timezone.localdate()
    indicators = list(indicators)
    if not indicators:
        return []
    targets = dict(Target.objects.filter(indicator__in=indicators, year=year).values_list("indicator_id", "value"))
    stored: dict[int, dict[datetime.date, Value]] = {}
    for value in Value.objects.filter(
        indicator__in=indicators, period_start__gte=datetime.date(year, 1, 1), period_start__lte=datetime.date(year, 12, 31)
    ):
        stored.setdefault(value.indicator_id, {})[value.period_start] = value
    # Indicators that read the same source for the same unit and periods share one computation, and sources that
    # group the same records by month share their query (sources.shared).
    computed: dict[tuple, list[dict]] = {}
    result = []
    with sources.shared():
        for indicator in indicators:
            periods = [p for p in periods_in_year(year, indicator.frequency) if p.has_begun(today)]
            own = stored.get(indicator.pk, {})
            missing = [p for p in periods if p.start not in own]
            live = {}
            if missing:
                key = (indicator.source, indicator.computed_key, indicator.unit_id, tuple(missing))
                if indicator.source != Indicator.Source.COMPUTED:
                    key += (indicator.pk,)
                if key not in computed:
                    computed[key] = live_figures(indicator, missing, today=today)
                live = {f["period"].start: f for f in computed[key]}
            values = [_period_value(period, own, live, today) for period in periods]
            result.append(PlanIndicator(indicator, year, targets.get(indicator.pk), values))
    return result


def _period_value(period: Period, own: dict[datetime.date, Value], live: dict[datetime.date, dict], today) -> PeriodValue:
    """A period's value: the stored one, else the one read now, else none yet."""
    if period.start in own:
        v = own[period.start]
        return PeriodValue(period, v.total, v.female, v.male, v.split_missing_reason, v.origin, stored=v)
    if period.start in live:
        f = live[period.start]
        return PeriodValue(
            period,
            f["total"],
            f["female"],
            f["male"],
            f["split_missing_reason"],
            f["origin"],
            partial=f["partial"],
            numerator=f["numerator"],
            denominator=f["denominator"],
        )
    return PeriodValue(period, None, partial=not period.is_over(today))


def for_plan(*, unit: Unit, year: int, user, today: datetime.date | None = None) -> list[PlanIndicator]:
    """The indicators of a plan or follow-up of ``unit`` and ``year`` that ``user`` reads, each with its year."""
    indicators = plan_indicators(unit, year).filter(access.governing_q(user, VIEW))
    return years_of(indicators, year, today=today)


def for_process(process, year: int | None = None, *, today: datetime.date | None = None) -> list[PlanIndicator]:
    """The active indicators of a process, each with its year (this year unless given)."""
    year = year or (today or timezone.localdate()).year
    indicators = (
        Indicator.objects.filter(process=process, active=True)
        .select_related("unit", "owner", "process", "municipality")
        .order_by("name", "pk")
    )
    return years_of(indicators, year, today=today)


@dataclass(frozen=True)
class Lack:
    """What a process lacks for a year (Katrineholm §5.1): goals its indicators measure, and two indicators with
    targets."""

    with_target: int
    measures_goals: bool

    @property
    def too_few(self) -> bool:
        return self.with_target < 2


def lacking_processes(municipality, year: int) -> dict[int, Lack]:
    """Process id → what it lacks, for each process of the municipality that lacks something in ``year``. One query."""
    from lots.processes.models import Process

    with_target = Q(indicators__active=True, indicators__targets__year=year)
    rows = (
        Process.objects.filter(municipality=municipality)
        .annotate(
            with_target=Count("indicators", filter=with_target, distinct=True),
            measured=Count("indicators__goals", filter=Q(indicators__active=True, indicators__goals__year=year), distinct=True),
        )
        .values_list("pk", "with_target", "measured")
    )
    return {pk: Lack(targets, measured > 0) for pk, targets, measured in rows if targets < 2 or measured == 0}
