"""Bench data for safety and fire-safety rounds: on every enhet with a manager, a safety round in spring and a
fire-safety round in autumn each year, each with its copied checklist answered, two findings and an action plan.
Earlier years' actions are done and their findings closed; this year's are partly open and overdue, so the action
list, the tasks and the overview have what they would have. Every department's plan is decided for the past years.

Written through the services (a few thousand rounds even at scale L), so every rule and audit row is as the
application writes them.
"""

import datetime

from django.urls import reverse
from django.utils import timezone

from bench import bulk
from bench.scenarios import Request, Scenario
from lots.accounts.models import Role
from lots.organisation.models import Unit
from lots.rounds import services
from lots.rounds.models import Answer, Kind, Round

COUNTED = ["rounds.Round", "rounds.RoundItem", "rounds.Finding", "rounds.Action", "rounds.DepartmentPlan"]
YEARS = {"T": 1, "S": 3, "M": 5, "L": 8}
FINDINGS = [
    ("Belysningen i korridoren är för svag.", 2, 3, "Byt armaturer i korridoren."),
    ("Utrymningsvägen är delvis blockerad av förråd.", 4, 2, "Flytta förrådet och märk ut utrymningsvägen."),
    ("Hög arbetsbelastning vid sjukfrånvaro.", 3, 3, "Inför en bemanningsplan vid frånvaro."),
    ("Brandsläckaren är inte kontrollerad i år.", 3, 2, "Beställ kontroll av brandsläckare."),
]


def _held(year: int, month: int, today: datetime.date) -> datetime.date | None:
    day = datetime.date(year, month, 12)
    return day if day < today - datetime.timedelta(days=20) else None


def _round(manager, unit, kind, held_on, today, n: int) -> None:
    rnd = services.round_create(
        actor=manager, unit=unit, kind=kind, held_on=held_on, participants=[manager], safety_rep_name="Skyddsombud"
    )
    items = list(rnd.items.order_by("position"))
    answers = {i.pk: (Answer.DEFICIENT if k in (1, 3) else Answer.OK, "") for k, i in enumerate(items)}
    services.round_answer(actor=manager, round=rnd, answers=answers, expected_version=rnd.version)
    for k in range(2):
        description, severity, probability, what = FINDINGS[(n + k) % len(FINDINGS)]
        finding = services.finding_create(
            actor=manager, round=rnd, item=items[1 + 2 * k], description=description, severity=severity, probability=probability
        )
        due = held_on + datetime.timedelta(days=30 + 30 * k)
        action = services.action_create(actor=manager, finding=finding, what=what, owner=manager, due_date=due)
        if held_on.year < today.year or (k == 0 and due < today and n % 2):
            done_on = min(due, today)
            services.action_update(
                actor=manager,
                action=action,
                expected_version=action.version,
                what=what,
                owner=manager,
                due_date=due,
                status="done",
                done_on=done_on,
            )
            if held_on.year < today.year:
                services.finding_update(
                    actor=manager,
                    finding=finding,
                    expected_version=finding.version,
                    description=description,
                    severity=severity,
                    probability=probability,
                    item=finding.item,
                    closed_on=done_on,
                )


def generate(ds) -> None:
    today = timezone.localdate()
    holders = {(a.role, a.unit_id): a.user for a in ds.extra["assignments"] if a.unit_id}
    years = range(today.year - YEARS.get(ds.scale, 1) + 1, today.year + 1)
    n = 0
    for unit in ds.units:
        if unit.kind != Unit.Kind.ENHET:
            continue
        manager = holders.get((Role.ENHETSCHEF, unit.pk))
        if manager is None:
            continue
        for year in years:
            for kind, month in ((Kind.SAFETY, 3), (Kind.FIRE, 10)):
                held_on = _held(year, month, today)
                if held_on is not None:
                    _round(manager, unit, kind, held_on, today, n)
                    n += 1
    for unit in ds.units:
        head = holders.get((Role.AVDELNINGSCHEF, unit.pk))
        if unit.kind != Unit.Kind.AVDELNING or head is None:
            continue
        for year in years:
            if year < today.year:
                services.plan_decide(
                    actor=head,
                    department=unit,
                    year=year,
                    decided_on=datetime.date(year, 11, 30),
                    decision_note="",
                    expected_version=None,
                )
    bulk.say(f"rounds: {n} rounds")


def scenarios(ds, cookies: dict, tokens: dict) -> list[Scenario]:
    municipality = ds.municipalities[0]
    found = [
        Scenario(
            "rounds_list",
            "Ronder: alla ronder (förvaltningschef)",
            "list",
            Request("GET", reverse("rounds:index"), cookies=cookies["manager"]),
        ),
        Scenario(
            "rounds_actions",
            "Ronder: åtgärder som inte är klara (förvaltningschef)",
            "list",
            Request("GET", reverse("rounds:actions") + "?status=open", cookies=cookies["manager"]),
        ),
        Scenario(
            "api_rounds",
            "API: ronder",
            "api",
            Request("GET", "/api/v1/safety-rounds", headers={"Authorization": f"Bearer {tokens['manager']}"}),
        ),
    ]
    rnd = Round.objects.filter(unit__municipality=municipality).order_by("-held_on", "-pk").first()
    if rnd is not None:
        found.append(
            Scenario(
                "rounds_detail",
                "Ronder: en rond med checklista och handlingsplan (förvaltningschef)",
                "detail",
                Request("GET", reverse("rounds:detail", args=[rnd.pk]), cookies=cookies["manager"]),
            )
        )
    return found
