"""The municipality's feedback settings and the accessibility reports sent to it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lots import access
from lots.core.editing import edit_form
from lots.feedback import services
from lots.feedback.access import configurable
from lots.feedback.forms import SettingsForm
from lots.feedback.models import AccessibilityReport, FeedbackSettings


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
        "delegation_deadline_days",
        "fallback_unit",
        "contact_email",
        "contact_phone",
        "secrecy_law",
        "accessibility_law",
        "accessibility_reviewed_on",
    ]
    form = SettingsForm(request.POST or None, initial={f: getattr(current, f) for f in fields}, municipality=municipality)
    form.add_version_field(current.version)
    return edit_form(
        request,
        form,
        lambda data: services.feedback_settings_save(
            actor=request.user,
            municipality=municipality,
            expected_version=data["version"],
            **{name: value for name, value in data.items() if name != "version"},
        ),
        template="feedback/settings.html",
        context={"municipality": municipality},
        success=_("Inställningarna är sparade. De gäller för ärenden som kommer in från och med nu."),
        redirect_to=reverse("feedback:settings", kwargs={"slug": slug}),
        record=current,
    )


def _report_municipalities(user) -> list[int]:
    """Accessibility reports reach every quality coordinator in the municipality, wherever their role is held."""
    return access.municipality_ids_with(user, "feedback.configure")


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
