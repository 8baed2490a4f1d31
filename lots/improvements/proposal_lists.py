"""The list of staff proposals, defined once for the manager's inbox, its export and the API (lots.core.lists)."""

import datetime

from django.utils import timezone

from lots import access
from lots.core.lists import ListDefinition
from lots.improvements import proposal_access
from lots.improvements.proposal_forms import ProposalFilterForm


def _form_kwargs(user) -> dict:
    units = access.visible_units(user, "improvement.triage").open().select_related("municipality")
    return {"units": units.order_by("municipality__name", "path")}


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _narrow(proposals, data: dict, user):
    """Without a status the proposals waiting for an answer ("all" includes the answered ones)."""
    if data["unit"]:
        proposals = proposals.filter(unit__path__startswith=data["unit"].path)
    if data["received_from"]:
        proposals = proposals.filter(created_at__gte=_start_of(data["received_from"]))
    if data["received_to"]:
        proposals = proposals.filter(created_at__lt=_start_of(data["received_to"] + datetime.timedelta(days=1)))
    if data["mine"]:
        proposals = proposals.filter(proposer=user)
    if data["status"] == "all":
        return proposals
    return proposals.filter(status=data["status"] or "waiting")


PROPOSALS = ListDefinition(
    name="Proposals",
    form=ProposalFilterForm,
    scope=proposal_access.visible,
    narrow=_narrow,
    form_kwargs=_form_kwargs,
    ordering=("created_at", "pk"),
    load=lambda qs, user: qs.select_related("unit", "proposer", "action", "triaged_by"),
)
