"""The agreement register, defined once for its page, the API and the export (lots.core.lists)."""

from django.db.models import Q
from django.utils import timezone

from lots import access
from lots.agreements import access as agreement_access
from lots.agreements.forms import FilterForm
from lots.agreements.models import Agreement, AgreementParty
from lots.core.lists import ListDefinition


def readable_units(user):
    return (
        access.visible_units(user, agreement_access.VIEW)
        .open()
        .select_related("municipality")
        .order_by("municipality__name", "path")
    )


def narrow_state(agreements, state: str, today):
    """The agreements in one state of the register's status filter ("" = drafts and active ones)."""
    if state == "in_force":
        return agreements.in_force(today)
    if state == "review_overdue":
        return agreements.review_overdue(today)
    if state == "no_assessment":
        return agreements.without_assessment()
    if state == "draft":
        return agreements.filter(status=Agreement.Status.DRAFT)
    if state == "ended":
        return agreements.filter(status=Agreement.Status.ENDED)
    if state == "all":
        return agreements
    return agreements.current()


def _narrow(agreements, data: dict, user):
    term = data["q"].strip()
    if term:
        by_party = AgreementParty.objects.filter(name__icontains=term).values("agreement_id")
        agreements = agreements.filter(Q(title__icontains=term) | Q(area__icontains=term) | Q(pk__in=by_party))
    if data["unit"]:
        agreements = agreements.concerning(data["unit"])
    if data["party_kind"]:
        agreements = agreements.filter(pk__in=AgreementParty.objects.filter(kind=data["party_kind"]).values("agreement_id"))
    if data["mine"]:
        agreements = agreements.filter(owner=user)
    return narrow_state(agreements, data["state"], timezone.localdate())


def _load(agreements, user):
    return agreements.select_related("owner", "legal_assessed_by").prefetch_related("units", "parties")


AGREEMENTS = ListDefinition(
    name="Agreements",
    form=FilterForm,
    scope=agreement_access.visible,
    narrow=_narrow,
    form_kwargs=lambda user: {"units": readable_units(user)},
    ordering=("title", "pk"),
    load=_load,
)
