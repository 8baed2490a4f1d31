"""API: the intervention register (list and one intervention) and, for those who handle participants, the
participant list. The same lists, filters and access as the pages; participant reads are logged like the page's."""

import datetime

from django.http import HttpResponse
from django.utils import timezone
from ninja import Query, Schema

from lots.api.router import Router
from lots.api.schemas import Id
from lots.core.lists import API_LIST_OPENAPI
from lots.interventions import access
from lots.interventions.lists import INTERVENTIONS, OFFERS, PARTICIPANTS

router = Router(tags=["Serviceinsatser"])


class InterventionOut(Schema):
    id: int
    name: str
    kind: str
    description: str
    target_group: str
    unit_id: int
    unit_name: str
    provider_id: int | None
    provider_name: str | None
    contract_id: int | None
    has_contract: bool
    status: str
    offerable: bool
    keeps_participant_data: bool

    @staticmethod
    def resolve_unit_name(obj):
        return obj.unit.name

    @staticmethod
    def resolve_provider_name(obj):
        return obj.provider.name if obj.provider_id else None

    @staticmethod
    def resolve_has_contract(obj):
        return obj.has_contract(timezone.localdate())

    @staticmethod
    def resolve_offerable(obj):
        return obj.is_offerable(timezone.localdate())


class ParticipantOut(Schema):
    """A participant as far as the consent covers: a field the consent does not cover is always empty."""

    id: int
    intervention_id: int
    unit_id: int
    reference: str
    name: str
    contact: str
    notes: str
    consent_name: bool
    consent_contact: bool
    consent_notes: bool
    consent_given_on: datetime.date
    consent_method: str
    consent_given_by: str
    started_on: datetime.date
    status: str
    ended_on: datetime.date | None
    end_reason: str


@router.get(
    "/interventions",
    response=list[InterventionOut],
    summary="Serviceinsatser i de enheter du har behörighet till",
    description="Samma filter, ordning och behörighet som registret i webben och dess export.",
    openapi_extra=API_LIST_OPENAPI,
)
def list_interventions(request, response: HttpResponse, params: INTERVENTIONS.api_query = Query(...)):
    return INTERVENTIONS.bind(request.auth, request.GET).api_rows(params, response)


@router.get(
    "/interventions/offers",
    response=list[InterventionOut],
    summary="Serviceinsatser som kan erbjudas i dag",
    description="Insatser i egen regi och externa insatser med gällande avtal, i kommunerna du har behörighet till.",
    openapi_extra=API_LIST_OPENAPI,
)
def list_offers(request, response: HttpResponse, params: OFFERS.api_query = Query(...)):
    return OFFERS.bind(request.auth, request.GET).api_rows(params, response)


@router.get("/interventions/{intervention_id}", response=InterventionOut, summary="En serviceinsats")
def get_intervention(request, intervention_id: Id):
    return access.get_intervention(request.auth, intervention_id)


@router.get(
    "/intervention-participants",
    response=list[ParticipantOut],
    summary="Deltagare i serviceinsatser",
    description="För chefer och medarbetare på enheten. Sekretessuppgifter: varje läsning loggas med deltagarnas id.",
    openapi_extra=API_LIST_OPENAPI,
)
def list_participants(request, response: HttpResponse, params: PARTICIPANTS.api_query = Query(...)):
    return PARTICIPANTS.bind(request.auth, request.GET).api_rows(params, response)
