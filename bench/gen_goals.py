"""Bench data for goals: per municipality and year (last year and this), the seven goal areas, result goals on each
förvaltning and department, and activities on their units, each serving a goal; last year's plans established and
followed up at year end, this year's plans established.

Everything goes through the services (a few thousand rows at scale L), so the rules and the audit rows are as the
application writes them.
"""

import datetime
import random

from django.urls import reverse
from django.utils import timezone

from bench import bulk
from bench.scenarios import Request, Scenario
from lots.accounts.models import Role
from lots.goals import services
from lots.goals import tree as goal_tree
from lots.goals.models import Activity, FollowUp, GoalArea, ResultGoal
from lots.organisation.models import Unit

COUNTED = ["goals.GoalArea", "goals.ResultGoal", "goals.Activity", "goals.GoalAssessment", "goals.ActivityReport"]
# Result goals per förvaltning or department, and activities per goal.
GOALS_PER_UNIT = {"T": 2, "S": 3, "M": 4, "L": 5}
ACTIVITIES_PER_GOAL = {"T": 1, "S": 2, "M": 3, "L": 3}
AREAS = [
    "Tillväxt, jobb och egen försörjning",
    "Attraktiva boende- och livsmiljöer",
    "Utbildning",
    "Omsorg och trygghet",
    "Kultur, idrott och fritid",
    "Hållbar miljö",
    "Ekonomi och organisation",
]
ASSESSMENTS = ["met", "partly", "not_met"]


def _year(ds, municipality, year: int, places: list[Unit], units_below: dict, holders: dict, rng) -> None:
    actor = holders[places[0].pk]
    areas = [
        services.goal_area_create(actor=actor, municipality=municipality, year=year, name=name, number=n)
        for n, name in enumerate(AREAS, start=1)
    ]
    for unit in places:
        owner = holders[unit.pk]
        targets = units_below.get(unit.pk) or [unit]
        for n in range(GOALS_PER_UNIT.get(ds.scale, 2)):
            goal = services.result_goal_create(
                actor=owner,
                area=areas[(n * 3 + unit.pk) % len(areas)],
                unit=unit,
                number=n + 1,
                title=f"Fler kvinnor och män får stöd i tid ({unit.name}, mål {n + 1})",
                concerns_clients=n % 2 == 0,
                decided_by="Socialnämnden",
            )
            for k in range(ACTIVITIES_PER_GOAL.get(ds.scale, 1)):
                place = targets[(n + k) % len(targets)]
                start = datetime.date(year, rng.randint(1, 6), 1)
                services.activity_create(
                    actor=owner,
                    unit=place,
                    year=year,
                    title=f"Aktivitet {k + 1} för mål {n + 1}",
                    owner=owner,
                    starts_on=start,
                    ends_on=datetime.date(year, rng.randint(start.month + 1, 12), 28),
                    goals=[goal],
                    status=rng.choice(Activity.Status.values),
                )
        services.plan_establish(actor=owner, unit=unit, year=year)


def _follow_up(unit: Unit, year: int, owner, rng) -> None:
    follow_up = services.follow_up_open(actor=owner, unit=unit, year=year, period=FollowUp.Period.YEAR)
    tree = goal_tree.build(unit, year, follow_up=follow_up)
    for node in tree.goals:
        if node.goal.unit_id == unit.pk:
            services.assessment_record(
                actor=owner, follow_up=follow_up, goal=node.goal, assessment=rng.choice(ASSESSMENTS), analysis="Se aktiviteterna."
            )


def generate(ds) -> None:
    today = timezone.localdate()
    rng = random.Random(f"lots-bench-goals-{ds.scale}")
    holders = {}
    for assignment in ds.extra["assignments"]:
        if assignment.unit_id and assignment.role in (Role.FORVALTNINGSCHEF, Role.AVDELNINGSCHEF):
            holders.setdefault(assignment.unit_id, assignment.user)
    kinds = (Unit.Kind.FORVALTNING, Unit.Kind.AVDELNING)
    for municipality in ds.municipalities:
        places = [u for u in ds.units if u.municipality_id == municipality.pk and u.kind in kinds and u.pk in holders]
        if not places:
            continue
        units_below = {
            place.pk: [u for u in ds.units if u.path.startswith(place.path) and u.kind == Unit.Kind.ENHET] for place in places
        }
        for year in (today.year - 1, today.year):
            _year(ds, municipality, year, places, units_below, holders, rng)
        for unit in places:
            _follow_up(unit, today.year - 1, holders[unit.pk], rng)
    bulk.say(
        f"goals: {ResultGoal.objects.count()} result goals, {Activity.objects.count()} activities, "
        f"{GoalArea.objects.count()} goal areas"
    )


def scenarios(ds, cookies: dict, tokens: dict) -> list[Scenario]:
    found = []
    year = timezone.localdate().year
    forvaltning = Unit.objects.filter(municipality=ds.municipalities[0], kind=Unit.Kind.FORVALTNING).order_by("path").first()
    if forvaltning is None:
        return found
    found += [
        Scenario(
            "goals_tree_forvaltning",
            "Mål och uppföljning: målträdet för en förvaltning (förvaltningschef)",
            "page",
            Request("GET", reverse("goals:plan", args=[forvaltning.pk, year]), cookies=cookies["manager"]),
        ),
        Scenario(
            "goals_index",
            "Mål och uppföljning: verksamhetsplanerna (förvaltningschef)",
            "list",
            Request("GET", reverse("goals:index"), cookies=cookies["manager"]),
        ),
        Scenario(
            "api_goals",
            "API: resultatmål",
            "api",
            Request("GET", f"/api/v1/goals/goals?year={year}", headers={"Authorization": f"Bearer {tokens['manager']}"}),
        ),
    ]
    return found
