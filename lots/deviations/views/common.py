from django.utils import timezone

from lots import access
from lots.access import municipalities_with
from lots.deviations.models import DeviationCategory
from lots.organisation.models import Unit


def reportable_units(user):
    """Anyone who may report, may report about any open unit of their municipalities: a wrong is reported where it happened."""
    municipalities = [m.pk for m in municipalities_with(user, "deviation.report")]
    return Unit.objects.open().filter(municipality_id__in=municipalities).order_by("municipality__name", "path")


def default_unit(user):
    """The first unit (in tree order) where the person holds deviation.report, or None."""
    return next((a.unit for a in access.assignments_with(user, "deviation.report")), None)


def active_categories(municipality_ids):
    return DeviationCategory.objects.filter(municipality_id__in=municipality_ids, is_active=True).order_by(
        "municipality__name", "position", "name"
    )


def now_minute():
    return timezone.localtime().replace(second=0, microsecond=0)
