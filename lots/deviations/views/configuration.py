"""Per-municipality settings, the category list, and who is responsible per unit."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from lots import access
from lots.audit.versioning import ConcurrentEditError
from lots.deviations import services
from lots.deviations.forms import CategoryForm, SettingsForm, UnitSettingsForm
from lots.deviations.models import DeviationCategory, DeviationSettings, DeviationUnitSettings
from lots.deviations.responsibility import default_responsible, default_responsibles
from lots.deviations.views.common import apply_errors, conflict, municipalities_with, status_for
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
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        try:
            services.settings_update(
                actor=request.user, municipality=municipality, expected_version=version if config.pk else None, **data
            )
        except ConcurrentEditError:
            conflict(form, config)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Inställningarna är sparade."))
            return redirect("deviations:settings_for", slug=municipality.slug)
    units = list(Unit.objects.open().filter(municipality=municipality).order_by("path"))
    overrides = {
        s.unit_id: s.responsible
        for s in DeviationUnitSettings.objects.filter(unit__in=units, responsible__isnull=False).select_related("responsible")
    }
    defaults = default_responsibles(units)
    category_form = CategoryForm(prefix="new")
    category_form.fields["name"].label = _("Ny kategori")
    return render(
        request,
        "deviations/settings.html",
        {
            "municipality": municipality,
            "municipalities": allowed,
            "form": form,
            "categories": DeviationCategory.objects.filter(municipality=municipality),
            "category_form": category_form,
            "units": [{"unit": u, "responsible": overrides.get(u.pk), "default": defaults[u.pk]} for u in units],
        },
        status=status_for(form),
    )


@login_required
def category_create(request, slug: str):
    municipality, _allowed = _municipality(request, slug)
    form = CategoryForm(request.POST or None, prefix="new")
    if request.method == "POST" and form.is_valid():
        try:
            services.category_create(actor=request.user, municipality=municipality, name=form.cleaned_data["name"])
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Kategorin är tillagd."))
            return redirect("deviations:settings_for", slug=municipality.slug)
    return render(
        request,
        "deviations/category_form.html",
        {"municipality": municipality, "form": form, "category": None},
        status=status_for(form),
    )


@login_required
def category_edit(request, pk: int):
    category = get_object_or_404(DeviationCategory.objects.select_related("municipality"), pk=pk)
    municipality, _allowed = _municipality(request, category.municipality.slug)
    form = CategoryForm(request.POST or None, initial={"name": category.name, "is_active": category.is_active})
    if request.method == "POST" and form.is_valid():
        try:
            services.category_update(actor=request.user, category=category, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Kategorin är sparad."))
            return redirect("deviations:settings_for", slug=municipality.slug)
    return render(
        request,
        "deviations/category_form.html",
        {"municipality": municipality, "form": form, "category": category},
        status=status_for(form),
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
    if request.method == "POST" and form.is_valid():
        try:
            services.unit_settings_update(
                actor=request.user,
                unit=unit,
                responsible=form.cleaned_data["responsible"],
                expected_version=form.cleaned_data["version"] if current else None,
            )
        except ConcurrentEditError:
            conflict(form, current)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Ansvaret för %(unit)s är sparat.") % {"unit": unit.name})
            return redirect("deviations:settings_for", slug=unit.municipality.slug)
    return render(
        request,
        "deviations/unit_settings.html",
        {"unit": unit, "form": form, "default": default_responsible(unit)},
        status=status_for(form),
    )
