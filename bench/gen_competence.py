"""Bench data for competence development, on the employments bench/gen_staff.py writes: one to three appraisals per
employment (about one in seven more than twelve months ago), an individual plan for this year for most with two
activities, one of them done; a unit plan for this year with three rows on every unit with staff, group supervision on
every third and a student on every fifth.

Written in bulk with the columns the services fill (lots.competence.services); no audit rows, as the lists do not read
them.
"""

import datetime

from django.urls import reverse
from django.utils import timezone

from bench import bulk
from bench.scenarios import Request, Scenario
from lots.competence.models import (
    Appraisal,
    IndividualPlan,
    ItemStatus,
    PlanRow,
    Student,
    Supervision,
    SupervisionForm,
    UnitPlan,
    UnitPlanItem,
)
from lots.staff.models import Employment

COUNTED = [
    "competence.Appraisal",
    "competence.IndividualPlan",
    "competence.PlanRow",
    "competence.UnitPlan",
    "competence.UnitPlanItem",
    "competence.Supervision",
    "competence.Student",
]


def generate(ds) -> None:
    today = timezone.localdate()
    now = timezone.now()
    holder = ds.coordinator
    employments = list(Employment.objects.current(today).order_by("pk").values_list("pk", "unit_id", "starts_on", "person_id"))
    appraisals, plans, rows = [], [], []
    appraisal_id = bulk.next_id(Appraisal)
    plan_id = bulk.next_id(IndividualPlan)
    for n, (employment_id, unit_id, starts_on, _person_id) in enumerate(employments):
        if (today - starts_on).days < 60:
            continue
        overdue = n % 7 == 3
        latest = today - datetime.timedelta(days=(380 + n % 200) if overdue else ds.rng.randint(5, 350))
        latest = max(latest, starts_on)
        held = [latest - datetime.timedelta(days=365 * k) for k in range(1 + n % 3)]
        for day in held:
            if day < starts_on:
                break
            appraisals.append((appraisal_id, 1, employment_id, unit_id, day, holder.pk, now))
            if day == latest and latest.year == today.year and n % 5 != 0:
                plans.append((plan_id, 1, employment_id, unit_id, today.year, appraisal_id, "Mål för året.", now))
                rows.append((1, plan_id, "Kurs i motiverande samtal", "vt", day if n % 2 else None, "Genomförd" if n % 2 else ""))
                rows.append((1, plan_id, "Auskultation hos en kollega", "ht", None, ""))
                plan_id += 1
            appraisal_id += 1
    bulk.write(Appraisal, ["id", "version", "employment_id", "unit_id", "held_on", "held_by_id", "created_at"], appraisals)
    bulk.write(
        IndividualPlan,
        ["id", "version", "employment_id", "unit_id", "year", "appraisal_id", "goals", "created_at"],
        plans,
    )
    bulk.write(PlanRow, ["version", "plan_id", "activity", "planned_when", "done_on", "outcome"], rows)

    units = sorted({unit_id for _e, unit_id, _s, _p in employments})
    unit_plan_id = bulk.next_id(UnitPlan)
    unit_plans, items, supervision, students = [], [], [], []
    first_employment = {}
    for employment_id, unit_id, starts_on, _person_id in employments:
        first_employment.setdefault(unit_id, (employment_id, starts_on))
    for i, unit_id in enumerate(units):
        unit_plans.append((unit_plan_id, 1, unit_id, today.year, "Inventering på APT.", now, now))
        for k, (need, activity) in enumerate(
            [("Dokumentation", "Workshop i dokumentation"), ("Samtalsmetodik", "Kurs i MI"), ("Ny lag", "Genomgång på APT")]
        ):
            items.append((1, unit_plan_id, need, activity, "Alla", "vt", 5000 * k or None, ItemStatus.PLANNED))
        unit_plan_id += 1
        if i % 3 == 0:
            supervision.append(
                (
                    1,
                    unit_id,
                    SupervisionForm.GROUP,
                    "Extern handledare",
                    "Var tredje vecka",
                    datetime.date(today.year, 1, 15),
                    None,
                    now,
                )
            )
        supervisor, starts_on = first_employment[unit_id]
        if i % 5 == 0 and starts_on <= today - datetime.timedelta(days=30):
            students.append(
                (
                    1,
                    unit_id,
                    f"Student {i}",
                    "Socionomprogrammet",
                    "Högskolan",
                    today - datetime.timedelta(days=20),
                    today + datetime.timedelta(days=40),
                    supervisor,
                    now,
                )
            )
    bulk.write(UnitPlan, ["id", "version", "unit_id", "year", "summary", "created_at", "updated_at"], unit_plans)
    bulk.write(UnitPlanItem, ["version", "plan_id", "need", "activity", "target_group", "when", "cost", "status"], items)
    bulk.write(
        Supervision,
        ["version", "unit_id", "form", "given_by", "frequency", "starts_on", "ends_on", "created_at"],
        supervision,
    )
    bulk.write(
        Student,
        ["version", "unit_id", "name", "programme", "school", "starts_on", "ends_on", "supervisor_id", "created_at"],
        students,
    )
    bulk.reset_sequences(Appraisal, IndividualPlan, PlanRow, UnitPlan, UnitPlanItem, Supervision, Student)


def scenarios(ds, cookies: dict, tokens: dict) -> list[Scenario]:
    municipality = ds.municipalities[0]
    employment = (
        Employment.objects.filter(unit__municipality=municipality, appraisals__isnull=False).current().order_by("-pk").first()
    )
    found = [
        Scenario(
            "competence_status",
            "Kompetens: medarbetarnas status, samtal och planer (förvaltningschef)",
            "list",
            Request("GET", reverse("competence:index"), cookies=cookies["manager"]),
        ),
    ]
    if employment is not None:
        found.append(
            Scenario(
                "competence_person",
                "Kompetens: en medarbetares samtal och individuella planer (förvaltningschef)",
                "detail",
                Request("GET", reverse("competence:person", args=[employment.pk]), cookies=cookies["manager"]),
            )
        )
    return found
