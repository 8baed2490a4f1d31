"""Feedback cases and their transitions. The public submission stays a form (``feedback_public``), not an API."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Field, Query, Schema, Status

from lots import access
from lots.api.router import Router
from lots.api.schemas import Day, Id, Moment, StrictSchema, Version
from lots.core.lists import API_LIST_OPENAPI
from lots.feedback import access as feedback_access
from lots.feedback import delegation, services
from lots.feedback.forms import staff_units
from lots.feedback.lists import FEEDBACK_CASES
from lots.feedback.models import DelegationRequest, FeedbackCase
from lots.lib import integrity
from lots.organisation.models import Unit

router = Router(tags=["Synpunkter"])
C = FeedbackCase
D = DelegationRequest
INTEGRITY_HINT = gettext_lazy("Skicka samma förfrågan med integrity_confirmed=true för att spara texten som den står.")


def integrity_field():
    return Field(
        False, description="Sätt till true för att spara text som integritetskontrollen varnade för (namn eller personnummer)."
    )


def _guarded(call):
    """Run a service; the integrity guard's warning answers 422 with how to confirm the text, like the web forms."""
    try:
        return call()
    except ValidationError as error:
        if not hasattr(error, "error_dict") or not any(
            e.code == integrity.CODE for errors in error.error_dict.values() for e in errors
        ):
            raise
        raise ValidationError(
            {
                field: [f"{message} {INTEGRITY_HINT}" if e.code == integrity.CODE else message for e in errors for message in e]
                for field, errors in error.error_dict.items()
            }
        ) from None


class ComplaintDelegationOut(Schema):
    requested_at: datetime.datetime
    channel: D.Channel
    requested_by_id: int | None
    reason: str
    due_date: datetime.date
    escalated_at: datetime.datetime | None
    decided_at: datetime.datetime | None
    decided_by_id: int | None
    decision_basis: str
    decision_reference: str
    decision: str
    answer: str
    version: int


class CaseOut(Schema):
    id: int
    reference: str
    municipality_id: int
    unit_id: int
    unit_name: str
    kind: str
    sender_role: str
    channel: str
    category: str
    authority: str
    external_reference: str
    status: str
    received_at: datetime.datetime
    due_date: datetime.date
    is_anonymous: bool
    handler_id: int | None
    answered_at: datetime.datetime | None
    closed_at: datetime.datetime | None
    escalated_at: datetime.datetime | None
    lex_sarah_at: datetime.datetime | None
    version: int

    @staticmethod
    def resolve_unit_name(obj):
        return obj.unit.name


class ContactOut(Schema):
    name: str
    email: str
    phone: str
    address: str
    preferred_reply: str


class CaseDetailOut(CaseOut):
    description: str
    investigation: str
    answer: str
    answer_method: str
    closing_note: str
    contact: ContactOut | None = None
    delegation: ComplaintDelegationOut | None = Field(
        None, description="Klagomålsdelegationens prövning, om avsändaren har begärt den (Katrineholm §5.2)."
    )

    @staticmethod
    def resolve_delegation(obj):
        return obj.delegation_or_none

    @staticmethod
    def resolve_contact(obj, context):
        """Contact details only for those handling the case; never for anonymous cases."""
        if not feedback_access.sees_contact(context["request"].auth, obj):
            return None
        return {
            "name": obj.contact_name,
            "email": obj.contact_email,
            "phone": obj.contact_phone,
            "address": obj.contact_address,
            "preferred_reply": obj.preferred_reply,
        }


class CaseIn(StrictSchema):
    unit_id: Id
    kind: C.Kind
    channel: C.Channel
    description: str
    sender_role: C.SenderRole | None = None
    received_on: Day | None = None
    reply: C.Reply = C.Reply.NONE
    contact_name: str = ""
    contact_email: str = ""
    contact_phone: str = ""
    contact_address: str = ""
    category: C.Category | None = None
    authority: C.Authority | None = None
    external_reference: str = ""
    integrity_confirmed: bool = integrity_field()


