"""Writes of the work-environment delegation, each one audited in its own transaction (lots.audit).

The rules of Katrineholm §6.5 live here: a task goes down the line to a manager of the area; one task is delegated
for one area to one manager at a time; a task received is passed on only when the delegation it came by allows it;
a delegation is in force only when both managers have signed; the receiver returns tasks in writing but cannot
decline them.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from lots import access
from lots.accounts.models import User
from lots.audit import services as audit
from lots.audit.models import AuditEntry
from lots.audit.versioning import ConcurrentEditError, update_versioned
from lots.organisation.models import Municipality, Unit
from lots.workenv.defaults import DEFAULT_RETURN_PROCEDURE, DEFAULT_TASKS
from lots.workenv.models import LINE, LINE_RANK, DelegatedTask, Delegation, ReturnGround, TaskReturn, WorkTask

CONTENT_FIELDS = ["activity", "may_delegate_further", "competence", "authority", "resources", "return_procedure"]
TEXT_FIELDS = ["activity", "competence", "authority", "resources", "return_procedure"]


# --- The catalogue -------------------------------------------------------------------------------------------------


@transaction.atomic
def catalogue_add_defaults(*, actor: User, municipality: Municipality) -> list[WorkTask]:
    """Add the default tasks (AFS 2001:1 wording) that the catalogue does not hold yet; returns those added."""
    have = set(WorkTask.objects.filter(municipality=municipality).values_list("title", flat=True))
    top = Unit.objects.filter(municipality=municipality, depth=0).order_by("path").first()
    added = []
    for position, (title, description, basis) in enumerate(DEFAULT_TASKS, start=1):
        if title in have:
            continue
        task = WorkTask.objects.create(
            municipality=municipality, title=title, description=description, basis=basis, position=position * 10
        )
        audit.record_created(actor=actor, obj=task, fields=["title", "basis", "position"], unit=top)
        added.append(task)
    return added


def _clean_task(data: dict, municipality: Municipality, pk: int | None) -> dict:
    data = {**data, "title": data["title"].strip()}
    if not data["title"]:
        raise ValidationError({"title": _("Skriv vad uppgiften är.")})
    if WorkTask.objects.filter(municipality=municipality, title__iexact=data["title"]).exclude(pk=pk).exists():
        raise ValidationError({"title": _("Katalogen har redan en uppgift med det namnet.")})
    return data


@transaction.atomic
def work_task_create(
    *,
    actor: User,
    municipality: Municipality,
    title: str,
    description: str = "",
    basis: str = "",
    position: int = 0,
    is_active: bool = True,
) -> WorkTask:
    data = _clean_task({"title": title}, municipality, None)
    try:
        with transaction.atomic():
            task = WorkTask.objects.create(
                municipality=municipality,
                title=data["title"],
                description=description.strip(),
                basis=basis.strip(),
                position=position,
                is_active=is_active,
            )
    except IntegrityError:
        raise ValidationError({"title": _("Katalogen har redan en uppgift med det namnet.")}) from None
    top = Unit.objects.filter(municipality=municipality, depth=0).order_by("path").first()
    audit.record_created(actor=actor, obj=task, fields=["title", "description", "basis", "position", "is_active"], unit=top)
    return task


@transaction.atomic
def work_task_update(*, actor: User, task: WorkTask, expected_version: int, **data) -> WorkTask:
    data = _clean_task(data, task.municipality, task.pk)
    top = Unit.objects.filter(municipality=task.municipality, depth=0).order_by("path").first()
    try:
        with transaction.atomic():
            update_versioned(task, actor=actor, data=data, expected_version=expected_version, unit=top)
    except IntegrityError:
        raise ValidationError({"title": _("Katalogen har redan en uppgift med det namnet.")}) from None
    return task


# --- Who may delegate what to whom -----------------------------------------------------------------------------------


def line_role(user, unit: Unit) -> str | None:
    """The highest line-manager role (förvaltningschef, avdelningschef, enhetschef) the person holds on ``unit``,
    on the unit itself or above it with sub-units; None without one."""
    roles = {a.role for a in access.assignments_on_path(unit, roles=LINE) if a.user_id == user.pk}
    return min(roles, key=LINE_RANK.__getitem__) if roles else None


def receivers_for(unit: Unit, delegator: User):
    """The managers a delegation on ``unit`` may go to: those with a line-manager role on it below the delegator's."""
    mine = line_role(delegator, unit)
    if mine is None:
        return User.objects.none()
    below = [role for role in LINE if LINE_RANK[role] > LINE_RANK[mine]]
    if not below:
        return User.objects.none()
    return access.people_holding(unit, roles=below).exclude(pk=delegator.pk)


