"""Writes to goals, activities, plans and follow-ups. Each is one transaction that writes its audit entry.

The rules kept here:

- A result goal's year is its goal area's year, and its unit lies in the area's municipality.
- An activity serves at least one decided result goal or a requirement of the law list (Katrineholm §4.3: no activity
  that does not aim at a law requirement or a decided goal); its dates lie within its year.
- An established plan is changed only with a reason: every change to its goals or activities makes a new version
  (``PlanChange``) with the reason and the tree as it now stands; a version's snapshot never changes (also a database
  trigger, migration 0002).
- A follow-up assesses every goal of the unit's tree with an analysis and reports every activity's status before it
  is established; establishing it freezes its figures and the indicator values of its period
  (lots.indicators.services.freeze_values), after which neither it nor its assessments change.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from lots import access
from lots.audit import services as audit
from lots.audit.models import AuditEntry
from lots.audit.versioning import ConcurrentEditError, update_versioned
from lots.goals import tree as goal_tree
from lots.goals.models import (
    Activity,
    ActivityReport,
    FollowUp,
    GoalArea,
    GoalAssessment,
    Plan,
    PlanChange,
    ResultGoal,
)
from lots.organisation.models import Municipality, Unit
from lots.processes.services.common import municipality_top, set_m2m

AREA_FIELDS = {"number", "name", "description", "decided_by", "decision_date", "decision_reference"}
GOAL_FIELDS = {
    "area",
    "number",
    "title",
    "description",
    "concerns_clients",
    "decided_by",
    "decision_date",
    "decision_reference",
}
ACTIVITY_FIELDS = {"title", "description", "owner", "starts_on", "ends_on", "status", "budget_amount"}
# An activity's status is how the plan is carried out, not what it says: changing it needs no new plan version.
EXECUTION_FIELDS = {"status"}


def _required(values: dict, messages: dict[str, str]) -> None:
    errors = {name: message for name, message in messages.items() if name in values and not str(values[name] or "").strip()}
    if errors:
        raise ValidationError(errors)


def _strip(data: dict) -> dict:
    return {name: value.strip() if isinstance(value, str) else value for name, value in data.items()}


def _refuse_unknown(data: dict, allowed: set[str], what: str) -> None:
    unknown = set(data) - allowed
    if unknown:
        raise TypeError(f"Unknown {what} fields: {sorted(unknown)}")


# --- Goal areas --------------------------------------------------------------------------------------------------


def _check_area_name(municipality: Municipality, year: int, name: str, exclude: int | None = None) -> None:
    clash = GoalArea.objects.filter(municipality=municipality, year=year, name__iexact=name).exclude(pk=exclude)
    if clash.exists():
        raise ValidationError({"name": _("Det finns redan ett målområde med det namnet för året.")})


@transaction.atomic
def goal_area_create(
    *,
    actor,
    municipality: Municipality,
    year: int,
    name: str,
    number: int = 1,
    description: str = "",
    decided_by: str = "",
    decision_date: datetime.date | None = None,
    decision_reference: str = "",
) -> GoalArea:
    """Record a goal area the council set for the year."""
    values = _strip({"name": name, "description": description, "decided_by": decided_by})
    _required(values, {"name": _("Skriv vad målområdet heter.")})
    _check_area_name(municipality, year, values["name"])
    area = GoalArea.objects.create(
        municipality=municipality,
        year=year,
        number=number,
        decision_date=decision_date,
        decision_reference=decision_reference.strip(),
        **values,
    )
    audit.record_created(
        actor=actor, obj=area, fields=["year", "number", "name", "decided_by"], unit=municipality_top(municipality)
    )
    return area


@transaction.atomic
def goal_area_update(*, actor, area: GoalArea, expected_version: int | None, **data) -> dict:
    _refuse_unknown(data, AREA_FIELDS, "goal area")
    data = _strip(data)
    _required(data, {"name": _("Skriv vad målområdet heter.")})
    if "name" in data:
        _check_area_name(area.municipality, area.year, data["name"], exclude=area.pk)
    return update_versioned(
        area, actor=actor, data=data, expected_version=expected_version, unit=municipality_top(area.municipality)
    )


# --- Plans and their versions -----------------------------------------------------------------------------------


def plan_of(unit: Unit, year: int) -> Plan | None:
    return Plan.objects.filter(unit=unit, year=year).first()


def _plan_for_change(unit: Unit, year: int, reason: str) -> Plan | None:
    """The established plan a change to ``unit``'s goals or activities of ``year`` falls under (locked), after
    checking the reason; None when the plan is a draft or not started."""
    plan = Plan.objects.select_for_update().filter(unit=unit, year=year, state=Plan.State.ESTABLISHED).first()
    if plan is not None and not (reason or "").strip():
        raise ValidationError(
            {"reason": _("Verksamhetsplanen är fastställd. Skriv varför den ändras; ändringen blir en ny version.")}
        )
    return plan


def _new_version(plan: Plan | None, *, actor, reason: str) -> PlanChange | None:
    """After a change under an established plan: the next version, with the reason and the tree as it now stands."""
    if plan is None:
        return None
    Plan.objects.filter(pk=plan.pk).update(version_number=F("version_number") + 1, version=F("version") + 1)
    plan.refresh_from_db(fields=["version_number", "version"])
    change = PlanChange.objects.create(
        plan=plan,
        version_number=plan.version_number,
        reason=reason.strip(),
        actor=actor,
        snapshot=goal_tree.snapshot(goal_tree.build(plan.unit, plan.year, follow_up=None)),
    )
    audit.record(
        actor=actor,
        action=AuditEntry.Action.UPDATE,
        obj=plan,
        changes={"version_number": (plan.version_number - 1, plan.version_number)},
        note=_("Ny version av fastställd verksamhetsplan"),
    )
    return change


@transaction.atomic
def plan_establish(*, actor, unit: Unit, year: int, expected_version: int | None = None) -> Plan:
    """Establish the plan of ``unit`` for ``year`` as version 1, keeping its tree as it stands."""
    if not unit.is_open:
        raise ValidationError(_("Enheten är stängd."))
    plan, _created = Plan.objects.select_for_update().get_or_create(unit=unit, year=year)
    if expected_version is not None and plan.version != expected_version:
        raise ConcurrentEditError
    if plan.is_established:
        raise ValidationError(_("Verksamhetsplanen är redan fastställd."))
    tree = goal_tree.build(unit, year, follow_up=None)
    if not tree.goals and not tree.activities:
        raise ValidationError(_("Verksamhetsplanen har inga mål eller aktiviteter att fastställa."))
    now = timezone.now()
    update_versioned(
        plan,
        actor=actor,
        data={"state": Plan.State.ESTABLISHED, "established_at": now, "established_by": actor},
        expected_version=plan.version,
        action=AuditEntry.Action.TRANSITION,
    )
    PlanChange.objects.create(
        plan=plan,
        version_number=plan.version_number,
        reason=_("Fastställd"),
        actor=actor,
        at=now,
        snapshot=goal_tree.snapshot(tree),
    )
    return plan


# --- Result goals ------------------------------------------------------------------------------------------------


def _check_goal_place(area: GoalArea, unit: Unit) -> None:
    if unit.municipality_id != area.municipality_id:
        raise ValidationError({"unit": _("Enheten hör inte till målområdets kommun.")})
    if not unit.is_open:
        raise ValidationError({"unit": _("Enheten är stängd.")})


GOAL_REQUIRED = {"title": "Skriv vad som ska uppnås."}


@transaction.atomic
def result_goal_create(
    *,
    actor,
    area: GoalArea,
    unit: Unit,
    title: str,
    number: int = 1,
    description: str = "",
    concerns_clients: bool = False,
    decided_by: str = "",
    decision_date: datetime.date | None = None,
    decision_reference: str = "",
    reason: str = "",
    copied_from: ResultGoal | None = None,
) -> ResultGoal:
    """Record a result goal the board decided for the area's year, on ``unit``'s plan."""
    values = _strip(
        {"title": title, "description": description, "decided_by": decided_by, "decision_reference": decision_reference}
    )
    _required(values, {"title": _(GOAL_REQUIRED["title"])})
    _check_goal_place(area, unit)
    plan = _plan_for_change(unit, area.year, reason)
    goal = ResultGoal.objects.create(
        area=area,
        unit=unit,
        year=area.year,
        number=number,
        concerns_clients=concerns_clients,
        decision_date=decision_date,
        copied_from=copied_from,
        **values,
    )
    audit.record_created(actor=actor, obj=goal, fields=["year", "area", "number", "title", "concerns_clients", "decided_by"])
    _new_version(plan, actor=actor, reason=reason)
    return goal


@transaction.atomic
def result_goal_update(*, actor, goal: ResultGoal, expected_version: int | None, reason: str = "", **data) -> dict:
    _refuse_unknown(data, GOAL_FIELDS, "result goal")
    data = _strip(data)
    _required(data, {"title": _(GOAL_REQUIRED["title"])})
    if "area" in data and data["area"].year != goal.year:
        raise ValidationError({"area": _("Målområdet ska höra till samma år som målet.")})
    if "area" in data:
        _check_goal_place(data["area"], goal.unit)
    plan = _plan_for_change(goal.unit, goal.year, reason)
    changes = update_versioned(goal, actor=actor, data=data, expected_version=expected_version)
    if changes:
        _new_version(plan, actor=actor, reason=reason)
    return changes


# --- Activities --------------------------------------------------------------------------------------------------


def _check_activity(*, unit: Unit, year: int, starts_on, ends_on, goals, laws, owner) -> None:
    errors: dict[str, str] = {}
    if not goals and not laws:
        errors["goals"] = _(
            "Koppla aktiviteten till minst ett resultatmål eller ett lagkrav. Verksamheten bedriver inga aktiviteter "
            "som inte syftar till att uppfylla ett lagkrav eller ett beslutat mål."
        )
    if any(g.year != year for g in goals):
        errors["goals"] = _("Resultatmålen ska gälla samma år som aktiviteten.")
    if any(g.area.municipality_id != unit.municipality_id for g in goals):
        errors["goals"] = _("Resultatmålen ska höra till enhetens kommun.")
    if any(law.municipality_id != unit.municipality_id for law in laws):
        errors["laws"] = _("Lagkraven ska stå i enhetens kommuns laglista.")
    if starts_on and starts_on.year != year:
        errors["starts_on"] = _("Aktiviteten ska starta under budgetåret %(year)s.") % {"year": year}
    if ends_on and ends_on.year != year:
        errors["ends_on"] = _("Aktiviteten ska vara klar inom budgetåret %(year)s.") % {"year": year}
    if starts_on and ends_on and ends_on < starts_on and "ends_on" not in errors:
        errors["ends_on"] = _("Slutdatumet kan inte ligga före startdatumet.")
    if owner is None or not owner.is_active or not access.has_role_in(owner, unit.municipality_id):
        errors["owner"] = _("Välj en aktiv person med en roll i kommunen som ansvarig.")
    if not unit.is_open:
        errors["unit"] = _("Enheten är stängd.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def activity_create(
    *,
    actor,
    unit: Unit,
    year: int,
    title: str,
    owner,
    starts_on: datetime.date,
    ends_on: datetime.date,
    goals=(),
    laws=(),
    description: str = "",
    status: str = Activity.Status.NOT_STARTED,
    budget_amount=None,
    reason: str = "",
    copied_from: Activity | None = None,
) -> Activity:
    """Plan an activity; refused unless it serves a result goal or a law requirement."""
    goals, laws = list(goals), list(laws)
    values = _strip({"title": title, "description": description})
    _required(values, {"title": _("Skriv vad som ska göras.")})
    _check_activity(unit=unit, year=year, starts_on=starts_on, ends_on=ends_on, goals=goals, laws=laws, owner=owner)
    plan = _plan_for_change(unit, year, reason)
    activity = Activity.objects.create(
        unit=unit,
        year=year,
        owner=owner,
        starts_on=starts_on,
        ends_on=ends_on,
        status=status,
        budget_amount=budget_amount,
        copied_from=copied_from,
        **values,
    )
    activity.goals.set(goals)
    activity.laws.set(laws)
    audit.record_created(
        actor=actor,
        obj=activity,
        fields=["year", "title", "owner", "starts_on", "ends_on", "status", "budget_amount"],
    )
    _new_version(plan, actor=actor, reason=reason)
    return activity


@transaction.atomic
def activity_update(
    *,
    actor,
    activity: Activity,
    expected_version: int | None,
    goals=None,
    laws=None,
    reason: str = "",
    **data,
) -> dict:
    """Change an activity. Under an established plan a change of what it says needs a reason and makes a new version;
    a change of its status alone does not."""
    _refuse_unknown(data, ACTIVITY_FIELDS, "activity")
    data = _strip(data)
    _required(data, {"title": _("Skriv vad som ska göras.")})
    new_goals = list(goals) if goals is not None else list(activity.goals.select_related("area"))
    new_laws = list(laws) if laws is not None else list(activity.laws.all())
    _check_activity(
        unit=activity.unit,
        year=activity.year,
        starts_on=data.get("starts_on", activity.starts_on),
        ends_on=data.get("ends_on", activity.ends_on),
        goals=new_goals,
        laws=new_laws,
        owner=data.get("owner", activity.owner),
    )
    plan_changes = {name for name, value in data.items() if getattr(activity, name) != value} - EXECUTION_FIELDS
    m2m: dict = {}
    if goals is not None and sorted(g.pk for g in new_goals) != sorted(activity.goals.values_list("pk", flat=True)):
        plan_changes.add("goals")
    if laws is not None and sorted(law.pk for law in new_laws) != sorted(activity.laws.values_list("pk", flat=True)):
        plan_changes.add("laws")
    plan = _plan_for_change(activity.unit, activity.year, reason) if plan_changes else None
    changes = update_versioned(activity, actor=actor, data=data, expected_version=expected_version)
    if goals is not None:
        set_m2m(activity, "goals", new_goals, m2m)
    if laws is not None:
        set_m2m(activity, "laws", new_laws, m2m)
    if m2m:
        if not changes:
            Activity.objects.filter(pk=activity.pk).update(version=F("version") + 1)
            activity.version += 1
        audit.record(actor=actor, action=AuditEntry.Action.UPDATE, obj=activity, changes=m2m)
        changes.update(m2m)
    if plan_changes and changes:
        _new_version(plan, actor=actor, reason=reason)
    return changes


# --- Copying into next year --------------------------------------------------------------------------------------


def _next_year_day(day: datetime.date) -> datetime.date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


@transaction.atomic
def plan_copy(*, actor, unit: Unit, year: int) -> dict:
    """Copy the goals and the unfinished activities of ``unit`` and every unit below it from ``year`` into the next
    year, each remembering what it was copied from, and the municipality's goal areas that the goals need.

    What was copied before is not copied again; units whose plan for the next year is already established are left
    out (their plan changes only with a reason). The year's own goals, activities and plans are not touched.
    Returns the counts of what was copied."""
    target_year = year + 1
    established = set(
        Plan.objects.filter(year=target_year, state=Plan.State.ESTABLISHED, unit__path__startswith=unit.path).values_list(
            "unit_id", flat=True
        )
    )
    copied = {"areas": 0, "goals": 0, "activities": 0, "skipped_units": len(established)}
    areas: dict[int, GoalArea] = {
        a.copied_from_id: a for a in GoalArea.objects.filter(municipality_id=unit.municipality_id, year=target_year)
    }
    by_name = {a.name.lower(): a for a in areas.values()}
    goals: dict[int, ResultGoal] = {
        g.copied_from_id: g for g in ResultGoal.objects.filter(year=target_year, copied_from__isnull=False)
    }
    source_goals = (
        ResultGoal.objects.filter(year=year, unit__path__startswith=unit.path)
        .exclude(unit_id__in=established)
        .select_related("area", "unit")
        .order_by("area__number", "number", "pk")
    )
    for goal in source_goals:
        if goal.pk in goals:
            continue
        area = areas.get(goal.area_id) or by_name.get(goal.area.name.lower())
        if area is None:
            area = GoalArea.objects.create(
                municipality_id=goal.area.municipality_id,
                year=target_year,
                number=goal.area.number,
                name=goal.area.name,
                description=goal.area.description,
                decided_by=goal.area.decided_by,
                copied_from=goal.area,
            )
            audit.record_created(
                actor=actor, obj=area, fields=["year", "name", "copied_from"], unit=municipality_top(unit.municipality)
            )
            areas[goal.area_id] = by_name[area.name.lower()] = area
            copied["areas"] += 1
        new = ResultGoal.objects.create(
            area=area,
            unit=goal.unit,
            year=target_year,
            number=goal.number,
            title=goal.title,
            description=goal.description,
            concerns_clients=goal.concerns_clients,
            decided_by=goal.decided_by,
            copied_from=goal,
        )
        audit.record_created(actor=actor, obj=new, fields=["year", "title", "copied_from"])
        goals[goal.pk] = new
        copied["goals"] += 1
    already = set(Activity.objects.filter(year=target_year, copied_from__isnull=False).values_list("copied_from_id", flat=True))
    source_activities = (
        Activity.objects.filter(year=year, unit__path__startswith=unit.path)
        .exclude(unit_id__in=established)
        .exclude(status__in=[Activity.Status.DONE, Activity.Status.STOPPED])
        .exclude(pk__in=already)
        .select_related("unit", "owner")
        .prefetch_related("goals", "laws")
        .order_by("starts_on", "pk")
    )
    for activity in source_activities:
        new_goals = [goals[g.pk] for g in activity.goals.all() if g.pk in goals]
        laws = list(activity.laws.all())
        if not new_goals and not laws:
            continue  # its goals were not carried over: it serves nothing decided next year
        new = Activity.objects.create(
            unit=activity.unit,
            year=target_year,
            title=activity.title,
            description=activity.description,
            owner=activity.owner,
            starts_on=_next_year_day(activity.starts_on),
            ends_on=_next_year_day(activity.ends_on),
            budget_amount=activity.budget_amount,
            copied_from=activity,
        )
        new.goals.set(new_goals)
        new.laws.set(laws)
        audit.record_created(actor=actor, obj=new, fields=["year", "title", "copied_from"])
        copied["activities"] += 1
    audit.record(
        actor=actor,
        action=AuditEntry.Action.CREATE,
        obj=unit,
        note=_("Mål och aktiviteter kopierade från %(year)s till %(next)s") % {"year": year, "next": target_year},
    )
    return copied


# --- Follow-ups --------------------------------------------------------------------------------------------------


@transaction.atomic
def follow_up_open(*, actor, unit: Unit, year: int, period: str) -> FollowUp:
    """The unit's follow-up of ``period`` in ``year``, started as a draft if there is none yet."""
    if period not in FollowUp.Period.values:
        raise ValidationError({"period": _("Välj tertial 1, tertial 2 eller helår.")})
    if not unit.is_open:
        raise ValidationError(_("Enheten är stängd."))
    follow_up, created = FollowUp.objects.get_or_create(unit=unit, year=year, period=period)
    if created:
        audit.record_created(actor=actor, obj=follow_up, fields=["year", "period"])
    return follow_up


