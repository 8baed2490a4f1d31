"""The overdue deviations of a unit with its sub-units, defined once for its page and its export (lots.core.lists)."""

from django.http import Http404
from django.utils import timezone

from lots import access
from lots.core.lists import ListDefinition
from lots.deviations import access as deviation_access
from lots.deviations.models import DeviationSettings, overdue_q
from lots.reports.forms import UnitChoiceForm
from lots.reports.views.common import units_for


def _scope(user):
    """The reports the person sees as cases: their own reports in units outside that scope are not a unit's figures."""
    return deviation_access.visible(user).filter(access.unit_q(user, "deviation.view"))


def _narrow(deviations, data: dict, user):
    unit = data["unit"]
    config = DeviationSettings.for_municipality(unit.municipality)
    return deviations.filter(unit__path__startswith=unit.path).filter(overdue_q(config, timezone.localdate()))


OVERDUE_DEVIATIONS = ListDefinition(
    name="OverdueDeviations",
    form=UnitChoiceForm,
    scope=_scope,
    narrow=_narrow,
    form_kwargs=lambda user: {"units": units_for(user, "deviation.view")},
    ordering=("reported_at", "pk"),
    load=lambda deviations, user: deviations.select_related("unit", "responsible", "lex_sarah", "ivo_notification"),
)


def with_default_unit(user, data, perm: str):
    """The query with the person's topmost unit when it names none; 404 for people without a unit for ``perm``."""
    if data.get("unit"):
        return data
    default = units_for(user, perm).order_by("depth", "path").first()
    if default is None:
        raise Http404
    data = data.copy()
    data["unit"] = str(default.pk)
    return data
