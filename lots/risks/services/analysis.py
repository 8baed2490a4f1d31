"""Writes to risk analyses and their risks."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lots import access
from lots.audit import services as audit
from lots.audit.versioning import ConcurrentEditError, update_versioned
from lots.deviations import guard
from lots.improvements.models import ImprovementAction
from lots.improvements.services import improvement_create
from lots.organisation.models import Unit
from lots.processes.models import Process
from lots.risks.models import QUESTION_FIELDS, Risk, RiskAnalysis, RiskScale
from lots.risks.queries import approvers_for, improvements_by_source

ANALYSIS_FIELDS = ["unit", "process", "title", "trigger", "trigger_note", "performed_on", "participants", *QUESTION_FIELDS]
# The participants are staff, named on purpose; every other text may end up in the board's documents.
ANALYSIS_TEXTS = ["title", "trigger_note", *QUESTION_FIELDS]
RISK_TEXTS = ["description", "client_consequence"]
LOCKED_MESSAGE = gettext_lazy("Analysen är klarmarkerad och kan inte ändras. Öppna den igen först.")


def _check_analysis(
    *,
    unit: Unit,
    process: Process | None,
    trigger: str,
    trigger_note: str,
    title: str,
    participants: str,
    performed_on: datetime.date,
) -> None:
    errors = {}
    if performed_on.year > timezone.localdate().year:
        errors["performed_on"] = [_("En analys kan inte dateras ett kommande år.")]
    if not unit.is_open:
        errors["unit"] = [_("Enheten är stängd.")]
    if process is not None and process.municipality_id != unit.municipality_id:
        errors["process"] = [_("Processen hör till en annan kommun än enheten.")]
    if trigger == RiskAnalysis.Trigger.OTHER and not trigger_note.strip():
        errors["trigger_note"] = [_("Beskriv anledningen när du väljer ”Annan anledning”.")]
    if not title.strip():
        errors["title"] = [_("Skriv en rubrik.")]
    if not participants.strip():
        errors["participants"] = [_("Skriv vilka som deltar i analysen.")]
    if errors:
        raise ValidationError(errors)


def _require_open(analysis: RiskAnalysis) -> None:
    if analysis.is_completed:
        raise ValidationError(LOCKED_MESSAGE)


@transaction.atomic
def analysis_create(
    *,
    actor,
    unit: Unit,
    title: str,
    trigger: str,
    performed_on: datetime.date,
    participants: str,
    process: Process | None = None,
    trigger_note: str = "",
    integrity_confirmed: bool = False,
    **answers: str,
) -> RiskAnalysis:
    """Start a risk analysis for ``unit`` and everything under it; ``answers`` are the guiding questions (q_…).

    Its texts pass the integrity guard unless ``integrity_confirmed``."""
    unknown = set(answers) - set(QUESTION_FIELDS)
    if unknown:
        raise TypeError(f"Unknown answers: {sorted(unknown)}")
    guard.check(unit.municipality, {"title": title, "trigger_note": trigger_note, **answers}, confirmed=integrity_confirmed)
    _check_analysis(
        unit=unit,
        process=process,
        trigger=trigger,
        trigger_note=trigger_note,
        title=title,
        participants=participants,
        performed_on=performed_on,
    )
    analysis = RiskAnalysis.objects.create(
        unit=unit,
        process=process,
        title=title.strip(),
        trigger=trigger,
        trigger_note=trigger_note.strip(),
        performed_on=performed_on,
        participants=participants.strip(),
        created_by=actor,
        **answers,
    )
    audit.record_created(
        actor=actor, obj=analysis, fields=["unit", "process", "title", "trigger", "performed_on", "participants"]
    )
    return analysis


@transaction.atomic
def analysis_update(
    *, actor, analysis: RiskAnalysis, expected_version: int | None, integrity_confirmed: bool = False, **data
) -> dict:
    """Change the analysis; changed texts pass the integrity guard unless ``integrity_confirmed``."""
    unknown = set(data) - set(ANALYSIS_FIELDS)
    if unknown:
        raise TypeError(f"Unknown fields: {sorted(unknown)}")
    _require_open(analysis)
    guard.check(analysis.unit.municipality, guard.changed(analysis, data, ANALYSIS_TEXTS), confirmed=integrity_confirmed)
    merged = {
        name: data.get(name, getattr(analysis, name))
        for name in ["unit", "process", "trigger", "trigger_note", "title", "participants", "performed_on"]
    }
    _check_analysis(**merged)
    if "unit" in data and data["unit"].municipality_id != analysis.unit.municipality_id:
        raise ValidationError({"unit": [_("En analys kan inte flyttas till en annan kommun.")]})
    for text_field in ("title", "trigger_note", "participants"):
        if text_field in data:
            data[text_field] = data[text_field].strip()
    return update_versioned(analysis, actor=actor, data=data, expected_version=expected_version)


def completion_problems(analysis: RiskAnalysis) -> list[str]:
    """What stands between the analysis and being marked as completed, as sentences for the user."""
    problems = []
    unanswered = analysis.unanswered_questions()
    if unanswered:
        problems.append(_("Besvara analysens frågor: %(questions)s") % {"questions": " ".join(unanswered)})
    risks = list(analysis.risks.select_related("approver").order_by("number"))
    if not risks:
        problems.append(_("Lägg till minst en risk."))
    actions = improvements_by_source(risks)
    undecided = [r.label for r in risks if not r.treatment]
    if undecided:
        problems.append(_("Besluta hur riskerna ska hanteras: %(risks)s.") % {"risks": ", ".join(undecided)})
    reduce = [r for r in risks if r.treatment == Risk.Treatment.REDUCE]
    without_action = [r.label for r in reduce if not actions.get(r.pk)]
    if without_action:
        problems.append(
            _("Lägg till minst en åtgärd för de risker som ska minskas: %(risks)s.") % {"risks": ", ".join(without_action)}
        )
    lowered = [r.label for r in risks if r.has_residual and r.residual_value < r.value and not actions.get(r.pk)]
    if lowered:
        problems.append(
            _("En kvarvarande risk som är lägre än den nuvarande kräver minst en åtgärd: %(risks)s.")
            % {"risks": ", ".join(lowered)}
        )
    without_residual = [r.label for r in reduce if not r.has_residual]
    if without_residual:
        problems.append(_("Bedöm kvarvarande risk efter åtgärderna för %(risks)s.") % {"risks": ", ".join(without_residual)})
    for risk in risks:
        if risk.awaits_approval:
            problems.append(
                _("%(risk)s väntar på att %(approver)s godkänner att risken accepteras.")
                % {"risk": risk.label, "approver": risk.approver}
            )
    return problems


@transaction.atomic
def analysis_complete(
    *, actor, analysis: RiskAnalysis, expected_version: int | None = None, at: datetime.datetime | None = None
) -> RiskAnalysis:
    """Mark the analysis as completed (``at``, default now: the demo records earlier years) and lock it."""
    analysis = RiskAnalysis.objects.select_for_update().get(pk=analysis.pk)
    if expected_version is not None and analysis.version != expected_version:
        raise ConcurrentEditError
    _require_open(analysis)
    problems = completion_problems(analysis)
    if problems:
        raise ValidationError(problems)
    update_versioned(
        analysis,
        actor=actor,
        expected_version=analysis.version,
        note="Klarmarkerad",
        action="transition",
        data={"status": RiskAnalysis.Status.COMPLETED, "completed_at": at or timezone.now(), "completed_by": actor},
    )
    if analysis.trigger == RiskAnalysis.Trigger.YEARLY_CLIENT:
        # The yearly calendar's task for this department is done when its analysis is.
        from lots.processes.services.calendar import calendar_tasks_complete_by_module
        from lots.risks.calendar_links import YEARLY_ANALYSIS

        calendar_tasks_complete_by_module(actor=actor, link=YEARLY_ANALYSIS, unit=analysis.unit, year=analysis.performed_on.year)
    return analysis


@transaction.atomic
def analysis_reopen(*, actor, analysis: RiskAnalysis) -> RiskAnalysis:
    if not analysis.is_completed:
        raise ValidationError(_("Analysen pågår redan."))
    update_versioned(
        analysis,
        actor=actor,
        expected_version=None,
        note="Öppnad igen",
        action="transition",
        data={"status": RiskAnalysis.Status.IN_PROGRESS, "completed_at": None, "completed_by": None},
    )
    return analysis


@transaction.atomic
def analysis_mark_reported(*, actor, analysis: RiskAnalysis, reported_on: datetime.date) -> RiskAnalysis:
    """Record that the analysis, its actions and decisions were reported to the board (seed §6.4)."""
    if not analysis.is_completed:
        raise ValidationError({"reported_on": [_("Klarmarkera analysen innan den redovisas för nämnden.")]})
    if reported_on < analysis.performed_on:
        raise ValidationError({"reported_on": [_("Analysen kan inte ha redovisats före den gjordes.")]})
    update_versioned(analysis, actor=actor, expected_version=None, data={"reported_to_board_on": reported_on})
    return analysis


# Risks.


def _check_steps(scale: RiskScale, severity, probability, residual_severity, residual_probability) -> None:
    errors = {}
    for field, step in (("severity", severity), ("probability", probability)):
        if step is None or not (1 <= step <= scale.size):
            errors[field] = [_("Välj ett värde mellan 1 och %(n)s.") % {"n": scale.size}]
    if (residual_severity is None) != (residual_probability is None):
        missing = "residual_probability" if residual_probability is None else "residual_severity"
        errors[missing] = [_("Ange både allvarlighetsgrad och sannolikhet efter åtgärder, eller ingen av dem.")]
    elif residual_severity is not None:
        for field, step in (("residual_severity", residual_severity), ("residual_probability", residual_probability)):
            if not (1 <= step <= scale.size):
                errors[field] = [_("Välj ett värde mellan 1 och %(n)s.") % {"n": scale.size}]
        if not errors and residual_severity * residual_probability > severity * probability:
            errors["residual_severity"] = [_("Den kvarvarande risken kan inte vara högre än den nuvarande.")]
    if errors:
        raise ValidationError(errors)


def _check_risk_text(description: str, client_consequence: str, process: Process | None, unit: Unit) -> None:
    errors = {}
    if not description.strip():
        errors["description"] = [_("Beskriv vad som kan hända.")]
    if not client_consequence.strip():
        errors["client_consequence"] = [_("Beskriv vad det kan innebära för den enskilde.")]
    if process is not None and process.municipality_id != unit.municipality_id:
        errors["process"] = [_("Processen hör till en annan kommun än analysen.")]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def risk_create(
    *,
    actor,
    analysis: RiskAnalysis,
    description: str,
    client_consequence: str,
    severity: int,
    probability: int,
    process: Process | None = None,
    residual_severity: int | None = None,
    residual_probability: int | None = None,
    integrity_confirmed: bool = False,
) -> Risk:
    """Add a risk, numbered R1, R2 … within the analysis, valued on the municipality's scale.

    The risk and its consequence for the client pass the integrity guard unless ``integrity_confirmed``."""
    analysis = RiskAnalysis.objects.select_for_update().select_related("unit").get(pk=analysis.pk)
    _require_open(analysis)
    scale = RiskScale.for_municipality(analysis.unit.municipality)
    _check_risk_text(description, client_consequence, process, analysis.unit)
    texts = {"description": description, "client_consequence": client_consequence}
    guard.check(analysis.unit.municipality, texts, confirmed=integrity_confirmed)
    _check_steps(scale, severity, probability, residual_severity, residual_probability)
    number = (analysis.risks.aggregate(n=Max("number"))["n"] or 0) + 1
    risk = Risk.objects.create(
        analysis=analysis,
        number=number,
        description=description.strip(),
        client_consequence=client_consequence.strip(),
        process=process,
        severity=severity,
        probability=probability,
        value=scale.value(severity, probability),
        residual_severity=residual_severity,
        residual_probability=residual_probability,
        residual_value=scale.value(residual_severity, residual_probability) if residual_severity is not None else None,
        created_by=actor,
    )
    audit.record_created(
        actor=actor,
        obj=risk,
        unit=analysis.unit,
        fields=["description", "client_consequence", "process", "severity", "probability", "value", "residual_value"],
    )
    return risk


@transaction.atomic
def risk_update(
    *,
    actor,
    risk: Risk,
    expected_version: int | None,
    description: str,
    client_consequence: str,
    severity: int,
    probability: int,
    process: Process | None = None,
    residual_severity: int | None = None,
    residual_probability: int | None = None,
    integrity_confirmed: bool = False,
) -> dict:
    """Change the risk's texts and valuation; changed texts pass the integrity guard unless ``integrity_confirmed``."""
    analysis = risk.analysis
    _require_open(analysis)
    scale = RiskScale.for_municipality(analysis.unit.municipality)
    _check_risk_text(description, client_consequence, process, analysis.unit)
    texts = {"description": description, "client_consequence": client_consequence}
    guard.check(analysis.unit.municipality, guard.changed(risk, texts, RISK_TEXTS), confirmed=integrity_confirmed)
    _check_steps(scale, severity, probability, residual_severity, residual_probability)
    data = {
        "description": description.strip(),
        "client_consequence": client_consequence.strip(),
        "process": process,
        "severity": severity,
        "probability": probability,
        "value": scale.value(severity, probability),
        "residual_severity": residual_severity,
        "residual_probability": residual_probability,
        "residual_value": scale.value(residual_severity, residual_probability) if residual_severity is not None else None,
    }
    return update_versioned(risk, actor=actor, data=data, expected_version=expected_version, unit=analysis.unit)


