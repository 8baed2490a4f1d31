"""API: processes with their steps, routines (read and acknowledge), the law list and calendar tasks."""

import datetime

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Query, Schema, Status

from lots import access
from lots.api.router import Router
from lots.api.schemas import Id, Ids, StrictSchema, Year
from lots.core.collation import Swedish
from lots.core.lists import API_LIST_OPENAPI, Paging, api_window
from lots.organisation.models import Unit
from lots.processes import access as paccess
from lots.processes import acknowledgements, services
from lots.processes.calendar import may_complete, responsible_q
from lots.processes.lists import ROUTINES
from lots.processes.models import CalendarTask, Law, Process, Routine
from lots.processes.search import search_processes

PREFIX = "/"
router = Router(tags=["Processer, rutiner och årshjul"])


class ProcessActivityOut(Schema):
    id: int
    position: int
    name: str
    description: str
    responsible_role: str
    routine_ids: list[int]

    @staticmethod
    def resolve_routine_ids(obj):
        return sorted(r.pk for r in obj.routines.all())


class ProcessOut(Schema):
    id: int
    name: str
    kind: str
    status: str
    purpose: str
    starts_with: str
    ends_with: str
    parent_id: int | None
    owner_id: int | None
    unit_ids: list[int]
    review_date: datetime.date | None
    established_at: datetime.datetime | None
    version: int

    @staticmethod
    def resolve_unit_ids(obj):
        return sorted(u.pk for u in obj.units.all())


class CollaborationOut(Schema):
    partner: str
    kind: str
    purpose: str
    agreement: str
    linked_agreement_id: int | None  # the written agreement it rests on (lots.agreements)


class ProcessCollaborationOut(CollaborationOut):
    activity_id: int | None


class ProcessDetailOut(ProcessOut):
    activities: list[ProcessActivityOut]
    collaborations: list[ProcessCollaborationOut]
    no_collaboration_reason: str

    @staticmethod
    def resolve_collaborations(obj):
        return list(obj.collaborations.order_by("kind", "partner", "pk"))

    @staticmethod
    def resolve_activities(obj):
        return list(obj.activities.order_by("position").prefetch_related("routines"))


class ProcessIn(StrictSchema):
    name: str
    kind: Process.Kind = Process.Kind.CORE
    unit_ids: Ids
    purpose: str = ""
    starts_with: str = ""
    ends_with: str = ""
    owner_id: Id | None = None
    parent_id: Id | None = None


class SearchFilter(Paging):
    q: str | None = Field(None, max_length=200, description="Sök i namn och text; bästa träff först")


@router.get("/processes", response=list[ProcessOut], summary="Processer för dina enheter", openapi_extra=API_LIST_OPENAPI)
def list_processes(request, response: HttpResponse, filters: SearchFilter = Query(...)):
    processes = paccess.visible(Process.objects.all(), request.auth, "process.view").prefetch_related("units")
    if filters.q:
        found = search_processes(processes, filters.q)
        return api_window(found.order_by(*found.query.order_by, "pk"), filters, response)
    return api_window(processes.order_by(Swedish("name"), "pk"), filters, response)


@router.get("/processes/{process_id}", response=ProcessDetailOut, summary="En process med sina steg i ordning")
def get_process(request, process_id: Id):
    return paccess.get_visible(Process.objects.prefetch_related("units"), request.auth, process_id, view="process.view")


@router.post("/processes", response={201: ProcessDetailOut}, summary="Skapa en process (utkast)")
def create_process(request, payload: ProcessIn):
    user = request.auth
    units = list(Unit.objects.filter(pk__in=payload.unit_ids))
    if len(units) != len(set(payload.unit_ids)) or not units or not all(access.can(user, "process.change", u) for u in units):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied
    owner = parent = None
    if payload.owner_id is not None:
        from lots.processes.forms import people_in

        owner = get_object_or_404(people_in({units[0].municipality_id}), pk=payload.owner_id)
    if payload.parent_id is not None:
        parent = paccess.get_visible(Process.objects.all(), user, payload.parent_id, view="process.view")
    process = services.process_create(
        actor=user,
        municipality=units[0].municipality,
        name=payload.name,
        kind=payload.kind,
        units=units,
        owner=owner,
        parent=parent,
        purpose=payload.purpose,
        starts_with=payload.starts_with,
        ends_with=payload.ends_with,
    )
    return Status(201, process)


class RoutineOut(Schema):
    id: int
    title: str
    owner_id: int
    unit_ids: list[int]
    process_ids: list[int]
    current_version: int | None
    established_at: datetime.datetime | None
    acknowledge_by: datetime.date | None
    review_date: datetime.date | None
    valid_from: datetime.date | None
    valid_until: datetime.date | None

    @staticmethod
    def resolve_unit_ids(obj):
        return sorted(u.pk for u in obj.units.all())

    @staticmethod
    def resolve_process_ids(obj):
        return sorted(p.pk for p in obj.processes.all())

    @staticmethod
    def resolve_current_version(obj):
        return obj.current_version.number if obj.current_version else None

    @staticmethod
    def resolve_established_at(obj):
        return obj.current_version.established_at if obj.current_version else None

    @staticmethod
    def resolve_acknowledge_by(obj):
        return obj.current_version.acknowledge_by if obj.current_version else None


