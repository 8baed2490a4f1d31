"""'Mina uppgifter' from the service interventions: reports about changed needs to confirm at the receiving unit, and
offered external interventions whose contract is no longer in force (for those who may change them).

A task names the units and the date, never the participant: the task list is not the register."""

import datetime

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lots import access as lots_access
from lots.home.my_tasks import Task
from lots.interventions import access
from lots.interventions.models import Intervention, NeedsReport

MODULE = gettext_lazy("Serviceinsatser")
# The receiving unit confirms a report within this many days of its sending.
CONFIRM_WITHIN = datetime.timedelta(days=3)


def reports_awaiting(user):
    """Reports awaiting confirmation at the units where the person may confirm them (not read-logged: only the
    units and the date are shown)."""
    condition = lots_access.unit_q(user, access.PARTICIPANTS, "to_unit")
    return NeedsReport.objects.awaiting().filter(condition).select_related("unit", "to_unit").order_by("sent_on", "pk")


def _reports(user) -> list[Task]:
    return [
        Task(
            _("Bekräfta att %(kind)s från %(unit)s är mottagen") % {"kind": r.get_kind_display().lower(), "unit": r.unit.name},
            r.sent_on + CONFIRM_WITHIN,
            reverse("interventions:report", args=[r.pk]),
            str(MODULE),
            r.to_unit.name,
        )
        for r in reports_awaiting(user).only("pk", "kind", "sent_on", "unit__name", "to_unit__name")
    ]


def _without_contract(user, today: datetime.date) -> list[Task]:
    offered = lots_access.scope(Intervention.objects.filter(status=Intervention.Status.OFFERED), user, access.CHANGE)
    return [
        Task(
            _("%(name)s erbjuds utan gällande avtal") % {"name": i.name},
            i.contract.ends_on if i.contract and i.contract.ends_on and i.contract.ends_on < today else today,
            reverse("interventions:detail", args=[i.pk]),
            str(MODULE),
            i.unit.name,
        )
        for i in offered.without_contract(today).select_related("unit", "contract").order_by("name", "pk")
    ]


def tasks_for(user, today: datetime.date) -> list[Task]:
    if not getattr(user, "is_authenticated", False):
        return []
    tasks = []
    if lots_access.has_perm_anywhere(user, access.PARTICIPANTS):
        tasks += _reports(user)
    if lots_access.has_perm_anywhere(user, access.CHANGE):
        tasks += _without_contract(user, today)
    return tasks
