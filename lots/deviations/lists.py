"""The list of reports, defined once for its page, the API and the export (lots.core.lists)."""

from django.utils import timezone

from lots import access
from lots.core.lists import ListDefinition, NoFilters
from lots.deviations import access as deviation_access
from lots.deviations.filtering import apply_filters, with_list_relations
from lots.deviations.forms import FilterForm
from lots.deviations.models import DeviationCategory


def _form_kwargs(user) -> dict:
    units = access.visible_units(user, "deviation.view").order_by("municipality__name", "path")
    categories = DeviationCategory.objects.filter(municipality__in=units.values("municipality")).order_by("position", "name")
    return {"units": units, "categories": categories}


def _narrow(qs, data: dict, user):
    return apply_filters(qs, data, timezone.localdate())


DEVIATIONS = ListDefinition(
    name="Deviations",
    form=FilterForm,
    scope=deviation_access.visible,
    narrow=_narrow,
    form_kwargs=_form_kwargs,
    ordering=("-reported_at", "-pk"),
    load=lambda qs, user: with_list_relations(qs).select_related("reported_by"),
)


# "Mina rapporter": the person's own reports, newest first; a page only (it has no export or API list of its own,
# the API's list includes one's own reports).
MY_REPORTS = ListDefinition(
    name="MyReports",
    form=NoFilters,
    scope=deviation_access.reported_by,
    ordering=("-reported_at", "-pk"),
    load=lambda qs, user: qs.select_related("unit", "category"),
    per_page=25,
)