def _holder_text(existing: Delegation) -> str:
    return _("%(ref)s från %(from)s till %(to)s (%(state)s)") % {
        "ref": existing.reference,
        "from": existing.delegator,
        "to": existing.receiver,
        "state": existing.get_state_display().lower(),
    }


def _check_not_delegated(tasks: list[WorkTask], unit: Unit, exclude: Delegation | None) -> None:
    """The same task is never delegated to two managers for the same area: refuse, naming the delegation holding it."""
    held = (
        DelegatedTask.objects.filter(task__in=tasks, unit=unit, is_current=True)
        .exclude(delegation=exclude)
        .select_related("task", "delegation__delegator", "delegation__receiver")
        .order_by("task__position", "pk")
    )
    messages = [
        _("Uppgiften ”%(task)s” är redan delegerad för %(unit)s: %(holder)s. Avsluta eller ersätt den delegeringen först.")
        % {"task": row.task.title, "unit": unit.name, "holder": _holder_text(row.delegation)}
        for row in held
    ]
    if messages:
        raise ValidationError({"tasks": messages})


def _received_via(delegator: User, role: str, tasks: list[WorkTask], unit: Unit) -> dict[int, Delegation | None]:
    """For each task, the delegation in force by which ``delegator`` received it for an area containing ``unit``.

    The förvaltningschef is ultimately responsible (§6.5) and delegates without having received. Anyone else passes
    on only what was delegated to them, and only when that delegation allows further delegation.
    """
    if role == LINE[0]:
        return {task.pk: None for task in tasks}
    received = (
        DelegatedTask.objects.filter(task__in=tasks, delegation__receiver=delegator, delegation__state=Delegation.State.IN_FORCE)
        .select_related("delegation__unit", "task")
        .order_by("-delegation__in_force_from", "pk")
    )
    found: dict[int, Delegation] = {}
    barred: dict[int, Delegation] = {}
    for row in received:
        if not unit.is_within(row.delegation.unit):
            continue
        if row.delegation.may_delegate_further:
            found.setdefault(row.task_id, row.delegation)
        else:
            barred.setdefault(row.task_id, row.delegation)
    messages = []
    for task in tasks:
        if task.pk in found:
            continue
        if task.pk in barred:
            messages.append(
                _("Uppgiften ”%(task)s” fick du genom %(ref)s, som inte får delegeras vidare.")
                % {"task": task.title, "ref": barred[task.pk].reference}
            )
        else:
            messages.append(
                _("Uppgiften ”%(task)s” har inte delegerats till dig för %(unit)s genom en delegering som gäller.")
                % {"task": task.title, "unit": unit.name}
            )
    if messages:
        raise ValidationError({"tasks": messages})
    return found


def _check_parties(*, actor: User, unit: Unit, receiver: User) -> tuple[str, str]:
    if not access.can(actor, "workenv.delegate", unit):
        raise PermissionDenied
    delegator_role = line_role(actor, unit)
    if delegator_role is None:
        raise ValidationError({"unit": _("Du är inte chef för %(unit)s.") % {"unit": unit.name}})
    if receiver.pk == actor.pk:
        raise ValidationError({"receiver": _("Du kan inte delegera till dig själv.")})
    receiver_role = line_role(receiver, unit)
    if receiver_role is None:
        raise ValidationError({"receiver": _("%(person)s är inte chef för %(unit)s.") % {"person": receiver, "unit": unit.name}})
    if LINE_RANK[receiver_role] <= LINE_RANK[delegator_role]:
        raise ValidationError(
            {"receiver": _("Uppgifter delegeras nedåt i linjen: %(person)s är inte chef under dig.") % {"person": receiver}}
        )
    return delegator_role, receiver_role


def _check_tasks(tasks: list[WorkTask], unit: Unit) -> None:
    if not tasks:
        raise ValidationError({"tasks": _("Välj minst en arbetsmiljöuppgift.")})
    if any(t.municipality_id != unit.municipality_id or not t.is_active for t in tasks):
        raise ValidationError({"tasks": _("Välj uppgifter ur kommunens katalog.")})


def _check_texts(data: dict) -> dict:
    data = {name: (value.strip() if isinstance(value, str) else value) for name, value in data.items()}
    missing = {name: _("Fyll i det här.") for name in TEXT_FIELDS if name in data and not data[name]}
    if missing:
        raise ValidationError(missing)
    return data


# --- Delegations ---------------------------------------------------------------------------------------------------


