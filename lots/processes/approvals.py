"""Routine drafts waiting for approval.

A draft's author sends it for approval; it then waits on the *approvers*: for each unit the routine applies to, the
people nearest that unit who hold ``routine.establish`` on it (the unit's own manager before the department head
above). They get a mail when it is sent and a task in "Mina uppgifter" until the draft is established or discarded;
the comparison page carries their approve button.
"""

import datetime

from django.db.models import QuerySet
from django.utils import timezone

from lots import access
from lots.processes.models import Routine, RoutineVersion

ESTABLISH = "routine.establish"
# The task is due this many days after the draft was sent.
APPROVE_WITHIN_DAYS = 14


def _nearest(units, on_paths: dict) -> list:
    """The nearest holders for each of ``units`` from ``assignments_on_paths``' answer, each person once, by name."""
    people = {}
    for unit in units:
        found = on_paths.get(unit.pk) or []
        nearest = found[0].unit.depth if found else None
        people |= {a.user.pk: a.user for a in found if a.unit.depth == nearest}
    return sorted(people.values(), key=lambda u: (u.get_full_name() or u.username).casefold())


def approvers(routine: Routine) -> list:
    """The nearest holders of ``routine.establish`` for each of the routine's units, each person once, by name."""
    units = list(routine.units.all())
    return _nearest(units, access.assignments_on_paths(units, perm=ESTABLISH))


def waiting() -> QuerySet:
    return RoutineVersion.objects.filter(status=RoutineVersion.Status.DRAFT, submitted_at__isnull=False)


def waiting_for(user) -> list[RoutineVersion]:
    """The drafts sent for approval on which ``user`` is one of the approvers, oldest first."""
    if not access.has_perm_anywhere(user, ESTABLISH):
        return []
    drafts = (
        waiting()
        .filter(routine__units__in=access.visible_units(user, ESTABLISH))
        .distinct()
        .select_related("routine")
        .prefetch_related("routine__units")
        .order_by("submitted_at", "pk")
    )
    drafts = list(drafts)
    # One lookup of the holders for every draft's units, not one per draft ("Mina uppgifter" runs on every start page).
    on_paths = access.assignments_on_paths({u for d in drafts for u in d.routine.units.all()}, perm=ESTABLISH)
    return [d for d in drafts if any(p.pk == user.pk for p in _nearest(d.routine.units.all(), on_paths))]


def due_date(draft: RoutineVersion) -> datetime.date:
    return timezone.localdate(draft.submitted_at) + datetime.timedelta(days=APPROVE_WITHIN_DAYS)