@transaction.atomic
def risk_decide(
    *,
    actor,
    risk: Risk,
    expected_version: int | None,
    treatment: str,
    justification: str = "",
    approver=None,
) -> dict:
    """Decide how the risk is handled. Accepting needs a justification and an approver who holds risk.approve
    on the analysis' unit; the acceptance stands once that person approves it (``risk_approve``)."""
    analysis = risk.analysis
    _require_open(analysis)
    errors = {}
    justification = justification.strip()
    if treatment not in Risk.Treatment.values:
        errors["treatment"] = [_("Välj hur risken ska hanteras.")]
    if treatment == Risk.Treatment.ACCEPT:
        if not justification:
            errors["justification"] = [_("Motivera varför risken kan accepteras.")]
        if approver is None:
            errors["approver"] = [_("Välj vem som ska godkänna att risken accepteras.")]
        elif not approvers_for(analysis.unit).filter(pk=approver.pk).exists():
            errors["approver"] = [_("Personen har inte behörighet att godkänna risker för enheten.")]
        elif approver.pk == getattr(actor, "pk", None) and risk.is_very_high(
            RiskScale.for_municipality(analysis.unit.municipality)
        ):
            errors["approver"] = [_("Den som accepterar en mycket hög risk kan inte själv godkänna det. Välj någon annan.")]
    elif treatment == Risk.Treatment.AVOID and not justification:
        errors["justification"] = [_("Beskriv hur risken undviks.")]
    if errors:
        raise ValidationError(errors)
    approver = approver if treatment == Risk.Treatment.ACCEPT else None
    data = {"treatment": treatment, "treatment_justification": justification, "approver": approver}
    unchanged = risk.treatment == treatment and risk.approver_id == (approver.pk if approver else None)
    if not unchanged or risk.treatment_justification != justification:
        data["approved_at"] = None
    return update_versioned(risk, actor=actor, data=data, expected_version=expected_version, unit=analysis.unit)


