"""Per-municipality settings, the category list, and who is responsible per unit."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _

from lots import access
from lots.core.editing import edit_form, without_version
from lots.deviations import services
from lots.deviations.forms import CategoryForm, SettingsForm, UnitSettingsForm
from lots.deviations.models import DeviationCategory, DeviationSettings, DeviationUnitSettings
from lots.deviations.responsibility import default_responsible, default_responsibles
from lots.deviations.views.common import municipalities_with
from lots.organisation.models import Unit

SETTING_FIELDS = [
    "receive_days",
    "handling_days",
    "close_days",
    "escalation_days",
    "ivo_target_days",
    "provider_name",
    "organisation_number",
    "address",
    "legal_reference",
]


def _municipality(request, slug: str | None):
    allowed = municipalities_with(request.user, "deviation.configure")
    if not allowed:
        raise Http404
    if slug is None:
        return allowed[0], allowed
    for municipality in allowed:
        if municipality.slug == slug:
            return municipality, allowed
    raise Http404


@login_required
def settings_page(request, slug: str | None = None):
    municipality, allowed = _municipality(request, slug)
    services.categories_ensure(municipality=municipality)
    config = DeviationSettings.for_municipality(municipality)
    form = SettingsForm(request.POST or None, initial={f: getattr(config, f) for f in SETTING_FIELDS})
    form.add_version_field(config.version)
    return edit_form(
        request,
        form,
        lambda data: services.settings_update(
            actor=request.user,
            municipality=municipality,
            expected_version=data["version"] if config.pk else None,
            **without_version(data),
        ),
        template="deviations/settings.html",
        context=lambda: _settings_context(request.user, municipality, allowed),
        success=_("Inställningarna är sparade."),
        redirect_to=reverse("deviations:settings_for", kwargs={"slug": municipality.slug}),
        record=config,
    )


def _settings_context(user, municipality, allowed) -> dict:
    units = list(Unit.objects.open().filter(municipality=municipality).order_by("path"))
    overrides = {
        s.unit_id: s.responsible
        for s in DeviationUnitSettings.objects.filter(unit__in=units, responsible__isnull=False).select_related("responsible")
    }
    defaults = default_responsibles(units)
    category_form = CategoryForm(prefix="new")
    category_form.fields["name"].label = _("Ny kategori")
    return {
        "municipality": municipality,
        "municipalities": allowed,
        "categories": DeviationCategory.objects.filter(municipality=municipality),
        "category_form": category_form,
        "units": [
            {
                "unit": u,
                "responsible": overrides.get(u.pk),
                "default": defaults[u.pk],
                "can_change": access.can(user, "deviation.configure", u),
            }
            for u in units
        ],
    }


@login_required
def category_create(request, slug: str):
    municipality, _allowed = _municipality(request, slug)
    form = CategoryForm(request.POST or None, prefix="new")
    return edit_form(
        request,
        form,
        lambda data: services.category_create(actor=request.user, municipality=municipality, name=data["name"]),
        template="deviations/category_form.html",
        context={"municipality": municipality, "category": None},
        success=_("Kategorin är tillagd."),
        redirect_to=reverse("deviations:settings_for", kwargs={"slug": municipality.slug}),
    )


@login_required
def category_edit(request, pk: int):
    category = get_object_or_404(DeviationCategory.objects.select_related("municipality"), pk=pk)
    municipality, _allowed = _municipality(request, category.municipality.slug)
    form = CategoryForm(request.POST or None, initial={"name": category.name, "is_active": category.is_active})
    return edit_form(
        request,
        form,
        lambda data: services.category_update(actor=request.user, category=category, **data),
        template="deviations/category_form.html",
        context={"municipality": municipality, "category": category},
        success=_("Kategorin är sparad."),
        redirect_to=reverse("deviations:settings_for", kwargs={"slug": municipality.slug}),
    )


def _handlers(unit: Unit):
    """People who may handle reports on the unit: line managers and quality coordinators on it or above it."""
    return access.people_holding(unit, perm="deviation.handle")


@login_required
def unit_settings(request, unit_pk: int):
    unit = access.get_object(
        Unit.objects.select_related("municipality"),
        request.user,
        unit_pk,
        view="deviation.configure",
        change="deviation.configure",
        write=True,
        field=None,
    )
    current = DeviationUnitSettings.objects.filter(unit=unit).first()
    form = UnitSettingsForm(
        request.POST or None, people=_handlers(unit), initial={"responsible": current.responsible if current else None}
    )
    form.add_version_field(current.version if current else 1)
    return edit_form(
        request,
        form,
        lambda data: services.unit_settings_update(
            actor=request.user,
            unit=unit,
            responsible=data["responsible"],
            expected_version=data["version"] if current else None,
        ),
        template="deviations/unit_settings.html",
        context=lambda: {"unit": unit, "default": default_responsible(unit)},
        success=_("Ansvaret för %(unit)s är sparat.") % {"unit": unit.name},
        redirect_to=reverse("deviations:settings_for", kwargs={"slug": unit.municipality.slug}),
        record=current,
    )
