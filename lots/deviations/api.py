"""API: deviations (list, detail, report) and their state transitions."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Query, Schema, Status

from lots import access
from lots.api.router import Router
from lots.api.schemas import Id, Moment, StrictSchema, Version
from lots.core.lists import API_LIST_OPENAPI, Paging, api_window
from lots.deviations import access as deviation_access
from lots.deviations import guard, services
from lots.deviations.lists import DEVIATIONS
from lots.deviations.models import Deviation, DeviationCategory
from lots.deviations.steps import related
from lots.deviations.views.common import reportable_units

router = Router(tags=["Avvikelser"])


class DeviationOut(Schema):
    id: int
    number: str
    unit_id: int
    unit_name: str
    category: str | None
    state: Deviation.State
    state_label: str
    reported_at: datetime.datetime
    occurred_at: datetime.datetime
    description: str
    immediate_action: str
    possible_lex_sarah: bool
    case_reference: str
    reported_by: str
    responsible: str | None
    lex_sarah_classification: str | None = None
    ivo_due_date: datetime.date | None = None
    ivo_sent_at: datetime.datetime | None = None
    closed_at: datetime.datetime | None
    version: int


class EventOut(Schema):
    at: datetime.datetime
    from_state: str
    to_state: str
    actor: str | None
    comment: str


class DeviationIn(StrictSchema):
    unit_id: Id
    occurred_at: Moment
    description: str = Field(min_length=1)
    category_id: Id | None = None
    immediate_action: str = ""
    possible_lex_sarah: bool = False
    case_reference: str = ""
    integrity_confirmed: bool = Field(
        False, description="Sätt till true för att spara text som integritetskontrollen varnade för (namn eller personnummer)."
    )


class TransitionIn(StrictSchema):
    to_state: Deviation.State
    comment: str = ""
    version: Version


def _out(deviation: Deviation, *, full: bool) -> dict:
    investigation = related(deviation, "lex_sarah") if full else None
    notification = related(deviation, "ivo_notification") if full else None
    return {
        "id": deviation.pk,
        "number": deviation.number,
        "unit_id": deviation.unit_id,
        "unit_name": deviation.unit.name,
        "category": deviation.category.name if deviation.category else None,
        "state": deviation.state,
        "state_label": deviation.get_state_display(),
        "reported_at": deviation.reported_at,
        "occurred_at": deviation.occurred_at,
        "description": deviation.description,
        "immediate_action": deviation.immediate_action,
        "possible_lex_sarah": deviation.possible_lex_sarah,
        "case_reference": deviation.case_reference,
        "reported_by": str(deviation.reported_by),
        "responsible": str(deviation.responsible) if deviation.responsible else None,
        "lex_sarah_classification": (investigation.classification or None) if investigation else None,
        "ivo_due_date": notification.due_date if notification else None,
        "ivo_sent_at": notification.sent_at if notification else None,
        "closed_at": deviation.closed_at,
        "version": deviation.version,
    }


@router.get(
    "/deviations",
    response=list[DeviationOut],
    summary="Avvikelser du får se: i dina enheter och dina egna rapporter",
    description="Samma filter, ordning (senast rapporterad först) och behörighet som listan i webben och dess export.",
    openapi_extra=API_LIST_OPENAPI,
)
def list_deviations(request, response: HttpResponse, params: DEVIATIONS.api_query = Query(...)):
    user = request.auth
    rows = DEVIATIONS.bind(user, request.GET).api_rows(params, response)
    return [_out(d, full=deviation_access.sees_case(user, d)) for d in rows]


@router.get("/deviations/{deviation_id}", response=DeviationOut)
def get_deviation(request, deviation_id: Id):
    deviation = deviation_access.get_deviation(request.auth, deviation_id)
    return _out(deviation, full=deviation_access.sees_case(request.auth, deviation))


@router.post("/deviations", response={201: DeviationOut}, summary="Rapportera en avvikelse")
def create_deviation(request, payload: DeviationIn):
    user = request.auth
    if not access.has_perm_anywhere(user, "deviation.report"):
        raise PermissionDenied
    unit = reportable_units(user).filter(pk=payload.unit_id).first()
    if unit is None:
        raise ValidationError({"unit_id": _("Enheten finns inte eller är stängd.")})
    category = None
    if payload.category_id is not None:
        category = DeviationCategory.objects.filter(
            pk=payload.category_id, municipality=unit.municipality, is_active=True
        ).first()
        if category is None:
            raise ValidationError({"category_id": _("Välj en av kommunens kategorier.")})
    if payload.occurred_at.tzinfo is None:
        raise ValidationError({"occurred_at": _("Ange tidpunkten med tidszon, till exempel 2026-03-01T14:30:00+01:00.")})
    findings = guard.scan_report(
        unit.municipality, {"description": payload.description, "immediate_action": payload.immediate_action}
    )
    if findings and not payload.integrity_confirmed:
        raise ValidationError(
            {
                field: [
                    _("Texten kan innehålla %(finding)s. Ersätt med ärendereferensen eller skicka med integrity_confirmed=true.")
                    % {"finding": guard.describe(f)}
                    for f in found
                ]
                for field, found in findings.items()
            }
        )
    deviation = services.deviation_report(
        actor=user,
        unit=unit,
        occurred_at=payload.occurred_at,
        description=payload.description,
        category=category,
        immediate_action=payload.immediate_action,
        possible_lex_sarah=payload.possible_lex_sarah,
        case_reference=payload.case_reference,
        integrity_confirmed=bool(findings),
    )
    return Status(201, _out(deviation, full=deviation_access.sees_case(user, deviation)))


@router.get(
    "/deviations/{deviation_id}/transitions",
    response=list[EventOut],
    summary="Statushistorik",
    openapi_extra=API_LIST_OPENAPI,
)
def list_transitions(request, response: HttpResponse, deviation_id: Id, params: Paging = Query(...)):
    deviation = deviation_access.get_deviation(request.auth, deviation_id)
    full = deviation_access.sees_case(request.auth, deviation)
    return [
        {
            "at": e.at,
            "from_state": e.from_state,
            "to_state": e.to_state,
            "actor": str(e.actor) if e.actor else None,
            "comment": e.comment if full else "",
        }
        for e in api_window(deviation.events.select_related("actor").order_by("at", "pk"), params, response)
    ]


@router.post(
    "/deviations/{deviation_id}/transitions",
    response=DeviationOut,
    summary="Flytta avvikelsen till nästa status eller öppna den igen",
)
def create_transition(request, deviation_id: Id, payload: TransitionIn):
    deviation = deviation_access.get_deviation(request.auth, deviation_id, write=True)
    services.deviation_transition(
        actor=request.auth,
        deviation=deviation,
        to_state=payload.to_state,
        comment=payload.comment,
        expected_version=payload.version,
    )
    deviation = deviation_access.get_deviation(request.auth, deviation_id)
    return _out(deviation, full=True)
