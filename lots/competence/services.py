"""Writes of competence records. Each is one transaction with its audit entry; free text is logged as its length.

Who may call which service is decided by the views and the API through lots.competence.access; the services check the
rules about the records themselves (dates, the year, the supervisor being staff of the unit).
"""

import datetime
import decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lots.audit import services as audit
from lots.audit.models import AuditEntry
from lots.audit.versioning import update_versioned
from lots.competence.models import (
    Appraisal,
    IndividualPlan,
    ItemStatus,
    PlanRow,
    Student,
    Supervision,
    UnitPlan,
    UnitPlanItem,
)
from lots.organisation.models import Unit
from lots.staff.models import Employment

MIN_YEAR, MAX_YEAR = 2000, 2100


def _check_year(year: int, field: str = "year") -> None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValidationError({field: _("Ange ett år mellan %(a)s och %(b)s.") % {"a": MIN_YEAR, "b": MAX_YEAR}})


# --- The unit's plan -------------------------------------------------------------------------------------------------


@transaction.atomic
def unit_plan_create(*, actor, unit: Unit, year: int, summary: str = "") -> UnitPlan:
    """Start the unit's competence development plan for ``year``; one plan per unit and year."""
    _check_year(year)
    if UnitPlan.objects.filter(unit=unit, year=year).exists():
        raise ValidationError({"year": _("Enheten har redan en plan för %(year)s.") % {"year": year}})
    plan = UnitPlan.objects.create(unit=unit, year=year, summary=summary)
    audit.record_created(actor=actor, obj=plan, fields=["year", "summary"])
    return plan


@transaction.atomic
def unit_plan_update(*, actor, plan: UnitPlan, summary: str, version: int | None = None) -> UnitPlan:
    changes = update_versioned(plan, actor=actor, data={"summary": summary}, expected_version=version)
    if changes:
        UnitPlan.objects.filter(pk=plan.pk).update(updated_at=timezone.now())
    return plan


@transaction.atomic
def unit_plan_copy(*, actor, plan: UnitPlan, year: int) -> UnitPlan:
    """A new plan for ``year`` with the rows of ``plan``, each planned anew (status "planned"); the old plan is left
    as it was. Refused when the unit already has a plan for that year."""
    _check_year(year)
    if year <= plan.year:
        raise ValidationError({"year": _("Välj ett år efter %(year)s.") % {"year": plan.year}})
    new = unit_plan_create(actor=actor, unit=plan.unit, year=year, summary=plan.summary)
    items = [
        UnitPlanItem(
            plan=new,
            need=item.need,
            activity=item.activity,
            target_group=item.target_group,
            when=item.when,
            cost=item.cost,
            status=ItemStatus.PLANNED,
        )
        for item in plan.items.all()
    ]
    UnitPlanItem.objects.bulk_create(items)
    audit.record(
        actor=actor,
        action=AuditEntry.Action.CREATE,
        obj=new,
        note=_("Kopierad från planen för %(year)s (%(n)s rader)") % {"year": plan.year, "n": len(items)},
    )
    return new


def _check_cost(cost: decimal.Decimal | None) -> None:
    if cost is not None and cost < 0:
        raise ValidationError({"cost": _("Kostnaden kan inte vara negativ.")})


@transaction.atomic
def unit_plan_item_add(
    *,
    actor,
    plan: UnitPlan,
    need: str,
    activity: str,
    target_group: str = "",
    when: str = "",
    cost: decimal.Decimal | None = None,
    status: str = ItemStatus.PLANNED,
) -> UnitPlanItem:
    _check_cost(cost)
    item = UnitPlanItem.objects.create(
        plan=plan, need=need, activity=activity, target_group=target_group, when=when, cost=cost, status=status
    )
    audit.record_created(
        actor=actor, obj=item, fields=["need", "activity", "target_group", "when", "cost", "status"], unit=plan.unit
    )
    return item


@transaction.atomic
def unit_plan_item_update(*, actor, item: UnitPlanItem, version: int | None = None, **data) -> UnitPlanItem:
    """Change ``need``, ``activity``, ``target_group``, ``when``, ``cost`` or ``status`` of a row."""
    _check_cost(data.get("cost"))
    update_versioned(item, actor=actor, data=data, expected_version=version, unit=item.plan.unit)
    return item


