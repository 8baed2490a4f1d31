"""Writes to rounds, findings, action plans, the department's plan and the yearly follow-up.

Every write is one function in one transaction that also writes its audit entry (lots.audit); free texts are logged
by length only. Edits compare the version the person saw (lots.audit.versioning) and raise ``ConcurrentEditError``
when someone saved in between.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lots import access
from lots.audit import services as audit
from lots.audit.versioning import ConcurrentEditError, update_versioned
from lots.improvements import services as improvement_services
from lots.improvements.models import ImprovementAction
from lots.organisation.models import Municipality, Unit
from lots.processes.services.calendar import calendar_tasks_complete_by_module
from lots.risks.models import FollowUpItem, RiskScale
from lots.rounds.calendar_links import DEPARTMENT_PLAN, YEARLY_FOLLOWUP
from lots.rounds.models import (
    SECTIONS_OF,
    ActionStatus,
    Answer,
    ChecklistTemplate,
    DepartmentPlan,
    Finding,
    Kind,
    Round,
    RoundItem,
    YearlyFollowUp,
)
from lots.rounds.models import Action as RoundAction
from lots.rounds.queries import department_of, people_for, plan_actions, plan_items_for, year_figures

MAX_ITEMS = 60


# Checklist templates.


@transaction.atomic
def template_save(
    *, actor, municipality: Municipality, kind: str, items: list[dict], expected_version: int | None
) -> ChecklistTemplate:
    """Save the municipality's checklist for ``kind``; rounds already held keep the checklist they were held with."""
    allowed = {s.value for s in SECTIONS_OF[kind]}
    items = [{"section": i["section"], "text": " ".join(i["text"].split())[:300]} for i in items if i["text"].strip()]
    if not items:
        raise ValidationError({"__all__": _("Checklistan behöver minst en punkt.")})
    if len(items) > MAX_ITEMS:
        raise ValidationError({"__all__": _("Checklistan får ha högst %(n)s punkter.") % {"n": MAX_ITEMS}})
    if any(i["section"] not in allowed for i in items):
        raise ValidationError({"__all__": _("En punkt hör till en del som inte finns i den här typen av rond.")})
    template = ChecklistTemplate.objects.select_for_update().filter(municipality=municipality, kind=kind).first()
    if template is None:
        if expected_version not in (None, 1):
            raise ConcurrentEditError
        # The defaults the form showed count as version 1, so a second save from that form is a conflict.
        template = ChecklistTemplate.objects.create(municipality=municipality, kind=kind, items=items, version=2)
        audit.record_created(actor=actor, obj=template, fields=["kind"], note=f"{len(items)} punkter")
        return template
    update_versioned(
        template, actor=actor, data={"items": items}, expected_version=expected_version, note=f"{len(items)} punkter"
    )
    ChecklistTemplate.objects.filter(pk=template.pk).update(updated_at=timezone.now())
    return template


# Rounds.


def _check_people(unit: Unit, kind: str, participants, safety_rep, safety_rep_name: str) -> None:
    errors = {}
    if kind == Kind.SAFETY and safety_rep is None and not safety_rep_name.strip():
        errors["safety_rep"] = _(
            "En skyddsrond hålls med skyddsombudet: välj skyddsombud eller skriv namnet på ett skyddsombud utanför Lots."
        )
    if safety_rep is not None and safety_rep_name.strip():
        errors["safety_rep_name"] = _("Välj skyddsombudet i listan eller skriv ett namn, inte båda.")
    near = set(people_for(unit).values_list("pk", flat=True))
    if any(p.pk not in near for p in participants):
        errors["participants"] = _("Deltagarna ska ha en roll på enheten.")
    if safety_rep is not None and safety_rep.pk not in near:
        errors["safety_rep"] = _(
            "Skyddsombudet ska ha en roll på enheten; skriv annars namnet i fältet för skyddsombud utanför Lots."
        )
    if errors:
        raise ValidationError(errors)


def _check_date(held_on: datetime.date) -> None:
    if held_on > timezone.localdate() + datetime.timedelta(days=366):
        raise ValidationError({"held_on": _("Datumet ligger mer än ett år fram i tiden.")})


