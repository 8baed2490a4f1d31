"""Internal control: the board's plan of control activities and their results."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from lots import access
from lots.core.editing import edit_form
from lots.lib.pdf import pdf_response, render_pdf
from lots.lib.spreadsheets import FORMATS, table_response
from lots.risks import access as risk_access
from lots.risks.forms.common import year_choices
from lots.risks.forms.control import ControlActivityForm, ControlResultForm, InternalControlPlanForm
from lots.risks.lists import INTERNAL_CONTROL_PLANS
from lots.risks.models import ControlActivity, InternalControlPlan, Risk, RiskScale
from lots.risks.queries import improvement_url, improvements_by_source, people_near, units_for
from lots.risks.services import control as services
from lots.risks.views import plans as plan_pages
from lots.risks.views.common import action_view, list_query, log_export, people_named, today
from lots.risks.views.inspection import plans_of_year

# Internal control.


@login_required
def internal_control_list(request):
    filtered = plans_of_year(request, INTERNAL_CONTROL_PLANS, "internalcontrol.view")
    page = filtered.page(request.GET.get("page"))
    unfinished = list(
        access.scope(ControlActivity.objects.unfinished(), request.user, "internalcontrol.view", field="plan__unit")
        .select_related("plan__unit", "responsible")
        .order_by("due_date", "pk")[:50]
    )
    return render(
        request,
        "risks/internal_control_list.html",
        {
            "form": filtered.form,
            "plans": page,
            "page_obj": page,
            "unfinished": unfinished,
            "today": today(),
            "year": filtered.form.cleaned_data.get("year") if filtered.is_valid else None,
            "query": list_query(request),
            "can_create": access.has_perm_anywhere(request.user, "internalcontrol.change"),
        },
        status=filtered.status,
    )


@login_required
def internal_control_export(request, fmt: str):
    """The internal-control plan list as Excel or CSV: every plan the list shows the person for the same year, in its
    order, with who carries out its activities, audited; a filter error sends the person to the list."""
    if fmt not in FORMATS:
        raise Http404
    filtered = plans_of_year(request, INTERNAL_CONTROL_PLANS, "internalcontrol.view")
    if not filtered.is_valid:
        return redirect(reverse("risks:internal_controls") + "?" + request.GET.urlencode())
    headers = [
        _("År"),
        _("Nämnd eller förvaltning"),
        _("Plan"),
        _("Beslutad av nämnden"),
        _("Vem kontrollerar"),
        _("Kontrollaktiviteter"),
        _("Genomförda"),
        _("Ej genomförda"),
        _("Försenade"),
        _("Genomförda med brister"),
        _("Nästa klart senast"),
        _("Kommentar"),
    ]
    rows = [
        [
            p.year,
            p.unit.name,
            str(p),
            p.adopted_on,
            people_named(a.responsible for a in p.activities.all()),
            p.total,
            p.done,
            p.total - p.done,
            p.overdue,
            p.with_remarks,
            p.next_due,
            p.note,
        ]
        for p in filtered.rows()
    ]
    log_export(request, _("internkontrollplaner"), len(rows))
    return table_response(fmt, f"internkontrollplaner-{today():%Y-%m-%d}", headers, rows, title=_("Internkontrollplaner"))


@login_required
def internal_control_create(request):
    units = units_for(request.user, "internalcontrol.change")
    if not units.exists():
        raise Http404
    form = InternalControlPlanForm(
        request.POST or None, units=units, years=year_choices(today(), back=0, ahead=1), initial={"year": today().year}
    )
    return plan_pages.plan_create(
        request,
        plan_pages.INTERNAL_CONTROL,
        form,
        lambda data: services.internal_control_plan_create(
            actor=request.user, unit=data["unit"], year=data["year"], adopted_on=data["adopted_on"], note=data["note"]
        ),
    )


@login_required
def internal_control_edit(request, pk: int):
    plan = risk_access.get_internal_control_plan(request.user, pk, write=True)
    form = InternalControlPlanForm(request.POST or None, initial={"adopted_on": plan.adopted_on, "note": plan.note})
    return plan_pages.plan_edit(
        request,
        plan_pages.INTERNAL_CONTROL,
        plan,
        form,
        lambda data: services.internal_control_plan_update(
            actor=request.user, plan=plan, expected_version=data["version"], adopted_on=data["adopted_on"], note=data["note"]
        ),
    )


def internal_control_context(plan: InternalControlPlan) -> dict:
    scale = RiskScale.for_municipality(plan.unit.municipality)
    activities = list(plan.activities.select_related("responsible", "risk__analysis").order_by("due_date", "pk"))
    actions = improvements_by_source(activities)
    for number, activity in enumerate(activities, start=1):
        activity.number = number
        activity.level = scale.level_for_value(activity.value)
        activity.actions = [(a, improvement_url(a)) for a in actions.get(activity.pk, [])]
    done = sum(1 for a in activities if a.is_done)
    return {
        "plan": plan,
        "scale": scale,
        "activities": activities,
        "done": done,
        "total": len(activities),
        "unfinished": [a for a in activities if not a.is_done],
        "today": today(),
    }


@login_required
def internal_control_detail(request, pk: int):
    plan = risk_access.get_internal_control_plan(request.user, pk)
    context = internal_control_context(plan)
    context["can_edit"] = access.can(request.user, "internalcontrol.change", plan.unit)
    for activity in context["activities"]:
        activity.can_report = risk_access.can_report(request.user, activity)
    return render(request, "risks/internal_control_detail.html", context)


@login_required
def internal_control_pdf(request, pk: int):
    plan = risk_access.get_internal_control_plan(request.user, pk)
    pdf = render_pdf("risks/pdf/internal_control.html", internal_control_context(plan))
    return pdf_response(pdf, f"internkontrollplan-{plan.unit.code}-{plan.year}.pdf")


def _risks_for(plan: InternalControlPlan, user):
    """Risks from analyses in the plan's part of the organisation, from the last two years, highest value first."""
    return (
        access.scope(Risk.objects.all(), user, "risk.view", field="analysis__unit")
        .filter(analysis__unit__path__startswith=plan.unit.path, analysis__performed_on__year__gte=plan.year - 1)
        .select_related("analysis")
        .order_by("-value", "analysis__title", "number")
    )


