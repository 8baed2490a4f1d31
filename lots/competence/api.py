"""API: the staff's competence status, the units' competence development plans, supervision and students (lists,
read-logged like the pages), one person's appraisals and plans, and recording an appraisal."""

import datetime

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from ninja import Field, Query, Schema, Status

from lots.api.router import Router
from lots.api.schemas import Day, Id, StrictSchema
from lots.competence import access as competence_access
from lots.competence import services
from lots.competence.lists import STATUS, STUDENTS, SUPERVISION, UNIT_PLANS, attach_status
from lots.competence.models import ItemStatus, SupervisionForm
from lots.core.lists import API_LIST_OPENAPI

router = Router(tags=["Kompetens"])
PREFIX = "/competence"


class CompetenceStatusOut(Schema):
    employment_id: int
    person_id: int
    person: str
    unit_id: int
    unit_name: str
    title: str
    starts_on: datetime.date
    last_appraisal: datetime.date | None
    appraisal_due_on: datetime.date
    appraisal_overdue: bool
    has_plan: bool


class CompetenceUnitPlanItemOut(Schema):
    id: int
    need: str
    activity: str
    target_group: str
    when: str
    cost: int | None
    status: ItemStatus


class CompetenceUnitPlanOut(Schema):
    id: int
    unit_id: int
    unit_name: str
    year: int
    summary: str
    items: list[CompetenceUnitPlanItemOut]
    version: int


class CompetenceSupervisionOut(Schema):
    id: int
    unit_id: int
    form: SupervisionForm
    given_by: str
    frequency: str
    starts_on: datetime.date
    ends_on: datetime.date | None


class CompetenceStudentOut(Schema):
    id: int
    unit_id: int
    name: str
    programme: str
    school: str
    starts_on: datetime.date
    ends_on: datetime.date
    supervisor_employment_id: int
    supervisor: str


class CompetenceAppraisalOut(Schema):
    id: int
    employment_id: int
    held_on: datetime.date
    held_by: str
    version: int


class CompetencePlanRowOut(Schema):
    id: int
    activity: str
    planned_when: str
    done_on: datetime.date | None
    outcome: str


class CompetencePlanOut(Schema):
    id: int
    employment_id: int
    year: int
    appraisal_id: int | None
    goals: str
    rows: list[CompetencePlanRowOut]
    version: int


class CompetencePersonOut(Schema):
    employment_id: int
    person: str
    unit_id: int
    appraisals: list[CompetenceAppraisalOut]
    plans: list[CompetencePlanOut]


class CompetenceAppraisalIn(StrictSchema):
    held_on: Day = Field(description="Dagen samtalet hölls, ÅÅÅÅ-MM-DD; inte fram i tiden.")
    goals: str = Field("", max_length=4000, description="Målen i årets individuella plan, om de ska sättas nu.")


@router.get(
    "/status",
    response=list[CompetenceStatusOut],
    summary="Medarbetarnas status: senaste medarbetarsamtal och individuell plan i år",
    description="Samma filter, ordning och behörighet som statussidan och dess export. Varje läsning loggas.",
    openapi_extra=API_LIST_OPENAPI,
)
def list_status(request, response: HttpResponse, params: STATUS.api_query = Query(...)):
    filtered = STATUS.bind(request.auth, request.GET)
    rows = attach_status(filtered.api_rows(params, response), filtered, viewer=request.auth)
    return [
        {
            "employment_id": e.pk,
            "person_id": e.person_id,
            "person": str(e.person),
            "unit_id": e.unit_id,
            "unit_name": e.unit.name,
            "title": e.title,
            "starts_on": e.starts_on,
            "last_appraisal": e.status.last_appraisal,
            "appraisal_due_on": e.status.due_on,
            "appraisal_overdue": e.status.appraisal_overdue,
            "has_plan": e.status.has_plan,
        }
        for e in rows
    ]