class RoutineDetailOut(RoutineOut):
    text_html: str
    acknowledged: bool
    collaborations: list[CollaborationOut]
    no_collaboration_reason: str

    @staticmethod
    def resolve_collaborations(obj):
        return list(obj.collaborations.order_by("kind", "partner", "pk"))


@router.get(
    "/routines",
    response=list[RoutineOut],
    summary="Rutiner för dina enheter; q söker i text",
    description="Samma filter, ordning (efter titel, vid sökning bästa träff först) och behörighet som listan i webben.",
    openapi_extra=API_LIST_OPENAPI,
)
def list_routines(request, response: HttpResponse, params: ROUTINES.api_query = Query(...)):
    return ROUTINES.bind(request.auth, request.GET).api_rows(params, response)


@router.get(
    "/routines/{routine_id}", response=RoutineDetailOut, summary="En rutin med den gällande versionens text (sanerad HTML)"
)
def get_routine(request, routine_id: Id):
    routine = paccess.get_visible(
        Routine.objects.select_related("current_version").prefetch_related("units", "processes"),
        request.auth,
        routine_id,
        view="routine.view",
    )
    routine.text_html = routine.current_version.body_html if routine.current_version else ""
    routine.acknowledged = acknowledgements.has_confirmed(request.auth, routine)
    return routine


class AcknowledgementOut(Schema):
    routine_id: int
    version: int
    acknowledged_at: datetime.datetime


@router.post("/routines/{routine_id}/acknowledge", response={201: AcknowledgementOut}, summary="Bekräfta läst och förstått")
def acknowledge_routine(request, routine_id: Id):
    routine = paccess.get_visible(
        Routine.objects.select_related("current_version"), request.auth, routine_id, view="routine.view"
    )
    if not acknowledgements.may_acknowledge(request.auth, routine):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied
    ack = services.acknowledge(actor=request.auth, routine=routine)
    return Status(201, {"routine_id": routine.pk, "version": ack.version.number, "acknowledged_at": ack.acknowledged_at})


class LawOut(Schema):
    id: int
    reference: str
    collection: str
    number: str
    title: str
    short_name: str
    description: str
    unit_ids: list[int]
    in_force_from: datetime.date | None
    repealed_on: datetime.date | None
    replaced_by_id: int | None
    last_reviewed_at: datetime.date | None
    last_reviewed_by_id: int | None

    @staticmethod
    def resolve_unit_ids(obj):
        return sorted(u.pk for u in obj.units.all())


@router.get("/laws", response=list[LawOut], summary="Laglistan för dina enheter", openapi_extra=API_LIST_OPENAPI)
def list_laws(request, response: HttpResponse, params: Paging = Query(...)):
    laws = paccess.visible(Law.objects.all(), request.auth, "law.view").prefetch_related("units")
    return api_window(laws.order_by("municipality__name", "collection", "title", "pk"), params, response)


class CalendarTaskOut(Schema):
    id: int
    title: str
    description: str
    unit_id: int
    unit_name: str
    due_date: datetime.date
    responsible_role: str
    phase: str
    done_at: datetime.datetime | None
    version: int

    @staticmethod
    def resolve_unit_name(obj):
        return obj.unit.name


class CalendarFilter(Paging):
    year: Year | None = None
    mine: bool = False


@router.get(
    "/calendar/tasks",
    response=list[CalendarTaskOut],
    summary="Årshjulets uppgifter (standard: i år)",
    openapi_extra=API_LIST_OPENAPI,
)
def list_calendar_tasks(request, response: HttpResponse, filters: CalendarFilter = Query(...)):
    year = filters.year or timezone.localdate().year
    tasks = paccess.visible_by_unit(CalendarTask.objects.all(), request.auth, "calendar.view").filter(due_date__year=year)
    if filters.mine:
        tasks = tasks.filter(responsible_q(request.auth))
    return api_window(tasks.select_related("unit").order_by("due_date", "title", "pk"), filters, response)


class DoneIn(StrictSchema):
    note: str = ""


@router.post("/calendar/tasks/{task_id}/done", response=CalendarTaskOut, summary="Markera en uppgift i årshjulet som klar")
def complete_calendar_task(request, task_id: Id, payload: DoneIn):
    task = paccess.get_by_unit(CalendarTask.objects.select_related("unit"), request.auth, task_id, view="calendar.view")
    if not may_complete(request.auth, task):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied
    services.task_complete(actor=request.auth, task=task, note=payload.note)
    return task