@transaction.atomic
def round_create(
    *,
    actor,
    unit: Unit,
    kind: str,
    held_on: datetime.date,
    participants=(),
    safety_rep=None,
    safety_rep_name: str = "",
    note: str = "",
) -> Round:
    """Create a round with a copy of the municipality's checklist for its kind. A safety round needs the safety
    representative (a person in Lots or a name)."""
    if not unit.is_open:
        raise ValidationError({"unit": _("Enheten är stängd.")})
    participants = list(participants)
    _check_people(unit, kind, participants, safety_rep, safety_rep_name)
    _check_date(held_on)
    rnd = Round.objects.create(
        unit=unit,
        kind=kind,
        held_on=held_on,
        safety_rep=safety_rep,
        safety_rep_name=safety_rep_name.strip(),
        note=note,
        created_by=actor,
    )
    rnd.participants.set(participants)
    template = ChecklistTemplate.for_municipality(unit.municipality, kind)
    RoundItem.objects.bulk_create(
        RoundItem(round=rnd, position=n, section=item["section"], text=item["text"]) for n, item in enumerate(template.items, 1)
    )
    audit.record_created(actor=actor, obj=rnd, fields=["unit", "kind", "held_on", "safety_rep", "safety_rep_name", "note"])
    return rnd


@transaction.atomic
def round_update(
    *,
    actor,
    round: Round,
    expected_version: int | None,
    held_on: datetime.date,
    participants,
    safety_rep,
    safety_rep_name: str,
    note: str,
) -> Round:
    participants = list(participants)
    _check_people(round.unit, round.kind, participants, safety_rep, safety_rep_name)
    _check_date(held_on)
    before = set(round.participants.values_list("pk", flat=True))
    after = {p.pk for p in participants}
    data = {"held_on": held_on, "safety_rep": safety_rep, "safety_rep_name": safety_rep_name.strip(), "note": note}
    changes = update_versioned(round, actor=actor, data=data, expected_version=expected_version)
    if before != after:
        if not changes:
            # Only the participants changed: the version still moves so a concurrent edit is noticed.
            if Round.objects.filter(pk=round.pk, version=round.version).update(version=round.version + 1) != 1:
                raise ConcurrentEditError
            round.version += 1
        round.participants.set(participants)
        audit.record(actor=actor, action="update", obj=round, changes={"participants": (sorted(before), sorted(after))})
    return round


@transaction.atomic
def round_answer(*, actor, round: Round, answers: dict[int, tuple[str, str]], expected_version: int | None) -> int:
    """Record the answers (item id → (answer, comment)) of the round's checklist; returns how many items changed."""
    locked = Round.objects.select_for_update().get(pk=round.pk)
    if expected_version is not None and locked.version != expected_version:
        raise ConcurrentEditError
    valid = set(Answer.values) | {""}
    changed = []
    for item in locked.items.all():
        if item.pk not in answers:
            continue
        answer, comment = answers[item.pk]
        if answer not in valid:
            raise ValidationError({"__all__": _("Ogiltigt svar.")})
        if (item.answer, item.comment) != (answer, comment):
            item.answer, item.comment = answer, comment
            changed.append(item)
    if changed:
        RoundItem.objects.bulk_update(changed, ["answer", "comment"])
    Round.objects.filter(pk=round.pk).update(version=locked.version + 1)
    round.version = locked.version + 1
    audit.record(actor=actor, action="update", obj=round, note=f"Checklistan besvarad: {len(changed)} punkter ändrade")
    return len(changed)


# Findings.


def _risk(unit: Unit, severity, probability) -> int:
    scale = RiskScale.for_municipality(unit.municipality)
    errors = {}
    if severity is None:
        errors["severity"] = _("Ange konsekvens: iakttagelsen behöver en risknivå.")
    elif not 1 <= severity <= scale.size:
        errors["severity"] = _("Välj en konsekvens från 1 till %(n)s.") % {"n": scale.size}
    if probability is None:
        errors["probability"] = _("Ange sannolikhet: iakttagelsen behöver en risknivå.")
    elif not 1 <= probability <= scale.size:
        errors["probability"] = _("Välj en sannolikhet från 1 till %(n)s.") % {"n": scale.size}
    if errors:
        raise ValidationError(errors)
    return scale.value(severity, probability)


def _check_item(round: Round, item) -> None:
    if item is not None and item.round_id != round.pk:
        raise ValidationError({"item": _("Punkten hör inte till den här ronden.")})


