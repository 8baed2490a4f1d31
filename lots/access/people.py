"""Who holds what: the people behind the role assignments, read for a person, a unit, a municipality or a provider.

lots.access.core answers "what may this person reach"; these reads also answer the other way round, "who may act
here", for notifications, pickers and responsibility rules. They share one reading of an assignment, the same as
``can``: only current assignments of active people count, a closed unit gives nobody anything, and a role reaches
the unit it is held on and, with ``include_subunits``, everything below it.
"""

from collections.abc import Iterable

from django.db.models import Q, QuerySet
from django.utils import timezone

from lots.access.core import _unit_assignments, assignments_of
from lots.access.policy import roles_with
from lots.accounts.models import Role, RoleAssignment, User
from lots.organisation.models import Municipality, Provider, Unit

PEOPLE_ORDER = ("first_name", "last_name", "username", "pk")


def assignments_with(user, perm: str | None = None, *, roles: Iterable[str] | None = None) -> list:
    """The person's assignments that give ``perm`` on an open unit, with any audit grant that gives it; or, with
    ``roles``, their assignments of those roles on open units. In tree order, from the cached assignments: no query.

    Each has ``unit``, ``unit_id``, ``role`` and ``include_subunits``.
    """
    wanted = _roles(perm, roles)
    if perm is not None:
        return _unit_assignments(user, perm)
    return [a for a in assignments_of(user) if a.role in wanted and a.unit_id is not None and a.unit.is_open]


def municipalities_with(user, perm: str) -> list[Municipality]:
    """The municipalities where the person holds ``perm`` on at least one open unit, by name.

    A provider's role (extern utförare) belongs to no municipal unit and gives no municipality here.
    """
    found = {a.unit.municipality_id: a.unit.municipality for a in _unit_assignments(user, perm)}
    return sorted(found.values(), key=lambda m: (m.name, m.pk))


def municipality_ids_with(user, perm: str) -> list[int]:
    """Ids of ``municipalities_with(user, perm)``, ascending; never a query."""
    return sorted({a.unit.municipality_id for a in _unit_assignments(user, perm)})


def _roles(perm: str | None, roles: Iterable[str] | None) -> frozenset[str]:
    if (perm is None) == (roles is None):
        raise TypeError("Give either perm or roles.")
    return roles_with(perm) if perm is not None else frozenset(roles)


def current_q(prefix: str = "") -> Q:
    """The condition for a current assignment of an active person, for queries that reach RoleAssignment through a
    relation (``prefix`` such as ``"assignments__"``), e.g. to count people per unit in an annotation."""
    today = timezone.localdate()
    not_ended = Q(**{f"{prefix}ends_on__isnull": True}) | Q(**{f"{prefix}ends_on__gte": today})
    return not_ended & Q(**{f"{prefix}user__is_active": True})


def _current() -> QuerySet:
    """Current assignments of active people on open units (a provider's assignments have no unit and are left out)."""
    return RoleAssignment.objects.active().filter(user__is_active=True, unit__isnull=False, unit__closed_at__isnull=True)


def _reaching(unit: Unit) -> Q:
    return Q(unit_id=unit.pk) | Q(unit_id__in=unit.ancestor_ids()[:-1], include_subunits=True)


def _nearest_first(assignments) -> list[RoleAssignment]:
    return sorted(assignments, key=lambda a: (-a.unit.depth, a.role, a.user.username, a.pk))


def assignments_on_path(unit: Unit, *, perm: str | None = None, roles: Iterable[str] | None = None) -> list[RoleAssignment]:
    """The assignments that give ``perm`` (or one of ``roles``) on ``unit``: held on the unit itself, or on a unit above
    it with sub-units included. Nearest the unit first, then by role and username. One query; ``user`` and ``unit``
    are loaded."""
    wanted = _roles(perm, roles)
    found = _current().filter(_reaching(unit), role__in=wanted).select_related("user", "unit")
    return _nearest_first(found)


def assignments_on_paths(
    units: Iterable[Unit], *, perm: str | None = None, roles: Iterable[str] | None = None
) -> dict[int, list[RoleAssignment]]:
    """``assignments_on_path`` for many units at once, from one query: unit id → assignments, nearest first."""
    units = list(units)
    wanted = _roles(perm, roles)
    if not units:
        return {}
    ancestor_ids = {pk for unit in units for pk in unit.ancestor_ids()}
    found = list(_current().filter(unit_id__in=ancestor_ids, role__in=wanted).select_related("user", "unit"))
    result = {}
    for unit in units:
        reaching = [a for a in found if a.unit_id == unit.pk or (a.include_subunits and unit.is_within(a.unit))]
        result[unit.pk] = _nearest_first(reaching)
    return result


