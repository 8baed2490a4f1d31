"""Bench data for risk analyses: ten years of yearly client-perspective analyses per avdelning and event-driven ones
per enhet, with their risks, decisions, approvals and improvement actions.

Written in bulk, keeping what the services keep:

- risks are numbered R1, R2 … per analysis; ``value`` is severity × probability on the
  municipality's 4-step scale, residual values likewise and never above the risk itself;
- a completed analysis is what ``completion_problems`` lets through: every guiding
  question answered, every risk decided, each risk to reduce with at least one
  improvement action and a residual assessment, each accepted risk justified and
  approved by a person holding risk.approve on the unit (``approvers_for``), and the
  completion time and person set;
- this year's analyses are partly still under way (undecided risks, an acceptance
  waiting for approval), so "Mina uppgifter" has what it would have;
- audit rows as the services write them: analysis created and completed, risk created,
  decided and approved, improvement actions created (and closed through PDSA with an
  evaluation for earlier years).
"""

import datetime
import random

from django.contrib.contenttypes.models import ContentType

from bench import bulk
from bench.gen_deviations import ACTION_COLUMNS, AUDIT_COLUMNS, DAY, _action, _Clock, _people_names, _ref, _Writer
from lots.audit.models import AuditEntry
from lots.improvements.models import ImprovementAction
from lots.risks.models import QUESTION_FIELDS, Risk, RiskAnalysis
from lots.risks.queries import approvers_for

YEARS = 10
ANALYSIS_COLUMNS = [
    "id",
    "version",
    "unit_id",
    "process_id",
    "title",
    "trigger",
    "trigger_note",
    "performed_on",
    "participants",
    *QUESTION_FIELDS,
    "status",
    "completed_at",
    "completed_by_id",
    "reported_to_board_on",
    "created_by_id",
    "created_at",
]
RISK_COLUMNS = [
    "id",
    "version",
    "analysis_id",
    "number",
    "description",
    "process_id",
    "client_consequence",
    "severity",
    "probability",
    "value",
    "residual_severity",
    "residual_probability",
    "residual_value",
    "treatment",
    "treatment_justification",
    "approver_id",
    "approved_at",
    "created_by_id",
    "created_at",
]
RISKS = [
    ("Överlämningen mellan dag- och nattpersonal brister.", "Den enskilde får inte sin medicin i tid."),
    ("Handläggare saknar introduktion i nya rutiner.", "Beslut fattas på ofullständigt underlag."),
    ("Orosanmälningar registreras sent.", "Ett barn i behov av skydd får vänta på förhandsbedömning."),
    ("Hög personalomsättning i hemtjänsten.", "Den enskilde möter många okända personer och känner otrygghet."),
    ("Sekretessbelagda uppgifter skickas med vanlig e-post.", "Den enskildes integritet kränks."),
    ("Planerade uppföljningar av insatser uteblir.", "Insatsen fortsätter trots att den inte hjälper."),
]
RISK_ACTIONS = ["Inför checklista vid överlämning", "Utbildning i rutinen för nya medarbetare", "Veckovis uppföljning i teamet"]
ANSWERS = "Besvarat vid analysmötet; se protokollet."


