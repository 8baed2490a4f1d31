"""Pages of the rounds module: the lists with their exports, a round with its checklist, findings and action plan,
the department's plan and its decision, the yearly follow-up and the checklist templates."""

import datetime

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from lots import access
from lots.audit import services as audit
from lots.core.editing import edit_form, without_version
from lots.core.pagination import list_query
from lots.lib.pdf import pdf_response, render_pdf
from lots.lib.spreadsheets import FORMATS, table_response
from lots.organisation.models import Municipality, Unit
from lots.risks.models import RiskScale
from lots.rounds import access as rounds_access
from lots.rounds import services
from lots.rounds.forms import (
    ActionForm,
    ChecklistForm,
    DecideForm,
    FindingForm,
    FollowUpForm,
    ImprovementForm,
    RoundForm,
    TemplateForm,
    UnitChoiceForm,
)
from lots.rounds.lists import ACTIONS, FINDINGS, ROUNDS
from lots.rounds.models import Action, ChecklistTemplate, DepartmentPlan, Kind, YearlyFollowUp
from lots.rounds.queries import FOLLOWUP_KINDS, department_of, people_for, plan_actions, plan_items_for, year_figures

GET_POST = require_http_methods(["GET", "HEAD", "POST"])
GET = require_http_methods(["GET", "HEAD"])


def _today() -> datetime.date:
    return timezone.localdate()


def _reader(request) -> None:
    if not access.has_perm_anywhere(request.user, rounds_access.VIEW):
        raise Http404


def with_levels(findings) -> list:
    """The findings, each with ``level`` on its municipality's scale (one query for the scales)."""
    findings = list(findings)
    ids = {f.round.unit.municipality_id for f in findings}
    found = {s.municipality_id: s for s in RiskScale.objects.filter(municipality_id__in=ids)}
    for finding in findings:
        m = finding.round.unit.municipality_id
        finding.level = (found.get(m) or RiskScale(municipality_id=m)).level_for_value(finding.value)
    return findings


def _log_export(request, what: str, count: int) -> None:
    audit.record_export(actor=request.user, what=what, count=count, query=request.GET.urlencode())


def _list_page(request, definition, template: str, *, levels: bool = False):
    _reader(request)
    filtered = definition.bind(request.user, request.GET)
    page = filtered.page(request.GET.get("page"))
    if levels:
        page.object_list = with_levels(page.object_list)
    context = {"form": filtered.form, "page_obj": page, "query": list_query(request), "today": _today()}
    context["can_create"] = access.has_perm_anywhere(request.user, rounds_access.CHANGE)
    context["can_templates"] = bool(rounds_access.template_municipalities(request.user))
    return render(request, template, context, status=filtered.status)


def _export_rows(request, definition, fmt: str, redirect_name: str):
    if fmt not in FORMATS:
        raise Http404
    _reader(request)
    filtered = definition.bind(request.user, request.GET)
    if not filtered.is_valid:
        return None, redirect(reverse(redirect_name) + "?" + request.GET.urlencode())
    return filtered.rows(), None


# Lists.


@GET
@login_required
def index(request):
    return _list_page(request, ROUNDS, "rounds/round_list.html")


def round_headers() -> list[str]:
    return [
        "Id",
        _("Typ"),
        _("Datum"),
        _("Enhet"),
        _("Skyddsombud"),
        _("Iakttagelser"),
        _("Öppna iakttagelser"),
    ]


@GET
@login_required
def export(request, fmt: str):
    rows, response = _export_rows(request, ROUNDS, fmt, "rounds:index")
    if response:
        return response
    table = [
        [r.pk, r.get_kind_display(), r.held_on, r.unit.name, r.safety_rep_display, r.finding_count, r.open_count] for r in rows
    ]
    _log_export(request, _("ronder"), len(table))
    return table_response(fmt, f"ronder-{_today():%Y-%m-%d}", round_headers(), table, title=_("Ronder"))


@GET
@login_required
def finding_list(request):
    return _list_page(request, FINDINGS, "rounds/finding_list.html", levels=True)


def finding_headers() -> list[str]:
    return [
        "Id",
        _("Iakttagelse"),
        _("Rond"),
        _("Datum"),
        _("Enhet"),
        _("Konsekvens"),
        _("Sannolikhet"),
        _("Riskvärde"),
        _("Risknivå"),
        _("Åtgärder"),
        _("Avslutad"),
        _("Förbättringsåtgärd"),
    ]


