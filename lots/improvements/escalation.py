"""Who sees an overdue action besides its owner: the owner's nearest line manager for the action's unit.

That is the person holding a line-manager role (förvaltnings-, avdelnings- or
enhetschef) closest above the action's unit, the owner excluded, so an
enhetschef's own overdue action goes to the avdelningschef.
"""

from collections import defaultdict

from lots import access
from lots.access.policy import LINE_MANAGERS


def nearest_managers(actions) -> dict[int, list]:
    """{action id: [users]} in one query at most, whatever the number of actions."""
    actions = list(actions)
    if not actions:
        return {}
    on_paths = access.assignments_on_paths({a.unit_id: a.unit for a in actions}.values(), roles=LINE_MANAGERS)
    result: dict[int, list] = defaultdict(list)
    for action in actions:
        covering = [m for m in on_paths[action.unit_id] if m.user_id != action.owner_id]
        if not covering:
            continue
        deepest = max(m.unit.depth for m in covering)
        for m in covering:
            if m.unit.depth == deepest and m.user not in result[action.pk]:
                result[action.pk].append(m.user)
    return dict(result)