def generate_risks(ds) -> None:
    target = ds.sizes["risks"]
    if not target:
        return
    today = datetime.date.today()
    now = datetime.datetime.now(datetime.UTC).timestamp()
    clock = _Clock(today.year - YEARS - 1, today.year)
    names = _people_names(ds)
    ct = {m: ContentType.objects.get_for_model(m, for_concrete_model=False).pk for m in (RiskAnalysis, Risk, ImprovementAction)}
    writer = _Writer(
        {
            RiskAnalysis: ANALYSIS_COLUMNS,
            Risk: RISK_COLUMNS,
            ImprovementAction: ACTION_COLUMNS,
            AuditEntry: AUDIT_COLUMNS,
        }
    )
    rng = random.Random(f"lots-bench-risks-{ds.scale}")
    plans = []  # (unit, trigger, performed_on)
    for year in range(today.year - YEARS + 1, today.year + 1):
        for unit in ds.units:
            if unit.kind == "avdelning":
                day = datetime.date(year, rng.randrange(2, 11), rng.randrange(1, 28))
                if day < today - datetime.timedelta(days=1):
                    plans.append((unit, RiskAnalysis.Trigger.YEARLY_CLIENT, day))
            elif unit.kind == "enhet" and rng.random() < 0.4:
                day = datetime.date(year, rng.randrange(1, 13), rng.randrange(1, 28))
                if day >= today - datetime.timedelta(days=1):
                    continue
                trigger = rng.choice([t for t in RiskAnalysis.Trigger.values if t not in ("yearly_client", "other")])
                plans.append((unit, trigger, day))
    # Small scales have fewer risks than the calendar has analyses: keep a sample, about five risks each at least.
    if len(plans) > max(1, target // 5):
        plans = sorted(rng.sample(plans, max(1, target // 5)), key=lambda plan: plan[2])
    per_analysis = max(1, round(target / len(plans)))
    approvers = {}
    line = {a.unit_id: a.user for a in ds.extra["assignments"] if a.role in ("avdelningschef", "enhetschef")}
    coordinators = {a.unit.municipality_id: a.user for a in ds.extra["assignments"] if a.role == "kvalitetssamordnare"}
    written_risks = 0
    with bulk.deferred_indexes(RiskAnalysis, Risk):
        for index, (unit, trigger, performed_on) in enumerate(plans):
            remaining = target - written_risks
            left = len(plans) - index - 1  # analyses after this one, each needing at least one risk
            count = remaining if not left else max(1, min(remaining - left, per_analysis + rng.randrange(-3, 4)))
            if unit.pk not in approvers:
                approvers[unit.pk] = list(approvers_for(unit))
            owner = line.get(unit.pk) or coordinators[unit.municipality_id]
            written_risks += _analysis(
                writer, rng, clock, ct, names, unit, trigger, performed_on, count, owner, approvers[unit.pk], now, today
            )
            if len(writer.rows[AuditEntry]) > 20_000:
                writer.flush()
        writer.flush()
    bulk.reset_sequences(RiskAnalysis, Risk, ImprovementAction, AuditEntry)
    bulk.say(f"risks: {written_risks} in {len(plans)} analyses")


def _analysis(writer, rng, clock, ct, names, unit, trigger, performed_on, count, owner, approvers, now, today) -> int:
    start = datetime.datetime.combine(performed_on, datetime.time(9, 0), tzinfo=clock.tz).timestamp()
    completed = start + (30 + rng.random() * 60) * DAY
    is_completed = completed < now - 7 * DAY
    analysis_id = writer.new_id(RiskAnalysis)
    title = (
        "Årlig riskanalys " if trigger == RiskAnalysis.Trigger.YEARLY_CLIENT else "Riskanalys "
    ) + f"{unit.name} {performed_on.year}"
    audit = writer.rows[AuditEntry]

    def audit_row(at, actor, action, content_type, obj_id, obj_repr, changes, note=""):
        audit.append(
            (
                writer.new_id(AuditEntry),
                clock.dt(at),
                actor.pk if actor else None,
                names[actor.pk] if actor else "",
                action,
                content_type,
                str(obj_id),
                obj_repr[:255],
                unit.pk,
                unit.path,
                changes,
                note,
            )
        )

    participants = "Enhetschef, två medarbetare och kvalitetssamordnare"
    audit_row(
        start,
        owner,
        AuditEntry.Action.CREATE,
        ct[RiskAnalysis],
        analysis_id,
        title,
        {
            "unit": [None, _ref(unit.pk, unit.name)],
            "process": [None, None],
            "title": [None, title],
            "trigger": [None, trigger],
            "performed_on": [None, performed_on.isoformat()],
            "participants": [None, participants],
        },
    )
    answered = is_completed or rng.random() < 0.5
    version = 1
    for number in range(1, count + 1):
        created = start + number * 600
        description, consequence = rng.choice(RISKS)
        severity, probability = 1 + rng.randrange(4), 1 + rng.randrange(4)
        decided = is_completed or (rng.random() < 0.6 and created + 4 * DAY < now)
        treatment = rng.choices(["reduce", "accept", "avoid"], [0.6, 0.25, 0.15])[0] if decided else ""
        if treatment == "accept" and not approvers:
            treatment = "reduce"
        residual = None
        if treatment == "reduce" and (is_completed or rng.random() < 0.5):
            rs = max(1, severity - rng.randrange(2))
            rp = max(1, probability - 1 - rng.randrange(2))
            residual = (rs, rp, rs * rp)
        if treatment == "reduce" and is_completed and residual is None:
            residual = (1, 1, 1)
        approver = rng.choice(approvers) if treatment == "accept" else None
        approved = treatment == "accept" and (is_completed or (rng.random() < 0.5 and created + 6 * DAY < now))
        risk_id = writer.new_id(Risk)
        short = description if len(description) <= 80 else description[:79] + "…"
        label = f"R{number}: {short}"
        audit_row(
            created,
            owner,
            AuditEntry.Action.CREATE,
            ct[Risk],
            risk_id,
            label,
            {
                "description": [None, description],
                "client_consequence": [None, consequence],
                "process": [None, None],
                "severity": [None, severity],
                "probability": [None, probability],
                "value": [None, severity * probability],
                "residual_value": [None, residual[2] if residual else None],
            },
        )
        risk_version = 1
        justification = ""
        decided_at = created + 3 * DAY
        if treatment:
            justification = "" if treatment == "reduce" else "Risken bedöms hanterad inom befintliga rutiner."
            changes = {"treatment": ["", treatment]}
            if justification:
                changes["treatment_justification"] = ["", justification]
            if approver:
                changes["approver"] = [None, _ref(approver.pk, names[approver.pk])]
            audit_row(decided_at, owner, AuditEntry.Action.UPDATE, ct[Risk], risk_id, label, changes)
            risk_version += 1
        approved_at = None
        if approved:
            approved_at = decided_at + 2 * DAY
            audit_row(
                approved_at,
                approver,
                AuditEntry.Action.UPDATE,
                ct[Risk],
                risk_id,
                label,
                {"approved_at": [None, clock.dt(approved_at).isoformat()]},
                "Accepterad risk godkänd",
            )
            risk_version += 1
        if treatment == "reduce":
            action_closed = completed + (60 + rng.random() * 120) * DAY if is_completed else None
            _action(
                writer,
                rng,
                clock,
                unit,
                owner,
                names,
                (ct[ImprovementAction], ct[Risk], ImprovementAction.Source.RISK.value, risk_id),
                decided_at + 3600,
                action_closed if action_closed and action_closed < now else None,
                audit_row,
                RISK_ACTIONS,
            )
        writer.rows[Risk].append(
            (
                risk_id,
                risk_version,
                analysis_id,
                number,
                description,
                None,
                consequence,
                severity,
                probability,
                severity * probability,
                residual[0] if residual else None,
                residual[1] if residual else None,
                residual[2] if residual else None,
                treatment,
                justification,
                approver.pk if approver else None,
                clock.dt(approved_at) if approved_at else None,
                owner.pk,
                clock.dt(created),
            )
        )
    if is_completed:
        audit_row(
            completed,
            owner,
            AuditEntry.Action.TRANSITION,
            ct[RiskAnalysis],
            analysis_id,
            title,
            {
                "status": ["in_progress", "completed"],
                "completed_at": [None, clock.dt(completed).isoformat()],
                "completed_by": [None, _ref(owner.pk, names[owner.pk])],
            },
            "Klarmarkerad",
        )
        version += 1
    writer.rows[RiskAnalysis].append(
        (
            analysis_id,
            version,
            unit.pk,
            None,
            title,
            trigger,
            "",
            performed_on,
            participants,
            *([ANSWERS] * len(QUESTION_FIELDS) if answered else [""] * len(QUESTION_FIELDS)),
            "completed" if is_completed else "in_progress",
            clock.dt(completed) if is_completed else None,
            owner.pk if is_completed else None,
            None,
            owner.pk,
            clock.dt(start),
        )
    )
    return count