@transaction.atomic
def delegation_create(
    *,
    actor: User,
    unit: Unit,
    receiver: User,
    tasks: list[WorkTask],
    activity: str,
    may_delegate_further: bool,
    competence: str,
    authority: str,
    resources: str,
    return_procedure: str = "",
    replaces: Delegation | None = None,
) -> Delegation:
    """Draw up a delegation from ``actor`` to ``receiver`` for ``unit``; pending until both have signed.

    With ``replaces`` (a current delegation of the same area by the same manager), that one ends now and its tasks
    are free for this one. Raises ValidationError at the field for every rule of §6.5 it breaks.
    """
    tasks = list(tasks)
    delegator_role, receiver_role = _check_parties(actor=actor, unit=unit, receiver=receiver)
    _check_tasks(tasks, unit)
    texts = _check_texts(
        {
            "activity": activity,
            "competence": competence,
            "authority": authority,
            "resources": resources,
            "return_procedure": return_procedure or str(DEFAULT_RETURN_PROCEDURE),
        }
    )
    if replaces is not None:
        if replaces.delegator_id != actor.pk or replaces.unit_id != unit.pk or not replaces.is_current:
            raise ValidationError(_("Bara en gällande eller väntande delegering av samma område och chef kan ersättas."))
        _end(actor=actor, delegation=replaces, reason=_("Ersatt av en ny delegering."), expected_version=replaces.version)
    via = _received_via(actor, delegator_role, tasks, unit)
    _check_not_delegated(tasks, unit, exclude=None)
    delegation = Delegation.objects.create(
        unit=unit,
        delegator=actor,
        delegator_role=delegator_role,
        receiver=receiver,
        receiver_role=receiver_role,
        may_delegate_further=may_delegate_further,
        replaces=replaces,
        created_by=actor,
        **texts,
    )
    try:
        with transaction.atomic():
            DelegatedTask.objects.bulk_create(
                [DelegatedTask(delegation=delegation, task=t, unit=unit, received_via=via.get(t.pk)) for t in tasks]
            )
    except IntegrityError:
        # Another manager's delegation took a task between the check and the insert.
        _check_not_delegated(tasks, unit, exclude=delegation)
        raise
    audit.record_created(
        actor=actor,
        obj=delegation,
        fields=["unit", "receiver", "delegator_role", "receiver_role", "replaces", *CONTENT_FIELDS],
        note=_("Uppgifter: %(ids)s") % {"ids": ", ".join(str(t.pk) for t in tasks)},
    )
    return delegation


@transaction.atomic
def delegation_update(*, actor: User, delegation: Delegation, expected_version: int, tasks: list[WorkTask], **data) -> Delegation:
    """Change a pending delegation's contents. A signature given to the earlier text no longer holds: both sign again."""
    if delegation.delegator_id != actor.pk:
        raise PermissionDenied
    if delegation.state != Delegation.State.PENDING:
        raise ValidationError(_("Bara en delegering som väntar på underskrift kan ändras. Ersätt den i stället."))
    if delegation.version != expected_version:
        raise ConcurrentEditError
    tasks = list(tasks)
    _check_tasks(tasks, delegation.unit)
    data = _check_texts({name: data[name] for name in CONTENT_FIELDS if name in data})
    via = _received_via(actor, delegation.delegator_role, tasks, delegation.unit)
    _check_not_delegated(tasks, delegation.unit, exclude=delegation)
    before = set(delegation.delegated_tasks.values_list("task_id", flat=True))
    after = {t.pk for t in tasks}
    changed = before != after or any(getattr(delegation, name) != value for name, value in data.items())
    if changed:
        data.update({"delegator_signed_at": None, "receiver_signed_at": None})
    changes = update_versioned(delegation, actor=actor, data=data, expected_version=expected_version)
    if before != after:
        delegation.delegated_tasks.exclude(task_id__in=after).delete()
        DelegatedTask.objects.bulk_create(
            [
                DelegatedTask(delegation=delegation, task=t, unit=delegation.unit, received_via=via.get(t.pk))
                for t in tasks
                if t.pk not in before
            ]
        )
        if not changes:
            Delegation.objects.filter(pk=delegation.pk).update(version=F("version") + 1)
            delegation.version += 1
        audit.record(
            actor=actor,
            action=AuditEntry.Action.UPDATE,
            obj=delegation,
            changes={"tasks": (sorted(before), sorted(after))},
        )
    return delegation


@transaction.atomic
def delegation_sign(*, actor: User, delegation: Delegation, expected_version: int) -> Delegation:
    """The delegating or the receiving manager signs with their login. When both have, the delegation is in force.

    There is no way to decline: §6.5 makes work-environment tasks part of the manager's assignment.
    """
    if actor.pk not in (delegation.delegator_id, delegation.receiver_id):
        raise PermissionDenied
    if delegation.state != Delegation.State.PENDING:
        raise ValidationError(_("Delegeringen väntar inte på underskrift."))
    field = "delegator_signed_at" if actor.pk == delegation.delegator_id else "receiver_signed_at"
    if getattr(delegation, field) is not None:
        raise ValidationError(_("Du har redan skrivit under."))
    now = timezone.now()
    data = {field: now}
    other = "receiver_signed_at" if field == "delegator_signed_at" else "delegator_signed_at"
    if getattr(delegation, other) is not None:
        data.update({"state": Delegation.State.IN_FORCE, "in_force_from": now})
    update_versioned(
        delegation,
        actor=actor,
        data=data,
        expected_version=expected_version,
        action=AuditEntry.Action.TRANSITION,
        note=_("Underskriven av delegerande chef") if field == "delegator_signed_at" else _("Underskriven av mottagande chef"),
    )
    return delegation