def _check_draft(follow_up: FollowUp) -> None:
    if follow_up.is_established:
        raise ValidationError(_("Uppföljningen är fastställd och kan inte ändras."))


@transaction.atomic
def assessment_record(
    *,
    actor,
    follow_up: FollowUp,
    goal: ResultGoal,
    assessment: str,
    analysis: str,
    expected_version: int | None = None,
) -> GoalAssessment:
    """Assess how far a goal of the follow-up's tree is met, with the analysis behind it."""
    follow_up = FollowUp.objects.select_for_update().get(pk=follow_up.pk)
    _check_draft(follow_up)
    if not goal_tree.goals_at(follow_up.unit, follow_up.year).filter(pk=goal.pk).exists():
        raise ValidationError({"goal": _("Målet hör inte till uppföljningens verksamhetsplan.")})
    errors = {}
    if assessment not in GoalAssessment.Assessment.values:
        errors["assessment"] = _("Välj uppfyllt, delvis uppfyllt eller ej uppfyllt.")
    if not (analysis or "").strip():
        errors["analysis"] = _("Skriv en analys: vad bedömningen bygger på och vad som behöver göras.")
    if errors:
        raise ValidationError(errors)
    existing = GoalAssessment.objects.filter(follow_up=follow_up, goal=goal).first()
    if existing is None:
        record = GoalAssessment.objects.create(
            follow_up=follow_up, goal=goal, assessment=assessment, analysis=analysis.strip(), assessed_by=actor
        )
        audit.record_created(actor=actor, obj=record, fields=["assessment", "analysis"], unit=follow_up.unit)
        return record
    update_versioned(
        existing,
        actor=actor,
        data={"assessment": assessment, "analysis": analysis.strip(), "assessed_by": actor, "assessed_at": timezone.now()},
        expected_version=expected_version,
        unit=follow_up.unit,
    )
    return existing