@transaction.atomic
def risk_approve(*, actor, risk: Risk) -> Risk:
    """The named approver accepts the risk. Anyone else is refused, even with risk.approve."""
    if risk.approver_id != getattr(actor, "pk", None) or not access.can(actor, "risk.approve", risk.analysis.unit):
        raise PermissionDenied
    if not risk.awaits_approval:
        raise ValidationError(_("Risken väntar inte på godkännande."))
    _require_open(risk.analysis)
    update_versioned(
        risk,
        actor=actor,
        data={"approved_at": timezone.now()},
        expected_version=None,
        note="Accepterad risk godkänd",
        unit=risk.analysis.unit,
    )
    return risk


@transaction.atomic
def risk_delete(*, actor, risk: Risk) -> None:
    analysis = risk.analysis
    _require_open(analysis)
    if ImprovementAction.objects.for_source(risk).exists():
        raise ValidationError(_("Risken har åtgärder och kan inte tas bort."))
    if risk.control_activities.exists():
        raise ValidationError(_("Risken används i internkontrollplanen och kan inte tas bort."))
    audit.record(actor=actor, action="delete", obj=risk, unit=analysis.unit, changes={"description": (risk.description, None)})
    risk.delete()


@transaction.atomic
def risk_action_create(
    *,
    actor,
    risk: Risk,
    title: str,
    owner,
    due_date: datetime.date | None,
    description: str = "",
    decided_on: datetime.date | None = None,
) -> ImprovementAction:
    """An action against the risk becomes an improvement action of the analysis' unit.

    Its due date lies ahead of ``decided_on`` (today; the demo records earlier years), no later than the risk's
    level demands; without one it gets that latest date.
    """
    _require_open(risk.analysis)
    scale = RiskScale.for_municipality(risk.analysis.unit.municipality)
    today = decided_on or timezone.localdate()
    latest = risk.default_action_due(scale, today)
    if due_date is None:
        due_date = latest
    elif due_date < today:
        raise ValidationError({"due_date": [_("Datumet har redan passerat. Välj ett datum framåt.")]})
    elif due_date > latest:
        level = scale.level_for_value(risk.value)
        raise ValidationError(
            {
                "due_date": [
                    _("Risknivån %(level)s kräver åtgärd inom %(days)s dagar, senast %(latest)s.")
                    % {"level": level.name.lower(), "days": level.action_days, "latest": latest.isoformat()}
                ]
            }
        )
    return improvement_create(
        actor=actor,
        unit=risk.analysis.unit,
        title=title,
        owner=owner,
        source_kind=ImprovementAction.Source.RISK,
        source=risk,
        description=description,
        due_date=due_date,
    )
