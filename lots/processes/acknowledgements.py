"""Who is asked to read a routine, who has confirmed the current version, and what is pending for a person.

The staff of a routine's units are the people holding a role with
"routine.acknowledge" on one of those units or on a unit below them. A new
version asks everyone again: confirmations belong to one version.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from lots import access
from lots.accounts.models import RoleAssignment, User
from lots.organisation.models import Unit
from lots.processes.models import Acknowledgement, Routine

PERM = "routine.acknowledge"


def _staff_assignments(units) -> list[RoleAssignment]:
    return access.assignments_within(units, perm=PERM)


def people_asked(routine: Routine, *, memo: dict | None = None) -> list[User]:
    """The staff asked to read ``routine``. With ``memo`` (a dict kept over one run through many routines, whose units
    are prefetched) the routines that apply to the same units share one query."""
    units = list(routine.units.all())
    key = frozenset(u.pk for u in units)
    if memo is not None and key in memo:
        return memo[key]
    seen: dict[int, User] = {}
    for assignment in _staff_assignments(units):
        seen.setdefault(assignment.user_id, assignment.user)
    people = list(seen.values())
    if memo is not None:
        memo[key] = people
    return people


@dataclass
class UnitStatus:
    unit: Unit
    confirmed: list = field(default_factory=list)
    missing: list = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.confirmed) + len(self.missing)

    @property
    def percent(self) -> int:
        return round(100 * len(self.confirmed) / self.total) if self.total else 0


def status_by_unit(routine: Routine) -> list[UnitStatus]:
    """Per unit where someone is asked: who has confirmed the current version and who has not. Three queries."""
    version = routine.current_version
    confirmed_ids = set(Acknowledgement.objects.filter(version=version).values_list("user_id", flat=True)) if version else set()
    by_unit: dict[int, UnitStatus] = {}
    for assignment in _staff_assignments(routine.units.all()):
        status = by_unit.setdefault(assignment.unit_id, UnitStatus(assignment.unit))
        bucket = status.confirmed if assignment.user_id in confirmed_ids else status.missing
        if assignment.user not in bucket:
            bucket.append(assignment.user)
    return list(by_unit.values())


def totals(statuses: list[UnitStatus]) -> tuple[int, int]:
    """(confirmed, asked) counting each person once."""
    confirmed = {u.pk for s in statuses for u in s.confirmed}
    asked = confirmed | {u.pk for s in statuses for u in s.missing}
    return len(confirmed), len(asked)


def pending_for(user, today: datetime.date) -> QuerySet:
    """Routines in force whose current version the person is asked to read and has not confirmed."""
    places = {pk for assignment in access.assignments_with(user, PERM) for pk in assignment.unit.ancestor_ids()}
    if not places:
        return Routine.objects.none()
    return (
        Routine.objects.filter(current_version__isnull=False, units__in=sorted(places))
        .filter(Q(valid_from__isnull=True) | Q(valid_from__lte=today), Q(valid_until__isnull=True) | Q(valid_until__gte=today))
        .exclude(current_version__acknowledgements__user=user)
        .select_related("current_version")
        .distinct()
        .order_by("current_version__acknowledge_by", "title")
    )


def has_confirmed(user, routine: Routine) -> bool:
    return (
        routine.current_version_id is not None
        and Acknowledgement.objects.filter(version_id=routine.current_version_id, user=user).exists()
    )


def may_acknowledge(user, routine: Routine) -> bool:
    """Whether the person is asked to read the routine: staff holding the permission on one of its units or below."""
    units = list(routine.units.all())
    return any(a.unit.is_within(u) for a in access.assignments_with(user, PERM) for u in units)