@transaction.atomic
def activity_report_record(
    *,
    actor,
    follow_up: FollowUp,
    activity: Activity,
    status: str,
    comment: str = "",
    expected_version: int | None = None,
) -> ActivityReport:
    """Report an activity's status at the follow-up; the activity takes the reported status."""
    follow_up = FollowUp.objects.select_for_update().get(pk=follow_up.pk)
    _check_draft(follow_up)
    if not goal_tree.activities_at(follow_up.unit, follow_up.year).filter(pk=activity.pk).exists():
        raise ValidationError({"activity": _("Aktiviteten hör inte till uppföljningens verksamhetsplan.")})
    if status not in Activity.Status.values:
        raise ValidationError({"status": _("Välj en status.")})
    existing = ActivityReport.objects.filter(follow_up=follow_up, activity=activity).first()
    if existing is None:
        report = ActivityReport.objects.create(
            follow_up=follow_up, activity=activity, status=status, comment=comment.strip(), reported_by=actor
        )
        audit.record_created(actor=actor, obj=report, fields=["status", "comment"], unit=follow_up.unit)
    else:
        update_versioned(
            existing,
            actor=actor,
            data={"status": status, "comment": comment.strip(), "reported_by": actor, "reported_at": timezone.now()},
            expected_version=expected_version,
            unit=follow_up.unit,
        )
        report = existing
    if activity.status != status:
        update_versioned(activity, actor=actor, data={"status": status}, expected_version=None)
    return report


