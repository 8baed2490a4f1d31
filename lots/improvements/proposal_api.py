"""API: staff proposals: the list the person may see (their own and, with ``improvement.triage``, their units'),
and proposing one. Registered on the improvements router (lots.improvements.api)."""

import datetime
from typing import Annotated, Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Query, Schema, Status

from lots import access
from lots.api.schemas import Id, IntegrityConfirmed, StrictSchema
from lots.core.lists import API_LIST_OPENAPI
from lots.improvements import proposal_access, proposals
from lots.improvements.models import Proposal
from lots.improvements.proposal_lists import PROPOSALS

ProposalText = Annotated[str, Field(max_length=Proposal.TEXT_MAX)]


class ProposalOut(Schema):
    id: int
    unit_id: int
    text: str
    how: str
    anonymous: bool
    proposer: str = Field(description="Förslagsställarens namn, eller 'Anonym' för ett anonymt förslag från någon annan.")
    status: Literal[tuple(Proposal.Status.values)]
    answer: str
    action_id: int | None
    created_at: datetime.datetime
    triaged_at: datetime.datetime | None
    version: int


class ProposalIn(StrictSchema):
    text: ProposalText
    how: ProposalText = ""
    unit_id: Id | None = Field(None, description="En av dina enheter; utan den enheten där du har din första roll.")
    anonymous: bool = False
    integrity_confirmed: IntegrityConfirmed = False


def _out(proposal: Proposal, user) -> dict:
    return {
        "id": proposal.pk,
        "unit_id": proposal.unit_id,
        "text": proposal.text,
        "how": proposal.how,
        "anonymous": proposal.anonymous,
        "proposer": proposal.proposer_shown_to(user),
        "status": proposal.status,
        "answer": proposal.answer,
        "action_id": proposal.action_id,
        "created_at": proposal.created_at,
        "triaged_at": proposal.triaged_at,
        "version": proposal.version,
    }


def register(router) -> None:
    @router.get(
        "/improvement-proposals",
        response=list[ProposalOut],
        summary="Förbättringsförslag du kan se (standard: de som väntar på svar)",
        description="Dina egna förslag och förslagen på enheter där du tar ställning till dem; samma filter och "
        "ordning (äldst först) som inkorgen i webben och dess export.",
        openapi_extra=API_LIST_OPENAPI,
    )
    def list_proposals(request, response: HttpResponse, params: PROPOSALS.api_query = Query(...)):  # noqa: B008 (ninja)
        rows = PROPOSALS.bind(request.auth, request.GET).api_rows(params, response)
        return [_out(p, request.auth) for p in rows]

    @router.post("/improvement-proposals", response={201: ProposalOut}, summary="Lämna ett förbättringsförslag")
    def create_proposal(request, payload: ProposalIn):
        user = request.auth
        if not access.has_perm_anywhere(user, "improvement.propose"):
            raise PermissionDenied
        if payload.unit_id is None:
            unit = proposal_access.default_unit(user)
        else:
            unit = proposal_access.proposer_units(user).filter(pk=payload.unit_id).first()
        if unit is None:
            raise ValidationError({"unit_id": _("Välj en av dina egna enheter.")})
        proposal = proposals.proposal_create(
            actor=user,
            unit=unit,
            text=payload.text,
            how=payload.how,
            anonymous=payload.anonymous,
            integrity_confirmed=payload.integrity_confirmed,
        )
        return Status(201, _out(proposal, user))
