"""Lists across analyses and plans, with filters and Excel/CSV export: every risk, every self-inspection round
and every internal-control activity the person may see. The overview's figures link here with the same filters."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lots import access
from lots.lib.spreadsheets import FORMATS, table_response
from lots.risks.lists import ACTIVITIES, RISKS, ROUNDS, this_year_unless_asked, with_levels
from lots.risks.models import Risk
from lots.risks.views.common import list_query, log_export, today


def _filtered_risks(request):
    """The risk list as the person sees it with the filters in the request; 404 without ``risk.view``."""
    if not access.has_perm_anywhere(request.user, "risk.view"):
        raise Http404
    return RISKS.bind(request.user, request.GET)


@login_required
def risk_list(request):
    filtered = _filtered_risks(request)
    page = filtered.page(request.GET.get("page"))
    page.object_list = with_levels(page.object_list, request.user)
    return render(
        request,
        "risks/risk_list.html",
        {"form": filtered.form, "page_obj": page, "query": list_query(request)},
        status=filtered.status,
    )


RISK_HEADERS = [
    gettext_lazy("Risk"),
    gettext_lazy("Beskrivning"),
    gettext_lazy("Möjlig konsekvens för den enskilde"),
    gettext_lazy("Riskanalys"),
    gettext_lazy("Analysens datum"),
    gettext_lazy("Analysens status"),
    gettext_lazy("Enhet"),
    gettext_lazy("Allvarlighetsgrad"),
    gettext_lazy("Sannolikhet"),
    gettext_lazy("Riskvärde"),
    gettext_lazy("Risknivå"),
    gettext_lazy("Hantering"),
    gettext_lazy("Kvarvarande riskvärde"),
]


def _treatment(risk: Risk) -> str:
    if not risk.treatment:
        return _("Inte beslutad")
    if risk.awaits_approval:
        return f"{risk.get_treatment_display()} ({_('väntar på godkännande')})"
    return risk.get_treatment_display()


@login_required
def risk_export(request, fmt: str):
    if fmt not in FORMATS:
        raise Http404
    filtered = _filtered_risks(request)
    if not filtered.is_valid:
        return redirect(reverse("risks:risk_list") + "?" + request.GET.urlencode())
    rows = [
        [
            r.label,
            r.description,
            r.client_consequence,
            r.analysis.title,
            r.analysis.performed_on,
            r.analysis.get_status_display(),
            r.analysis.unit.name,
            r.severity,
            r.probability,
            r.value,
            r.level.name,
            _treatment(r),
            r.residual_value,
        ]
        for r in with_levels(filtered.rows(), request.user)
    ]
    log_export(request, _("risker"), len(rows))
    return table_response(fmt, f"risker-{today():%Y-%m-%d}", [str(h) for h in RISK_HEADERS], rows, title=_("Risker"))


# Self-inspection rounds and internal-control activities.


def _progress_filtered(request, definition, perm: str):
    """The round or activity list as the person sees it; without a ``year`` parameter it shows this year, as the plan
    lists do ("Alla år" sends it empty). 404 without ``perm``."""
    if not access.has_perm_anywhere(request.user, perm):
        raise Http404
    return definition.bind(request.user, this_year_unless_asked(request.GET))


def _filtered_rounds(request):
    return _progress_filtered(request, ROUNDS, "inspection.view")


def _filtered_activities(request):
    return _progress_filtered(request, ACTIVITIES, "internalcontrol.view")


def _progress_page(request, filtered, template: str):
    found = filtered(request)
    return render(
        request,
        template,
        {"form": found.form, "page_obj": found.page(request.GET.get("page")), "query": list_query(request), "today": today()},
        status=found.status,
    )


def _status_text(row, now) -> str:
    text = row.get_status_display()
    return f"{text}, {_('försenad')}" if row.is_overdue(now) else text


@login_required
def round_list(request):
    return _progress_page(request, _filtered_rounds, "risks/round_list.html")


@login_required
def activity_list(request):
    return _progress_page(request, _filtered_activities, "risks/activity_list.html")


ROUND_HEADERS = [
    gettext_lazy("Kontrollpunkt"),
    gettext_lazy("Enhet"),
    gettext_lazy("Plan"),
    gettext_lazy("Metod"),
    gettext_lazy("Ansvarig"),
    gettext_lazy("Klart senast"),
    gettext_lazy("Status"),
    gettext_lazy("Genomförd"),
    gettext_lazy("Slutsats"),
]
ACTIVITY_HEADERS = [
    gettext_lazy("Vad kontrolleras"),
    gettext_lazy("Risk som kontrollen svarar mot"),
    gettext_lazy("Riskvärde"),
    gettext_lazy("Enhet"),
    gettext_lazy("Plan"),
    gettext_lazy("Vem kontrollerar"),
    gettext_lazy("Klart senast"),
    gettext_lazy("Status"),
    gettext_lazy("Genomförd"),
    gettext_lazy("Slutsats"),
    gettext_lazy("Resultat"),
]


@login_required
def round_export(request, fmt: str):
    if fmt not in FORMATS:
        raise Http404
    filtered = _filtered_rounds(request)
    if not filtered.is_valid:
        return redirect(reverse("risks:rounds") + "?" + request.GET.urlencode())
    now = today()
    rows = [
        [
            r.control_point.title,
            r.control_point.plan.unit.name,
            r.control_point.plan.year,
            r.control_point.get_method_display(),
            str(r.control_point.responsible),
            r.due_date,
            _status_text(r, now),
            r.performed_on,
            r.conclusion,
        ]
        for r in filtered.rows()
    ]
    log_export(request, _("genomföranden av egenkontroll"), len(rows))
    return table_response(fmt, f"egenkontroller-{now:%Y-%m-%d}", [str(h) for h in ROUND_HEADERS], rows, title=_("Egenkontroller"))


@login_required
def activity_export(request, fmt: str):
    if fmt not in FORMATS:
        raise Http404
    filtered = _filtered_activities(request)
    if not filtered.is_valid:
        return redirect(reverse("risks:activities") + "?" + request.GET.urlencode())
    now = today()
    rows = [
        [
            a.what,
            a.risk_description,
            a.value,
            a.plan.unit.name,
            a.plan.year,
            str(a.responsible),
            a.due_date,
            _status_text(a, now),
            a.performed_on,
            a.get_conclusion_display() if a.conclusion else "",
            a.result,
        ]
        for a in filtered.rows()
    ]
    log_export(request, _("kontrollaktiviteter"), len(rows))
    return table_response(
        fmt, f"kontrollaktiviteter-{now:%Y-%m-%d}", [str(h) for h in ACTIVITY_HEADERS], rows, title=_("Kontrollaktiviteter")
    )
