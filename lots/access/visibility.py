"""Reading governing documents "up and down" (see lots.access.policy and docs/access.md).

A plan or analysis on a unit governs that unit and everything below it, so the people below read it as well as
the people above: a person reads it when its unit lies in their scope for the permission, or above a unit where
they hold the permission. Both parts are one SQL condition built from the person's cached assignments (the
ancestors come from the assignments' materialised paths), so no query is needed to build it.
"""

from django.db.models import Q, QuerySet

from lots.access.core import _unit_assignments, unit_q
from lots.access.policy import GOVERNING_READS
from lots.organisation.models import Unit


def _governing(perm: str) -> str:
    if perm not in GOVERNING_READS:
        raise ValueError(f"{perm!r} is not read up and down: add it to lots.access.policy.GOVERNING_READS")
    return perm


def above_ids(user, perm: str) -> list[int]:
    """Ids of the units above the places where the person holds ``perm`` (not the places themselves)."""
    ids: set[int] = set()
    for assignment in _unit_assignments(user, _governing(perm)):
        ids.update(assignment.unit.ancestor_ids()[:-1])
    return sorted(ids)


def above_q(user, perm: str, field: str | None = "unit") -> Q:
    """Objects whose unit (at ``field``; None = the unit itself) lies above a place where the person holds ``perm``."""
    ids = above_ids(user, perm)
    if not ids:
        return Q(pk__in=[])
    return Q(**{f"{field}_id__in" if field else "pk__in": ids})


def governing_q(user, perm: str, field: str | None = "unit") -> Q:
    """Governing documents the person reads: their unit in the person's scope for ``perm`` or above it."""
    return unit_q(user, _governing(perm), field) | above_q(user, perm, field)


def governing_scope(queryset: QuerySet, user, perm: str, field: str | None = "unit") -> QuerySet:
    return queryset.filter(governing_q(user, perm, field))


def governing_units(user, perm: str) -> QuerySet:
    """The units whose governing documents (for ``perm``) the person reads."""
    return governing_scope(Unit.objects.all(), user, perm, field=None)


def can_read_governing(user, perm: str, unit: Unit) -> bool:
    """Whether the person reads ``perm``'s documents on ``unit``; decided from the cached assignments without a query."""
    for assignment in _unit_assignments(user, _governing(perm)):
        if unit.is_within(assignment.unit) and (assignment.include_subunits or unit.pk == assignment.unit_id):
            return True
        if assignment.unit.is_within(unit):
            return True
    return False

