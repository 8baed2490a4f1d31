"""Reading the yearly calendar: whose a task is, and what a person may do with it."""

import functools

from django.db.models import Q

from lots import access
from lots.core.discovery import app_modules
from lots.processes.models import CalendarTask


def responsible_q(user) -> Q:
    """Tasks whose responsible role the person holds on the task's unit (or above it, with sub-units)."""
    condition = Q(pk__in=[])
    for a in access.assignments_of(user):
        if not a.unit_id or not a.unit.is_open:
            continue
        place = Q(unit__path__startswith=a.unit.path) if a.include_subunits else Q(unit_id=a.unit_id)
        condition |= Q(responsible_role=a.role) & place
    return condition


def is_responsible(user, task: CalendarTask) -> bool:
    for a in access.assignments_of(user):
        if a.role != task.responsible_role or not a.unit_id or not a.unit.is_open:
            continue
        if a.unit_id == task.unit_id or (a.include_subunits and task.unit.is_within(a.unit)):
            return True
    return False


def may_complete(user, task: CalendarTask) -> bool:
    return is_responsible(user, task) or access.can(user, "calendar.change", task.unit)


def responsible_people(task: CalendarTask) -> list:
    """Active people holding the task's role on its unit, or above it with sub-units."""
    return list(access.people_holding(task.unit, roles=[task.responsible_role]).order_by("username"))


@functools.cache
def module_links() -> dict:
    """Every module's ``calendar_links.LINKS`` in one mapping from link name to resolver."""
    links = {}
    for module in app_modules("calendar_links"):
        links.update(module.LINKS)
    return links


def module_link(task: CalendarTask) -> str | None:
    """The page where a module carries out ``task`` (``lots.<app>.calendar_links.LINKS[rule.link](task)``), if any."""
    resolver = module_links().get(task.rule.link) if task.rule_id else None
    return resolver(task) if resolver else None