@GET
@login_required
def finding_export(request, fmt: str):
    rows, response = _export_rows(request, FINDINGS, fmt, "rounds:findings")
    if response:
        return response
    table = [
        [
            f.pk,
            f.description,
            f.round.get_kind_display(),
            f.round.held_on,
            f.round.unit.name,
            f.severity,
            f.probability,
            f.value,
            f.level.name,
            f.action_count,
            f.closed_on,
            f.improvement_id,
        ]
        for f in with_levels(rows)
    ]
    _log_export(request, _("iakttagelser från ronder"), len(table))
    return table_response(fmt, f"iakttagelser-{_today():%Y-%m-%d}", finding_headers(), table, title=_("Iakttagelser"))


@GET
@login_required
def action_list(request):
    return _list_page(request, ACTIONS, "rounds/action_list.html")


def action_headers() -> list[str]:
    return [
        "Id",
        _("Åtgärd"),
        _("Ansvarig"),
        _("Klart senast"),
        _("Status"),
        _("Klar"),
        _("Enhet"),
        _("Rond"),
        _("Iakttagelse"),
    ]


@GET
@login_required
def action_export(request, fmt: str):
    rows, response = _export_rows(request, ACTIONS, fmt, "rounds:actions")
    if response:
        return response
    table = [
        [
            a.pk,
            a.what,
            a.owner.get_full_name() or a.owner.username,
            a.due_date,
            a.get_status_display(),
            a.done_on,
            a.finding.round.unit.name,
            f"{a.finding.round.get_kind_display()} {a.finding.round.held_on:%Y-%m-%d}",
            a.finding_id,
        ]
        for a in rows
    ]
    _log_export(request, _("åtgärder från ronder"), len(table))
    return table_response(fmt, f"atgarder-ronder-{_today():%Y-%m-%d}", action_headers(), table, title=_("Åtgärder"))


# A round.


@GET_POST
@login_required
def round_create(request):
    """Step one chooses the unit and kind (a GET form); step two, with ``unit`` and ``kind``, holds the round."""
    units = rounds_access.units_for(request.user, rounds_access.CHANGE)
    if not units.exists():
        raise Http404
    data = request.POST if request.method == "POST" else request.GET
    chooser = UnitChoiceForm(data if "unit" in data else None, units=units)
    if not chooser.is_bound or not chooser.is_valid():
        return render(request, "rounds/round_choose.html", {"form": chooser}, status=422 if chooser.is_bound else 200)
    unit, kind = chooser.cleaned_data["unit"], chooser.cleaned_data["kind"]
    form = RoundForm(request.POST if request.method == "POST" else None, people=people_for(unit), initial={"held_on": _today()})
    return edit_form(
        request,
        form,
        lambda d: services.round_create(actor=request.user, unit=unit, kind=kind, **without_version(d)),
        template="rounds/round_form.html",
        context={"unit": unit, "kind": kind, "kind_label": Kind(kind).label, "creating": True},
        success=_("Ronden är sparad. Fyll i checklistan."),
        redirect_to=lambda rnd: reverse("rounds:checklist", args=[rnd.pk]),
    )


@GET
@login_required
def round_detail(request, pk: int):
    rnd = rounds_access.get_round(request.user, pk)
    findings = with_levels(
        rnd.findings.select_related("item", "improvement", "round__unit")
        .prefetch_related(Prefetch("actions", queryset=Action.objects.select_related("owner").order_by("due_date", "pk")))
        .order_by("-value", "pk")
    )
    for finding in findings:
        finding.round = rnd
    items = list(rnd.items.all())
    sections: dict[str, list] = {}
    for item in items:
        sections.setdefault(item.get_section_display(), []).append(item)
    department = department_of(rnd.unit)
    with_finding = {f.item_id for f in findings}
    context = {
        "unfollowed": [i for i in items if i.answer == "brist" and i.pk not in with_finding],
        "round": rnd,
        "participants": list(rnd.participants.order_by("first_name", "last_name", "pk")),
        "sections": list(sections.items()),
        "answered": sum(1 for i in items if i.answer),
        "item_count": len(items),
        "findings": findings,
        "can_edit": rounds_access.can_change(request.user, rnd.unit),
        "department": department if department and access.can(request.user, rounds_access.VIEW, department) else None,
        "can_read_improvements": access.can(request.user, "improvement.view", rnd.unit),
        "today": _today(),
    }
    return render(request, "rounds/round_detail.html", context)