@router.get(
    "/unit-plans",
    response=list[CompetenceUnitPlanOut],
    summary="Enheternas kompetensutvecklingsplaner med rader",
    openapi_extra=API_LIST_OPENAPI,
)
def list_unit_plans(request, response: HttpResponse, params: UNIT_PLANS.api_query = Query(...)):
    rows = UNIT_PLANS.bind(request.auth, request.GET).api_rows(params, response)
    return [
        {
            "id": p.pk,
            "unit_id": p.unit_id,
            "unit_name": p.unit.name,
            "year": p.year,
            "summary": p.summary,
            "items": [
                {
                    "id": i.pk,
                    "need": i.need,
                    "activity": i.activity,
                    "target_group": i.target_group,
                    "when": i.when,
                    "cost": int(i.cost) if i.cost is not None else None,
                    "status": i.status,
                }
                for i in p.items.all()
            ],
            "version": p.version,
        }
        for p in rows
    ]


@router.get(
    "/supervision",
    response=list[CompetenceSupervisionOut],
    summary="Handledning som enheterna erbjuder",
    openapi_extra=API_LIST_OPENAPI,
)
def list_supervision(request, response: HttpResponse, params: SUPERVISION.api_query = Query(...)):
    rows = SUPERVISION.bind(request.auth, request.GET).api_rows(params, response)
    return [
        {
            "id": s.pk,
            "unit_id": s.unit_id,
            "form": s.form,
            "given_by": s.given_by,
            "frequency": s.frequency,
            "starts_on": s.starts_on,
            "ends_on": s.ends_on,
        }
        for s in rows
    ]


@router.get(
    "/students",
    response=list[CompetenceStudentOut],
    summary="Praktikanter och deras handledare",
    description="Varje läsning loggas.",
    openapi_extra=API_LIST_OPENAPI,
)
def list_students(request, response: HttpResponse, params: STUDENTS.api_query = Query(...)):
    rows = STUDENTS.bind(request.auth, request.GET).api_rows(params, response)
    return [
        {
            "id": s.pk,
            "unit_id": s.unit_id,
            "name": s.name,
            "programme": s.programme,
            "school": s.school,
            "starts_on": s.starts_on,
            "ends_on": s.ends_on,
            "supervisor_employment_id": s.supervisor_id,
            "supervisor": str(s.supervisor.person),
        }
        for s in rows
    ]


def _person_out(user, employment) -> dict:
    appraisals = competence_access.appraisals(user, employment)
    plans = competence_access.plans(user, employment).prefetch_related("rows")
    return {
        "employment_id": employment.pk,
        "person": str(employment.person),
        "unit_id": employment.unit_id,
        "appraisals": [
            {"id": a.pk, "employment_id": a.employment_id, "held_on": a.held_on, "held_by": str(a.held_by), "version": a.version}
            for a in appraisals
        ],
        "plans": [
            {
                "id": p.pk,
                "employment_id": p.employment_id,
                "year": p.year,
                "appraisal_id": p.appraisal_id,
                "goals": p.goals,
                "rows": [
                    {
                        "id": r.pk,
                        "activity": r.activity,
                        "planned_when": r.planned_when,
                        "done_on": r.done_on,
                        "outcome": r.outcome,
                    }
                    for r in p.rows.all()
                ],
                "version": p.version,
            }
            for p in plans
        ],
    }


@router.get(
    "/employments/{employment_id}",
    response=CompetencePersonOut,
    summary="En medarbetares medarbetarsamtal och individuella planer",
    description="Din egen, eller en i dina enheter. Läsningen loggas.",
)
def get_person(request, employment_id: Id):
    employment = competence_access.access_employment(request.auth, employment_id)
    return _person_out(request.auth, employment)


@router.post(
    "/employments/{employment_id}/appraisals",
    response={201: CompetenceAppraisalOut},
    summary="Registrera ett medarbetarsamtal",
    description="Årets individuella plan upprättas vid samtalet om den inte finns. Kräver behörighet att föra enhetens "
    "kompetensuppgifter; den anställda själv kan inte registrera sitt samtal.",
)
def record_appraisal(request, employment_id: Id, payload: CompetenceAppraisalIn):
    employment = competence_access.access_employment(request.auth, employment_id)
    if not competence_access.can_keep(request.auth, employment):
        raise PermissionDenied
    appraisal = services.appraisal_record(actor=request.auth, employment=employment, held_on=payload.held_on, goals=payload.goals)
    return Status(
        201,
        {
            "id": appraisal.pk,
            "employment_id": employment.pk,
            "held_on": appraisal.held_on,
            "held_by": str(appraisal.held_by),
            "version": appraisal.version,
        },
    )