def missing_for(follow_up: FollowUp) -> dict:
    """What the follow-up still lacks: goals without an assessment and activities without a reported status."""
    tree = goal_tree.build(follow_up.unit, follow_up.year, follow_up=follow_up)
    return {
        "goals": [node.goal for node in tree.goals if node.assessment is None],
        "activities": [a for a in tree.activities if a.pk not in tree.reports],
    }


@transaction.atomic
def follow_up_establish(*, actor, follow_up: FollowUp, expected_version: int | None) -> FollowUp:
    """Establish the follow-up: every goal assessed and every activity reported; its figures and the indicator values
    of its period are frozen (lots.indicators.services.freeze_values) and never change after."""
    from lots.indicators import selectors as indicator_selectors
    from lots.indicators import services as indicator_services

    locked = FollowUp.objects.select_for_update().get(pk=follow_up.pk)
    if expected_version is not None and locked.version != expected_version:
        raise ConcurrentEditError
    _check_draft(locked)
    missing = missing_for(locked)
    if missing["goals"] or missing["activities"]:
        raise ValidationError(
            _(
                "%(goals)s mål saknar bedömning och %(activities)s aktiviteter saknar status. "
                "Uppföljningen kan inte fastställas förrän alla är ifyllda."
            )
            % {"goals": len(missing["goals"]), "activities": len(missing["activities"])}
        )
    indicator_services.freeze_values(follow_up=locked, actor=actor)
    tree = goal_tree.build(locked.unit, locked.year, follow_up=locked)
    snapshot = goal_tree.snapshot(tree)
    snapshot["indicators"] = [
        _indicator_data(row) for row in indicator_selectors.for_plan(unit=locked.unit, year=locked.year, user=actor)
    ]
    snapshot["period_end"] = locked.period_end.isoformat()
    update_versioned(
        locked,
        actor=actor,
        data={
            "state": FollowUp.State.ESTABLISHED,
            "established_at": timezone.now(),
            "established_by": actor,
            "snapshot": snapshot,
        },
        expected_version=locked.version,
        action=AuditEntry.Action.TRANSITION,
    )
    return locked


def _number(value) -> str | None:
    return None if value is None else str(value)


def _indicator_data(row) -> dict:
    """One indicator of ``lots.indicators.selectors.for_plan`` as plain data for a frozen follow-up."""
    indicator = row.indicator
    return {
        "id": indicator.pk,
        "name": indicator.name,
        "unit_of_measure": indicator.unit_of_measure,
        "direction": indicator.direction,
        "split": indicator.split,
        "target": _number(getattr(row.target, "value", row.target)),
        "latest": _number(getattr(row.latest, "total", row.latest)),
        "meets_target": row.meets_target,
        "split_gap": row.split_gap,
    }
