"""The module's lists, each defined once for its page, its API list and its export (lots.core.lists).

The "without contract" and "offerable" conditions are computed on the day the list is read, so an intervention whose
contract has ended drops out of the offer list and into "without contract" by itself.
"""

from django.db.models import Q
from django.utils import timezone

from lots import access as lots_access
from lots.core.lists import ListDefinition
from lots.interventions import access
from lots.interventions.forms import (
    CountFilterForm,
    InterventionFilterForm,
    OfferFilterForm,
    ParticipantFilterForm,
    ReportFilterForm,
)
from lots.interventions.models import Intervention, YearCount


def _units(user) -> dict:
    return {"units": lots_access.visible_units(user, access.VIEW).order_by("path")}


def _participant_units(user) -> dict:
    return {"units": access.participant_units(user)}


def narrow_interventions(interventions, data: dict, user):
    today = timezone.localdate()
    if data.get("q"):
        interventions = interventions.filter(Q(name__icontains=data["q"]) | Q(target_group__icontains=data["q"]))
    if data.get("status"):
        interventions = interventions.filter(status=data["status"])
    if data.get("regi") == "egen":
        interventions = interventions.in_house()
    elif data.get("regi") == "extern":
        interventions = interventions.external()
    if data.get("avtal") == "saknas":
        interventions = interventions.without_contract(today)
    elif data.get("avtal") == "finns":
        interventions = interventions.with_contract(today)
    if data.get("enhet"):
        interventions = interventions.filter(unit__path__startswith=data["enhet"].path)
    return interventions


INTERVENTIONS = ListDefinition(
    name="Interventions",
    form=InterventionFilterForm,
    scope=access.interventions_visible,
    narrow=narrow_interventions,
    form_kwargs=_units,
    ordering=("name", "pk"),
    load=lambda interventions, user: interventions.select_related("unit", "provider", "contract"),
)


def _narrow_offers(interventions, data: dict, user):
    interventions = interventions.offerable(timezone.localdate())
    if data.get("q"):
        interventions = interventions.filter(Q(name__icontains=data["q"]) | Q(target_group__icontains=data["q"]))
    if data.get("typ"):
        interventions = interventions.filter(kind=data["typ"])
    return interventions


OFFERS = ListDefinition(
    name="Offers",
    form=OfferFilterForm,
    scope=access.offers_visible,
    narrow=_narrow_offers,
    ordering=("name", "pk"),
    load=lambda interventions, user: interventions.select_related("unit", "provider"),
)


def _participant_form_kwargs(user) -> dict:
    interventions = Intervention.objects.filter(unit__in=access.participant_units(user), keeps_participant_data=True).order_by(
        "name", "pk"
    )
    return {"interventions": interventions}


def _narrow_participants(participants, data: dict, user):
    if data.get("insats"):
        participants = participants.filter(intervention=data["insats"])
    if data.get("status"):
        participants = participants.filter(status=data["status"])
    return participants


PARTICIPANTS = ListDefinition(
    name="Participants",
    form=ParticipantFilterForm,
    scope=access.participants_visible,
    narrow=_narrow_participants,
    form_kwargs=_participant_form_kwargs,
    ordering=("intervention__name", "reference", "pk"),
    load=lambda participants, user: participants.select_related("intervention", "unit"),
)


def _narrow_reports(reports, data: dict, user):
    if data.get("visa") == "obekraftade":
        reports = reports.awaiting()
    elif data.get("visa") == "bekraftade":
        reports = reports.confirmed()
    if data.get("ar"):
        reports = reports.filter(sent_on__year=data["ar"])
    if data.get("enhet"):
        reports = reports.filter(unit__path__startswith=data["enhet"].path)
    return reports


REPORTS = ListDefinition(
    name="NeedsReports",
    form=ReportFilterForm,
    scope=access.reports_visible,
    narrow=_narrow_reports,
    form_kwargs=_participant_units,
    ordering=("-sent_on", "-pk"),
    load=lambda reports, user: reports.select_related("intervention", "unit", "to_unit", "sent_by", "confirmed_by"),
)


def _counts_visible(user):
    return YearCount.objects.filter(intervention__in=access.interventions_visible(user))


def _narrow_counts(counts, data: dict, user):
    if data.get("ar"):
        counts = counts.filter(year=data["ar"])
    if data.get("enhet"):
        counts = counts.filter(intervention__unit__path__startswith=data["enhet"].path)
    return counts


COUNTS = ListDefinition(
    name="YearCounts",
    form=CountFilterForm,
    scope=_counts_visible,
    narrow=_narrow_counts,
    form_kwargs=_units,
    ordering=("-year", "intervention__name", "pk"),
    load=lambda counts, user: counts.select_related("intervention__unit"),
)