class CasePatch(StrictSchema):
    version: Version
    category: C.Category | None = None
    sender_role: C.SenderRole | None = None
    unit_id: Id | None = None
    investigation: str | None = None
    integrity_confirmed: bool = integrity_field()


class ComplaintDelegationIn(StrictSchema):
    reason: str = Field(min_length=1, max_length=delegation.MAX_TEXT)
    integrity_confirmed: bool = integrity_field()


class ComplaintDelegationDecisionIn(StrictSchema):
    version: Version
    basis: D.Basis
    reference: str = Field(min_length=1, max_length=120)
    decision: str = Field(min_length=1, max_length=delegation.MAX_TEXT)
    answer: str = Field(min_length=1, max_length=delegation.MAX_TEXT)
    integrity_confirmed: bool = integrity_field()


class VersionIn(StrictSchema):
    version: Version


class AnswerIn(StrictSchema):
    version: Version
    method: C.AnswerMethod
    answer: str


class CaseCloseIn(StrictSchema):
    version: Version
    category: C.Category
    closing_note: str = ""


class LexSarahOut(Schema):
    deviation_id: int
    url: str


def _queryset():
    return FeedbackCase.objects.select_related("unit", "delegation")


def _get(request, case_id: int, *, write: bool = False) -> FeedbackCase:
    return feedback_access.get_case(request.auth, case_id, write=write, queryset=_queryset())


@router.get(
    "/feedback",
    response=list[CaseOut],
    summary="Synpunkter och klagomål som du har behörighet till",
    description="Samma filter, ordning (senast inkommen först) och behörighet som listan i webben och dess export.",
    openapi_extra=API_LIST_OPENAPI,
)
def list_cases(request, response: HttpResponse, params: FEEDBACK_CASES.api_query = Query(...)):
    return FEEDBACK_CASES.bind(request.auth, request.GET).api_rows(params, response)


@router.get("/feedback/{case_id}", response=CaseDetailOut, summary="Ett ärende; kontaktuppgifter bara för den som handlägger")
def get_case(request, case_id: Id):
    return _get(request, case_id)


@router.post("/feedback", response={201: CaseOut}, summary="Registrera en synpunkt som kommit in på annat sätt än e-tjänsten")
def create_case(request, payload: CaseIn):
    units = {u.pk: u for u in staff_units(request.auth)}
    unit = units.get(payload.unit_id)
    if unit is None:
        raise Http404
    received_at = None
    if payload.received_on and payload.received_on != timezone.localdate():
        received_at = timezone.make_aware(datetime.datetime.combine(payload.received_on, datetime.time(12, 0)))
    case = _guarded(
        lambda: services.feedback_register(
            actor=request.auth,
            unit=unit,
            kind=payload.kind,
            sender_role=payload.sender_role or "",
            channel=payload.channel,
            description=payload.description,
            received_at=received_at,
            reply=payload.reply,
            contact_name=payload.contact_name,
            contact_email=payload.contact_email,
            contact_phone=payload.contact_phone,
            contact_address=payload.contact_address,
            category=payload.category or "",
            authority=payload.authority or "",
            external_reference=payload.external_reference,
            integrity_confirmed=payload.integrity_confirmed,
        )
    )
    return Status(201, case)


@router.patch("/feedback/{case_id}", response=CaseDetailOut, summary="Klassificera och anteckna utredningen")
def patch_case(request, case_id: Id, payload: CasePatch):
    case = _get(request, case_id, write=True)
    unit = case.unit
    if payload.unit_id is not None and payload.unit_id != case.unit_id:
        unit = Unit.objects.filter(pk=payload.unit_id, municipality=case.unit.municipality).first()
        if unit is None:
            raise ValidationError({"unit_id": _("Välj en enhet i samma kommun.")})
    _guarded(
        lambda: services.feedback_update(
            actor=request.auth,
            case=case,
            expected_version=payload.version,
            category=case.category if payload.category is None else payload.category,
            sender_role=payload.sender_role or case.sender_role,
            unit=unit,
            investigation=case.investigation if payload.investigation is None else payload.investigation,
            integrity_confirmed=payload.integrity_confirmed,
        )
    )
    if not feedback_access.sees_case(request.auth, case):
        raise PermissionDenied
    return case


