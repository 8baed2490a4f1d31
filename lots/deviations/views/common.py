from django.utils import timezone

from lots import access
from lots.deviations.models import DeviationCategory
from lots.organisation.models import Municipality, Unit


def municipalities_with(user, perm: str) -> list[Municipality]:
    seen = {}
    for assignment in access.assignments_of(user):
        if assignment.unit_id and access.can(user, perm, assignment.unit):
            seen.setdefault(assignment.unit.municipality_id, assignment.unit.municipality)
    return sorted(seen.values(), key=lambda m: m.name)


def reportable_units(user):
    """Anyone who may report, may report about any open unit of their municipalities: a wrong is reported where it happened."""
    municipalities = [m.pk for m in municipalities_with(user, "deviation.report")]
    return Unit.objects.open().filter(municipality_id__in=municipalities).order_by("municipality__name", "path")


def default_unit(user):
    for assignment in access.assignments_of(user):
        if assignment.unit_id and access.can(user, "deviation.report", assignment.unit):
            return assignment.unit
    return None


def active_categories(municipality_ids):
    return DeviationCategory.objects.filter(municipality_id__in=municipality_ids, is_active=True).order_by(
        "municipality__name", "position", "name"
    )


def now_minute():
    return timezone.localtime().replace(second=0, microsecond=0)
