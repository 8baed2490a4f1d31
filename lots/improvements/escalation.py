"""Who sees an overdue action besides its owner: the owner's nearest line manager for the action's unit.

That is the person holding a line-manager role (förvaltnings-, avdelnings- or
enhetschef) closest above the action's unit, the owner excluded, so an
enhetschef's own overdue action goes to the avdelningschef.
"""

from collections import defaultdict

from lots.access.policy import LINE_MANAGERS
from lots.accounts.models import RoleAssignment


def nearest_managers(actions) -> dict[int, list]:
    """{action id: [users]} in two queries at most, whatever the number of actions."""
    actions = list(actions)
    unit_ids = {uid for a in actions for uid in a.unit.ancestor_ids()}
    if not unit_ids:
        return {}
    assignments = list(
        RoleAssignment.objects.active()
        .filter(role__in=LINE_MANAGERS, unit_id__in=unit_ids, unit__closed_at__isnull=True, user__is_active=True)
        .select_related("unit", "user")
    )
    result: dict[int, list] = defaultdict(list)
    for action in actions:
        covering = [
            m
            for m in assignments
            if m.user_id != action.owner_id
            and (m.unit_id == action.unit_id or (m.include_subunits and action.unit.is_within(m.unit)))
        ]
        if not covering:
            continue
        deepest = max(m.unit.depth for m in covering)
        for m in covering:
            if m.unit.depth == deepest and m.user not in result[action.pk]:
                result[action.pk].append(m.user)
    return dict(result)
