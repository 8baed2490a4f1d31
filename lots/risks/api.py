"""JSON API for risk analyses, risks, self-inspection plans, control points and results, and internal control.

Every read is scoped by lots.access; every write goes through the same services (and audit log) as the pages.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import Query, Schema, Status

from lots import access
from lots.api.router import Router
from lots.api.schemas import Count, Day, Id, IntegrityConfirmed, StrictSchema, Version, Year
from lots.core.lists import API_LIST_OPENAPI, Paging, api_window
from lots.organisation.models import Unit
from lots.processes.models import Process
from lots.risks import access as risk_access
from lots.risks.compliance import Tally, compliance_for
from lots.risks.lists import INSPECTION_PLANS, INTERNAL_CONTROL_PLANS, RISK_ANALYSES, this_year_unless_asked
from lots.risks.models import (
    QUESTION_FIELDS,
    Assessment,
    ControlActivity,
    ControlPoint,
    ControlRound,
    InspectionPlan,
    InternalControlPlan,
    RiskAnalysis,
    RiskScale,
)
from lots.risks.queries import people_near
from lots.risks.services import analysis as analysis_services
from lots.risks.services import control as control_services
from lots.risks.services import inspection as inspection_services

router = Router(tags=["Risker och kontroll"])


def _unit_for_write(user, unit_id: int, perm: str) -> Unit:
    view = perm.split(".")[0] + ".view"
    return access.get_object(
        Unit.objects.select_related("municipality"), user, unit_id, view=view, change=perm, write=True, field=None
    )


def _process(process_id: int | None, unit: Unit) -> Process | None:
    if process_id is None:
        return None
    process = Process.objects.filter(pk=process_id, municipality_id=unit.municipality_id).first()
    if process is None:
        raise ValidationError({"process_id": [_("Processen finns inte i enhetens kommun.")]})
    return process


def _percent(tally: Tally) -> float | None:
    return float(tally.percent) if tally.percent is not None else None


# Risk analyses and risks.


class RiskOut(Schema):
    id: int
    analysis_id: int
    number: int
    label: str
    description: str
    process_id: int | None
    client_consequence: str
    severity: int
    probability: int
    value: int
    level: str
    residual_severity: int | None
    residual_probability: int | None
    residual_value: int | None
    treatment: str
    treatment_justification: str
    approver_id: int | None
    approved_at: datetime.datetime | None
    version: int

    @staticmethod
    def resolve_level(obj):
        return obj.level.name


class AnalysisOut(Schema):
    id: int
    unit_id: int
    unit_name: str
    process_id: int | None
    title: str
    trigger: str
    trigger_note: str
    performed_on: datetime.date
    participants: str
    answers: dict[str, str]
    status: str
    completed_at: datetime.datetime | None
    reported_to_board_on: datetime.date | None
    version: int

    @staticmethod
    def resolve_unit_name(obj):
        return obj.unit.name

    @staticmethod
    def resolve_answers(obj):
        return {name: getattr(obj, name) for name in QUESTION_FIELDS}


class AnalysisDetailOut(AnalysisOut):
    risks: list[RiskOut]

    @staticmethod
    def resolve_risks(obj):
        return obj.risks_list


class AnalysisIn(StrictSchema):
    unit_id: Id
    title: str
    trigger: RiskAnalysis.Trigger
    performed_on: Day
    participants: str
    process_id: Id | None = None
    trigger_note: str = ""
    q_mission: str = ""
    q_full_control: str = ""
    q_in_control: str = ""
    q_risks_seen: str = ""
    q_must_not_happen: str = ""
    q_prepared: str = ""
    q_newspaper: str = ""
    integrity_confirmed: IntegrityConfirmed = False


class AnalysisPatch(StrictSchema):
    version: Version
    title: str | None = None
    trigger_note: str | None = None
    performed_on: Day | None = None
    participants: str | None = None
    q_mission: str | None = None
    q_full_control: str | None = None
    q_in_control: str | None = None
    q_risks_seen: str | None = None
    q_must_not_happen: str | None = None
    q_prepared: str | None = None
    q_newspaper: str | None = None
    integrity_confirmed: IntegrityConfirmed = False


class RiskIn(StrictSchema):
    description: str
    client_consequence: str
    severity: Count
    probability: Count
    process_id: Id | None = None
    residual_severity: Count | None = None
    residual_probability: Count | None = None
    integrity_confirmed: IntegrityConfirmed = False


class RiskPatch(RiskIn):
    version: Version


def _with_levels(risks, scale: RiskScale):
    for risk in risks:
        risk.level = scale.level_for_value(risk.value)
    return risks


def _analysis_detail(analysis: RiskAnalysis) -> RiskAnalysis:
    scale = RiskScale.for_municipality(analysis.unit.municipality)
    analysis.risks_list = _with_levels(list(analysis.risks.order_by("number")), scale)
    return analysis


@router.get(
    "/risk-analyses",
    response=list[AnalysisOut],
    summary="Riskanalyser som du har behörighet till",
    description="Samma filter, ordning (senast genomförd först) och behörighet som listan i webben och dess export.",
    openapi_extra=API_LIST_OPENAPI,
)
def list_analyses(request, response: HttpResponse, params: RISK_ANALYSES.api_query = Query(...)):
    return RISK_ANALYSES.bind(request.auth, request.GET).api_rows(params, response)


@router.get("/risk-analyses/{analysis_id}", response=AnalysisDetailOut)
def get_analysis(request, analysis_id: Id):
    return _analysis_detail(risk_access.get_analysis(request.auth, analysis_id))


@router.post("/risk-analyses", response={201: AnalysisDetailOut}, summary="Starta en riskanalys")
def create_analysis(request, payload: AnalysisIn):
    unit = _unit_for_write(request.auth, payload.unit_id, "risk.change")
    data = payload.dict(exclude={"unit_id", "process_id"})
    analysis = analysis_services.analysis_create(
        actor=request.auth, unit=unit, process=_process(payload.process_id, unit), **data
    )
    return Status(201, _analysis_detail(risk_access.get_analysis(request.auth, analysis.pk)))


@router.patch("/risk-analyses/{analysis_id}", response=AnalysisDetailOut, summary="Ändra eller besvara frågorna i en riskanalys")
def patch_analysis(request, analysis_id: Id, payload: AnalysisPatch):
    analysis = risk_access.get_analysis(request.auth, analysis_id, write=True)
    data = payload.dict(exclude_none=True)
    version = data.pop("version")
    analysis_services.analysis_update(actor=request.auth, analysis=analysis, expected_version=version, **data)
    return _analysis_detail(analysis)


@router.get("/risk-analyses/{analysis_id}/risks", response=list[RiskOut], openapi_extra=API_LIST_OPENAPI)
def list_risks(request, response: HttpResponse, analysis_id: Id, params: Paging = Query(...)):
    return api_window(_analysis_detail(risk_access.get_analysis(request.auth, analysis_id)).risks_list, params, response)


@router.post("/risk-analyses/{analysis_id}/risks", response={201: RiskOut}, summary="Lägg till en risk")
def create_risk(request, analysis_id: Id, payload: RiskIn):
    analysis = risk_access.get_analysis(request.auth, analysis_id, write=True)
    data = payload.dict(exclude={"process_id"})
    risk = analysis_services.risk_create(
        actor=request.auth, analysis=analysis, process=_process(payload.process_id, analysis.unit), **data
    )
    return Status(201, _with_levels([risk], RiskScale.for_municipality(analysis.unit.municipality))[0])


@router.get("/risks/{risk_id}", response=RiskOut)
def get_risk(request, risk_id: Id):
    risk = risk_access.get_risk(request.auth, risk_id)
    return _with_levels([risk], RiskScale.for_municipality(risk.analysis.unit.municipality))[0]


@router.patch("/risks/{risk_id}", response=RiskOut, summary="Ändra bedömningen av en risk")
def patch_risk(request, risk_id: Id, payload: RiskPatch):
    risk = risk_access.get_risk(request.auth, risk_id, write=True)
    data = payload.dict(exclude={"process_id", "version"})
    analysis_services.risk_update(
        actor=request.auth,
        risk=risk,
        expected_version=payload.version,
        process=_process(payload.process_id, risk.analysis.unit),
        **data,
    )
    return _with_levels([risk], RiskScale.for_municipality(risk.analysis.unit.municipality))[0]


# Self-inspection: plans, control points and results.


class ControlPointOut(Schema):
    id: int
    plan_id: int
    title: str
    purpose: str
    method: str
    frequency: int
    sample_size: int | None
    responsible_id: int
    first_due: datetime.date
    criteria: list[str]
    due_dates: list[datetime.date]
    version: int

    @staticmethod
    def resolve_criteria(obj):
        return [c.text for c in obj.criteria.all()]

    @staticmethod
    def resolve_due_dates(obj):
        return [r.due_date for r in obj.rounds.all()]


class PlanOut(Schema):
    id: int
    unit_id: int
    unit_name: str
    year: int
    note: str
    version: int

    @staticmethod
    def resolve_unit_name(obj):
        return obj.unit.name


class PlanDetailOut(PlanOut):
    control_points: list[ControlPointOut]

    @staticmethod
    def resolve_control_points(obj):
        return list(obj.control_points.all())


class PlanIn(StrictSchema):
    unit_id: Id
    year: Year
    note: str = ""


class ControlPointIn(StrictSchema):
    title: str
    method: ControlPoint.Method
    frequency: ControlPoint.Frequency
    responsible_id: Id
    first_due: Day
    criteria: list[str]
    sample_size: Count | None = None
    purpose: str = ""


class CriterionResultOut(Schema):
    criterion: str
    met: int
    not_met: int
    not_applicable: int
    percent_met: float | None
    previous_percent_met: float | None


class RecordOut(Schema):
    reference: str
    answers: dict[str, str]


class ResultOut(Schema):
    id: int
    control_point_id: int
    control_point: str
    unit_id: int
    due_date: datetime.date
    status: str
    performed_on: datetime.date | None
    summary: str
    conclusion: str
    met: int
    not_met: int
    not_applicable: int
    percent_met: float | None
    previous_percent_met: float | None


class ResultDetailOut(ResultOut):
    criteria: list[CriterionResultOut]
    records: list[RecordOut]


class PlanFilter(Paging):
    plan: Id | None = None


class ResultFilter(Paging):
    year: Year | None = None
    plan: Id | None = None
    done: bool | None = None


def _result(round_: ControlRound, *, detail: bool = False) -> dict:
    compliance = compliance_for(round_)
    data = {
        "id": round_.pk,
        "control_point_id": round_.control_point_id,
        "control_point": round_.control_point.title,
        "unit_id": round_.control_point.plan.unit_id,
        "due_date": round_.due_date,
        "status": round_.status,
        "performed_on": round_.performed_on,
        "summary": round_.summary,
        "conclusion": round_.conclusion,
        "met": compliance.overall.met,
        "not_met": compliance.overall.not_met,
        "not_applicable": compliance.overall.not_applicable,
        "percent_met": _percent(compliance.overall),
        "previous_percent_met": _percent(compliance.previous_overall) if compliance.previous_overall else None,
    }
    if detail:
        data["criteria"] = [
            {
                "criterion": r.criterion.text,
                "met": r.tally.met,
                "not_met": r.tally.not_met,
                "not_applicable": r.tally.not_applicable,
                "percent_met": _percent(r.tally),
                "previous_percent_met": _percent(r.previous) if r.previous else None,
            }
            for r in compliance.criteria
        ]
        records = round_.records.prefetch_related(
            Prefetch("assessments", queryset=Assessment.objects.select_related("criterion").order_by("criterion__position"))
        )
        data["records"] = [
            {"reference": rec.reference, "answers": {a.criterion.text: a.answer for a in rec.assessments.all()}}
            for rec in records
        ]
    return data


def _plan_qs():
    return InspectionPlan.objects.select_related("unit").prefetch_related(
        Prefetch("control_points", queryset=ControlPoint.objects.prefetch_related("criteria", "rounds"))
    )


@router.get(
    "/inspection-plans",
    response=list[PlanOut],
    summary="Egenkontrollplaner som du har behörighet till (standard: i år; year tomt för alla år)",
    description="Samma filter, ordning och behörighet som listan i webben och dess export.",
    openapi_extra=API_LIST_OPENAPI,
)
def list_plans(request, response: HttpResponse, params: INSPECTION_PLANS.api_query = Query(...)):
    return INSPECTION_PLANS.bind(request.auth, this_year_unless_asked(request.GET)).api_rows(params, response)


@router.get("/inspection-plans/{plan_id}", response=PlanDetailOut)
def get_plan(request, plan_id: Id):
    return access.get_object(_plan_qs(), request.auth, plan_id, view="inspection.view")


@router.post("/inspection-plans", response={201: PlanDetailOut}, summary="Skapa en egenkontrollplan")
def create_plan(request, payload: PlanIn):
    unit = _unit_for_write(request.auth, payload.unit_id, "inspection.change")
    plan = inspection_services.inspection_plan_create(actor=request.auth, unit=unit, year=payload.year, note=payload.note)
    return Status(201, _plan_qs().get(pk=plan.pk))


@router.get(
    "/control-points",
    response=list[ControlPointOut],
    summary="Kontrollpunkter som du har behörighet till",
    openapi_extra=API_LIST_OPENAPI,
)
def list_control_points(request, response: HttpResponse, params: PlanFilter = Query(...)):
    points = access.scope(
        ControlPoint.objects.prefetch_related("criteria", "rounds"), request.auth, "inspection.view", field="plan__unit"
    )
    if params.plan is not None:
        points = points.filter(plan_id=params.plan)
    return api_window(points.order_by("plan", "first_due", "pk"), params, response)


@router.get("/control-points/{point_id}", response=ControlPointOut)
def get_control_point(request, point_id: Id):
    return risk_access.get_control_point(request.auth, point_id)


@router.post("/inspection-plans/{plan_id}/control-points", response={201: ControlPointOut}, summary="Lägg till en kontrollpunkt")
def create_control_point(request, plan_id: Id, payload: ControlPointIn):
    plan = risk_access.get_inspection_plan(request.auth, plan_id, write=True)
    responsible = people_near(plan.unit).filter(pk=payload.responsible_id).first()
    if responsible is None:
        raise ValidationError({"responsible_id": [_("Personen har ingen roll i enheten.")]})
    data = payload.dict(exclude={"responsible_id"})
    point = inspection_services.control_point_create(actor=request.auth, plan=plan, responsible=responsible, **data)
    return Status(201, point)


@router.get(
    "/inspection-results",
    response=list[ResultOut],
    summary="Resultat av egenkontroll med andel uppfyllt",
    openapi_extra=API_LIST_OPENAPI,
)
def list_results(request, response: HttpResponse, filters: ResultFilter = Query(...)):
    rounds = access.scope(
        ControlRound.objects.select_related("control_point__plan"),
        request.auth,
        "inspection.view",
        field="control_point__plan__unit",
    )
    if filters.year is not None:
        rounds = rounds.filter(control_point__plan__year=filters.year)
    if filters.plan is not None:
        rounds = rounds.filter(control_point__plan_id=filters.plan)
    if filters.done is not None:
        rounds = rounds.filter(status=ControlRound.Status.DONE) if filters.done else rounds.open()
    return [_result(r) for r in api_window(rounds.order_by("due_date", "pk"), filters, response)]


@router.get("/inspection-results/{round_id}", response=ResultDetailOut)
def get_result(request, round_id: Id):
    return _result(risk_access.get_round(request.auth, round_id), detail=True)


# Internal control.


class ControlActivityOut(Schema):
    id: int
    plan_id: int
    risk_description: str
    risk_id: int | None
    severity: int
    probability: int
    value: int
    what: str
    method: str
    responsible_id: int
    due_date: datetime.date
    reporting: str
    status: str
    performed_on: datetime.date | None
    result: str
    conclusion: str
    reported_on: datetime.date | None
    version: int


class InternalControlPlanOut(Schema):
    id: int
    unit_id: int
    year: int
    adopted_on: datetime.date | None
    note: str
    activities: list[ControlActivityOut]

    @staticmethod
    def resolve_activities(obj):
        return list(obj.activities.all())


class ActivityResultIn(StrictSchema):
    version: Version
    performed_on: Day
    result: str
    conclusion: ControlActivity.Conclusion
    reported_on: Day | None = None


def _ic_qs():
    return InternalControlPlan.objects.prefetch_related(
        Prefetch("activities", queryset=ControlActivity.objects.order_by("due_date", "pk"))
    )


@router.get(
    "/internal-control-plans",
    response=list[InternalControlPlanOut],
    summary="Internkontrollplaner med resultat (standard: i år; year tomt för alla år)",
    description="Samma filter, ordning och behörighet som listan i webben och dess export.",
    openapi_extra=API_LIST_OPENAPI,
)
def list_internal_control(request, response: HttpResponse, params: INTERNAL_CONTROL_PLANS.api_query = Query(...)):
    return INTERNAL_CONTROL_PLANS.bind(request.auth, this_year_unless_asked(request.GET)).api_rows(params, response)


@router.get("/internal-control-plans/{plan_id}", response=InternalControlPlanOut)
def get_internal_control(request, plan_id: Id):
    return access.get_object(_ic_qs(), request.auth, plan_id, view="internalcontrol.view")


@router.post(
    "/control-activities/{activity_id}/result", response=ControlActivityOut, summary="Registrera resultatet av en kontroll"
)
def report_activity_result(request, activity_id: Id, payload: ActivityResultIn):
    activity = risk_access.get_control_activity(request.auth, activity_id, report=True)
    data = payload.dict(exclude={"version"})
    control_services.control_activity_report_result(
        actor=request.auth, activity=activity, expected_version=payload.version, **data
    )
    return activity
