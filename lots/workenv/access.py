"""Who reads and keeps work-environment delegations (decided in lots.access; this module applies it).

Managers, HR and the quality coordinator read the delegations of the units in their scope (``workenv.view``); the
delegating and the receiving manager always read their own. A line manager delegates on the units where they hold
``workenv.delegate``; the catalogue is kept per municipality by those holding ``workenv.catalogue``.
"""

from django.db.models import Q, QuerySet
from django.http import Http404

from lots import access
from lots.organisation.models import Municipality
from lots.workenv.models import Delegation, TaskReturn, WorkTask

VIEW = "workenv.view"
DELEGATE = "workenv.delegate"
CATALOGUE = "workenv.catalogue"


def own_q(user, prefix: str = "") -> Q:
    if not getattr(user, "is_authenticated", False):
        return Q(pk__in=[])
    return Q(**{f"{prefix}delegator": user}) | Q(**{f"{prefix}receiver": user})


def visible_q(user, prefix: str = "") -> Q:
    field = f"{prefix}unit" if prefix else "unit"
    return access.unit_q(user, VIEW, field) | own_q(user, prefix)


def delegations(user) -> QuerySet:
    """The delegations the person reads."""
    return Delegation.objects.filter(visible_q(user))


def may_read(user) -> bool:
    """Whether the register is open to the person: ``workenv.view`` somewhere, or a delegation of their own."""
    if not getattr(user, "is_authenticated", False):
        return False
    return access.has_perm_anywhere(user, VIEW) or Delegation.objects.filter(own_q(user)).exists()


def get_delegation(user, pk) -> Delegation:
    """One delegation the person reads, or 404 (the same answer for "does not exist" and "not yours")."""
    queryset = Delegation.objects.select_related("unit", "unit__municipality", "delegator", "receiver", "replaces")
    return access.get_object(queryset, user, pk, view=VIEW, extra_visible=own_q(user))


def get_return(user, pk) -> TaskReturn:
    found = TaskReturn.objects.filter(visible_q(user, "delegation__"), pk=pk).select_related("delegation").first()
    if found is None:
        raise Http404
    return found


def delegating_units(user) -> QuerySet:
    return access.visible_units(user, DELEGATE).open().order_by("path")


def catalogue_municipalities(user) -> list[Municipality]:
    return access.municipalities_with(user, CATALOGUE)


def catalogue_municipality(user, pk) -> Municipality:
    found = next((m for m in catalogue_municipalities(user) if str(m.pk) == str(pk)), None)
    if found is None:
        raise Http404
    return found


def get_work_task(user, pk) -> WorkTask:
    ids = [m.pk for m in catalogue_municipalities(user)]
    found = WorkTask.objects.filter(pk=pk, municipality_id__in=ids).select_related("municipality").first() if ids else None
    if found is None:
        raise Http404
    return found
