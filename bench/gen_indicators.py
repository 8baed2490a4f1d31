"""Bench data for indicators: per municipality, on its förvaltningar and departments, indicators entered by hand
(gender-split where they concern clients) with monthly values for two years, and indicators computed from the
bench's deviations and complaints; each with a target per year.

The indicators and targets go through the services (a few hundred at scale L); the values, the bulk of the rows, are
written in bulk as the service would store them (both parts of the split, or a reason).
"""

import random
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from bench import bulk
from bench.scenarios import Request, Scenario
from lots.accounts.models import Role
from lots.indicators import services
from lots.indicators.models import Indicator, Value
from lots.indicators.periods import MONTH, periods_in_year
from lots.organisation.models import Unit

COUNTED = ["indicators.Indicator", "indicators.Target", "indicators.Value"]
# Indicators per unit that carries them (förvaltningar and departments).
PER_UNIT = {"T": 2, "S": 4, "M": 6, "L": 8}
ENTERED = [
    ("Andel utredningar klara i tid", "%", Indicator.Direction.UP, Indicator.Split.GIRLS_BOYS, 80, 90),
    ("Väntetid till första besök", "dagar", Indicator.Direction.DOWN, Indicator.Split.WOMEN_MEN, 20, 14),
    ("Andel nöjda brukare", "%", Indicator.Direction.UP, Indicator.Split.WOMEN_MEN, 82, 85),
    ("Sjukfrånvaro", "%", Indicator.Direction.DOWN, Indicator.Split.NONE, 7, 6),
]
COMPUTED = ["deviations_per_month", "complaints_in_time", "complaints_received", "lex_sarah_per_month"]


def generate(ds) -> None:
    today = timezone.localdate()
    rng = random.Random(f"lots-bench-indicators-{ds.scale}")
    holders = {}
    for assignment in ds.extra["assignments"]:
        if assignment.unit_id and assignment.role in (Role.FORVALTNINGSCHEF, Role.AVDELNINGSCHEF, Role.KVALITETSSAMORDNARE):
            holders.setdefault(assignment.unit_id, assignment.user)
    kinds = (Unit.Kind.FORVALTNING, Unit.Kind.AVDELNING)
    places = [u for u in ds.units if u.kind in kinds and u.pk in holders]
    years = [today.year - 1, today.year]
    made = []
    levels: dict[int, float] = {}
    for unit in places:
        owner = holders[unit.pk]
        for n in range(PER_UNIT.get(ds.scale, 2)):
            if n % 2 == 0:
                name, measure, direction, split, level, target = ENTERED[(n // 2) % len(ENTERED)]
                indicator = services.indicator_create(
                    actor=owner,
                    unit=unit,
                    name=f"{name} {n}",
                    unit_of_measure=measure,
                    direction=direction,
                    split=split,
                    owner=owner,
                )
                levels[indicator.pk] = level
            else:
                key = COMPUTED[(n // 2) % len(COMPUTED)]
                indicator = services.indicator_create(
                    actor=owner,
                    unit=unit,
                    name=f"Beräknat {key} {n}",
                    unit_of_measure="antal",
                    direction=Indicator.Direction.DOWN,
                    source=Indicator.Source.COMPUTED,
                    computed_key=key,
                    owner=owner,
                )
                target = 5
            for year in years:
                services.target_set(actor=owner, indicator=indicator, year=year, value=target)
            made.append(indicator)
    rows = []
    start = bulk.next_id(Value)
    now = timezone.now()
    for indicator in made:
        if indicator.source != Indicator.Source.MANUAL:
            continue
        for year in years:
            for period in periods_in_year(year, MONTH):
                if not period.is_over(today):
                    continue
                total = Decimal(str(round(levels[indicator.pk] * rng.uniform(0.85, 1.15), 1)))
                female = male = None
                reason = ""
                if indicator.is_split:
                    if rng.random() < 0.03:
                        reason = "Uppgiften saknades i verksamhetssystemet."
                    else:
                        female, male = total + Decimal("1.5"), total - Decimal("1.5")
                rows.append(
                    (
                        start + len(rows),
                        indicator.pk,
                        period.start,
                        total,
                        female,
                        male,
                        reason,
                        "manual",
                        indicator.owner_id,
                        now,
                        1,
                    )
                )
    bulk.write(
        Value,
        [
            "id",
            "indicator_id",
            "period_start",
            "total",
            "female",
            "male",
            "split_missing_reason",
            "origin",
            "entered_by_id",
            "entered_at",
            "version",
        ],
        rows,
    )
    bulk.reset_sequences(Value)
    bulk.say(f"indicators: {len(made)} indicators, {len(rows)} values")


def scenarios(ds, cookies: dict, tokens: dict) -> list[Scenario]:
    year = timezone.localdate().year
    found = [
        Scenario(
            "api_indicators",
            "API: nyckeltal",
            "api",
            Request("GET", "/api/v1/indicators", headers={"Authorization": f"Bearer {tokens['manager']}"}),
        ),
    ]
    forvaltning = Unit.objects.filter(municipality=ds.municipalities[0], kind=Unit.Kind.FORVALTNING).order_by("path").first()
    if forvaltning is not None:
        found.append(
            Scenario(
                "indicators_list_forvaltning",
                "Nyckeltal: en förvaltnings nyckeltal mot målvärden (förvaltningschef)",
                "page",
                Request("GET", reverse("indicators:index") + f"?ar={year}&enhet={forvaltning.pk}", cookies=cookies["manager"]),
            )
        )
    split = (
        Indicator.objects.filter(municipality=ds.municipalities[0], source=Indicator.Source.MANUAL)
        .exclude(split=Indicator.Split.NONE)
        .order_by("pk")
        .first()
    )
    if split is not None:
        found.append(
            Scenario(
                "indicators_chart",
                "Nyckeltal: diagram med målvärde och uppdelning på kön (förvaltningschef)",
                "detail",
                Request("GET", reverse("indicators:detail", args=[split.pk]) + f"?ar={year}", cookies=cookies["manager"]),
            )
        )
    computed = (
        Indicator.objects.filter(municipality=ds.municipalities[0], source=Indicator.Source.COMPUTED).order_by("pk").first()
    )
    if computed is not None:
        found.append(
            Scenario(
                "indicators_computed_chart",
                "Nyckeltal: beräknat nyckeltal med diagram (förvaltningschef)",
                "page",
                Request("GET", reverse("indicators:detail", args=[computed.pk]) + f"?ar={year}", cookies=cookies["manager"]),
            )
        )
    return found