@GET_POST
@login_required
def round_edit(request, pk: int):
    rnd = rounds_access.get_round(request.user, pk, write=True)
    initial = {
        "held_on": rnd.held_on,
        "participants": list(rnd.participants.all()),
        "safety_rep": rnd.safety_rep,
        "safety_rep_name": rnd.safety_rep_name,
        "note": rnd.note,
    }
    form = RoundForm(request.POST or None, people=people_for(rnd.unit), initial=initial, version=rnd.version)
    return edit_form(
        request,
        form,
        lambda d: services.round_update(actor=request.user, round=rnd, expected_version=d["version"], **without_version(d)),
        template="rounds/round_form.html",
        context={"round": rnd, "unit": rnd.unit, "kind_label": rnd.get_kind_display()},
        success=_("Ronden är sparad."),
        redirect_to=lambda _r: reverse("rounds:detail", args=[rnd.pk]),
        record=rnd,
    )


@GET_POST
@login_required
def round_checklist(request, pk: int):
    rnd = rounds_access.get_round(request.user, pk, write=True)
    form = ChecklistForm(request.POST or None, items=rnd.items.all(), version=rnd.version)
    return edit_form(
        request,
        form,
        lambda d: services.round_answer(actor=request.user, round=rnd, answers=form.answers(), expected_version=d["version"]),
        template="rounds/checklist_form.html",
        context={"round": rnd},
        success=_("Checklistan är sparad."),
        redirect_to=lambda _r: reverse("rounds:detail", args=[rnd.pk]),
        record=rnd,
    )


# Findings and actions.


def _finding_form(request, rnd, *, finding=None):
    scale = RiskScale.for_municipality(rnd.unit.municipality)
    initial = {"item": request.GET.get("punkt", "")}
    if finding is not None:
        initial = {
            "description": finding.description,
            "item": str(finding.item_id or ""),
            "severity": finding.severity,
            "probability": finding.probability,
            "closed_on": finding.closed_on,
        }
    return FindingForm(
        request.POST or None,
        scale=scale,
        items=rnd.items.all(),
        closing=finding is not None,
        initial=initial,
        version=finding.version if finding is not None else None,
    ), scale


@GET_POST
@login_required
def finding_create(request, pk: int):
    rnd = rounds_access.get_round(request.user, pk, write=True)
    form, scale = _finding_form(request, rnd)
    return edit_form(
        request,
        form,
        lambda d: services.finding_create(actor=request.user, round=rnd, **d),
        template="rounds/finding_form.html",
        context={"round": rnd, "scale": scale},
        success=_("Iakttagelsen är sparad."),
        redirect_to=lambda f: reverse("rounds:detail", args=[rnd.pk]) + f"#iakttagelse-{f.pk}",
    )


@GET_POST
@login_required
def finding_edit(request, pk: int):
    finding = rounds_access.get_finding(request.user, pk, write=True)
    rnd = finding.round
    form, scale = _finding_form(request, rnd, finding=finding)
    return edit_form(
        request,
        form,
        lambda d: services.finding_update(
            actor=request.user, finding=finding, expected_version=d["version"], **without_version(d)
        ),
        template="rounds/finding_form.html",
        context={"round": rnd, "scale": scale, "finding": finding},
        success=_("Iakttagelsen är sparad."),
        redirect_to=lambda f: reverse("rounds:detail", args=[rnd.pk]) + f"#iakttagelse-{f.pk}",
        record=finding,
    )


@GET_POST
@login_required
def finding_improvement(request, pk: int):
    finding = rounds_access.get_finding(request.user, pk, write=True)
    rnd = finding.round
    if finding.improvement_id is not None:
        return redirect(reverse("rounds:detail", args=[rnd.pk]) + f"#iakttagelse-{finding.pk}")
    title = " ".join(finding.description.split())[:200]
    form = ImprovementForm(
        request.POST or None,
        people=people_for(rnd.unit),
        initial={"title": title, "owner": request.user.pk, "description": finding.description},
    )
    return edit_form(
        request,
        form,
        lambda d: services.finding_to_improvement(actor=request.user, finding=finding, **d),
        template="rounds/improvement_form.html",
        context={"round": rnd, "finding": finding},
        success=lambda a: _("Förbättringsåtgärden ”%(title)s” är skapad.") % {"title": a.title},
        redirect_to=reverse("rounds:detail", args=[rnd.pk]) + f"#iakttagelse-{finding.pk}",
    )