@transaction.atomic
def finding_create(*, actor, round: Round, description: str, severity: int | None, probability: int | None, item=None) -> Finding:
    """Record a finding; it needs a risk level on the municipality's scale (severity × probability)."""
    if not description.strip():
        raise ValidationError({"description": _("Beskriv iakttagelsen.")})
    value = _risk(round.unit, severity, probability)
    _check_item(round, item)
    finding = Finding.objects.create(
        round=round, item=item, description=description, severity=severity, probability=probability, value=value, created_by=actor
    )
    audit.record_created(
        actor=actor, obj=finding, fields=["round", "description", "severity", "probability", "value"], unit=round.unit
    )
    return finding


@transaction.atomic
def finding_update(
    *,
    actor,
    finding: Finding,
    expected_version: int | None,
    description: str,
    severity: int | None,
    probability: int | None,
    item=None,
    closed_on: datetime.date | None = None,
) -> Finding:
    if not description.strip():
        raise ValidationError({"description": _("Beskriv iakttagelsen.")})
    value = _risk(finding.round.unit, severity, probability)
    _check_item(finding.round, item)
    if closed_on is not None and closed_on < finding.round.held_on:
        raise ValidationError({"closed_on": _("Iakttagelsen kan inte avslutas före ronden.")})
    if closed_on is not None and finding.actions.not_done().exists():
        raise ValidationError({"closed_on": _("Alla åtgärder för iakttagelsen måste vara klara innan den avslutas.")})
    data = {
        "description": description,
        "severity": severity,
        "probability": probability,
        "value": value,
        "item": item,
        "closed_on": closed_on,
    }
    update_versioned(finding, actor=actor, data=data, expected_version=expected_version, unit=finding.round.unit)
    return finding


@transaction.atomic
def finding_to_improvement(
    *,
    actor,
    finding: Finding,
    title: str,
    owner,
    due_date: datetime.date | None,
    description: str = "",
    integrity_confirmed: bool = False,
) -> ImprovementAction:
    """Make the finding an improvement action (lots.improvements), once: the action's id is kept on the finding and
    the action names the finding as its source."""
    locked = Finding.objects.select_for_update().select_related("round__unit__municipality").get(pk=finding.pk)
    if locked.improvement_id is not None:
        raise ValidationError({"__all__": _("Iakttagelsen är redan en förbättringsåtgärd.")})
    unit = locked.round.unit
    improvement_services.check_owner(owner, unit)
    action = improvement_services.improvement_create(
        actor=actor,
        unit=unit,
        title=title,
        owner=owner,
        source_kind=ImprovementAction.Source.OTHER,
        source=locked,
        description=description,
        due_date=due_date,
        integrity_confirmed=integrity_confirmed,
    )
    update_versioned(locked, actor=actor, data={"improvement": action}, expected_version=None, unit=unit)
    finding.improvement = action
    finding.version = locked.version
    return action


# The action plan.


