"""The municipality's feedback settings and the accessibility reports sent to it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lots import access
from lots.audit.versioning import ConcurrentEditError
from lots.core.forms import apply_validation_error, form_status
from lots.feedback import services
from lots.feedback.forms import SettingsForm
from lots.feedback.models import AccessibilityReport, FeedbackSettings
from lots.feedback.views.common import configurable


@login_required
def settings_index(request):
    places = configurable(request.user)
    if not places:
        raise Http404
    if len(places) == 1:
        return redirect("feedback:settings", slug=places[0][0].slug)
    return render(request, "feedback/settings_index.html", {"places": places})


@login_required
def settings_edit(request, slug: str):
    places = {m.slug: m for m, _top in configurable(request.user)}
    municipality = places.get(slug)
    if municipality is None:
        raise Http404
    current = FeedbackSettings.for_municipality(municipality)
    fields = [
        "deadline_days",
        "reminder_days_before",
        "fallback_unit",
        "contact_email",
        "contact_phone",
        "secrecy_law",
        "accessibility_law",
        "accessibility_reviewed_on",
    ]
    form = SettingsForm(request.POST or None, initial={f: getattr(current, f) for f in fields}, municipality=municipality)
    form.add_version_field(current.version)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        try:
            services.feedback_settings_save(actor=request.user, municipality=municipality, expected_version=version, **data)
        except ConcurrentEditError:
            form.add_conflict_error()
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Inställningarna är sparade. De gäller för ärenden som kommer in från och med nu."))
            return redirect("feedback:settings", slug=slug)
    return render(request, "feedback/settings.html", {"form": form, "municipality": municipality}, status=form_status(form))


def _report_municipalities(user) -> list[int]:
    """Accessibility reports reach every quality coordinator in the municipality, wherever their role is held."""
    roles = access.roles_with("feedback.configure")
    assignments = access.assignments_of(user)
    return sorted({a.unit.municipality_id for a in assignments if a.unit_id and a.unit.is_open and a.role in roles})


@login_required
def accessibility_reports(request):
    places = _report_municipalities(request.user)
    if not places:
        raise Http404
    reports = AccessibilityReport.objects.filter(municipality_id__in=places)
    reports = reports.select_related("municipality", "handled_by")
    return render(request, "feedback/accessibility_reports.html", {"reports": reports[:200]})


@login_required
@require_POST
def accessibility_report_handle(request, pk: int):
    report = get_object_or_404(AccessibilityReport, pk=pk, municipality_id__in=_report_municipalities(request.user))
    services.accessibility_report_handle(actor=request.user, report=report)
    messages.success(request, _("Markerad som hanterad."))
    return redirect("feedback:accessibility_reports")
