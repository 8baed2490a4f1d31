"""Demo data for the work-environment delegation in Exempelkommun.

- The catalogue of default tasks (AFS 2001:1).
- The socialchef (förvaltningschef) delegates the tasks to both avdelningschefer, in force and open to further
  delegation; they delegate on to their enhetschefer, all in force but one that waits for the enhetschef's signature.
- Anna Berglund (enhetschef) has returned two tasks for lack of resources, waiting for Per Falk's answer; Mikael
  Sjöberg's return of the training task has been answered.
"""

from lots.workenv import services
from lots.workenv.models import Delegation, ReturnGround, TaskReturn, WorkTask

DEPENDS_ON = ("lots.organisation", "lots.accounts")

COMPETENCE = "Utbildning i systematiskt arbetsmiljöarbete (BAM) inom sex månader, stöd av HR och företagshälsovården."
AUTHORITY = "Beslutar om arbetsmiljöåtgärder inom enhetens budget och om inköp upp till ett prisbasbelopp."
RESOURCES = "Enhetens budget, HR-partner, företagshälsovård och fastighetsförvaltarens stöd i lokalfrågor."

# (delegator, receiver, unit code, tasks by position, further, signed by: "both" | "delegator")
CHAIN = [
    ("forvaltningschef", "avdchef-myndighet", "myndighet", range(0, 11), True, "both"),
    ("forvaltningschef", "avdchef-oppenvard", "oppenvard", range(0, 11), True, "both"),
    ("avdchef-myndighet", "enhetschef", "bistand-buv", range(0, 7), False, "both"),
    ("avdchef-myndighet", "ec-buf", "bistand-buf", range(0, 7), False, "both"),
    ("avdchef-myndighet", "ec-ekonomi", "ekonomiskt-bistand", range(0, 7), False, "delegator"),
    ("avdchef-oppenvard", "ec-oppna", "oppna-insatser", range(0, 8), False, "both"),
]


def load(ctx) -> None:
    municipality = ctx.municipality
    services.catalogue_add_defaults(actor=ctx.actor, municipality=municipality)
    tasks = list(WorkTask.objects.filter(municipality=municipality, is_active=True).order_by("position", "pk"))
    made = {}
    for delegator, receiver, code, positions, further, signed in CHAIN:
        made[code] = _delegation(ctx, delegator, receiver, code, [tasks[i] for i in positions if i < len(tasks)], further, signed)
    _returns(ctx, made, tasks)


def _delegation(ctx, delegator_name, receiver_name, code, tasks, further, signed) -> Delegation:
    delegator, receiver, unit = ctx.person(delegator_name), ctx.person(receiver_name), ctx.unit(code)
    existing = Delegation.objects.current().filter(unit=unit, delegator=delegator, receiver=receiver).first()
    if existing is not None:
        return existing
    delegation = services.delegation_create(
        actor=delegator,
        unit=unit,
        receiver=receiver,
        tasks=tasks,
        activity=f"{unit.name}: verksamheten, dess lokaler och medarbetare.",
        may_delegate_further=further,
        competence=COMPETENCE,
        authority=AUTHORITY,
        resources=RESOURCES,
    )
    services.delegation_sign(actor=delegator, delegation=delegation, expected_version=delegation.version)
    if signed == "both":
        services.delegation_sign(actor=receiver, delegation=delegation, expected_version=delegation.version)
    return delegation


def _returns(ctx, made, tasks) -> None:
    waiting = made["bistand-buv"]
    if not TaskReturn.objects.filter(delegation=waiting).exists():
        services.task_return_create(
            actor=ctx.person("enhetschef"),
            delegation=waiting,
            tasks=tasks[1:3],
            ground=ReturnGround.RESOURCES,
            text=(
                "Åtgärderna efter skyddsronden kräver ombyggnad av receptionen (skalskydd) som ryms inte i enhetens budget. "
                "Jag behöver beslut om medel innan åtgärderna kan genomföras."
            ),
        )
    answered = made["bistand-buf"]
    if not TaskReturn.objects.filter(delegation=answered).exists():
        task_return = services.task_return_create(
            actor=ctx.person("ec-buf"),
            delegation=answered,
            tasks=tasks[0:1],
            ground=ReturnGround.TRAINING,
            text="Jag har inte gått utbildningen i systematiskt arbetsmiljöarbete än.",
        )
        services.task_return_answer(
            actor=ctx.person("avdchef-myndighet"),
            task_return=task_return,
            answer="Du är anmäld till BAM-utbildningen i vår. Till dess stöttar HR vid riskbedömningarna.",
            action_taken="Anmälan till BAM gjord; HR-partnern deltar i vårens riskbedömningar.",
            expected_version=task_return.version,
        )
