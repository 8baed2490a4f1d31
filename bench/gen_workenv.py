"""Bench data for the work-environment delegation: per municipality the default catalogue, the förvaltningschef's
delegation to every avdelningschef and each avdelningschef's to the enhetschefer below, all in force, with a history
of replaced delegations (one per year and area) and returns, some answered.

Written through the services (a few thousand delegations even at scale L), so every rule of §6.5 and every audit
row is as the application writes them.
"""

from django.urls import reverse

from bench.scenarios import Request, Scenario
from lots.accounts.models import Role
from lots.organisation.models import Unit
from lots.workenv import services
from lots.workenv.models import Delegation, ReturnGround, WorkTask

COUNTED = ["workenv.WorkTask", "workenv.Delegation", "workenv.DelegatedTask", "workenv.TaskReturn"]
HISTORY_YEARS = {"T": 1, "S": 2, "M": 4, "L": 8}
TEXT = "Enligt förvaltningens delegationsordning, kapitel arbetsmiljöansvar."


def _delegate(actor, unit, receiver, tasks, further, replaces=None) -> Delegation:
    delegation = services.delegation_create(
        actor=actor,
        unit=unit,
        receiver=receiver,
        tasks=tasks,
        activity=f"{unit.name}: verksamhet, lokaler och medarbetare.",
        may_delegate_further=further,
        competence=TEXT,
        authority=TEXT,
        resources=TEXT,
        replaces=replaces,
    )
    services.delegation_sign(actor=actor, delegation=delegation, expected_version=delegation.version)
    services.delegation_sign(actor=receiver, delegation=delegation, expected_version=delegation.version)
    return delegation


def generate(ds) -> None:
    holders = {(a.role, a.unit_id): a.user for a in ds.extra["assignments"] if a.unit_id}
    years = HISTORY_YEARS.get(ds.scale, 1)
    coordinator = ds.coordinator
    returns = 0
    for municipality in ds.municipalities:
        services.catalogue_add_defaults(actor=coordinator, municipality=municipality)
        tasks = list(WorkTask.objects.filter(municipality=municipality).order_by("position", "pk"))
        units = [u for u in ds.units if u.municipality_id == municipality.pk]
        forvaltning = next(u for u in units if u.kind == Unit.Kind.FORVALTNING)
        chief = holders[(Role.FORVALTNINGSCHEF, forvaltning.pk)]
        for avdelning in (u for u in units if u.kind == Unit.Kind.AVDELNING):
            head = holders[(Role.AVDELNINGSCHEF, avdelning.pk)]
            current = None
            for _year in range(years):
                current = _delegate(chief, avdelning, head, tasks, True, replaces=current)
            for enhet in (u for u in units if u.kind == Unit.Kind.ENHET and u.parent_id == avdelning.pk):
                manager = holders.get((Role.ENHETSCHEF, enhet.pk))
                if manager is None:
                    continue
                below = None
                for _year in range(years):
                    below = _delegate(head, enhet, manager, tasks[:7], False, replaces=below)
                task_return = services.task_return_create(
                    actor=manager, delegation=below, tasks=tasks[1:3], ground=ReturnGround.RESOURCES, text=TEXT
                )
                returns += 1
                if returns % 2:
                    services.task_return_answer(
                        actor=head, task_return=task_return, answer=TEXT, action_taken=TEXT, expected_version=task_return.version
                    )


def scenarios(ds, cookies: dict, tokens: dict) -> list[Scenario]:
    municipality = ds.municipalities[0]
    delegation = Delegation.objects.in_force().filter(unit__municipality=municipality).order_by("-pk").first()
    found = [
        Scenario(
            "workenv_tree",
            "Arbetsmiljödelegering: delegeringskedjan (förvaltningschef)",
            "list",
            Request("GET", reverse("workenv:index"), cookies=cookies["manager"]),
        ),
        Scenario(
            "workenv_list",
            "Arbetsmiljödelegering: alla delegeringar (förvaltningschef)",
            "list",
            Request("GET", reverse("workenv:list"), cookies=cookies["manager"]),
        ),
    ]
    if delegation is not None:
        found.append(
            Scenario(
                "workenv_detail",
                "Arbetsmiljödelegering: en delegering (förvaltningschef)",
                "detail",
                Request("GET", reverse("workenv:detail", args=[delegation.pk]), cookies=cookies["manager"]),
            )
        )
    return found