@GET_POST
@login_required
def action_create(request, pk: int):
    finding = rounds_access.get_finding(request.user, pk, write=True)
    rnd = finding.round
    form = ActionForm(request.POST or None, people=people_for(rnd.unit), initial={"owner": request.user.pk})
    return edit_form(
        request,
        form,
        lambda d: services.action_create(actor=request.user, finding=finding, **d),
        template="rounds/action_form.html",
        context={"round": rnd, "finding": finding},
        success=_("Åtgärden är sparad."),
        redirect_to=reverse("rounds:detail", args=[rnd.pk]) + f"#iakttagelse-{finding.pk}",
    )


@GET_POST
@login_required
def action_edit(request, pk: int):
    action = rounds_access.get_action(request.user, pk, write=True)
    finding = action.finding
    rnd = finding.round
    initial = {
        "what": action.what,
        "owner": action.owner,
        "due_date": action.due_date,
        "status": action.status,
        "done_on": action.done_on,
    }
    form = ActionForm(request.POST or None, people=people_for(rnd.unit), editing=True, initial=initial, version=action.version)
    return edit_form(
        request,
        form,
        lambda d: services.action_update(actor=request.user, action=action, expected_version=d["version"], **without_version(d)),
        template="rounds/action_form.html",
        context={"round": rnd, "finding": finding, "action": action},
        success=_("Åtgärden är sparad."),
        redirect_to=reverse("rounds:detail", args=[rnd.pk]) + f"#iakttagelse-{finding.pk}",
        record=action,
    )


# The department's plan.


def _year(request) -> int:
    try:
        year = int(request.GET.get("ar", ""))
    except ValueError:
        return _today().year
    return year if 2000 <= year <= 2100 else _today().year


def _visible_plan_actions(user, department: Unit, year: int):
    """The department plan's actions the person may see: a plan shows no round the person could not open."""
    return plan_actions(department, year).filter(pk__in=rounds_access.actions_visible(user).values("pk"))


@GET
@login_required
def plans(request):
    """The departments the person reads rounds on, with the year's plan and whether it is decided."""
    _reader(request)
    year = _year(request)
    departments = list(rounds_access.units_for(request.user).filter(kind=Unit.Kind.AVDELNING).order_by("path"))
    decided = {p.unit_id: p for p in DepartmentPlan.objects.filter(unit__in=departments, year=year).select_related("decided_by")}
    rows = [
        {
            "unit": d,
            "plan": decided.get(d.pk),
            "actions": _visible_plan_actions(request.user, d, year).count(),
            "can_decide": rounds_access.can_decide(request.user, d),
        }
        for d in departments
    ]
    return render(
        request, "rounds/plan_list.html", {"rows": rows, "year": year, "years": range(_today().year, _today().year - 6, -1)}
    )


@GET_POST
@login_required
def plan_detail(request, unit_id: int, year: int):
    department = rounds_access.get_unit(request.user, unit_id)
    if department.kind != Unit.Kind.AVDELNING or not 2000 <= year <= 2100:
        raise Http404
    plan = DepartmentPlan.objects.filter(unit=department, year=year).select_related("decided_by").first()
    can_decide = rounds_access.can_decide(request.user, department)
    if request.method == "POST" and not can_decide:
        raise PermissionDenied
    actions = list(
        _visible_plan_actions(request.user, department, year)
        .select_related("owner", "finding__round__unit")
        .order_by("finding__round__unit__path", "due_date", "pk")
    )
    form = DecideForm(
        request.POST or None,
        initial={"decided_on": _today(), "decision_note": plan.decision_note if plan else ""},
        version=plan.version if plan else 1,
    )
    return edit_form(
        request,
        form,
        lambda d: services.plan_decide(
            actor=request.user, department=department, year=year, expected_version=d["version"], **without_version(d)
        ),
        template="rounds/plan_detail.html",
        context={
            "department": department,
            "year": year,
            "plan": plan,
            "actions": actions,
            "can_decide": can_decide,
            "today": _today(),
        },
        success=_("Handlingsplanen är beslutad."),
        redirect_to=reverse("rounds:plan", args=[department.pk, year]),
        record=lambda: DepartmentPlan.objects.filter(unit=department, year=year).first(),
    )


