"""Who reviews whose access, and the role history the log follow-up reads against (lots.oversight).

The yearly access review of a unit is made by its line managers, and for the whole municipality by the quality
coordinator on its top unit (``access.review``). From the review a manager ends roles held on units in their scope
and deactivates unused accounts whose every current role lies in it (``access.revoke``): nobody deactivates a person
who also works somewhere the reviewer does not answer for, nor themself. The monthly log follow-up of a municipality
is made by a quality coordinator holding ``log.review`` on its top unit with the sub-units.
"""

from collections.abc import Iterable

from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.db.models.functions import TruncDate
from django.db.models.lookups import StartsWith

from lots.access.core import can, covers_subtree
from lots.access.people import assignments_at, assignments_with, assignments_within
from lots.accounts.models import AuditGrant, Role, RoleAssignment
from lots.organisation.models import Municipality, Unit

REVIEW = "access.review"
REVOKE = "access.revoke"
LOG_REVIEW = "log.review"


def _whole_municipality(assignment) -> bool:
    return assignment.unit.depth == 0 and assignment.include_subunits


def review_units(user) -> list[Unit]:
    """The units where the person holds ``access.review``: the reviews they can open from the start, in tree order."""
    units = {a.unit_id: a.unit for a in assignments_with(user, REVIEW)}
    return sorted(units.values(), key=lambda u: u.path)


def review_duties(user) -> list[Unit]:
    """The units whose yearly review the person owes: those where they hold a line-manager role, and for a quality
    coordinator the municipality's top unit (a coordinator elsewhere in the tree owes none). In tree order."""
    units = {}
    for a in assignments_with(user, REVIEW):
        if a.role == Role.KVALITETSSAMORDNARE and not _whole_municipality(a):
            continue
        units[a.unit_id] = a.unit
    return sorted(units.values(), key=lambda u: u.path)


def may_review(user, unit: Unit) -> bool:
    return can(user, REVIEW, unit)


def review_assignments(user, unit: Unit) -> list[RoleAssignment]:
    """The current roles of active people the person reviews on ``unit``: held on the unit and, when the person's own
    role covers its sub-units, below it. ``user`` and ``unit`` are loaded; one query."""
    if covers_subtree(user, REVIEW, unit):
        return assignments_within([unit])
    return assignments_at([unit])


def may_end(user, assignment: RoleAssignment) -> bool:
    """Whether the person may end ``assignment`` from an access review: a role on a unit in their scope, not their own."""
    return assignment.unit_id is not None and assignment.user_id != user.pk and can(user, REVOKE, assignment.unit)


def deactivatable(user, people: Iterable) -> set[int]:
    """The ids of those of ``people`` the person may deactivate from an access review: active, not a superuser, not
    the person themself, with at least one current role and every current role on a unit where the person holds
    ``access.revoke`` (a provider's role is never in a manager's scope). One query."""
    candidates = {p.pk for p in people if p.is_active and not p.is_superuser and p.pk != user.pk}
    if not candidates:
        return set()
    allowed, refused = set(), set()
    for a in RoleAssignment.objects.active().filter(user_id__in=candidates).select_related("unit"):
        if a.unit_id is not None and can(user, REVOKE, a.unit):
            allowed.add(a.user_id)
        else:
            refused.add(a.user_id)
    return allowed - refused


def log_review_municipalities(user) -> list[Municipality]:
    """The municipalities whose access log the person follows up: ``log.review`` held on a top unit with sub-units."""
    found = {a.unit.municipality_id: a.unit.municipality for a in assignments_with(user, LOG_REVIEW) if _whole_municipality(a)}
    return sorted(found.values(), key=lambda m: (m.name, m.pk))


def _within_entry_unit():
    """A role's (or grant's) unit is the unit of the outer log entry or above it."""
    return StartsWith(OuterRef("unit_path"), F("unit__path"))


def reads_after_leaving(entries: QuerySet, tzinfo) -> QuerySet:
    """``entries`` (audit-log reads) narrowed to those where the reader had left the unit read: a role of theirs on the
    entry's unit or above it had ended before the day of the read (``tzinfo``'s day), and no role or audit grant of
    theirs reached the unit that day. One SQL condition; nothing is loaded."""
    entries = entries.annotate(read_day=TruncDate("at", tzinfo=tzinfo))
    held = RoleAssignment.objects.filter(user_id=OuterRef("actor_id"), unit__isnull=False)
    ended = held.filter(_within_entry_unit(), ends_on__lt=OuterRef("read_day"))
    then = Q(created_at__lte=OuterRef("at")) & (Q(ends_on__isnull=True) | Q(ends_on__gte=OuterRef("read_day")))
    reached_from_above = held.filter(then, _within_entry_unit(), include_subunits=True)
    reached_on_unit = held.filter(then, unit_id=OuterRef("unit_id"))
    granted = AuditGrant.objects.filter(
        _within_entry_unit(),
        Q(revoked_at__isnull=True) | Q(revoked_at__gt=OuterRef("at")),
        auditor_id=OuterRef("actor_id"),
        valid_from__lte=OuterRef("read_day"),
        valid_until__gte=OuterRef("read_day"),
    )
    return entries.filter(Exists(ended)).exclude(Exists(reached_from_above) | Exists(reached_on_unit) | Exists(granted))