def _activity_form(request, plan, activity=None):
    initial = {}
    if activity is not None:
        initial = {f: getattr(activity, f) for f in services.ACTIVITY_FIELDS}
        initial["risk"], initial["responsible"] = activity.risk_id, activity.responsible_id
    return ControlActivityForm(
        request.POST or None,
        scale=RiskScale.for_municipality(plan.unit.municipality),
        risks=_risks_for(plan, request.user),
        people=people_near(plan.unit),
        initial=initial,
    )


@login_required
def activity_create(request, pk: int):
    plan = risk_access.get_internal_control_plan(request.user, pk, write=True)
    form = _activity_form(request, plan)
    return edit_form(
        request,
        form,
        lambda data: services.control_activity_create(
            actor=request.user, plan=plan, **{f: data[f] for f in services.ACTIVITY_FIELDS}
        ),
        template="risks/activity_form.html",
        context={"plan": plan, "activity": None},
        success=_("Kontrollaktiviteten är tillagd."),
        redirect_to=reverse("risks:internal_control", args=[plan.pk]),
    )


@login_required
def activity_edit(request, pk: int):
    activity = risk_access.get_control_activity(request.user, pk, write=True)
    plan = activity.plan
    form = _activity_form(request, plan, activity)
    form.add_version_field(activity.version)
    return edit_form(
        request,
        form,
        lambda data: services.control_activity_update(
            actor=request.user,
            activity=activity,
            expected_version=data["version"],
            **{f: data[f] for f in services.ACTIVITY_FIELDS},
        ),
        template="risks/activity_form.html",
        context={"plan": plan, "activity": activity},
        success=_("Ändringarna är sparade."),
        redirect_to=reverse("risks:internal_control", args=[plan.pk]),
        record=activity,
    )


@login_required
def activity_result(request, pk: int):
    activity = risk_access.get_control_activity(request.user, pk, report=True)
    fields = ["performed_on", "result", "conclusion", "reported_on"]
    initial = {f: getattr(activity, f) for f in fields} if activity.is_done else {"performed_on": today()}
    form = ControlResultForm(request.POST or None, initial=initial)
    form.add_version_field(activity.version)
    return edit_form(
        request,
        form,
        lambda data: services.control_activity_report_result(
            actor=request.user,
            activity=activity,
            expected_version=data["version"],
            performed_on=data["performed_on"],
            result=data["result"],
            conclusion=data["conclusion"],
            reported_on=data["reported_on"],
        ),
        template="risks/activity_result.html",
        context={"activity": activity, "plan": activity.plan},
        success=_("Resultatet är sparat."),
        redirect_to=reverse("risks:internal_control", args=[activity.plan_id]) + f"#aktivitet-{activity.pk}",
        record=activity,
    )


@login_required
def activity_action(request, pk: int):
    activity = risk_access.get_control_activity(request.user, pk, report=True)
    return action_view(
        request,
        source=activity,
        unit=activity.plan.unit,
        back_url=reverse("risks:internal_control", args=[activity.plan_id]) + f"#aktivitet-{activity.pk}",
        heading=_("Ny åtgärd efter kontrollen"),
        context={"activity": activity, "plan": activity.plan},
        create=lambda **kw: services.control_activity_action_create(activity=activity, **kw),
    )
