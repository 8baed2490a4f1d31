"""Who answers for a report: the unit's enhetschef (or the per-unit setting), and the next level up the line."""

from lots import access
from lots.access.policy import LINE_MANAGERS, roles_with
from lots.accounts.models import Role, RoleAssignment
from lots.deviations.models import DeviationUnitSettings
from lots.organisation.models import Unit

# Lower first: at the same unit an enhetschef answers before an avdelningschef.
_LINE_ORDER = {Role.ENHETSCHEF: 0, Role.AVDELNINGSCHEF: 1, Role.FORVALTNINGSCHEF: 2}


def _assignments_on_path(unit: Unit, roles) -> list[RoleAssignment]:
    """Active assignments of ``roles`` on the unit or on an ancestor that includes its sub-units, nearest first."""
    return _in_line_order(access.assignments_on_path(unit, roles=roles))


def _in_line_order(assignments) -> list[RoleAssignment]:
    return sorted(assignments, key=lambda a: (-a.unit.depth, _LINE_ORDER.get(a.role, 9), a.user.username))


def default_responsible(unit: Unit):
    """The line manager nearest the unit in the tree (an enhetschef before others at the same level), or None."""
    assignments = _assignments_on_path(unit, LINE_MANAGERS)
    return assignments[0].user if assignments else None


def default_responsibles(units: list[Unit]) -> dict:
    """``default_responsible`` for many units of one tree at once, from a single query: unit id → person or None."""
    result = {}
    for unit_id, assignments in access.assignments_on_paths(units, roles=LINE_MANAGERS).items():
        candidates = _in_line_order(assignments)
        result[unit_id] = candidates[0].user if candidates else None
    return result


def responsible_for(unit: Unit):
    """The person who receives reports on ``unit``: the unit's own setting, else the nearest line manager."""
    setting = DeviationUnitSettings.objects.filter(unit=unit, responsible__isnull=False).select_related("responsible").first()
    if setting is not None and setting.responsible.is_active:
        return setting.responsible
    return default_responsible(unit)


def next_level(unit: Unit, responsible) -> list:
    """The line manager(s) one level above ``responsible`` on the unit's path.

    With nobody responsible, the line managers nearest the unit.
    """
    assignments = _assignments_on_path(unit, LINE_MANAGERS)
    if responsible is not None:
        own_depths = [a.unit.depth for a in assignments if a.user_id == responsible.pk]
        level = min(own_depths) if own_depths else unit.depth + 1
        assignments = [a for a in assignments if a.unit.depth < level and a.user_id != responsible.pk]
    if not assignments:
        return []
    nearest = assignments[0].unit.depth
    users = []
    for a in assignments:
        if a.unit.depth == nearest and a.user not in users:
            users.append(a.user)
    return users


def handlers_for(unit: Unit, perm: str) -> list:
    """Everyone who holds ``perm`` on the unit through the tree, nearest first, each once."""
    users = []
    for a in _assignments_on_path(unit, roles_with(perm)):
        if a.user not in users:
            users.append(a.user)
    return users
