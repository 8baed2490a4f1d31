"""API: improvement actions: list, read, create, change, move between PDSA stages and close with an evaluation."""

import datetime

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Query, Schema, Status

from lots import access
from lots.api.router import Router
from lots.api.schemas import Day, Id, IntegrityConfirmed, StrictSchema, Version
from lots.core.lists import API_LIST_OPENAPI
from lots.improvements import access as iaccess
from lots.improvements import proposal_api, services
from lots.improvements.forms import owners_for
from lots.improvements.lists import IMPROVEMENTS
from lots.improvements.models import ImprovementAction
from lots.organisation.models import Unit

PREFIX = "/"
router = Router(tags=["Förbättringsåtgärder"])


class ImprovementOut(Schema):
    id: int
    title: str
    description: str
    expected_effect: str
    unit_id: int
    owner_id: int
    stage: str
    source_kind: str
    source_type: str | None
    source_id: str
    due_date: datetime.date | None
    overdue: bool
    done_notes: str
    effect_measure: str
    effect_result: str
    conclusion: str
    closed_at: datetime.datetime | None
    version: int

    @staticmethod
    def resolve_source_type(obj):
        return f"{obj.source_type.app_label}.{obj.source_type.model}" if obj.source_type_id else None

    @staticmethod
    def resolve_overdue(obj):
        return obj.is_overdue(timezone.localdate())


class ImprovementIn(StrictSchema):
    title: str
    unit_id: Id
    owner_id: Id
    description: str = ""
    expected_effect: str = ""
    source_kind: ImprovementAction.Source = ImprovementAction.Source.OTHER
    due_date: Day | None = None
    integrity_confirmed: IntegrityConfirmed = False


class ImprovementPatch(StrictSchema):
    version: Version
    title: str | None = None
    description: str | None = None
    expected_effect: str | None = None
    owner_id: Id | None = None
    due_date: Day | None = None
    integrity_confirmed: IntegrityConfirmed = False


class StageIn(StrictSchema):
    version: Version
    stage: ImprovementAction.Stage
    # The content of the stage being left, needed when moving forward (ImprovementAction.STAGE_CONTENT); a text
    # left out keeps what the action already says.
    description: str | None = None
    expected_effect: str | None = None
    done_notes: str | None = None
    effect_measure: str | None = None
    effect_result: str | None = None
    integrity_confirmed: IntegrityConfirmed = False


class ImprovementCloseIn(StrictSchema):
    version: Version
    effect_measure: str
    effect_result: str
    conclusion: str = ""
    integrity_confirmed: IntegrityConfirmed = False


@router.get(
    "/improvements",
    response=list[ImprovementOut],
    summary="Förbättringsåtgärder du kan se (standard: öppna)",
    description="Samma filter, ordning (först förfallen först) och behörighet som listan i webben och dess export.",
    openapi_extra=API_LIST_OPENAPI,
)
def list_improvements(request, response: HttpResponse, params: IMPROVEMENTS.api_query = Query(...)):
    return IMPROVEMENTS.bind(request.auth, request.GET).api_rows(params, response)


@router.get("/improvements/{action_id}", response=ImprovementOut)
def get_improvement(request, action_id: Id):
    return iaccess.get_action(request.auth, action_id)


def _owner(user_id: int, unit: Unit):
    return get_object_or_404(owners_for([unit]), pk=user_id)


@router.post("/improvements", response={201: ImprovementOut}, summary="Registrera en åtgärd (steget Planera)")
def create_improvement(request, payload: ImprovementIn):
    unit = get_object_or_404(access.visible_units(request.auth, "improvement.view").open(), pk=payload.unit_id)
    if not access.can(request.auth, "improvement.change", unit):
        raise PermissionDenied
    action = services.improvement_create(
        actor=request.auth,
        unit=unit,
        title=payload.title,
        owner=_owner(payload.owner_id, unit),
        description=payload.description,
        expected_effect=payload.expected_effect,
        source_kind=payload.source_kind,
        due_date=payload.due_date,
        integrity_confirmed=payload.integrity_confirmed,
    )
    return Status(201, action)


@router.patch("/improvements/{action_id}", response=ImprovementOut, summary="Ändra en öppen åtgärd")
def patch_improvement(request, action_id: Id, payload: ImprovementPatch):
    action = iaccess.get_action(request.auth, action_id, write=True)
    data = payload.dict(exclude_unset=True)
    version = data.pop("version")
    confirmed = data.pop("integrity_confirmed", False)
    # Only the due date may be cleared; null for any other field leaves it as it is.
    data = {name: value for name, value in data.items() if value is not None or name == "due_date"}
    if "owner_id" in data:
        data["owner"] = _owner(data.pop("owner_id"), action.unit)
    services.improvement_update(
        actor=request.auth, action=action, expected_version=version, integrity_confirmed=confirmed, **data
    )
    return action


@router.post("/improvements/{action_id}/stage", response=ImprovementOut, summary="Flytta till nästa eller föregående PDSA-steg")
def move_improvement(request, action_id: Id, payload: StageIn):
    action = iaccess.get_action(request.auth, action_id, write=True)
    texts = payload.dict(exclude={"version", "stage", "integrity_confirmed"}, exclude_none=True)
    services.improvement_move(
        actor=request.auth,
        action=action,
        stage=payload.stage,
        expected_version=payload.version,
        content=texts,
        integrity_confirmed=payload.integrity_confirmed,
    )
    return action


@router.post("/improvements/{action_id}/close", response=ImprovementOut, summary="Avsluta med utvärdering av effekten")
def close_improvement(request, action_id: Id, payload: ImprovementCloseIn):
    action = iaccess.get_action(request.auth, action_id, write=True)
    services.improvement_close(
        actor=request.auth,
        action=action,
        effect_measure=payload.effect_measure,
        effect_result=payload.effect_result,
        conclusion=payload.conclusion,
        expected_version=payload.version,
        integrity_confirmed=payload.integrity_confirmed,
    )
    return action


proposal_api.register(router)