def people_holding(unit: Unit, *, perm: str | None = None, roles: Iterable[str] | None = None) -> QuerySet:
    """The active people who hold ``perm`` (or one of ``roles``) on ``unit``, as ``assignments_on_path`` reads it;
    a User queryset ordered by name, each person once."""
    wanted = _roles(perm, roles)
    ids = _current().filter(_reaching(unit), role__in=wanted).values("user_id")
    return User.objects.filter(pk__in=ids, is_active=True).order_by(*PEOPLE_ORDER)


def people_near(unit: Unit) -> QuerySet:
    """The active people with any role that reaches ``unit`` or a unit below it: held on the unit, below it, or above
    it with sub-units. Those who can be made responsible for something there; a User queryset ordered by name."""
    near = Q(unit__path__startswith=unit.path) | Q(unit_id__in=unit.ancestor_ids()[:-1], include_subunits=True)
    ids = _current().filter(near).values("user_id")
    return User.objects.filter(pk__in=ids, is_active=True).order_by(*PEOPLE_ORDER)


def assignments_within(units: Iterable[Unit], *, perm: str | None = None, roles: Iterable[str] | None = None) -> list:
    """The assignments held on ``units`` or on any unit below them, giving ``perm`` (or one of ``roles``; any role
    when neither is given). Ordered by the unit's place in the tree, then the person's name; ``user`` and ``unit``
    are loaded. One query, none for no units."""
    units = list(units)
    if not units:
        return []
    below = Q()
    for unit in units:
        below |= Q(unit__path__startswith=unit.path)
    found = _current().filter(below)
    if perm is not None or roles is not None:
        found = found.filter(role__in=_roles(perm, roles))
    return list(
        found.select_related("user", "unit").order_by("unit__path", "user__first_name", "user__last_name", "user__username", "pk")
    )


def assignments_at(units: Iterable[Unit]) -> list[RoleAssignment]:
    """The current assignments of active people held on ``units`` themselves (not below them), none on a closed
    unit. Ordered by the unit's place in the tree, then role and name; ``user`` and ``unit`` are loaded. One query."""
    return list(
        _current()
        .filter(unit__in=list(units))
        .select_related("user", "unit")
        .order_by("unit__path", "role", "user__last_name", "user__first_name", "user__username", "pk")
    )


def people_in(
    municipalities: Iterable[Municipality | int],
    *,
    perm: str | None = None,
    roles: Iterable[str] | None = None,
    also: Iterable[User | int | None] = (),
) -> QuerySet:
    """The active people with a current role on an open unit of ``municipalities`` (objects or ids), narrowed to
    ``perm`` or ``roles`` when given; a User queryset ordered by name. ``also`` adds people whatever their roles: a
    picker keeps the person already chosen on a record choosable, so saving it unchanged never fails."""
    ids = {m.pk if isinstance(m, Municipality) else m for m in municipalities}
    found = _current().filter(unit__municipality_id__in=ids)
    if perm is not None or roles is not None:
        found = found.filter(role__in=_roles(perm, roles))
    kept = [p.pk if isinstance(p, User) else p for p in also if p]
    condition = Q(pk__in=found.values("user_id"), is_active=True)
    if kept:
        condition |= Q(pk__in=kept)
    return User.objects.filter(condition).order_by(*PEOPLE_ORDER)


def has_role_in(user, municipality: Municipality | int) -> bool:
    """Whether the person is active and holds a current role on an open unit of ``municipality``."""
    return people_in([municipality]).filter(pk=user.pk).exists()


def provider_people(providers: Iterable[Provider | int]) -> dict[int, list[User]]:
    """Each provider's own people: the active people holding the extern utförare role on it, by name.

    Provider id → people; a provider without anyone is left out. One query.
    """
    ids = {p.pk if isinstance(p, Provider) else p for p in providers}
    found = (
        RoleAssignment.objects.active()
        .filter(provider_id__in=ids, role=Role.EXTERN_UTFORARE, user__is_active=True)
        .select_related("user")
        .order_by(*(f"user__{field}" for field in PEOPLE_ORDER))
    )
    result: dict[int, list[User]] = {}
    for assignment in found:
        people = result.setdefault(assignment.provider_id, [])
        if assignment.user not in people:
            people.append(assignment.user)
    return result
