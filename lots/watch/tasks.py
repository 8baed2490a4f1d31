"""Deadlines of the deadline watch in "Mina uppgifter": the responsible worker's visits and reconsiderations, and
the unit manager's overdue placements per unit."""

import datetime

from django.db.models import Count, Min, Q
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lots import access
from lots.accounts.models import Role
from lots.home.my_tasks import Task
from lots.watch import access as watch_access
from lots.watch.models import Placement

# A deadline shows on the worker's list this many days before it falls due.
DUE_SOON_DAYS = 30
# The unit manager (enhetschef) answers for the unit's deadlines being kept.
MANAGER_ROLES = (Role.ENHETSCHEF,)


def worker_deadlines(user, today: datetime.date) -> list[tuple[Placement, str, datetime.date]]:
    """(placement, "visit" or "reconsideration", due date) of the person's own active placements, overdue or due
    within ``DUE_SOON_DAYS``. One query; the rows read are logged."""
    horizon = today + datetime.timedelta(days=DUE_SOON_DAYS)
    placements = (
        watch_access.own(user).active_on(today).filter(next_due__lte=horizon).select_related("unit").order_by("next_due", "pk")
    )
    found = []
    for p in placements:
        if p.visit_due is not None and p.visit_due <= horizon:
            found.append((p, "visit", p.visit_due))
        if p.reconsideration_due <= horizon:
            found.append((p, "reconsideration", p.reconsideration_due))
    return found


def managed_overdue(user, today: datetime.date) -> list[dict]:
    """Per unit the person manages (as enhetschef, with its sub-units when the role includes them): how many
    placements are overdue and the earliest due date. Counts only; one query."""
    condition = Q(pk__in=[])
    for assignment in access.assignments_with(user, roles=MANAGER_ROLES):
        if assignment.include_subunits:
            condition |= Q(unit__path__startswith=assignment.unit.path)
        else:
            condition |= Q(unit_id=assignment.unit_id)
    if condition == Q(pk__in=[]):
        return []
    return list(
        Placement.objects.current()
        .overdue_on(today)
        .filter(condition)
        .values("unit_id", "unit__name", "unit__path")
        .annotate(count=Count("pk"), first_due=Min("next_due"))
        .order_by("unit__path")
    )


TITLES = {"visit": gettext_lazy("Besök"), "reconsideration": gettext_lazy("Övervägande/omprövning")}


def tasks_for(user, today: datetime.date) -> list[Task]:
    if not getattr(user, "is_authenticated", False):
        return []
    tasks = [
        Task(
            title=_("%(what)s: placering %(ref)s") % {"what": TITLES[what], "ref": p.case_reference},
            due=due,
            url=reverse("watch:detail", args=[p.pk]),
            module=_("Bevakning"),
            unit_name=p.unit.name,
        )
        for p, what, due in worker_deadlines(user, today)
    ]
    for row in managed_overdue(user, today):
        tasks.append(
            Task(
                title=_("%(n)s försenade bevakningar av placeringar") % {"n": row["count"]},
                due=row["first_due"],
                url=reverse("watch:index") + "?" + urlencode({"unit": row["unit_id"], "status": "forsenade"}),
                module=_("Bevakning"),
                unit_name=row["unit__name"],
            )
        )
    return tasks