@transaction.atomic
def unit_plan_item_remove(*, actor, item: UnitPlanItem) -> None:
    audit.record(actor=actor, action=AuditEntry.Action.DELETE, obj=item, unit=item.plan.unit)
    item.delete()


# --- Appraisals and individual plans -------------------------------------------------------------------------------


def _check_held_on(employment: Employment, held_on: datetime.date) -> None:
    if held_on > timezone.localdate():
        raise ValidationError({"held_on": _("Ange dagen samtalet hölls; den kan inte ligga fram i tiden.")})
    if held_on < employment.starts_on:
        raise ValidationError(
            {"held_on": _("Samtalet kan inte ha hållits före anställningen började (%(day)s).") % {"day": employment.starts_on}}
        )
    if employment.ends_on is not None and held_on > employment.ends_on:
        raise ValidationError(
            {"held_on": _("Samtalet kan inte ha hållits efter anställningen slutade (%(day)s).") % {"day": employment.ends_on}}
        )


@transaction.atomic
def appraisal_record(*, actor, employment: Employment, held_on: datetime.date, goals: str = "") -> Appraisal:
    """Record an appraisal held with the staff member, by ``actor``. The individual plan for the year it was held in is
    drawn up there: created with ``goals`` when there is none, otherwise linked to this appraisal and its goals kept
    unless new ones are given."""
    _check_held_on(employment, held_on)
    appraisal = Appraisal.objects.create(employment=employment, unit=employment.unit, held_on=held_on, held_by=actor)
    audit.record_created(actor=actor, obj=appraisal, fields=["held_on", "held_by"])
    plan = IndividualPlan.objects.filter(employment=employment, year=held_on.year).first()
    if plan is None:
        plan = IndividualPlan.objects.create(
            employment=employment, unit=employment.unit, year=held_on.year, appraisal=appraisal, goals=goals
        )
        audit.record_created(actor=actor, obj=plan, fields=["year", "appraisal", "goals"])
    else:
        data = {"appraisal": appraisal}
        if goals.strip():
            data["goals"] = goals
        update_versioned(plan, actor=actor, data=data, expected_version=None)
    return appraisal


@transaction.atomic
def appraisal_update(*, actor, appraisal: Appraisal, held_on: datetime.date, version: int | None = None) -> Appraisal:
    _check_held_on(appraisal.employment, held_on)
    update_versioned(appraisal, actor=actor, data={"held_on": held_on}, expected_version=version)
    return appraisal


@transaction.atomic
def plan_create(*, actor, employment: Employment, year: int, goals: str = "") -> IndividualPlan:
    """An individual plan for ``year`` drawn up outside an appraisal (a new employee's first plan)."""
    _check_year(year)
    if IndividualPlan.objects.filter(employment=employment, year=year).exists():
        raise ValidationError({"year": _("Det finns redan en individuell plan för %(year)s.") % {"year": year}})
    try:
        with transaction.atomic():
            plan = IndividualPlan.objects.create(employment=employment, unit=employment.unit, year=year, goals=goals)
    except IntegrityError:
        raise ValidationError({"year": _("Det finns redan en individuell plan för %(year)s.") % {"year": year}}) from None
    audit.record_created(actor=actor, obj=plan, fields=["year", "goals"])
    return plan


@transaction.atomic
def plan_update(*, actor, plan: IndividualPlan, goals: str, version: int | None = None) -> IndividualPlan:
    update_versioned(plan, actor=actor, data={"goals": goals}, expected_version=version)
    return plan


@transaction.atomic
def plan_row_add(*, actor, plan: IndividualPlan, activity: str, planned_when: str = "") -> PlanRow:
    row = PlanRow.objects.create(plan=plan, activity=activity, planned_when=planned_when)
    audit.record_created(actor=actor, obj=row, fields=["activity", "planned_when"], unit=plan.unit)
    return row


def _check_done_on(row: PlanRow, done_on: datetime.date | None) -> None:
    if done_on is None:
        return
    if done_on > timezone.localdate():
        raise ValidationError({"done_on": _("Datumet kan inte ligga fram i tiden.")})
    if done_on.year < row.plan.year - 1:
        raise ValidationError({"done_on": _("Datumet ligger långt före planens år (%(year)s).") % {"year": row.plan.year}})