@GET
@login_required
def plan_pdf(request, unit_id: int, year: int):
    """The department's plan as a PDF, for the department head to sign on paper where that is still wanted."""
    department = rounds_access.get_unit(request.user, unit_id)
    if department.kind != Unit.Kind.AVDELNING or not 2000 <= year <= 2100:
        raise Http404
    actions = (
        _visible_plan_actions(request.user, department, year)
        .select_related("owner", "finding__round__unit")
        .order_by("finding__round__unit__path", "due_date", "pk")
    )
    context = {
        "department": department,
        "year": year,
        "plan": DepartmentPlan.objects.filter(unit=department, year=year).select_related("decided_by").first(),
        "actions": list(actions),
        "today": _today(),
    }
    pdf = render_pdf("rounds/plan_pdf.html", context)
    return pdf_response(pdf, f"handlingsplan-{year}-{department.code}.pdf")


# The yearly follow-up.


@GET
@login_required
def followups(request):
    """Each unit the person reads rounds on, with the year's follow-up of the work-environment work."""
    _reader(request)
    year = _year(request)
    units = list(rounds_access.units_for(request.user).filter(kind__in=FOLLOWUP_KINDS).order_by("path"))
    done = {f.unit_id: f for f in YearlyFollowUp.objects.filter(unit__in=units, year=year)}
    rows = [{"unit": u, "followup": done.get(u.pk), "can_edit": rounds_access.can_change(request.user, u)} for u in units]
    return render(
        request, "rounds/followup_list.html", {"rows": rows, "year": year, "years": range(_today().year, _today().year - 6, -1)}
    )


@GET_POST
@login_required
def followup_edit(request, unit_id: int, year: int):
    if not 2000 <= year <= 2100:
        raise Http404
    unit = rounds_access.get_unit(request.user, unit_id)
    followup = YearlyFollowUp.objects.filter(unit=unit, year=year).select_related("plan_item__plan__unit").first()
    can_edit = rounds_access.can_change(request.user, unit)
    if request.method == "POST" and not can_edit:
        raise PermissionDenied
    initial = {"followed_up_on": _today()}
    if followup is not None:
        initial = {
            "done": followup.done,
            "what_worked": followup.what_worked,
            "what_to_change": followup.what_to_change,
            "plan_item": str(followup.plan_item_id or ""),
            "followed_up_on": followup.followed_up_on,
        }
    plan_items = list(plan_items_for(unit, year))
    form = FollowUpForm(request.POST or None, plan_items=plan_items, initial=initial, version=followup.version if followup else 1)
    return edit_form(
        request,
        form,
        lambda d: services.followup_save(
            actor=request.user, unit=unit, year=year, expected_version=d["version"], **without_version(d)
        ),
        template="rounds/followup_form.html",
        context={
            "can_read_plan": bool(followup and followup.plan_item)
            and access.can_read_governing(request.user, "followupplan.view", followup.plan_item.plan.unit),
            "unit": unit,
            "year": year,
            "followup": followup,
            "figures": year_figures(unit, year),
            "can_edit": can_edit,
            "plan_items": plan_items,
        },
        success=_("Uppföljningen är sparad."),
        redirect_to=reverse("rounds:followups") + f"?ar={year}",
        record=lambda: YearlyFollowUp.objects.filter(unit=unit, year=year).first(),
    )


# Checklist templates.


@GET
@login_required
def templates(request):
    municipalities = rounds_access.template_municipalities(request.user)
    if not municipalities:
        raise Http404
    rows = [(m, [(k, ChecklistTemplate.for_municipality(m, k.value)) for k in Kind]) for m in municipalities]
    return render(request, "rounds/template_list.html", {"rows": rows})


@GET_POST
@login_required
def template_edit(request, municipality_id: int, kind: str):
    allowed = {m.pk: m for m in rounds_access.template_municipalities(request.user)}
    if municipality_id not in allowed or kind not in Kind.values:
        raise Http404
    municipality: Municipality = allowed[municipality_id]
    template = ChecklistTemplate.for_municipality(municipality, kind)
    form = TemplateForm(request.POST or None, kind=kind, template=template, version=template.version)
    return edit_form(
        request,
        form,
        lambda d: services.template_save(
            actor=request.user, municipality=municipality, kind=kind, items=form.items(), expected_version=d["version"]
        ),
        template="rounds/template_form.html",
        context={"municipality": municipality, "kind_label": Kind(kind).label, "template": template},
        success=_("Checklistan är sparad. Ronder som redan är skapade behåller sin checklista."),
        redirect_to=reverse("rounds:templates"),
        record=lambda: ChecklistTemplate.objects.filter(municipality=municipality, kind=kind).first(),
    )