def may_end(user, delegation: Delegation, *, flagged: bool | None = None) -> bool:
    """The delegating manager ends or replaces their delegation; when it needs a new owner, so does a line manager of
    its area above the receiving manager's level (the one who takes over the delegating)."""
    if not delegation.is_current:
        return False
    if user.pk == delegation.delegator_id:
        return True
    if user.pk == delegation.receiver_id or not access.can(user, "workenv.delegate", delegation.unit):
        return False
    mine = line_role(user, delegation.unit)
    if mine is None or LINE_RANK[mine] >= LINE_RANK[delegation.receiver_role]:
        return False
    return delegation.needs_new_owner() if flagged is None else flagged


def _end(*, actor: User, delegation: Delegation, reason: str, expected_version: int) -> None:
    update_versioned(
        delegation,
        actor=actor,
        data={"state": Delegation.State.ENDED, "ended_at": timezone.now(), "ended_by": actor, "end_reason": reason},
        expected_version=expected_version,
        action=AuditEntry.Action.TRANSITION,
        note=_("Delegeringen avslutad"),
    )
    DelegatedTask.objects.filter(delegation=delegation).update(is_current=False)


@transaction.atomic
def delegation_end(*, actor: User, delegation: Delegation, reason: str, expected_version: int) -> Delegation:
    """End a pending or in-force delegation: its tasks return to the delegating manager and may be delegated anew."""
    if not may_end(actor, delegation):
        raise PermissionDenied
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Skriv varför delegeringen avslutas.")})
    _end(actor=actor, delegation=delegation, reason=reason, expected_version=expected_version)
    return delegation


# --- Returns (returnering) ------------------------------------------------------------------------------------------


@transaction.atomic
def task_return_create(*, actor: User, delegation: Delegation, tasks: list[WorkTask], ground: str, text: str) -> TaskReturn:
    """The receiving manager returns tasks in writing on one of §6.5's grounds. The delegation stays in force; the
    return is a task for the delegating manager until answered (lots.workenv.tasks)."""
    if actor.pk != delegation.receiver_id:
        raise PermissionDenied
    if delegation.state != Delegation.State.IN_FORCE:
        raise ValidationError(_("Uppgifter returneras från en delegering som gäller."))
    tasks = list(tasks)
    own = set(delegation.delegated_tasks.values_list("task_id", flat=True))
    if not tasks:
        raise ValidationError({"tasks": _("Välj vilka uppgifter du returnerar.")})
    if any(t.pk not in own for t in tasks):
        raise ValidationError({"tasks": _("Välj bland delegeringens uppgifter.")})
    if ground not in ReturnGround.values:
        raise ValidationError({"ground": _("Välj en av de fyra grunderna.")})
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Skriv vilka förutsättningar du saknar.")})
    task_return = TaskReturn.objects.create(delegation=delegation, ground=ground, text=text, returned_by=actor)
    task_return.tasks.set(tasks)
    audit.record_created(
        actor=actor,
        obj=task_return,
        fields=["ground", "text"],
        unit=delegation.unit,
        note=_("Uppgifter: %(ids)s") % {"ids": ", ".join(str(t.pk) for t in tasks)},
    )
    return task_return


@transaction.atomic
def task_return_answer(
    *, actor: User, task_return: TaskReturn, answer: str, action_taken: str, expected_version: int
) -> TaskReturn:
    """The delegating manager answers a return with what was done; then it is no longer their task."""
    if actor.pk != task_return.delegation.delegator_id:
        raise PermissionDenied
    if task_return.is_answered:
        raise ValidationError(_("Returneringen är redan besvarad."))
    answer, action_taken = answer.strip(), action_taken.strip()
    errors = {}
    if not answer:
        errors["answer"] = _("Skriv ditt svar.")
    if not action_taken:
        errors["action_taken"] = _("Skriv vad som har gjorts eller ska göras.")
    if errors:
        raise ValidationError(errors)
    update_versioned(
        task_return,
        actor=actor,
        data={"answer": answer, "action_taken": action_taken, "answered_by": actor, "answered_at": timezone.now()},
        expected_version=expected_version,
        unit=task_return.delegation.unit,
        note=_("Returneringen besvarad"),
    )
    return task_return
