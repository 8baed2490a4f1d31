"""The line förvaltningschef → avdelningschef → enhetschef of one förvaltning as a tree, with each unit's line
managers and the current delegations on it that the person reads."""

from dataclasses import dataclass, field

from django.db.models import Q

from lots import access
from lots.organisation.models import Unit
from lots.workenv import access as workenv_access
from lots.workenv.lists import load
from lots.workenv.models import LINE, LINE_RANK, Delegation


@dataclass
class Node:
    unit: Unit
    managers: list = field(default_factory=list)
    delegations: list = field(default_factory=list)
    children: list = field(default_factory=list)


def _reach_ids(user) -> set[int]:
    """Units the person reads delegations on, and the units of their own delegations."""
    scoped = set(access.visible_units(user, workenv_access.VIEW).values_list("pk", flat=True))
    own = set(Delegation.objects.filter(workenv_access.own_q(user)).values_list("unit_id", flat=True))
    return scoped | own


def forvaltningar(user) -> list[Unit]:
    """The förvaltningar whose tree the person sees: those above or at a unit they read delegations on."""
    units = Unit.objects.filter(pk__in=_reach_ids(user))
    ids = {
        ancestor for path in units.values_list("path", flat=True) for ancestor in (int(part) for part in path.split(".") if part)
    }
    return list(
        Unit.objects.filter(pk__in=ids, kind=Unit.Kind.FORVALTNING).open().select_related("municipality").order_by("path")
    )


def build(user, forvaltning: Unit) -> Node:
    """The förvaltning's tree as the person sees it: the units in their reach below it and the units above those
    (so the line up to the förvaltning shows), sections left out."""
    reach = Unit.objects.filter(pk__in=_reach_ids(user), path__startswith=forvaltning.path)
    wanted = {forvaltning.pk}
    for path in reach.values_list("path", flat=True):
        wanted.update(int(part) for part in path.split(".") if part)
    units = list(
        Unit.objects.filter(pk__in=wanted, path__startswith=forvaltning.path)
        .open()
        .exclude(kind=Unit.Kind.SEKTION)
        .order_by("path")
    )
    managers: dict[int, list] = {}
    shown = {u.pk for u in units}
    for assignment in access.assignments_within([forvaltning], roles=LINE):
        if assignment.unit_id in shown:
            managers.setdefault(assignment.unit_id, []).append(assignment)
    for found in managers.values():
        found.sort(key=lambda a: (LINE_RANK[a.role], a.user.last_name, a.user.first_name))
    delegations: dict[int, list] = {}
    current = load(
        workenv_access.delegations(user).current().filter(Q(unit__in=units)).order_by("unit__path", "-created_at", "pk"),
        user,
    )
    for delegation in current:
        delegations.setdefault(delegation.unit_id, []).append(delegation)
    nodes = {u.pk: Node(u, managers.get(u.pk, []), delegations.get(u.pk, [])) for u in units}
    for unit in units:
        if unit.pk != forvaltning.pk and unit.parent_id in nodes:
            nodes[unit.parent_id].children.append(nodes[unit.pk])
    return nodes[forvaltning.pk]
