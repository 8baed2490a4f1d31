"""Demanded actions (*krav på åtgärder*), tracked until the municipality closes them."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lots import access as lots_access
from lots.audit import services as audit
from lots.core.editing import edit_form
from lots.improvements.models import ImprovementAction
from lots.lib.spreadsheets import FORMATS, table_response
from lots.requirements import access, services
from lots.requirements.forms import ActionCloseForm, ActionReopenForm, ActionReportForm, ImprovementForm
from lots.requirements.lists import DEMANDED_ACTIONS
from lots.requirements.models import DemandedAction
from lots.requirements.views.common import list_query


def _filtered_actions(request):
    """The demanded-action list as the person sees it (``visa=alla``: every action; otherwise the open ones);
    404 without ``followup.view``."""
    if not lots_access.has_perm_anywhere(request.user, "followup.view"):
        raise Http404
    return DEMANDED_ACTIONS.bind(request.user, request.GET)


@login_required
def action_list(request):
    filtered = _filtered_actions(request)
    page = filtered.page(request.GET.get("page"))
    return render(
        request,
        "requirements/action_list.html",
        {
            "form": filtered.form,
            "page_obj": page,
            "show": filtered.form.cleaned_data.get("visa") if filtered.is_valid else "",
            "today": timezone.localdate(),
            "query": list_query(request),
        },
        status=filtered.status,
    )


def _status_text(action: DemandedAction, today) -> str:
    text = action.get_status_display()
    return f"{text}, {_('försenad')}" if action.is_overdue(today) else text


@login_required
def action_export(request, fmt: str):
    """The demanded-action list as Excel or CSV, open ones or all as the list shows them, in the same scope."""
    if fmt not in FORMATS:
        raise Http404
    filtered = _filtered_actions(request)
    if not filtered.is_valid:
        return redirect(reverse("requirements:actions") + "?" + request.GET.urlencode())
    today = timezone.localdate()
    headers = [
        _("Åtgärd som krävs"),
        _("Krav"),
        _("Uppföljning"),
        _("Utförare eller enhet"),
        _("Ansvarig enhet"),
        _("Senast"),
        _("Status"),
        _("Utförarens redovisning"),
        _("Redovisad"),
        _("Kommunens bedömning"),
        _("Stängd"),
    ]
    rows = [
        [
            a.text,
            a.assessment.requirement.text,
            a.follow_up.title,
            a.follow_up.target_name,
            a.follow_up.responsible_unit.name,
            a.due_date,
            _status_text(a, today),
            a.provider_response,
            a.reported_at,
            a.closing_note,
            a.closed_on,
        ]
        for a in filtered.rows()
    ]
    audit.record_export(actor=request.user, what=_("krav på åtgärder"), count=len(rows), query=request.GET.urlencode())
    return table_response(fmt, f"krav-pa-atgarder-{today:%Y-%m-%d}", headers, rows, title=_("Krav på åtgärder"))


def _improvement_link(action: DemandedAction) -> dict | None:
    improvement = ImprovementAction.objects.for_source(action).first()
    if improvement is None:
        return None
    try:
        url = reverse("improvements:detail", args=[improvement.pk])
    except NoReverseMatch:
        url = ""
    return {"title": improvement.title, "url": url}


@login_required
def action_detail(request, pk: int):
    action = access.get_demanded_action(request.user, pk)
    follow_up = action.follow_up
    provider_side = access.is_provider_side(request.user, follow_up)
    can_handle = access.can_change_follow_up(request.user, follow_up) and follow_up.is_completed
    can_report = provider_side and access.can_self_assess(request.user, follow_up) and follow_up.is_completed
    unit = follow_up.unit or follow_up.responsible_unit
    can_improve = not provider_side and lots_access.can(request.user, "improvement.change", unit)
    report_form = ActionReportForm(initial={"response": action.provider_response}, prefix="report")
    close_form = ActionCloseForm(initial={"closed_on": timezone.localdate()}, prefix="close")
    reopen_form = ActionReopenForm(prefix="reopen")
    improvement_form = ImprovementForm(initial={"owner": request.user}, municipality=follow_up.municipality, prefix="improvement")
    for form in (report_form, close_form, reopen_form):
        form.add_version_field(action.version)

    def page(status):
        context = {
            "action": action,
            "follow_up": follow_up,
            "requirement": action.assessment.requirement,
            "provider_side": provider_side,
            "can_handle": can_handle,
            "can_report": can_report,
            "can_improve": can_improve,
            "improvement": _improvement_link(action),
            "report_form": report_form,
            "close_form": close_form,
            "reopen_form": reopen_form,
            "improvement_form": improvement_form,
            "today": timezone.localdate(),
        }
        return render(request, "requirements/action_detail.html", context, status=status)

    if request.method != "POST":
        return page(200)
    step = request.POST.get("step")
    back = reverse("requirements:action", args=[action.pk])
    if step == "report" and can_report:
        report_form = ActionReportForm(request.POST, prefix="report")
        report_form.add_version_field(action.version)
        return edit_form(
            request,
            report_form,
            lambda d: services.demanded_action_report(
                actor=request.user,
                action=action,
                expected_version=d["version"],
                response=d["response"],
                integrity_confirmed=d["integrity_confirmed"],
            ),
            page=page,
            success=_("Er redovisning är skickad till kommunen."),
            redirect_to=back,
            record=action,
        )
    if step == "close" and can_handle:
        close_form = ActionCloseForm(request.POST, prefix="close")
        close_form.add_version_field(action.version)
        return edit_form(
            request,
            close_form,
            lambda d: services.demanded_action_close(
                actor=request.user,
                action=action,
                expected_version=d["version"],
                note=d["note"],
                closed_on=d["closed_on"],
                integrity_confirmed=d["integrity_confirmed"],
            ),
            page=page,
            success=_("Åtgärden är stängd."),
            redirect_to=back,
            record=action,
        )
    if step == "reopen" and can_handle:
        reopen_form = ActionReopenForm(request.POST, prefix="reopen")
        reopen_form.add_version_field(action.version)
        return edit_form(
            request,
            reopen_form,
            lambda d: services.demanded_action_reopen(
                actor=request.user,
                action=action,
                expected_version=d["version"],
                note=d["reopen_note"],
                integrity_confirmed=d["integrity_confirmed"],
            ),
            page=page,
            success=_("Åtgärden är öppen igen och utföraren har fått veta varför."),
            redirect_to=back,
            record=action,
            field_map={"note": "reopen_note"},
        )
    if step == "improvement" and can_improve:
        improvement_form = ImprovementForm(request.POST, municipality=follow_up.municipality, prefix="improvement")
        return edit_form(
            request,
            improvement_form,
            lambda d: services.demanded_action_improvement(actor=request.user, action=action, owner=d["owner"]),
            page=page,
            success=_("En förbättringsåtgärd är skapad."),
            redirect_to=back,
        )
    raise PermissionDenied
