"""Writes to internal control: the board's yearly plan, its control activities and their results."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lots.audit import services as audit
from lots.audit.versioning import update_versioned
from lots.improvements.models import ImprovementAction
from lots.improvements.services import improvement_create
from lots.organisation.models import Unit
from lots.risks.models import ControlActivity, InternalControlPlan, Risk, RiskScale
from lots.risks.services.plans import plan_create, plan_update

ACTIVITY_FIELDS = [
    "risk_description",
    "risk",
    "severity",
    "probability",
    "what",
    "method",
    "responsible",
    "due_date",
    "reporting",
]


@transaction.atomic
def internal_control_plan_create(
    *, actor, unit: Unit, year: int, adopted_on: datetime.date | None = None, note: str = ""
) -> InternalControlPlan:
    return plan_create(InternalControlPlan, actor=actor, unit=unit, year=year, note=note, adopted_on=adopted_on)


@transaction.atomic
def internal_control_plan_update(
    *, actor, plan: InternalControlPlan, expected_version: int | None, adopted_on: datetime.date | None, note: str
) -> dict:
    return plan_update(plan, actor=actor, expected_version=expected_version, note=note, adopted_on=adopted_on)


def _check_activity(plan: InternalControlPlan, data: dict) -> dict:
    scale = RiskScale.for_municipality(plan.unit.municipality)
    errors = {}
    for field, message in (
        ("risk_description", _("Beskriv risken som kontrollen svarar mot.")),
        ("what", _("Skriv vad som kontrolleras.")),
        ("method", _("Skriv hur kontrollen görs.")),
    ):
        if not str(data.get(field, "")).strip():
            errors[field] = [message]
        else:
            data[field] = data[field].strip()
    for field in ("severity", "probability"):
        step = data.get(field)
        if step is None or not (1 <= step <= scale.size):
            errors[field] = [_("Välj ett värde mellan 1 och %(n)s.") % {"n": scale.size}]
    risk: Risk | None = data.get("risk")
    if risk is not None and not risk.analysis.unit.is_within(plan.unit):
        errors["risk"] = [_("Risken kommer från en analys utanför planens verksamhet.")]
    if data["due_date"].year != plan.year:
        errors["due_date"] = [_("Datumet ska ligga under planens år, %(year)s.") % {"year": plan.year}]
    if data.get("reporting") not in ControlActivity.Reporting.values:
        errors["reporting"] = [_("Välj hur kontrollen rapporteras till nämnden.")]
    if errors:
        raise ValidationError(errors)
    data["value"] = scale.value(data["severity"], data["probability"])
    return data


@transaction.atomic
def control_activity_create(*, actor, plan: InternalControlPlan, **data) -> ControlActivity:
    """A control activity: the risk it answers (with its value on the scale), what is checked, how, by whom,
    by when, and how it is reported to the board."""
    unknown = set(data) - set(ACTIVITY_FIELDS)
    if unknown:
        raise TypeError(f"Unknown fields: {sorted(unknown)}")
    data.setdefault("risk", None)
    data = _check_activity(plan, data)
    activity = ControlActivity.objects.create(plan=plan, **data)
    audit.record_created(actor=actor, obj=activity, unit=plan.unit, fields=[*ACTIVITY_FIELDS, "value"])
    return activity


@transaction.atomic
def control_activity_update(*, actor, activity: ControlActivity, expected_version: int | None, **data) -> dict:
    unknown = set(data) - set(ACTIVITY_FIELDS)
    if unknown:
        raise TypeError(f"Unknown fields: {sorted(unknown)}")
    merged = {name: data.get(name, getattr(activity, name)) for name in ACTIVITY_FIELDS}
    merged = _check_activity(activity.plan, merged)
    return update_versioned(activity, actor=actor, data=merged, expected_version=expected_version, unit=activity.plan.unit)


@transaction.atomic
def control_activity_report_result(
    *,
    actor,
    activity: ControlActivity,
    expected_version: int | None,
    performed_on: datetime.date,
    result: str,
    conclusion: str,
    reported_on: datetime.date | None = None,
) -> dict:
    """Record what the control found and the conclusion; the activity then counts as carried out."""
    errors = {}
    if not result.strip():
        errors["result"] = [_("Beskriv vad kontrollen visade.")]
    if conclusion not in ControlActivity.Conclusion.values:
        errors["conclusion"] = [_("Välj en slutsats.")]
    if performed_on > timezone.localdate():
        errors["performed_on"] = [_("Datumet för kontrollen kan inte ligga i framtiden.")]
    if reported_on is not None and reported_on < performed_on:
        errors["reported_on"] = [_("Resultatet kan inte ha rapporterats före kontrollen gjordes.")]
    if errors:
        raise ValidationError(errors)
    return update_versioned(
        activity,
        actor=actor,
        expected_version=expected_version,
        unit=activity.plan.unit,
        note="Resultat",
        data={
            "status": ControlActivity.Status.DONE,
            "performed_on": performed_on,
            "result": result.strip(),
            "conclusion": conclusion,
            "reported_on": reported_on,
        },
    )


@transaction.atomic
def control_activity_action_create(
    *, actor, activity: ControlActivity, title: str, owner, due_date: datetime.date | None, description: str = ""
) -> ImprovementAction:
    return improvement_create(
        actor=actor,
        unit=activity.plan.unit,
        title=title,
        owner=owner,
        source_kind=ImprovementAction.Source.INTERNAL_CONTROL,
        source=activity,
        description=description,
        due_date=due_date,
    )
