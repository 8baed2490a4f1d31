"""The list of routines, defined once for its page, the API and the export (lots.core.lists)."""

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from lots import access
from lots.core.lists import ListDefinition
from lots.processes import access as paccess
from lots.processes.forms import RoutineFilterForm
from lots.processes.models import Acknowledgement, Routine, RoutineVersion
from lots.processes.search import search_routines


def _scope(user):
    return paccess.visible(Routine.objects.all(), user, "routine.view")


def _form_kwargs(user) -> dict:
    return {"units": access.visible_units(user, "routine.view").open().order_by("municipality__name", "path")}


def _narrow(routines, data: dict, user):
    if data["q"]:
        routines = search_routines(routines, data["q"])
    if data["unit"]:
        unit = data["unit"]
        # Routines that apply at the unit: set on it, above it, or on a part of it.
        linked = Routine.units.through.objects.filter(
            Q(unit_id__in=unit.ancestor_ids()) | Q(unit__path__startswith=unit.path)
        ).values("routine_id")
        routines = routines.filter(pk__in=linked)
    if data["status"] == "established":
        routines = routines.filter(current_version__isnull=False)
    elif data["status"] == "draft":
        routines = routines.filter(current_version__isnull=True)
    elif data["status"] == "review":
        routines = routines.filter(review_date__lte=timezone.localdate())
    return routines


def _ordering(data: dict) -> tuple[str, ...]:
    """By title; a search puts the best match first (search_routines ranks its matches)."""
    if data.get("q"):
        return ("-rank", "title", "pk")
    return ("title", "pk")


def _load(routines, user):
    """Each routine with its current version, owner, units and processes, ``has_draft`` and ``i_confirmed`` (the
    person read the current version)."""
    draft = RoutineVersion.objects.filter(routine=OuterRef("pk"), status=RoutineVersion.Status.DRAFT)
    mine = Acknowledgement.objects.filter(version_id=OuterRef("current_version_id"), user_id=user.pk)
    return (
        routines.select_related("current_version", "owner")
        .prefetch_related("units", "processes")
        .annotate(has_draft=Exists(draft), i_confirmed=Exists(mine))
    )


ROUTINES = ListDefinition(
    name="Routines",
    form=RoutineFilterForm,
    scope=_scope,
    narrow=_narrow,
    form_kwargs=_form_kwargs,
    ordering=_ordering,
    load=_load,
)
