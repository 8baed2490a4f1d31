"""Reads shared by the risk module's views, API and tasks."""

from collections import defaultdict

from django.contrib.contenttypes.models import ContentType
from django.urls import NoReverseMatch, reverse

from lots import access
from lots.improvements.models import ImprovementAction
from lots.organisation.models import Unit


def people_near(unit: Unit):
    """People who can be made responsible for something at ``unit``: anyone with a role there, below or above it."""
    return access.people_near(unit)


def approvers_for(unit: Unit):
    """People who hold risk.approve on ``unit`` (directly, or above it with sub-units)."""
    return access.people_holding(unit, perm="risk.approve")


def improvements_by_source(objects) -> dict[int, list[ImprovementAction]]:
    """Improvement actions created from each of ``objects`` (all of one model), in one query."""
    objects = list(objects)
    if not objects:
        return {}
    content_type = ContentType.objects.get_for_model(objects[0])
    actions = ImprovementAction.objects.filter(
        source_type=content_type, source_id__in=[str(o.pk) for o in objects]
    ).select_related("owner", "unit")
    grouped: dict[int, list[ImprovementAction]] = defaultdict(list)
    for action in actions.order_by("due_date", "pk"):
        grouped[int(action.source_id)].append(action)
    return grouped


def improvement_url(action: ImprovementAction) -> str:
    """The action's page once the improvements module has one; '' until then (the title is shown alone)."""
    try:
        return reverse("improvements:detail", args=[action.pk])
    except NoReverseMatch:
        return ""


def units_for(user, perm: str):
    """Open units where the person holds ``perm``, in tree order."""
    return access.scope(Unit.objects.open(), user, perm, field=None).select_related("municipality").order_by("path")


def readable_units_for(user, perm: str):
    """Open units whose governing documents under the view permission ``perm`` the person reads, up and down the tree
    (lots.access.visibility), in tree order: the units a list of those documents may be narrowed to."""
    return access.governing_units(user, perm).open().select_related("municipality").order_by("path")
