"""JSON API of the work-environment delegation: the delegation list (the page's filters, scope and order) and one
delegation with its tasks and returns; the catalogue of tasks. Reading only: drawing up, signing, returning and
answering happen in Lots' pages, where each manager confirms with their login."""

import datetime

from django.http import HttpResponse
from ninja import Query, Schema

from lots import access
from lots.api.router import Router
from lots.api.schemas import Id
from lots.core.lists import API_LIST_OPENAPI, Paging, api_window
from lots.workenv import access as workenv_access
from lots.workenv.lists import DELEGATIONS
from lots.workenv.models import WorkTask

router = Router(tags=["Arbetsmiljödelegering"])


class DelegationOut(Schema):
    id: int
    reference: str
    unit_id: int
    unit_name: str
    delegator_id: int
    delegator_name: str
    delegator_role: str
    receiver_id: int
    receiver_name: str
    receiver_role: str
    state: str
    may_delegate_further: bool
    delegator_signed_at: datetime.datetime | None
    receiver_signed_at: datetime.datetime | None
    in_force_from: datetime.datetime | None
    ended_at: datetime.datetime | None
    replaces_id: int | None
    task_count: int
    open_returns: int
    needs_owner: bool
    version: int

    @staticmethod
    def resolve_unit_name(obj):
        return obj.unit.name

    @staticmethod
    def resolve_delegator_name(obj):
        return str(obj.delegator)

    @staticmethod
    def resolve_receiver_name(obj):
        return str(obj.receiver)

    @staticmethod
    def resolve_needs_owner(obj):
        return bool(obj.flagged)


class TaskOut(Schema):
    id: int
    title: str
    description: str
    basis: str
    is_active: bool


class ReturnOut(Schema):
    id: int
    task_ids: list[int]
    ground: str
    text: str
    returned_by_id: int
    returned_at: datetime.datetime
    answer: str
    action_taken: str
    answered_by_id: int | None
    answered_at: datetime.datetime | None
    version: int

    @staticmethod
    def resolve_task_ids(obj):
        return sorted(t.pk for t in obj.tasks.all())


class DelegationDetailOut(DelegationOut):
    activity: str
    competence: str
    authority: str
    resources: str
    return_procedure: str
    end_reason: str
    tasks: list[TaskOut]
    returns: list[ReturnOut]

    @staticmethod
    def resolve_tasks(obj):
        return [row.task for row in obj.delegated_tasks.select_related("task").order_by("task__position", "task__title", "pk")]

    @staticmethod
    def resolve_returns(obj):
        return list(obj.returns.prefetch_related("tasks"))


@router.get(
    "/work-delegations",
    response=list[DelegationOut],
    openapi_extra=API_LIST_OPENAPI,
    summary="Arbetsmiljödelegeringar (som listan på sidan; utan status: gällande och väntande)",
)
def list_delegations(request, response: HttpResponse, params: DELEGATIONS.api_query = Query(...)):
    return DELEGATIONS.bind(request.auth, request.GET).api_rows(params, response)


@router.get("/work-delegations/{delegation_id}", response=DelegationDetailOut, summary="En arbetsmiljödelegering")
def get_delegation(request, delegation_id: Id):
    found = workenv_access.get_delegation(request.auth, delegation_id)
    return DELEGATIONS.load(type(found).objects.filter(pk=found.pk), request.auth).get()


@router.get(
    "/work-tasks",
    response=list[TaskOut],
    openapi_extra=API_LIST_OPENAPI,
    summary="Kommunernas kataloger över arbetsmiljöuppgifter",
)
def list_tasks(request, response: HttpResponse, params: Paging = Query(...)):
    ids = access.municipality_ids_with(request.auth, workenv_access.VIEW) + [
        m.pk for m in workenv_access.catalogue_municipalities(request.auth)
    ]
    tasks = WorkTask.objects.filter(municipality_id__in=set(ids)).order_by("municipality_id", "position", "title", "pk")
    return api_window(tasks, params, response)
