"""Who may see and change processes, routines, laws and calendar entries.

These records apply to units, and what is decided on a unit applies to every unit
below it: a routine for *Myndighetsavdelningen* also governs the staff of
*Mottagningsgruppen*. So a person sees a record when one of its units lies in
their scope for the permission (lots.access) **or is an ancestor** of a unit where
they hold it. Changing still needs the permission on one of the record's own units.
Each check is one SQL condition; "not there" and "not yours" both answer 404.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from lots import access
from lots.organisation.models import Municipality, Unit


def _assignments(user, perm: str):
    return access.assignments_with(user, perm)


def ancestor_ids(user, perm: str) -> set[int]:
    """Ids of the units above the places where the person holds ``perm``."""
    ids: set[int] = set()
    for assignment in _assignments(user, perm):
        ids.update(assignment.unit.ancestor_ids()[:-1])
    return ids


def reach_q(user, perm: str, field: str = "unit") -> Q:
    """Units (at ``field``) in the person's scope for ``perm``, or above it."""
    condition = access.unit_q(user, perm, field)
    above = ancestor_ids(user, perm)
    if above:
        condition |= Q(**{f"{field}_id__in": sorted(above)})
    return condition


def visible(queryset: QuerySet, user, perm: str) -> QuerySet:
    """Records with a ``units`` many-to-many that the person may see: one subquery on the link table."""
    through = queryset.model.units.through
    owner_field = queryset.model._meta.model_name + "_id"
    linked = through.objects.filter(reach_q(user, perm, "unit")).values(owner_field)
    return queryset.filter(pk__in=linked)


def visible_by_unit(queryset: QuerySet, user, perm: str, field: str = "unit") -> QuerySet:
    """Records with one unit foreign key (calendar rules and tasks), seen from below as well."""
    return queryset.filter(reach_q(user, perm, field))


def can_change(user, perm: str, obj) -> bool:
    """Whether the person holds ``perm`` on one of the record's own units (decided without a further query
    when the units were prefetched)."""
    return any(access.can(user, perm, unit) for unit in obj.units.all())


def get_visible(queryset: QuerySet, user, pk, *, view: str, change: str | None = None, write: bool = False):
    try:
        obj = visible(queryset, user, view).get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if write and (change is None or not can_change(user, change, obj)):
        raise PermissionDenied
    return obj


def get_by_unit(queryset: QuerySet, user, pk, *, view: str, change: str | None = None, write: bool = False, field: str = "unit"):
    try:
        obj = visible_by_unit(queryset, user, view, field).get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if write and (change is None or not access.can(user, change, getattr(obj, field))):
        raise PermissionDenied
    return obj


def changeable_units(user, perm: str) -> QuerySet:
    """Open units where the person may create or change records with ``perm``."""
    return (
        access.scope(Unit.objects.open(), user, perm, field=None)
        .select_related("municipality")
        .order_by("municipality__name", "path")
    )


def municipalities(user, perm: str) -> list[Municipality]:
    """Municipalities where the person holds ``perm`` somewhere, by name."""
    found = {a.unit.municipality_id: a.unit.municipality for a in _assignments(user, perm)}
    return sorted(found.values(), key=lambda m: m.name)


def municipality_for(request, perm: str) -> Municipality:
    """The municipality a municipality-wide page is about: ``?kommun=<slug>`` or the person's first; 404 if none."""
    choices = municipalities(request.user, perm)
    if not choices:
        raise Http404
    wanted = request.GET.get("kommun")
    for municipality in choices:
        if municipality.slug == wanted:
            return municipality
    return choices[0]


def can_in_municipality(user, perm: str, municipality: Municipality) -> bool:
    """For municipality-wide lists (responsibilities): the permission on any unit of that municipality."""
    return any(a.unit.municipality_id == municipality.pk for a in _assignments(user, perm))
