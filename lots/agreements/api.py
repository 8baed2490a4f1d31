"""API: collaboration agreements: list, read, register, change, record the legal assessment and reviews, make active,
and acknowledge. Every read is scoped by lots.agreements.access; every write goes through the same services (and
audit log) as the pages."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Schema, Status
from pydantic import Field

from lots import access
from lots.agreements import access as agreement_access
from lots.agreements import services
from lots.agreements.lists import AGREEMENTS
from lots.agreements.models import Agreement, AgreementParty, AgreementReview
from lots.api.router import Router
from lots.api.schemas import Day, Id, Ids, StrictSchema, Version
from lots.core.lists import API_LIST_OPENAPI

router = Router(tags=["Samverkansöverenskommelser"])

Title = Field(min_length=1, max_length=200)
Text = Field("", max_length=10_000)
Short = Field("", max_length=200)


class PartyOut(Schema):
    id: int
    name: str
    kind: str
    role: str
    responsibility: str


class ReviewOut(Schema):
    id: int
    reviewed_on: datetime.date
    reviewed_by_id: int
    outcome: str
    conclusion: str
    next_review_date: datetime.date | None


class AgreementOut(Schema):
    id: int
    title: str
    area: str
    purpose: str
    follow_up: str
    follow_up_by: str
    status: str
    make_known: bool
    unit_ids: list[int]
    owner_id: int
    valid_from: datetime.date | None
    valid_until: datetime.date | None
    review_date: datetime.date | None
    review_overdue: bool
    legal_conclusion: str
    legal_assessed_on: datetime.date | None
    legal_assessed_by_id: int | None
    has_document: bool
    parties: list[PartyOut]
    version: int

    @staticmethod
    def resolve_unit_ids(obj):
        return sorted(u.pk for u in obj.units.all())

    @staticmethod
    def resolve_review_overdue(obj):
        return obj.review_is_overdue(timezone.localdate())

    @staticmethod
    def resolve_has_document(obj):
        return bool(obj.document)

    @staticmethod
    def resolve_parties(obj):
        return list(obj.parties.all())


class AgreementDetailOut(AgreementOut):
    legal_reasoning: str
    reviews: list[ReviewOut]
    acknowledged_by_me: bool

    @staticmethod
    def resolve_reviews(obj):
        return list(obj.reviews.all())

    @staticmethod
    def resolve_acknowledged_by_me(obj, context):
        user = context["request"].auth
        return obj.acknowledgements.filter(user=user, reading=obj.reading).exists()


class PartyIn(StrictSchema):
    name: str = Title
    kind: AgreementParty.Kind
    responsibility: str = Field(min_length=1, max_length=10_000)
    role: str = Short


class AgreementIn(StrictSchema):
    title: str = Title
    area: str = Field(min_length=1, max_length=200)
    purpose: str = Field(min_length=1, max_length=10_000)
    unit_ids: Ids = Field(min_length=1)
    owner_id: Id
    follow_up: str = Text
    follow_up_by: str = Short
    make_known: bool = True
    valid_from: Day | None = None
    valid_until: Day | None = None
    review_date: Day | None = None
    parties: list[PartyIn] = Field(default_factory=list, max_length=50)


class AgreementPatch(StrictSchema):
    version: Version
    title: str | None = Field(None, min_length=1, max_length=200)
    area: str | None = Field(None, min_length=1, max_length=200)
    purpose: str | None = Field(None, min_length=1, max_length=10_000)
    follow_up: str | None = Field(None, max_length=10_000)
    follow_up_by: str | None = Field(None, max_length=200)
    owner_id: Id | None = None
    make_known: bool | None = None
    valid_from: Day | None = None
    valid_until: Day | None = None
    review_date: Day | None = None


class AssessmentIn(StrictSchema):
    version: Version
    assessed_by_id: Id
    assessed_on: Day
    conclusion: Agreement.LegalConclusion
    reasoning: str = Field(min_length=1, max_length=10_000)


class ReviewIn(StrictSchema):
    version: Version
    reviewed_on: Day
    reviewed_by_id: Id
    outcome: AgreementReview.Outcome
    conclusion: str = Field(min_length=1, max_length=10_000)
    next_review_date: Day | None = None


class AgreementVersionIn(StrictSchema):
    version: Version


def _detail(user, agreement_id: int, *, write: bool = False) -> Agreement:
    return agreement_access.get_agreement(user, agreement_id, write=write)


def _person(user_id: int, municipality_id: int, field: str):
    person = access.people_in([municipality_id]).filter(pk=user_id).first()
    if person is None:
        raise ValidationError({field: [_("Personen har ingen roll i kommunen.")]})
    return person


@router.get(
    "/agreements",
    response=list[AgreementOut],
    summary="Samverkansöverenskommelser som du har behörighet till",
    description="Samma filter, ordning (efter namn) och behörighet som registret i webben och dess export.",
    openapi_extra=API_LIST_OPENAPI,
)
def list_agreements(request, response: HttpResponse, params: AGREEMENTS.api_query = Query(...)):
    return AGREEMENTS.bind(request.auth, request.GET).api_rows(params, response)


@router.get("/agreements/{agreement_id}", response=AgreementDetailOut, summary="En överenskommelse med parter och översyner")
def get_agreement(request, agreement_id: Id):
    return _detail(request.auth, agreement_id)


@router.post("/agreements", response={201: AgreementDetailOut}, summary="Registrera en överenskommelse som utkast")
def create_agreement(request, payload: AgreementIn):
    user = request.auth
    units = list(access.visible_units(user, agreement_access.VIEW).open().filter(pk__in=payload.unit_ids))
    if len(units) != len(set(payload.unit_ids)):
        raise ValidationError({"unit_ids": [_("En av enheterna finns inte, eller så har du inte tillgång till den.")]})
    if any(not access.can(user, agreement_access.CHANGE, unit) for unit in units):
        raise PermissionDenied
    municipality = units[0].municipality
    agreement = services.agreement_create(
        actor=user,
        municipality=municipality,
        units=units,
        owner=_person(payload.owner_id, municipality.pk, "owner_id"),
        title=payload.title,
        area=payload.area,
        purpose=payload.purpose,
        follow_up=payload.follow_up,
        follow_up_by=payload.follow_up_by,
        make_known=payload.make_known,
        valid_from=payload.valid_from,
        valid_until=payload.valid_until,
        review_date=payload.review_date,
    )
    for party in payload.parties:
        services.party_add(
            actor=user,
            agreement=agreement,
            name=party.name,
            kind=str(party.kind),
            responsibility=party.responsibility,
            role=party.role,
        )
    return Status(201, _detail(user, agreement.pk))


@router.patch("/agreements/{agreement_id}", response=AgreementDetailOut, summary="Ändra en överenskommelse")
def patch_agreement(request, agreement_id: Id, payload: AgreementPatch):
    agreement = _detail(request.auth, agreement_id, write=True)
    data = payload.dict(exclude_unset=True)
    version = data.pop("version")
    # Dates may be cleared; null for any other field leaves it as it is.
    dates = {"valid_from", "valid_until", "review_date"}
    data = {name: value for name, value in data.items() if value is not None or name in dates}
    if "owner_id" in data:
        data["owner"] = _person(data.pop("owner_id"), agreement.municipality_id, "owner_id")
    services.agreement_update(actor=request.auth, agreement=agreement, expected_version=version, **data)
    return _detail(request.auth, agreement.pk)


@router.post(
    "/agreements/{agreement_id}/legal-assessment",
    response=AgreementDetailOut,
    summary="Registrera den rättsliga bedömningen",
)
def assess_agreement(request, agreement_id: Id, payload: AssessmentIn):
    agreement = _detail(request.auth, agreement_id, write=True)
    services.legal_assessment_record(
        actor=request.auth,
        agreement=agreement,
        expected_version=payload.version,
        assessed_by=_person(payload.assessed_by_id, agreement.municipality_id, "assessed_by_id"),
        assessed_on=payload.assessed_on,
        conclusion=payload.conclusion,
        reasoning=payload.reasoning,
    )
    return _detail(request.auth, agreement.pk)


@router.post(
    "/agreements/{agreement_id}/activate",
    response=AgreementDetailOut,
    summary="Låt ett utkast börja gälla (kräver rättslig bedömning utan hinder)",
)
def activate_agreement(request, agreement_id: Id, payload: AgreementVersionIn):
    agreement = _detail(request.auth, agreement_id, write=True)
    services.agreement_activate(actor=request.auth, agreement=agreement, expected_version=payload.version)
    return _detail(request.auth, agreement.pk)


@router.post("/agreements/{agreement_id}/reviews", response={201: AgreementDetailOut}, summary="Registrera en översyn")
def review_agreement(request, agreement_id: Id, payload: ReviewIn):
    agreement = _detail(request.auth, agreement_id, write=True)
    services.review_record(
        actor=request.auth,
        agreement=agreement,
        expected_version=payload.version,
        reviewed_on=payload.reviewed_on,
        reviewed_by=_person(payload.reviewed_by_id, agreement.municipality_id, "reviewed_by_id"),
        outcome=payload.outcome,
        conclusion=payload.conclusion,
        next_review_date=payload.next_review_date,
    )
    return Status(201, _detail(request.auth, agreement.pk))


@router.post(
    "/agreements/{agreement_id}/acknowledge",
    response={201: AgreementDetailOut},
    summary="Bekräfta att du läst överenskommelsen (personal på berörda enheter)",
)
def acknowledge_agreement(request, agreement_id: Id):
    agreement = _detail(request.auth, agreement_id)
    services.agreement_acknowledge(actor=request.auth, agreement=agreement)
    return Status(201, _detail(request.auth, agreement.pk))
