"""Lists across analyses and plans, with filters and Excel/CSV export: every risk, every self-inspection round
and every internal-control activity the person may see. The overview's figures link here with the same filters."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from lots import access
from lots.lib.spreadsheets import FORMATS, table_response
from lots.risks import access as risk_access
from lots.risks.forms.lists import ProgressFilterForm, RiskFilterForm
from lots.risks.models import ControlActivity, ControlRound, Risk, RiskScale
from lots.risks.queries import units_for
from lots.risks.views.common import list_query, log_export, today

PER_PAGE = 50


# Risks.


def scales_in_scope(user) -> dict[int, RiskScale]:
    """The scale of every municipality where the person sees risks (unsaved defaults where none is set); two queries."""
    ids = set(access.visible_units(user, "risk.view").values_list("municipality_id", flat=True).distinct())
    found = {s.municipality_id: s for s in RiskScale.objects.filter(municipality_id__in=ids)}
    return {m: found.get(m) or RiskScale(municipality_id=m) for m in sorted(ids)}


def _level_names(scales: dict[int, RiskScale]) -> list[str]:
    names = []
    for scale in scales.values():
        for level in scale.ordered_levels():
            if level.name not in names:
                names.append(level.name)
    return names


def _filtered_risks(request):
    """The form, the risks in scope narrowed by it (all in scope when it has errors), and the scales."""
    if not access.has_perm_anywhere(request.user, "risk.view"):
        raise Http404
    scales = scales_in_scope(request.user)
    form = RiskFilterForm(request.GET or None, units=units_for(request.user, "risk.view"), level_names=_level_names(scales))
    risks = risk_access.scope(Risk.objects.all(), request.user, "risk.view", field="analysis__unit")
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        if data["unit"]:
            risks = risks.filter(analysis__unit__path__startswith=data["unit"].path)
        if data["level"]:
            chosen = {data["unit"].municipality_id: scales[data["unit"].municipality_id]} if data["unit"] else scales
            risks = risks.at_level(chosen, data["level"])
        if data["performed_from"]:
            risks = risks.filter(analysis__performed_on__gte=data["performed_from"])
        if data["performed_to"]:
            risks = risks.filter(analysis__performed_on__lte=data["performed_to"])
        if data["treatment"]:
            risks = risks.decided(data["treatment"])
        if data["analysis_status"]:
            risks = risks.filter(analysis__status=data["analysis_status"])
        if data["q"].strip():
            term = data["q"].strip()
            risks = risks.filter(Q(description__icontains=term) | Q(client_consequence__icontains=term))
    risks = risks.select_related("analysis__unit").order_by("-value", "-analysis__performed_on", "analysis_id", "number")
    return form, risks, scales


def _with_levels(risks, scales):
    for risk in risks:
        scale = scales.get(risk.analysis.unit.municipality_id) or RiskScale(municipality_id=risk.analysis.unit.municipality_id)
        risk.level = scale.level_for_value(risk.value)
    return risks


@login_required
def risk_list(request):
    form, risks, scales = _filtered_risks(request)
    page = Paginator(risks, PER_PAGE).get_page(request.GET.get("page"))
    _with_levels(page, scales)
    return render(
        request,
        "risks/risk_list.html",
        {"form": form, "page_obj": page, "query": list_query(request)},
        status=422 if form.errors else 200,
    )


RISK_HEADERS = [
    "Risk",
    "Beskrivning",
    "Möjlig konsekvens för den enskilde",
    "Riskanalys",
    "Analysens datum",
    "Analysens status",
    "Enhet",
    "Allvarlighetsgrad",
    "Sannolikhet",
    "Riskvärde",
    "Risknivå",
    "Hantering",
    "Kvarvarande riskvärde",
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
    form, risks, scales = _filtered_risks(request)
    if form.errors:
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
        for r in _with_levels(list(risks), scales)
    ]
    log_export(request, _("risker"), len(rows))
    return table_response(fmt, f"risker-{today():%Y-%m-%d}", RISK_HEADERS, rows, title=_("Risker"))


# Self-inspection rounds and internal-control activities.


def _progress_filtered(request, queryset, perm: str, unit_field: str, year_field: str):
    """The form and ``queryset`` in scope, narrowed by unit subtree, year and progress. Without a ``year`` parameter
    the list shows this year, as the plan lists do ("Alla år" sends it empty); with errors it shows everything in
    scope."""
    if not access.has_perm_anywhere(request.user, perm):
        raise Http404
    now = today()
    params = request.GET.copy()
    params.setdefault("year", str(now.year))
    form = ProgressFilterForm(params, units=units_for(request.user, perm), today=now)
    rows = risk_access.scope(queryset, request.user, perm, field=unit_field)
    if form.is_valid():
        data = form.cleaned_data
        if data["unit"]:
            rows = rows.filter(**{f"{unit_field}__path__startswith": data["unit"].path})
        if data["year"]:
            rows = rows.filter(**{year_field: data["year"]})
        if data["status"]:
            rows = rows.progress(data["status"], now)
    return form, rows.order_by("due_date", "pk"), now


def _filtered_rounds(request):
    queryset = ControlRound.objects.select_related("control_point__plan__unit", "control_point__responsible")
    return _progress_filtered(request, queryset, "inspection.view", "control_point__plan__unit", "due_date__year")


def _filtered_activities(request):
    queryset = ControlActivity.objects.select_related("plan__unit", "responsible")
    return _progress_filtered(request, queryset, "internalcontrol.view", "plan__unit", "plan__year")


def _progress_page(request, filtered, template: str):
    form, rows, now = filtered(request)
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        template,
        {"form": form, "page_obj": page, "query": list_query(request), "today": now},
        status=422 if form.errors else 200,
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


ROUND_HEADERS = ["Kontrollpunkt", "Enhet", "Plan", "Metod", "Ansvarig", "Klart senast", "Status", "Genomförd", "Slutsats"]
ACTIVITY_HEADERS = [
    "Vad kontrolleras",
    "Risk som kontrollen svarar mot",
    "Riskvärde",
    "Enhet",
    "Plan",
    "Vem kontrollerar",
    "Klart senast",
    "Status",
    "Genomförd",
    "Slutsats",
    "Resultat",
]


@login_required
def round_export(request, fmt: str):
    if fmt not in FORMATS:
        raise Http404
    form, rounds, now = _filtered_rounds(request)
    if form.errors:
        return redirect(reverse("risks:rounds") + "?" + request.GET.urlencode())
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
        for r in rounds
    ]
    log_export(request, _("genomföranden av egenkontroll"), len(rows))
    return table_response(fmt, f"egenkontroller-{now:%Y-%m-%d}", ROUND_HEADERS, rows, title=_("Egenkontroller"))


@login_required
def activity_export(request, fmt: str):
    if fmt not in FORMATS:
        raise Http404
    form, activities, now = _filtered_activities(request)
    if form.errors:
        return redirect(reverse("risks:activities") + "?" + request.GET.urlencode())
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
        for a in activities
    ]
    log_export(request, _("kontrollaktiviteter"), len(rows))
    return table_response(fmt, f"kontrollaktiviteter-{now:%Y-%m-%d}", ACTIVITY_HEADERS, rows, title=_("Kontrollaktiviteter"))
