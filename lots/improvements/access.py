"""Who may see and change improvement actions: by unit and role, and the owner always for their own action."""

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from lots import access
from lots.improvements.models import ImprovementAction


def visible(user) -> QuerySet:
    return ImprovementAction.objects.filter(access.unit_q(user, "improvement.view") | Q(owner_id=user.pk))


def can_view(user, action: ImprovementAction) -> bool:
    """Whether the person may open the action's page (the rule of ``visible`` and ``get_action``), without a query
    when the action's unit is loaded; links to an action are shown only then."""
    return action.owner_id == user.pk or access.can(user, "improvement.view", action.unit)


def can_change(user, action: ImprovementAction) -> bool:
    return action.owner_id == user.pk or access.can(user, "improvement.change", action.unit)


def get_action(user, pk, *, write: bool = False) -> ImprovementAction:
    action = access.get_object(
        ImprovementAction.objects.select_related("unit", "owner", "created_by", "source_type"),
        user,
        pk,
        view="improvement.view",
        extra_visible=Q(owner_id=user.pk),
    )
    if write and not can_change(user, action):
        raise PermissionDenied
    return action