@transaction.atomic
def plan_row_update(
    *,
    actor,
    row: PlanRow,
    activity: str,
    planned_when: str,
    done_on: datetime.date | None,
    outcome: str,
    version: int | None = None,
) -> PlanRow:
    """Change a row of an individual plan: the activity, when, and what was done (a date marks it done)."""
    _check_done_on(row, done_on)
    if outcome.strip() and done_on is None:
        raise ValidationError({"done_on": _("Ange när aktiviteten genomfördes, eller lämna fältet om vad som gjordes tomt.")})
    data = {"activity": activity, "planned_when": planned_when, "done_on": done_on, "outcome": outcome}
    update_versioned(row, actor=actor, data=data, expected_version=version, unit=row.plan.unit)
    return row


@transaction.atomic
def plan_row_mark_done(*, actor, row: PlanRow, done_on: datetime.date, outcome: str = "", version: int | None = None) -> PlanRow:
    """The employee (or their manager) marks a planned activity done, with what was done."""
    _check_done_on(row, done_on)
    data = {"done_on": done_on, "outcome": outcome}
    update_versioned(row, actor=actor, data=data, expected_version=version, unit=row.plan.unit, note=_("Genomförd"))
    return row


# --- Supervision and students --------------------------------------------------------------------------------------


def _check_period(starts_on: datetime.date, ends_on: datetime.date | None) -> None:
    if ends_on is not None and ends_on < starts_on:
        raise ValidationError({"ends_on": _("Slutdatumet kan inte ligga före startdatumet.")})


@transaction.atomic
def supervision_add(
    *,
    actor,
    unit: Unit,
    form: str,
    given_by: str,
    frequency: str,
    starts_on: datetime.date,
    ends_on: datetime.date | None = None,
) -> Supervision:
    _check_period(starts_on, ends_on)
    supervision = Supervision.objects.create(
        unit=unit, form=form, given_by=given_by, frequency=frequency, starts_on=starts_on, ends_on=ends_on
    )
    audit.record_created(actor=actor, obj=supervision, fields=["form", "given_by", "frequency", "starts_on", "ends_on"])
    return supervision


@transaction.atomic
def supervision_update(*, actor, supervision: Supervision, version: int | None = None, **data) -> Supervision:
    _check_period(data.get("starts_on", supervision.starts_on), data.get("ends_on", supervision.ends_on))
    update_versioned(supervision, actor=actor, data=data, expected_version=version)
    return supervision


def _check_supervisor(unit: Unit, supervisor: Employment, starts_on: datetime.date, ends_on: datetime.date) -> None:
    """The supervisor is a staff member of the unit, employed there during the placement."""
    if supervisor.unit_id != unit.pk:
        raise ValidationError({"supervisor": _("Handledaren ska vara anställd på enheten %(unit)s.") % {"unit": unit}})
    if supervisor.starts_on > starts_on or (supervisor.ends_on is not None and supervisor.ends_on < ends_on):
        raise ValidationError({"supervisor": _("Handledaren är inte anställd på enheten under hela praktikperioden.")})


@transaction.atomic
def student_add(
    *,
    actor,
    unit: Unit,
    name: str,
    programme: str,
    school: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
    supervisor: Employment,
) -> Student:
    _check_period(starts_on, ends_on)
    _check_supervisor(unit, supervisor, starts_on, ends_on)
    student = Student.objects.create(
        unit=unit,
        name=name,
        programme=programme,
        school=school,
        starts_on=starts_on,
        ends_on=ends_on,
        supervisor=supervisor,
    )
    audit.record_created(actor=actor, obj=student, fields=["name", "programme", "school", "starts_on", "ends_on", "supervisor"])
    return student


@transaction.atomic
def student_update(*, actor, student: Student, version: int | None = None, **data) -> Student:
    starts_on = data.get("starts_on", student.starts_on)
    ends_on = data.get("ends_on", student.ends_on)
    _check_period(starts_on, ends_on)
    _check_supervisor(student.unit, data.get("supervisor", student.supervisor), starts_on, ends_on)
    update_versioned(student, actor=actor, data=data, expected_version=version)
    return student
