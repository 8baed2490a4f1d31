"""'Mina uppgifter': the person's own actions that are due soon or overdue, and overdue actions of the people they manage."""

import datetime

from django.db.models import Q
from django.utils.translation import gettext as _

from lots import access
from lots.access.policy import LINE_MANAGERS
from lots.home.my_tasks import Task
from lots.improvements import proposal_tasks
from lots.improvements.escalation import nearest_managers
from lots.improvements.models import ImprovementAction

DUE_SOON_DAYS = 14


def _own(user, today) -> list[Task]:
    horizon = today + datetime.timedelta(days=DUE_SOON_DAYS)
    actions = ImprovementAction.objects.open().filter(owner=user, due_date__lte=horizon).select_related("unit")
    return [
        Task(
            title=_("Förbättringsåtgärd: %(title)s (%(stage)s)") % {"title": a.title, "stage": a.get_stage_display().lower()},
            due=a.due_date,
            url=a.get_absolute_url(),
            module=_("Förbättringar"),
            unit_name=a.unit.name,
        )
        for a in actions
    ]


def _managed(user, today) -> list[Task]:
    places = Q(pk__in=[])
    for a in access.assignments_with(user, roles=LINE_MANAGERS):
        places |= Q(unit__path__startswith=a.unit.path) if a.include_subunits else Q(unit_id=a.unit_id)
    candidates = list(ImprovementAction.objects.overdue(today).filter(places).exclude(owner=user).select_related("unit", "owner"))
    if not candidates:
        return []
    managers = nearest_managers(candidates)
    return [
        Task(
            title=_("Försenad åtgärd hos %(owner)s: %(title)s") % {"owner": a.owner, "title": a.title},
            due=a.due_date,
            url=a.get_absolute_url(),
            module=_("Förbättringar"),
            unit_name=a.unit.name,
        )
        for a in candidates
        if user in managers.get(a.pk, [])
    ]


def tasks_for(user, today: datetime.date) -> list[Task]:
    if not getattr(user, "is_authenticated", False):
        return []
    return _own(user, today) + _managed(user, today) + proposal_tasks.tasks_for(user, today)