def _check_action(finding: Finding, owner, due_date, status: str, done_on) -> None:
    errors = {}
    if owner is None or owner.pk not in set(people_for(finding.round.unit).values_list("pk", flat=True)):
        errors["owner"] = _("Välj en ansvarig med en roll på enheten.")
    if due_date is None:
        errors["due_date"] = _("Ange när åtgärden ska vara klar.")
    if status == ActionStatus.DONE and done_on is None:
        errors["done_on"] = _("Ange när åtgärden blev klar.")
    if status != ActionStatus.DONE and done_on is not None:
        errors["done_on"] = _("Datum för klar anges bara när statusen är Klar.")
    if done_on is not None and done_on > timezone.localdate():
        errors["done_on"] = _("Datumet kan inte ligga i framtiden.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def action_create(*, actor, finding: Finding, what: str, owner, due_date: datetime.date) -> RoundAction:
    if not what.strip():
        raise ValidationError({"what": _("Beskriv åtgärden.")})
    if finding.closed_on is not None:
        raise ValidationError({"__all__": _("Iakttagelsen är avslutad.")})
    _check_action(finding, owner, due_date, ActionStatus.PLANNED, None)
    action = RoundAction.objects.create(finding=finding, what=what, owner=owner, due_date=due_date, created_by=actor)
    audit.record_created(actor=actor, obj=action, fields=["finding", "what", "owner", "due_date"], unit=finding.round.unit)
    return action


@transaction.atomic
def action_update(
    *,
    actor,
    action: RoundAction,
    expected_version: int | None,
    what: str,
    owner,
    due_date: datetime.date,
    status: str,
    done_on: datetime.date | None,
) -> RoundAction:
    if not what.strip():
        raise ValidationError({"what": _("Beskriv åtgärden.")})
    if status not in ActionStatus.values:
        raise ValidationError({"status": _("Välj en status.")})
    _check_action(action.finding, owner, due_date, status, done_on)
    data = {"what": what, "owner": owner, "due_date": due_date, "status": status, "done_on": done_on}
    update_versioned(action, actor=actor, data=data, expected_version=expected_version, unit=action.finding.round.unit)
    return action


# The department's plan.


@transaction.atomic
def plan_decide(
    *, actor, department: Unit, year: int, decided_on: datetime.date, decision_note: str, expected_version: int | None
) -> DepartmentPlan:
    """The department head decides the department's action plan for ``year`` (Katrineholm §6.6)."""
    if department_of(department) != department:
        raise ValidationError({"__all__": _("Handlingsplanen beslutas för en avdelning.")})
    if not access.can(actor, "rounds.decide", department):
        raise PermissionDenied
    if decided_on > timezone.localdate():
        raise ValidationError({"decided_on": _("Beslutsdatumet kan inte ligga i framtiden.")})
    if decided_on.year < year:
        raise ValidationError({"decided_on": _("Planen för ett år kan inte beslutas före årets början.")})
    plan, created = DepartmentPlan.objects.select_for_update().get_or_create(unit=department, year=year)
    if created:
        audit.record_created(actor=actor, obj=plan, fields=["unit", "year"])
        if expected_version not in (None, 1):
            raise ConcurrentEditError
    count = plan_actions(department, year).count()
    data = {"decided_on": decided_on, "decided_by": actor, "decision_note": decision_note, "actions_at_decision": count}
    update_versioned(plan, actor=actor, data=data, expected_version=expected_version, action="decide")
    calendar_tasks_complete_by_module(actor=actor, link=DEPARTMENT_PLAN, unit=department, year=year)
    return plan


# The yearly follow-up.


@transaction.atomic
def followup_save(
    *,
    actor,
    unit: Unit,
    year: int,
    done: bool,
    what_worked: str,
    what_to_change: str,
    plan_item: FollowUpItem | None,
    followed_up_on: datetime.date,
    expected_version: int | None,
) -> YearlyFollowUp:
    """Record (or change) the unit's yearly follow-up of the systematic work-environment work; the figures of the
    year's rounds are taken as they are now. The yearly calendar's follow-up tasks of the unit that year are done."""
    errors = {}
    if not what_worked.strip():
        errors["what_worked"] = _("Beskriv vad som har fungerat.")
    if not what_to_change.strip():
        errors["what_to_change"] = _("Beskriv vad som behöver förändras, eller skriv att inget behöver förändras.")
    if plan_item is not None and plan_item.pk not in set(plan_items_for(unit, year).values_list("pk", flat=True)):
        errors["plan_item"] = _("Punkten hör inte till en uppföljningsplan för enheten det året.")
    if followed_up_on > timezone.localdate():
        errors["followed_up_on"] = _("Datumet kan inte ligga i framtiden.")
    if errors:
        raise ValidationError(errors)
    figures = year_figures(unit, year)
    data = {
        "done": done,
        "what_worked": what_worked,
        "what_to_change": what_to_change,
        "plan_item": plan_item,
        "followed_up_on": followed_up_on,
        "rounds_held": figures["rounds"],
        "findings_total": figures["findings"],
        "findings_closed": figures["closed"],
    }
    followup = YearlyFollowUp.objects.select_for_update().filter(unit=unit, year=year).first()
    if followup is None:
        if expected_version not in (None, 1):
            raise ConcurrentEditError
        # The empty form counts as version 1, so a second save from an empty form is a conflict.
        followup = YearlyFollowUp.objects.create(unit=unit, year=year, created_by=actor, version=2, **data)
        audit.record_created(actor=actor, obj=followup, fields=["unit", "year", *data])
    else:
        update_versioned(followup, actor=actor, data=data, expected_version=expected_version)
    calendar_tasks_complete_by_module(actor=actor, link=YEARLY_FOLLOWUP, unit=unit, year=year)
    return followup
