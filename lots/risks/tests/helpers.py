"""Small builders for the risk module's tests; they go through the services, as the application does."""

import datetime

from lots.risks.models import ControlPoint, Risk, RiskAnalysis
from lots.risks.services import analysis as analysis_services
from lots.risks.services import control as control_services
from lots.risks.services import followup as followup_services
from lots.risks.services import inspection as inspection_services

TODAY = datetime.date(2026, 11, 23)
ANSWERS = {
    "q_mission": "Utreda och besluta.",
    "q_full_control": "Mottagningen.",
    "q_in_control": "Delvis.",
    "q_risks_seen": "Sena skyddsbedömningar.",
    "q_must_not_happen": "Att ett barn skadas.",
    "q_prepared": "Delvis.",
    "q_newspaper": "Barn som inte skyddats.",
}


def make_analysis(
    world,
    place="own",
    *,
    actor=None,
    trigger=RiskAnalysis.Trigger.YEARLY_CLIENT,
    performed_on=None,
    answered=True,
    title="Årlig riskanalys",
):
    return analysis_services.analysis_create(
        actor=actor or world.persona("kvalitetssamordnare"),
        unit=world.unit(place),
        title=title,
        trigger=trigger,
        performed_on=performed_on or datetime.date.today(),
        participants="Avdelningschef och två medarbetare",
        **(ANSWERS if answered else {}),
    )


def make_risk(analysis, *, actor=None, severity=3, probability=2, residual=None, description="Skyddsbedömning görs för sent."):
    return analysis_services.risk_create(
        actor=actor or analysis.created_by,
        analysis=analysis,
        description=description,
        client_consequence="Barnet lämnas utan skydd.",
        severity=severity,
        probability=probability,
        residual_severity=residual[0] if residual else None,
        residual_probability=residual[1] if residual else None,
    )


def reduce_with_action(risk, actor, *, residual=(2, 1)):
    analysis_services.risk_update(
        actor=actor,
        risk=risk,
        expected_version=risk.version,
        description=risk.description,
        client_consequence=risk.client_consequence,
        severity=risk.severity,
        probability=risk.probability,
        residual_severity=residual[0],
        residual_probability=residual[1],
    )
    analysis_services.risk_decide(actor=actor, risk=risk, expected_version=risk.version, treatment=Risk.Treatment.REDUCE)
    return analysis_services.risk_action_create(
        actor=actor,
        risk=risk,
        title="Rutin för skyddsbedömning",
        owner=actor,
        due_date=datetime.date.today() + datetime.timedelta(days=7),  # within what every default level demands
    )


def completed_analysis(world, place="own", **kwargs):
    actor = world.persona("kvalitetssamordnare")
    analysis = make_analysis(world, place, actor=actor, **kwargs)
    reduce_with_action(make_risk(analysis, actor=actor, severity=4, probability=3), actor)
    return analysis_services.analysis_complete(actor=actor, analysis=analysis)


def make_plan(world, place="own", *, year=None, actor=None):
    return inspection_services.inspection_plan_create(
        actor=actor or world.persona("kvalitetssamordnare"), unit=world.unit(place), year=year or datetime.date.today().year
    )


CRITERIA = ["Aktualiseringen är dokumenterad", "Barnets uppfattning är dokumenterad", "Beslutet är motiverat"]


def make_review_point(plan, *, responsible, sample_size=3, criteria=None, actor=None, title="Journalgranskning"):
    return inspection_services.control_point_create(
        actor=actor or responsible,
        plan=plan,
        title=title,
        method=ControlPoint.Method.RECORD_REVIEW,
        frequency=ControlPoint.Frequency.YEARLY,
        responsible=responsible,
        first_due=datetime.date(plan.year, 10, 31),
        criteria=criteria or CRITERIA,
        sample_size=sample_size,
    )


def review(point, round_, rows: dict[str, list[str]], actor=None):
    """``rows`` maps a record reference to one answer per criterion, in order."""
    criteria = list(point.criteria.all())
    for reference, answers in rows.items():
        inspection_services.record_review_add(
            actor=actor or point.responsible,
            round_=round_,
            reference=reference,
            answers={c.pk: a for c, a in zip(criteria, answers, strict=True)},
        )


def make_internal_control(world, place="own", *, year=None, responsible=None, actor=None):
    actor = actor or world.persona("kvalitetssamordnare")
    year = year or datetime.date.today().year
    plan = control_services.internal_control_plan_create(actor=actor, unit=world.unit(place), year=year)
    activity = control_services.control_activity_create(
        actor=actor,
        plan=plan,
        risk_description="Beslut utan delegation.",
        severity=3,
        probability=2,
        what="Att delegationsordningen följs.",
        method="Stickprov på 20 beslut.",
        responsible=responsible or actor,
        due_date=datetime.date(year, 12, 31),
        reporting="interim",
    )
    return plan, activity


def make_followup(world, place="own", *, year=None, who=None, actor=None):
    actor = actor or world.persona("kvalitetssamordnare")
    year = year or datetime.date.today().year
    plan = followup_services.followup_plan_create(actor=actor, unit=world.unit(place), year=year, owner=actor)
    item = followup_services.followup_item_create(
        actor=actor,
        plan=plan,
        area="goals",
        what="Resultatmålen",
        when="I delårsrapporten",
        due_date=datetime.date(year, 12, 31),
        who=who or actor,
        how_reported="Till nämnden",
    )
    return plan, item
