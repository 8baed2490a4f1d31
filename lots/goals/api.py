"""API: goal areas, result goals, activities and follow-ups with their assessments, to read. Every read is scoped by
lots.goals.access like the pages (plans are read up and down); the lists page like every other list. Values of
indicators are written through lots.indicators.api."""

import datetime

from django.http import HttpResponse
from ninja import Query, Schema
from pydantic import Field

from lots import access
from lots.api.router import Router
from lots.api.schemas import Id, Year
from lots.core.lists import API_LIST_OPENAPI, Paging, api_window
from lots.goals import access as goal_access
from lots.goals.models import GoalArea

router = Router(tags=["Mål och uppföljning"])
PREFIX = "/goals"


class GoalAreaOut(Schema):
    id: int
    municipality_id: int
    year: int
    number: int
    name: str
    description: str
    decided_by: str
    decision_date: datetime.date | None
    decision_reference: str
    copied_from_id: int | None
    version: int


class GoalOut(Schema):
    id: int
    area_id: int
    unit_id: int
    year: int
    number: int
    title: str
    description: str
    concerns_clients: bool
    decided_by: str
    decision_date: datetime.date | None
    decision_reference: str
    copied_from_id: int | None
    version: int


class GoalActivityOut(Schema):
    id: int
    unit_id: int
    year: int
    title: str
    description: str
    owner_id: int
    starts_on: datetime.date
    ends_on: datetime.date
    status: str
    budget_amount: int | None
    goal_ids: list[int]
    law_ids: list[int]
    copied_from_id: int | None
    version: int

    @staticmethod
    def resolve_budget_amount(obj):
        return int(obj.budget_amount) if obj.budget_amount is not None else None

    @staticmethod
    def resolve_goal_ids(obj):
        return sorted(g.pk for g in obj.goals.all())

    @staticmethod
    def resolve_law_ids(obj):
        return sorted(law.pk for law in obj.laws.all())


class GoalAssessmentOut(Schema):
    goal_id: int
    assessment: str
    analysis: str


class ActivityReportOut(Schema):
    activity_id: int
    status: str
    comment: str


class GoalFollowUpOut(Schema):
    id: int
    unit_id: int
    year: int
    period: str
    state: str
    established_at: datetime.datetime | None
    assessments: list[GoalAssessmentOut]
    activity_reports: list[ActivityReportOut]
    version: int

    @staticmethod
    def resolve_assessments(obj):
        return list(obj.assessments.all())

    @staticmethod
    def resolve_activity_reports(obj):
        return list(obj.activity_reports.all())


class GoalFilter(Paging):
    year: Year | None = Field(None, description="Bara detta år.")
    unit: Id | None = Field(None, description="Bara denna enhet (inte enheterna under).")


def _filtered(queryset, params: GoalFilter):
    if params.year is not None:
        queryset = queryset.filter(year=params.year)
    if params.unit is not None:
        queryset = queryset.filter(unit_id=params.unit)
    return queryset


@router.get(
    "/areas",
    response=list[GoalAreaOut],
    summary="Målområden i kommunerna där du läser mål",
    openapi_extra=API_LIST_OPENAPI,
)
def list_areas(request, response: HttpResponse, params: GoalFilter = Query(...)):
    areas = GoalArea.objects.filter(municipality_id__in=access.municipality_ids_with(request.auth, goal_access.VIEW))
    if params.year is not None:
        areas = areas.filter(year=params.year)
    return api_window(areas.order_by("year", "number", "pk"), params, response)


@router.get("/areas/{area_id}", response=GoalAreaOut, summary="Ett målområde")
def get_area(request, area_id: Id):
    return goal_access.get_area(request.auth, area_id)


@router.get("/goals", response=list[GoalOut], summary="Resultatmål som du läser", openapi_extra=API_LIST_OPENAPI)
def list_goals(request, response: HttpResponse, params: GoalFilter = Query(...)):
    goals = _filtered(goal_access.goals(request.auth), params).order_by("year", "unit_id", "number", "pk")
    return api_window(goals, params, response)


@router.get("/goals/{goal_id}", response=GoalOut, summary="Ett resultatmål")
def get_goal(request, goal_id: Id):
    return goal_access.get_goal(request.auth, goal_id)


@router.get("/activities", response=list[GoalActivityOut], summary="Aktiviteter som du läser", openapi_extra=API_LIST_OPENAPI)
def list_activities(request, response: HttpResponse, params: GoalFilter = Query(...)):
    activities = (
        _filtered(goal_access.activities(request.auth), params)
        .prefetch_related("goals", "laws")
        .order_by("year", "starts_on", "pk")
    )
    return api_window(activities, params, response)


@router.get("/activities/{activity_id}", response=GoalActivityOut, summary="En aktivitet")
def get_activity(request, activity_id: Id):
    return goal_access.get_activity(request.auth, activity_id)


@router.get(
    "/follow-ups",
    response=list[GoalFollowUpOut],
    summary="Uppföljningar av verksamhetsplaner med bedömningar",
    openapi_extra=API_LIST_OPENAPI,
)
def list_follow_ups(request, response: HttpResponse, params: GoalFilter = Query(...)):
    follow_ups = (
        _filtered(goal_access.follow_ups(request.auth), params)
        .prefetch_related("assessments", "activity_reports")
        .order_by("year", "unit_id", "period", "pk")
    )
    return api_window(follow_ups, params, response)


@router.get("/follow-ups/{follow_up_id}", response=GoalFollowUpOut, summary="En uppföljning med bedömningar")
def get_follow_up(request, follow_up_id: Id):
    return goal_access.get_follow_up(request.auth, follow_up_id)