@router.post("/feedback/{case_id}/receive", response=CaseDetailOut, summary="Ta emot ärendet och bli dess handläggare")
def receive_case(request, case_id: Id, payload: VersionIn):
    case = _get(request, case_id, write=True)
    services.feedback_receive(actor=request.auth, case=case, expected_version=payload.version)
    return case


@router.post("/feedback/{case_id}/answer", response=CaseDetailOut, summary="Svara avsändaren (e-post skickas direkt)")
def answer_case(request, case_id: Id, payload: AnswerIn):
    case = _get(request, case_id, write=True)
    services.feedback_answer(
        actor=request.auth, case=case, expected_version=payload.version, method=payload.method, answer=payload.answer
    )
    return case


@router.post("/feedback/{case_id}/close", response=CaseDetailOut, summary="Avsluta ärendet")
def close_case(request, case_id: Id, payload: CaseCloseIn):
    case = _get(request, case_id, write=True)
    services.feedback_close(
        actor=request.auth,
        case=case,
        expected_version=payload.version,
        category=payload.category,
        closing_note=payload.closing_note,
    )
    return case


class LexSarahIn(StrictSchema):
    occurred_at: Moment


@router.post("/feedback/{case_id}/lex-sarah", response={201: LexSarahOut}, summary="Gör en lex Sarah-rapport av ärendet")
def lex_sarah(request, case_id: Id, payload: LexSarahIn):
    case = _get(request, case_id, write=True)
    if not access.can(request.auth, "deviation.report", case.unit):
        raise PermissionDenied
    if payload.occurred_at.tzinfo is None:
        raise ValidationError({"occurred_at": _("Ange tidpunkten med tidszon, till exempel 2026-03-01T14:30:00+01:00.")})
    deviation = services.feedback_report_lex_sarah(actor=request.auth, case=case, occurred_at=payload.occurred_at)
    return Status(201, {"deviation_id": deviation.pk, "url": deviation.get_absolute_url()})


@router.post(
    "/feedback/{case_id}/delegation",
    response={201: ComplaintDelegationOut},
    summary="Registrera att avsändaren begär att klagomålsdelegationen prövar klagomålet",
    description="Bara för ett besvarat klagomål, och bara en gång. Görs av den som handlägger ärendet.",
)
def request_delegation(request, case_id: Id, payload: ComplaintDelegationIn):
    case = _get(request, case_id, write=True)
    track = _guarded(
        lambda: delegation.delegation_request(
            actor=request.auth, case=case, reason=payload.reason, integrity_confirmed=payload.integrity_confirmed
        )
    )
    return Status(201, track)


@router.post(
    "/feedback/{case_id}/delegation/decision",
    response=ComplaintDelegationOut,
    summary="Registrera klagomålsdelegationens beslut och svaret till avsändaren",
    description="Förvaltningschefen registrerar beslutet (delegationens eller eget enligt delegationsordningen).",
)
def decide_delegation(request, case_id: Id, payload: ComplaintDelegationDecisionIn):
    case = _get(request, case_id)
    if not feedback_access.can_decide_delegation(request.auth, case):
        raise PermissionDenied
    track = case.delegation_or_none
    if track is None:
        raise Http404
    return _guarded(
        lambda: delegation.delegation_decide(
            actor=request.auth,
            track=track,
            expected_version=payload.version,
            basis=payload.basis,
            reference=payload.reference,
            decision=payload.decision,
            answer=payload.answer,
            integrity_confirmed=payload.integrity_confirmed,
        )
    )
