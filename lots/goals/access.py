"""Who reads and changes goals, activities, plans and follow-ups.

A plan governs its unit and everything below it, so it is read up and down like the other governing documents
(lots.access.visibility): the staff of a unit read their unit's plan and the plans above it (the board's result goals
they work towards); the board member and the förvaltningschef read the whole förvaltning's. Changing a result goal or
an activity needs ``goal.change`` on its own unit, establishing a plan ``goal.establish``, following up
``goal.follow_up``; the council's goal areas are the quality coordinator's (``goalarea.change``) in their
municipality. "Not there" and "not yours" both answer 404; seen but not changeable answers 403.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from lots import access
from lots.goals.models import Activity, FollowUp, GoalArea, ResultGoal
from lots.organisation.models import Municipality, Unit

VIEW = "goal.view"
CHANGE = "goal.change"
ESTABLISH = "goal.establish"
FOLLOW_UP = "goal.follow_up"
AREA_CHANGE = "goalarea.change"


def readable_units(user) -> QuerySet:
    """The units whose plans, goals and activities the person reads."""
    return access.governing_units(user, VIEW)


def can_read(user, unit: Unit) -> bool:
    return access.can_read_governing(user, VIEW, unit)


def can_change(user, unit: Unit) -> bool:
    return unit.is_open and access.can(user, CHANGE, unit)


def can_establish(user, unit: Unit) -> bool:
    return unit.is_open and access.can(user, ESTABLISH, unit)


def can_follow_up(user, unit: Unit) -> bool:
    return unit.is_open and access.can(user, FOLLOW_UP, unit)


def can_change_areas(user, municipality: Municipality) -> bool:
    return any(a.unit.municipality_id == municipality.pk for a in access.assignments_with(user, AREA_CHANGE))


def get_unit(user, pk) -> Unit:
    """A unit whose plan the person reads, or 404."""
    try:
        return readable_units(user).select_related("municipality").get(pk=pk)
    except (Unit.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def goals(user) -> QuerySet:
    return access.governing_scope(ResultGoal.objects.all(), user, VIEW)


def activities(user) -> QuerySet:
    return access.governing_scope(Activity.objects.all(), user, VIEW)


def follow_ups(user) -> QuerySet:
    return access.governing_scope(FollowUp.objects.all(), user, VIEW)


def _get(queryset: QuerySet, pk):
    try:
        return queryset.get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def get_goal(user, pk, *, write: bool = False) -> ResultGoal:
    goal = _get(goals(user).select_related("area", "unit", "unit__municipality"), pk)
    if write and not can_change(user, goal.unit):
        raise PermissionDenied
    return goal


def get_activity(user, pk, *, write: bool = False) -> Activity:
    activity = _get(activities(user).select_related("unit", "unit__municipality", "owner"), pk)
    if write and not can_change(user, activity.unit):
        raise PermissionDenied
    return activity


def get_follow_up(user, pk, *, write: bool = False) -> FollowUp:
    follow_up = _get(follow_ups(user).select_related("unit", "unit__municipality", "established_by"), pk)
    if write and not can_follow_up(user, follow_up.unit):
        raise PermissionDenied
    return follow_up


def get_area(user, pk, *, write: bool = False) -> GoalArea:
    municipality_ids = access.municipality_ids_with(user, VIEW)
    area = _get(GoalArea.objects.filter(municipality_id__in=municipality_ids).select_related("municipality"), pk)
    if write and not can_change_areas(user, area.municipality):
        raise PermissionDenied
    return area


def changeable_units(user) -> QuerySet:
    return access.scope(Unit.objects.open(), user, CHANGE, field=None).order_by("path")
