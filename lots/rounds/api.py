"""JSON API for safety and fire-safety rounds: the lists of rounds, findings and actions (the same filters, order and
access as the pages and their exports) and one round with its checklist, findings and actions. Read-only: rounds are
held on the pages."""

import datetime

from django.http import HttpResponse
from ninja import Query, Schema

from lots.api.router import Router
from lots.api.schemas import Id
from lots.core.lists import API_LIST_OPENAPI
from lots.rounds import access as rounds_access
from lots.rounds.lists import ACTIONS, FINDINGS, ROUNDS
from lots.rounds.models import Action
from lots.rounds.views import with_levels

router = Router(tags=["Skydds- och brandskyddsronder"])


class RoundOut(Schema):
    id: int
    unit_id: int
    unit_name: str
    kind: str
    held_on: datetime.date
    safety_rep_id: int | None
    safety_rep_name: str
    version: int

    @staticmethod
    def resolve_unit_name(obj):
        return obj.unit.name

    @staticmethod
    def resolve_safety_rep_name(obj):
        return obj.safety_rep_display


class FindingOut(Schema):
    id: int
    round_id: int
    item_id: int | None
    description: str
    severity: int
    probability: int
    value: int
    level: str
    closed_on: datetime.date | None
    improvement_id: int | None
    version: int

    @staticmethod
    def resolve_level(obj):
        return obj.level.name


class ActionOut(Schema):
    id: int
    finding_id: int
    round_id: int
    unit_id: int
    what: str
    owner_id: int
    due_date: datetime.date
    status: str
    done_on: datetime.date | None
    version: int

    @staticmethod
    def resolve_round_id(obj):
        return obj.finding.round_id

    @staticmethod
    def resolve_unit_id(obj):
        return obj.finding.round.unit_id


class ItemOut(Schema):
    id: int
    section: str
    text: str
    answer: str
    comment: str


class RoundDetailOut(RoundOut):
    participant_ids: list[int]
    note: str
    items: list[ItemOut]
    findings: list[FindingOut]
    actions: list[ActionOut]

    @staticmethod
    def resolve_participant_ids(obj):
        return sorted(p.pk for p in obj.participants.all())

    @staticmethod
    def resolve_items(obj):
        return list(obj.items.all())

    @staticmethod
    def resolve_findings(obj):
        return obj.findings_list

    @staticmethod
    def resolve_actions(obj):
        return obj.actions_list


@router.get(
    "/safety-rounds",
    response=list[RoundOut],
    summary="Skydds- och brandskyddsronder som du har behörighet till",
    description="Samma filter, ordning (senaste först) och behörighet som listan i webben och dess export.",
    openapi_extra=API_LIST_OPENAPI,
)
def list_rounds(request, response: HttpResponse, params: ROUNDS.api_query = Query(...)):
    return ROUNDS.bind(request.auth, request.GET).api_rows(params, response)


@router.get("/safety-rounds/{round_id}", response=RoundDetailOut, summary="En rond med checklista, iakttagelser och åtgärder")
def get_round(request, round_id: Id):
    rnd = rounds_access.get_round(request.auth, round_id)
    findings = with_levels(rnd.findings.select_related("round__unit").order_by("pk"))
    actions = list(Action.objects.filter(finding__round=rnd).select_related("finding__round").order_by("due_date", "pk"))
    rnd.findings_list = findings
    rnd.actions_list = actions
    return rnd


@router.get(
    "/safety-round-findings",
    response=list[FindingOut],
    summary="Iakttagelser från ronder som du har behörighet till",
    description="Samma filter, ordning (högst riskvärde först) och behörighet som listan i webben och dess export.",
    openapi_extra=API_LIST_OPENAPI,
)
def list_findings(request, response: HttpResponse, params: FINDINGS.api_query = Query(...)):
    return with_levels(FINDINGS.bind(request.auth, request.GET).api_rows(params, response))


@router.get(
    "/safety-round-actions",
    response=list[ActionOut],
    summary="Åtgärder från ronder som du har behörighet till",
    description="Samma filter, ordning (tidigast klart-datum först) och behörighet som listan i webben och dess export.",
    openapi_extra=API_LIST_OPENAPI,
)
def list_actions(request, response: HttpResponse, params: ACTIONS.api_query = Query(...)):
    return ACTIONS.bind(request.auth, request.GET).api_rows(params, response)
