"""Risk analyses: list, start (also from the yearly task), the analysis page with its heat maps, risks and decisions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lots import access
from lots.core.editing import edit_form, without_version
from lots.lib.pdf import pdf_response, render_pdf
from lots.lib.spreadsheets import FORMATS, table_response
from lots.risks import access as risk_access
from lots.risks import heatmap
from lots.risks.forms.analysis import AnalysisForm, ReportedForm, RiskForm, TreatmentForm, processes_for
from lots.risks.lists import RISK_ANALYSES
from lots.risks.models import QUESTION_FIELDS, RiskAnalysis, RiskScale
from lots.risks.queries import approvers_for, improvement_url, improvements_by_source, units_for
from lots.risks.services import analysis as services
from lots.risks.views.common import action_view, list_query, log_export, today


def scales_for(municipality_ids) -> dict[int, RiskScale]:
    """The scale of each municipality (unsaved defaults where none is configured), in one query."""
    ids = set(municipality_ids)
    found = {s.municipality_id: s for s in RiskScale.objects.filter(municipality_id__in=ids)}
    return {m: found.get(m) or RiskScale(municipality_id=m) for m in ids}


def _filtered_analyses(request):
    """The analysis list as the person sees it with the filters in the request; 404 without ``risk.view``."""
    if not access.has_perm_anywhere(request.user, "risk.view"):
        raise Http404
    return RISK_ANALYSES.bind(request.user, request.GET)


def _with_top_levels(analyses) -> list[RiskAnalysis]:
    """The analyses, each with ``top_level``: the level of its highest risk value on its municipality's scale (None
    without risks). One query for the scales."""
    analyses = list(analyses)
    scales = scales_for(a.unit.municipality_id for a in analyses)
    for analysis in analyses:
        scale = scales[analysis.unit.municipality_id]
        analysis.top_level = scale.level_for_value(analysis.top_value) if analysis.top_value else None
    return analyses


@login_required
def analysis_list(request):
    filtered = _filtered_analyses(request)
    page = filtered.page(request.GET.get("page"))
    _with_top_levels(page)
    return render(
        request,
        "risks/analysis_list.html",
        {
            "form": filtered.form,
            "page_obj": page,
            "query": list_query(request),
            "can_create": access.has_perm_anywhere(request.user, "risk.change"),
        },
        status=filtered.status,
    )


@login_required
def analysis_export(request, fmt: str):
    """The analysis list as Excel or CSV: every analysis the list shows the person with the same filters (not one
    page), in its order, audited; a filter error sends the person to the list. The risk level is the highest risk's
    on the analysis's municipality's scale."""
    if fmt not in FORMATS:
        raise Http404
    filtered = _filtered_analyses(request)
    if not filtered.is_valid:
        return redirect(reverse("risks:analyses") + "?" + request.GET.urlencode())
    headers = [
        _("Riskanalys"),
        _("Enhet"),
        _("Process"),
        _("Anledning"),
        _("Beskrivning av anledningen"),
        _("Datum"),
        _("Deltagare"),
        _("Status"),
        _("Klarmarkerad"),
        _("Antal risker"),
        _("Risker utan beslut om hantering"),
        _("Högsta riskvärde"),
        _("Högsta risknivå"),
        _("Högsta kvarvarande riskvärde"),
        _("Redovisad för nämnden"),
    ]
    rows = [
        [
            a.title,
            a.unit.name,
            a.process.name if a.process else None,
            a.get_trigger_display(),
            a.trigger_note,
            a.performed_on,
            a.participants,
            a.get_status_display(),
            timezone.localdate(a.completed_at) if a.completed_at else None,
            a.risk_count,
            a.undecided_count,
            a.top_value,
            a.top_level.name if a.top_level else None,
            a.top_residual,
            a.reported_to_board_on,
        ]
        for a in _with_top_levels(filtered.rows())
    ]
    log_export(request, _("riskanalyser"), len(rows))
    return table_response(fmt, f"riskanalyser-{today():%Y-%m-%d}", headers, rows, title=_("Riskanalyser"))


@login_required
def analysis_create(request):
    units = units_for(request.user, "risk.change")
    if not units.exists():
        raise Http404
    processes = processes_for({u.municipality_id for u in units})
    initial = {"performed_on": today()}
    unit_pk = request.GET.get("enhet", "")
    unit = units.filter(pk=unit_pk).first() if unit_pk.isdigit() else None
    if unit is not None:
        initial["unit"] = unit.pk
    if request.GET.get("arlig") == "1":
        year = today().year
        initial["trigger"] = RiskAnalysis.Trigger.YEARLY_CLIENT
        title = _("Årlig riskanalys med klientperspektiv %(year)s") % {"year": year}
        initial["title"] = title + (f" – {unit.name}" if unit else "")
        initial["participants"] = request.user.get_full_name() + (f", {request.user.title}" if request.user.title else "")
    form = AnalysisForm(request.POST or None, units=units, processes=processes, initial=initial)
    return edit_form(
        request,
        form,
        lambda data: services.analysis_create(actor=request.user, **data),
        template="risks/analysis_form.html",
        context={"analysis": None},
        success=_("Riskanalysen är skapad. Lägg till riskerna ni ser."),
        redirect_to=lambda analysis: reverse("risks:analysis", args=[analysis.pk]),
    )


@login_required
def analysis_edit(request, pk: int):
    analysis = risk_access.get_analysis(request.user, pk, write=True)
    units = units_for(request.user, "risk.change").filter(municipality=analysis.unit.municipality)
    processes = processes_for([analysis.unit.municipality_id])
    fields = ["unit", "process", "title", "trigger", "trigger_note", "performed_on", "participants", *QUESTION_FIELDS]
    initial = {name: getattr(analysis, name) for name in fields}
    form = AnalysisForm(request.POST or None, units=units, processes=processes, initial=initial)
    form.add_version_field(analysis.version)
    return edit_form(
        request,
        form,
        lambda data: services.analysis_update(
            actor=request.user, analysis=analysis, expected_version=data["version"], **without_version(data)
        ),
        template="risks/analysis_form.html",
        context={"analysis": analysis},
        success=_("Ändringarna är sparade."),
        redirect_to=reverse("risks:analysis", args=[analysis.pk]),
        record=analysis,
    )


def analysis_context(analysis: RiskAnalysis) -> dict:
    """What the analysis page and its PDF show: the scale, both heat maps and the risks with their actions."""
    scale = RiskScale.for_municipality(analysis.unit.municipality)
    risks = list(analysis.risks.select_related("process", "approver").order_by("number"))
    actions = improvements_by_source(risks)
    for risk in risks:
        risk.level = scale.level_for_value(risk.value)
        risk.residual_level = scale.level_for_value(risk.residual_value) if risk.has_residual else None
        risk.actions = [(a, improvement_url(a)) for a in actions.get(risk.pk, [])]
    return {
        "analysis": analysis,
        "scale": scale,
        "levels": scale.ordered_levels(),
        "risks": risks,
        "current_map": heatmap.build(scale, risks),
        "residual_map": heatmap.build(scale, risks, residual=True),
        "answers": analysis.answers(),
    }


@login_required
def analysis_detail(request, pk: int):
    analysis = risk_access.get_analysis(request.user, pk)
    can_edit = access.can(request.user, "risk.change", analysis.unit)
    context = analysis_context(analysis)
    context.update(
        {
            "can_edit": can_edit,
            "can_add": can_edit and not analysis.is_completed,
            "problems": services.completion_problems(analysis) if can_edit and not analysis.is_completed else [],
            "reported_form": ReportedForm(initial={"reported_on": today()}) if can_edit and analysis.is_completed else None,
        }
    )
    return render(request, "risks/analysis_detail.html", context)


@login_required
def analysis_complete(request, pk: int):
    analysis = risk_access.get_analysis(request.user, pk, write=True)
    if request.method != "POST":
        return redirect("risks:analysis", pk=analysis.pk)
    try:
        services.analysis_complete(actor=request.user, analysis=analysis)
    except ValidationError as error:
        messages.error(request, _("Analysen kan inte klarmarkeras än: ") + " ".join(error.messages))
    else:
        messages.success(request, _("Analysen är klarmarkerad. Ladda ner den som PDF till nämnden."))
    return redirect("risks:analysis", pk=analysis.pk)


@login_required
def analysis_reopen(request, pk: int):
    analysis = risk_access.get_analysis(request.user, pk, write=True)
    if request.method == "POST":
        try:
            services.analysis_reopen(actor=request.user, analysis=analysis)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Analysen är öppnad igen och kan ändras."))
    return redirect("risks:analysis", pk=analysis.pk)


@login_required
def analysis_reported(request, pk: int):
    analysis = risk_access.get_analysis(request.user, pk, write=True)
    form = ReportedForm(request.POST or None)
    return edit_form(
        request,
        form,
        lambda data: services.analysis_mark_reported(actor=request.user, analysis=analysis, reported_on=data["reported_on"]),
        template="risks/analysis_reported.html",
        context={"analysis": analysis},
        success=_("Redovisningen för nämnden är registrerad."),
        redirect_to=reverse("risks:analysis", args=[analysis.pk]),
    )


@login_required
def analysis_pdf(request, pk: int):
    analysis = risk_access.get_analysis(request.user, pk)
    context = analysis_context(analysis)
    context["today"] = today()
    pdf = render_pdf("risks/pdf/analysis.html", context)
    return pdf_response(pdf, f"riskanalys-{analysis.pk}-{analysis.performed_on:%Y-%m-%d}.pdf")


# Risks.


def _step_initial(request, scale) -> dict:
    initial = {}
    for key, field in (("s", "severity"), ("p", "probability")):
        value = request.GET.get(key, "")
        if value.isdigit() and 1 <= int(value) <= scale.size:
            initial[field] = int(value)
    return initial


@login_required
def risk_create(request, pk: int):
    analysis = risk_access.get_analysis(request.user, pk, write=True)
    if analysis.is_completed:
        messages.error(request, services.LOCKED_MESSAGE)
        return redirect("risks:analysis", pk=analysis.pk)
    scale = RiskScale.for_municipality(analysis.unit.municipality)
    form = RiskForm(
        request.POST or None,
        scale=scale,
        processes=processes_for([analysis.unit.municipality_id]),
        initial={"process": analysis.process_id, **_step_initial(request, scale)},
    )
    return edit_form(
        request,
        form,
        lambda data: services.risk_create(actor=request.user, analysis=analysis, **data),
        template="risks/risk_form.html",
        context={"analysis": analysis, "risk": None, "scale": scale},
        success=lambda risk: _("%(label)s är tillagd i matrisen.") % {"label": risk.label},
        redirect_to=reverse("risks:risk_create", args=[analysis.pk])
        if "another" in request.POST
        else reverse("risks:analysis", args=[analysis.pk]) + "#risker",
    )


@login_required
def risk_detail(request, pk: int):
    risk = risk_access.get_risk(request.user, pk)
    analysis = risk.analysis
    scale = RiskScale.for_municipality(analysis.unit.municipality)
    can_edit = access.can(request.user, "risk.change", analysis.unit) and not analysis.is_completed
    actions = [(a, improvement_url(a)) for a in improvements_by_source([risk]).get(risk.pk, [])]
    return render(
        request,
        "risks/risk_detail.html",
        {
            "risk": risk,
            "analysis": analysis,
            "scale": scale,
            "actions": actions,
            "can_edit": can_edit,
            "level": scale.level_for_value(risk.value),
            "residual_level": scale.level_for_value(risk.residual_value) if risk.has_residual else None,
            "can_approve": risk.awaits_approval
            and risk.approver_id == request.user.pk
            and access.can(request.user, "risk.approve", analysis.unit)
            and not analysis.is_completed,
            "activities": list(risk.control_activities.select_related("plan__unit")),
            "severity_label": scale.severity_label(risk.severity).lower(),
            "probability_label": scale.probability_label(risk.probability).lower(),
            "residual_severity_label": scale.severity_label(risk.residual_severity).lower() if risk.has_residual else "",
            "residual_probability_label": scale.probability_label(risk.residual_probability).lower() if risk.has_residual else "",
        },
    )


@login_required
def risk_edit(request, pk: int):
    risk = risk_access.get_risk(request.user, pk, write=True)
    analysis = risk.analysis
    scale = RiskScale.for_municipality(analysis.unit.municipality)
    fields = [
        "description",
        "client_consequence",
        "process",
        "severity",
        "probability",
        "residual_severity",
        "residual_probability",
    ]
    form = RiskForm(
        request.POST or None,
        scale=scale,
        processes=processes_for([analysis.unit.municipality_id]),
        initial={f: getattr(risk, f) for f in fields},
    )
    form.add_version_field(risk.version)
    return edit_form(
        request,
        form,
        lambda data: services.risk_update(
            actor=request.user, risk=risk, expected_version=data["version"], **without_version(data)
        ),
        template="risks/risk_form.html",
        context={"analysis": analysis, "risk": risk, "scale": scale},
        success=_("Bedömningen är sparad."),
        redirect_to=reverse("risks:risk", args=[risk.pk]),
        record=risk,
    )


@login_required
def risk_treatment(request, pk: int):
    risk = risk_access.get_risk(request.user, pk, write=True)
    analysis = risk.analysis
    form = TreatmentForm(
        request.POST or None,
        approvers=approvers_for(analysis.unit),
        initial={"treatment": risk.treatment, "justification": risk.treatment_justification, "approver": risk.approver_id},
    )
    form.add_version_field(risk.version)
    return edit_form(
        request,
        form,
        lambda data: services.risk_decide(
            actor=request.user,
            risk=risk,
            expected_version=data["version"],
            treatment=data["treatment"],
            justification=data["justification"],
            approver=data["approver"],
        ),
        template="risks/risk_treatment.html",
        context={"risk": risk, "analysis": analysis},
        success=_("Beslutet om hantering är sparat."),
        redirect_to=reverse("risks:risk", args=[risk.pk]),
        record=risk,
    )


@login_required
def risk_approve(request, pk: int):
    risk = risk_access.get_risk(request.user, pk)
    if request.method != "POST":
        return redirect("risks:risk", pk=risk.pk)
    try:
        services.risk_approve(actor=request.user, risk=risk)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Du har godkänt att risken accepteras."))
    return redirect("risks:risk", pk=risk.pk)


@login_required
def risk_delete(request, pk: int):
    risk = risk_access.get_risk(request.user, pk, write=True)
    analysis = risk.analysis
    if request.method != "POST":
        return redirect("risks:risk", pk=risk.pk)
    try:
        services.risk_delete(actor=request.user, risk=risk)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("risks:risk", pk=risk.pk)
    messages.success(request, _("Risken är borttagen."))
    return redirect("risks:analysis", pk=analysis.pk)


@login_required
def risk_action(request, pk: int):
    risk = risk_access.get_risk(request.user, pk, write=True)
    analysis = risk.analysis
    if analysis.is_completed:
        raise PermissionDenied
    scale = RiskScale.for_municipality(analysis.unit.municipality)
    level = scale.level_for_value(risk.value)
    return action_view(
        request,
        source=risk,
        unit=analysis.unit,
        back_url=reverse("risks:risk", args=[risk.pk]),
        heading=_("Ny åtgärd för %(label)s") % {"label": risk.label},
        context={"risk": risk, "analysis": analysis, "level": level},
        initial_due=risk.default_action_due(scale, today()),
        create=lambda **kw: services.risk_action_create(risk=risk, **kw),
    )
