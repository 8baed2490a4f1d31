"""Reporting: the form (with the integrity guard), the receipt and "Mina rapporter"."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lots import access
from lots.core.forms import apply_validation_error
from lots.deviations import access as deviation_access
from lots.deviations import drafts, guard, services
from lots.deviations.forms import ReportForm
from lots.deviations.lists import MY_REPORTS
from lots.deviations.models import Deviation, DeviationSettings
from lots.deviations.steps import reporter_step
from lots.deviations.views.common import (
    active_categories,
    default_unit,
    municipalities_with,
    reportable_units,
)
from lots.deviations.views.lists import case_list
from lots.lib import integrity

TEXT_FIELDS = ["description", "immediate_action"]


def _report_form(request, data=None, files=None, draft=None):
    municipalities = municipalities_with(request.user, "deviation.report")
    for municipality in municipalities:
        services.categories_ensure(municipality=municipality)
    # The time of the event is the reporter's to give; a default would record the time of reporting instead.
    initial = {"unit": default_unit(request.user)} | (drafts.initial(draft) if draft is not None else {})
    return ReportForm(
        data,
        files,
        units=reportable_units(request.user),
        categories=active_categories([m.pk for m in municipalities]),
        initial=initial,
    )


def _warnings(form, findings) -> list[dict]:
    return [{"label": form.fields[field].label, "items": [guard.describe(f) for f in found]} for field, found in findings.items()]


@login_required
def report(request):
    if not access.has_perm_anywhere(request.user, "deviation.report"):
        raise Http404
    if request.method == "POST" and request.POST.get("save_draft"):
        # Without the page's script: keep what was typed and come back to the form.
        if drafts.report_draft_save(actor=request.user, data=request.POST) is not None:
            messages.success(request, _("Utkastet är sparat under ditt konto. Inget är skickat ännu."))
        return redirect("deviations:report")
    draft = drafts.of(request.user) if request.method == "GET" else None
    form = _report_form(request, request.POST or None, request.FILES or None, draft=draft)
    context = {"form": form, "warnings": None, "integrity_token": "", "replaced_with": "", "draft": draft}
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        unit = data["unit"]
        findings = guard.scan_report(
            unit.municipality,
            {name: data[name] for name in TEXT_FIELDS},
            also_known=(data["case_reference"] or "").split(),
        )
        decision = request.POST.get("integrity", "")
        confirmed = decision == "keep" and request.POST.get("integrity_token") == integrity.fingerprint(findings)
        if findings and decision == "replace":
            reference = data["case_reference"]
            if not reference:
                form.add_error("case_reference", _("Skriv ärendereferensen som uppgifterna ska ersättas med."))
                context.update(warnings=_warnings(form, findings), integrity_token=integrity.fingerprint(findings))
            else:
                changed = request.POST.copy()
                for name, found in findings.items():
                    changed[name] = integrity.replace(data[name], found, reference)
                form = _report_form(request, changed)
                form.is_valid()
                context.update(form=form, replaced_with=reference)
        elif findings and not confirmed:
            context.update(warnings=_warnings(form, findings), integrity_token=integrity.fingerprint(findings))
        else:
            try:
                with transaction.atomic():
                    deviation = services.deviation_report(
                        actor=request.user,
                        unit=unit,
                        occurred_at=data["occurred_at"],
                        description=data["description"],
                        category=data["category"],
                        immediate_action=data["immediate_action"],
                        possible_lex_sarah=data["possible_lex_sarah"],
                        case_reference=data["case_reference"],
                        integrity_confirmed=bool(findings),
                    )
                    if data.get("attachment"):
                        services.attachment_add(actor=request.user, deviation=deviation, upload=data["attachment"])
                    drafts.report_draft_discard(actor=request.user)
            except ValidationError as error:
                apply_validation_error(form, error, field_map={"file": "attachment"})
            else:
                return redirect("deviations:receipt", pk=deviation.pk)
    failed = request.method == "POST" and (form.errors or context["warnings"])
    context["legal_reference"] = _legal_reference(request.user)
    return render(request, "deviations/report.html", context, status=422 if failed else 200)


@login_required
@require_POST
def report_draft(request):
    """The page's script saves what is typed (every half minute while typing, and when the page is left)."""
    if not access.has_perm_anywhere(request.user, "deviation.report"):
        raise Http404
    draft = drafts.report_draft_save(actor=request.user, data=request.POST)
    return JsonResponse({"saved_at": timezone.localtime(draft.saved_at).strftime("%H:%M") if draft else None})


@login_required
@require_POST
def report_draft_discard(request):
    if not access.has_perm_anywhere(request.user, "deviation.report"):
        raise Http404
    drafts.report_draft_discard(actor=request.user)
    messages.success(request, _("Utkastet är borttaget."))
    return redirect("deviations:report")


def _legal_reference(user) -> str:
    municipalities = municipalities_with(user, "deviation.report")
    return DeviationSettings.for_municipality(municipalities[0]).legal_reference if municipalities else ""


@login_required
def receipt(request, pk: int):
    deviation = deviation_access.get_deviation(request.user, pk)
    return render(request, "deviations/receipt.html", {"deviation": deviation, "reporter_step": reporter_step(deviation)})


def _my_reports(request):
    page = MY_REPORTS.bind(request.user, request.GET).page(request.GET.get("page"))
    for deviation in page:
        deviation.reporter_step = reporter_step(deviation)
    return page


@login_required
def mine(request):
    if (
        not access.has_perm_anywhere(request.user, "deviation.report")
        and not Deviation.objects.filter(reported_by=request.user).exists()
    ):
        raise Http404
    return render(request, "deviations/mine.html", {"page_obj": _my_reports(request), "is_index": False})


@login_required
def index(request):
    """The list for those who see cases; "Mina rapporter" for those who only report; the compilation for board members."""
    user = request.user
    if access.has_perm_anywhere(user, "deviation.view"):
        return case_list(request)
    if access.has_perm_anywhere(user, "deviation.report"):
        return render(request, "deviations/mine.html", {"page_obj": _my_reports(request), "is_index": True})
    if access.has_perm_anywhere(user, "deviation.statistics"):
        messages.info(request, _("Du ser sammanställningar av avvikelser, inte enskilda rapporter."))
        return redirect("deviations:compilation")
    raise Http404
