"""Who sees and does what with service interventions (the rules live in lots.access.policy).

- ``intervention.view``: the register of the units in scope;
- ``intervention.change``: register and change interventions (managers, quality coordinator);
- ``intervention.participants``: participant data and the reports about participants (managers and staff of the unit).
  A report is seen by the sending unit's people and by those of the unit it was sent to, who confirm receipt.

The list a staff member offers clients from ("Att erbjuda") covers the whole municipality: a service intervention is
open to everyone in its target group, whichever unit runs it.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from lots import access
from lots.access import reads
from lots.interventions.models import Intervention, NeedsReport, Participant
from lots.organisation.models import Unit

VIEW = "intervention.view"
CHANGE = "intervention.change"
PARTICIPANTS = "intervention.participants"


def interventions_visible(user) -> QuerySet:
    return access.scope(Intervention.objects.all(), user, VIEW)


def offers_visible(user) -> QuerySet:
    """Interventions of the municipalities where the person may read the register."""
    return Intervention.objects.filter(unit__municipality_id__in=access.municipality_ids_with(user, VIEW))


def get_intervention(user, pk, *, write: bool = False) -> Intervention:
    return access.get_object(
        Intervention.objects.select_related("unit", "provider", "contract"), user, pk, view=VIEW, change=CHANGE, write=write
    )


def can_change(user, unit: Unit) -> bool:
    return access.can(user, CHANGE, unit)


def can_see_participants(user, intervention: Intervention) -> bool:
    return access.can(user, PARTICIPANTS, intervention.unit)


def change_units(user) -> QuerySet:
    """The open units where the person may register interventions."""
    return access.scope(Unit.objects.filter(closed_at__isnull=True), user, CHANGE, field=None).order_by("path")


def participant_units(user) -> QuerySet:
    return access.scope(Unit.objects.filter(closed_at__isnull=True), user, PARTICIPANTS, field=None).order_by("path")


def participants_visible(user) -> QuerySet:
    """Participant records in the person's scope; every read through it is logged."""
    return access.scope(Participant.objects.all(), user, PARTICIPANTS)


def get_participant(user, pk) -> Participant:
    """A participant the person may handle (seeing is handling here); 404 alike for missing and not theirs."""
    return access.get_object(
        Participant.objects.select_related("intervention", "unit", "consent_recorded_by"),
        user,
        pk,
        view=PARTICIPANTS,
        change=PARTICIPANTS,
        write=True,
    )


def reports_q(user) -> Q:
    return access.unit_q(user, PARTICIPANTS, "unit") | access.unit_q(user, PARTICIPANTS, "to_unit")


def reports_visible(user) -> QuerySet:
    """Reports sent from or to a unit where the person handles participants; reads are logged."""
    return reads.mark(NeedsReport.objects.filter(reports_q(user)), user)


def reports_to_confirm(user) -> QuerySet:
    """Reports awaiting confirmation at a unit where the person may confirm them."""
    return reads.mark(NeedsReport.objects.awaiting().filter(access.unit_q(user, PARTICIPANTS, "to_unit")), user)


def get_report(user, pk) -> NeedsReport:
    try:
        return reports_visible(user).select_related("intervention", "unit", "to_unit", "sent_by", "confirmed_by").get(pk=pk)
    except (NeedsReport.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def can_confirm(user, report: NeedsReport) -> bool:
    """A person with a role that handles participants on the receiving unit."""
    return access.can(user, PARTICIPANTS, report.to_unit)


def require_any(user, perm: str) -> None:
    """404 for a person who holds ``perm`` nowhere: the module's pages do not exist for them."""
    if not access.has_perm_anywhere(user, perm):
        raise Http404


def require_change_somewhere(user) -> None:
    if not access.has_perm_anywhere(user, CHANGE):
        if access.has_perm_anywhere(user, VIEW):
            raise PermissionDenied
        raise Http404
