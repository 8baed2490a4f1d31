from django.core.exceptions import PermissionDenied
from django.db.models import Model, Q, QuerySet
from django.http import Http404

from lots.access import reads
from lots.access.grants import grant_scopes
from lots.access.policy import roles_with
from lots.accounts.models import Role, RoleAssignment
from lots.organisation.models import Provider, Unit

_CACHE_ATTR = "_lots_assignments"


def assignments_of(user) -> list[RoleAssignment]:
    """The person's active role assignments, read once per request and kept on the user object."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        cached = list(
            RoleAssignment.objects.active()
            .filter(user=user)
            .select_related("unit", "unit__municipality", "provider")
            .order_by("unit__path", "role")
        )
        setattr(user, _CACHE_ATTR, cached)
    return cached


def _unit_assignments(user, perm: str) -> list[RoleAssignment]:
    roles = roles_with(perm)
    held = assignments_of(user)
    return [a for a in held if a.role in roles and a.unit_id is not None and a.unit.is_open] + grant_scopes(user, perm, held)


def _prefix(field: str | None) -> str:
    return f"{field}__" if field else ""


def unit_q(user, perm: str, field: str | None = "unit") -> Q:
    """One SQL condition: objects whose unit (at ``field``; None = the unit itself) lies in the person's scope."""
    prefix = _prefix(field)
    pk_lookup = f"{field}_id" if field else "pk"
    condition = Q(pk__in=[])
    for assignment in _unit_assignments(user, perm):
        if assignment.include_subunits:
            condition |= Q(**{f"{prefix}path__startswith": assignment.unit.path})
        else:
            condition |= Q(**{pk_lookup: assignment.unit_id})
    return condition


def scope(queryset: QuerySet, user, perm: str, field: str | None = "unit") -> QuerySet:
    """``queryset`` narrowed to the person's scope; reads of confidential records through it are logged."""
    return reads.mark(queryset.filter(unit_q(user, perm, field)), user)


def visible_units(user, perm: str = "unit.view") -> QuerySet:
    return scope(Unit.objects.all(), user, perm, field=None)


def may_create_municipality(user) -> bool:
    """A municipality is created by the installation's administrator (a superuser): the one decision that lies above
    every municipality. Its own quality coordinator then keeps its settings and tree."""
    return bool(getattr(user, "is_authenticated", False) and user.is_active and user.is_superuser)


def shared_units(user, perm: str = "unit.view") -> QuerySet:
    """Units of other municipalities that serve a municipality whose whole tree the person sees (``perm`` on one of
    its top units, with sub-units): a unit shared by agreement belongs to the served municipality's organisation as
    its tree shows it, so that municipality's people see it there, read-only. Only open units."""
    served = [a.unit.municipality_id for a in _unit_assignments(user, perm) if a.unit.parent_id is None and a.include_subunits]
    if not served:
        return Unit.objects.none()
    return Unit.objects.open().filter(serves__in=served).exclude(municipality_id__in=served).distinct()


def has_perm_anywhere(user, perm: str) -> bool:
    roles = roles_with(perm)
    held = assignments_of(user)
    return any(a.role in roles for a in held if a.provider_id or (a.unit and a.unit.is_open)) or bool(
        grant_scopes(user, perm, held)
    )


def can(user, perm: str, unit: Unit) -> bool:
    """Whether the person holds ``perm`` on ``unit``; decided from the cached assignments without a query."""
    for assignment in _unit_assignments(user, perm):
        if assignment.unit_id == unit.pk or (assignment.include_subunits and unit.is_within(assignment.unit)):
            return True
    return False


def covers_subtree(user, perm: str, unit: Unit) -> bool:
    """Whether one assignment holding ``perm`` reaches ``unit`` and everything below it: held with sub-units on the
    unit or on a unit above it. An assignment on the unit alone does not (its sub-units are outside the scope).
    Decided from the cached assignments without a query, like ``can``."""
    return any(a.include_subunits and unit.is_within(a.unit) for a in _unit_assignments(user, perm))


def provider_q(user, perm: str, field: str | None = "provider") -> Q:
    """Providers in scope: an external provider's own users see their provider; municipal roles see their municipality's."""
    roles = roles_with(perm)
    prefix = _prefix(field)
    own_providers = [a.provider_id for a in assignments_of(user) if a.role in roles and a.provider_id]
    municipalities = {a.unit.municipality_id for a in _unit_assignments(user, perm)}
    pk_lookup = f"{field}_id" if field else "pk"
    condition = Q(pk__in=[])
    if own_providers:
        condition |= Q(**{f"{pk_lookup}__in": own_providers})
    if municipalities:
        condition |= Q(**{f"{prefix}municipality_id__in": sorted(municipalities)})
    return condition


def scope_providers(queryset: QuerySet, user, perm: str, field: str | None = "provider") -> QuerySet:
    return queryset.filter(provider_q(user, perm, field))


def can_provider(user, perm: str, provider: Provider) -> bool:
    roles = roles_with(perm)
    for a in assignments_of(user):
        if a.role not in roles:
            continue
        if a.provider_id == provider.pk:
            return True
        if a.unit_id and a.unit.is_open and a.role != Role.EXTERN_UTFORARE and a.unit.municipality_id == provider.municipality_id:
            return True
    return False


def get_object(
    queryset: QuerySet,
    user,
    pk,
    *,
    view: str,
    change: str | None = None,
    write: bool = False,
    field: str | None = "unit",
    extra_visible: Q | None = None,
) -> Model:
    """Fetch one object the person may see, or raise Http404; with ``write``, PermissionDenied unless they may change it.

    "Does not exist" and "not yours" give the same 404, so ids cannot be probed.
    ``extra_visible`` widens visibility (e.g. a reporter sees their own report).
    """
    condition = unit_q(user, view, field)
    if extra_visible is not None:
        condition |= extra_visible
    try:
        obj = reads.mark(queryset.filter(condition), user).get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if write:
        unit = obj if field is None else _follow(obj, field)
        if change is None or unit is None or not can(user, change, unit):
            raise PermissionDenied
    return obj


def _follow(obj, field: str):
    for part in field.split("__"):
        obj = getattr(obj, part)
        if obj is None:
            return None
    return obj
