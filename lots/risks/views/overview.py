"""The module's start page, the yearly client-perspective analyses per department, and the consequence statement."""

import datetime

from django import forms
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lots import access
from lots.core.forms import LotsForm
from lots.lib.pdf import pdf_response, render_pdf
from lots.organisation.models import Unit
from lots.risks import access as risk_access
from lots.risks.forms.common import UnitChoiceField, year_choices
from lots.risks.models import ControlActivity, ControlRound, Risk, RiskAnalysis, RiskScale
from lots.risks.queries import improvement_url, improvements_by_source
from lots.risks.views.common import today, year_param

# The yearly analysis is due before the budget work, as in the yearly calendar's rule (seed §4.2).
YEARLY_DUE_MONTH, YEARLY_DUE_DAY = 4, 30


def yearly_due(year: int) -> datetime.date:
    return datetime.date(year, YEARLY_DUE_MONTH, YEARLY_DUE_DAY)


def yearly_start_url(unit: Unit) -> str:
    return reverse("risks:analysis_create") + f"?enhet={unit.pk}&arlig=1"


@login_required
def index(request):
    user = request.user
    show = {
        key: access.has_perm_anywhere(user, perm)
        for key, perm in (
            ("risks", "risk.view"),
            ("inspection", "inspection.view"),
            ("internal", "internalcontrol.view"),
            ("followup", "followupplan.view"),
        )
    }
    if not any(show.values()):
        raise Http404
    year, now = today().year, today()
    context = {"year": year, "show": show, "yearly_due": yearly_due(year)}
    if show["risks"]:
        analyses = risk_access.scope(RiskAnalysis.objects.in_year(year), user, "risk.view").aggregate(
            in_progress=Count("pk", filter=Q(status=RiskAnalysis.Status.IN_PROGRESS)),
            completed=Count("pk", filter=Q(status=RiskAnalysis.Status.COMPLETED)),
        )
        departments = access.visible_units(user, "risk.view").filter(kind=Unit.Kind.AVDELNING, closed_at__isnull=True)
        context["analyses"] = analyses
        context["departments_total"] = departments.count()
        context["departments_missing"] = RiskAnalysis.objects.departments_without_yearly(departments, year).count()
        context["can_create_analysis"] = access.has_perm_anywhere(user, "risk.change")
        context["can_consequence"] = risk_access.can_read_consequence(user)
        changeable = access.scope(departments, user, "risk.change", field=None)
        context["my_missing"] = [
            {
                "unit": unit,
                "url": reverse("risks:analysis", args=[unit.yearly_started_id])
                if unit.yearly_started_id
                else yearly_start_url(unit),
            }
            for unit in RiskAnalysis.objects.departments_without_yearly(changeable, year).order_by("path")[:10]
        ]
    if show["inspection"]:
        rounds = access.scope(ControlRound.objects.open(), user, "inspection.view", field="control_point__plan__unit")
        context["rounds_overdue"] = rounds.filter(due_date__lt=now).count()
        context["rounds_soon"] = rounds.due_between(now, now + datetime.timedelta(days=30)).count()
    if show["internal"]:
        activities = access.scope(ControlActivity.objects.unfinished(), user, "internalcontrol.view", field="plan__unit")
        context["activities_unfinished"] = activities.filter(plan__year=year).count()
        context["activities_overdue"] = activities.filter(due_date__lt=now).count()
    return render(request, "risks/index.html", context)


@login_required
def yearly(request):
    """Which departments in scope have their yearly client-perspective analysis for the year, and which do not."""
    if not access.has_perm_anywhere(request.user, "risk.view"):
        raise Http404
    year = year_param(request)
    departments = access.visible_units(request.user, "risk.view").filter(kind=Unit.Kind.AVDELNING, closed_at__isnull=True)
    missing = list(
        RiskAnalysis.objects.departments_without_yearly(departments, year).select_related("municipality").order_by("path")
    )
    for unit in missing:
        unit.can_start = access.can(request.user, "risk.change", unit)
        unit.start_url = yearly_start_url(unit)
    done = list(
        RiskAnalysis.objects.completed()
        .yearly_client_perspective(year)
        .filter(unit__in=departments)
        .select_related("unit")
        .order_by("unit__path", "performed_on")
    )
    return render(
        request,
        "risks/yearly.html",
        {
            "year": year,
            "missing": missing,
            "done": done,
            "due": yearly_due(year),
            "is_current": year == today().year,
            "years": [y for y, _label in year_choices(today(), back=4, ahead=0)],
        },
    )


class ConsequenceForm(LotsForm):
    unit = UnitChoiceField(label=gettext_lazy("Förvaltning eller avdelning"), queryset=None, empty_label=None)
    year = forms.TypedChoiceField(label=gettext_lazy("År"), coerce=int, choices=())

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["year"].choices = year_choices(today(), back=4, ahead=1)


def consequence_context(user, unit: Unit, year: int) -> dict:
    """The high risks of completed analyses in the förvaltning that year, with their actions; and the departments
    whose yearly client-perspective analysis is missing, so the board sees what the statement does not cover."""
    scale = RiskScale.for_municipality(unit.municipality)
    analyses = risk_access.scope(
        RiskAnalysis.objects.completed().in_year(year).filter(unit__path__startswith=unit.path), user, "risk.view"
    ).select_related("unit")
    analyses = list(analyses.annotate(risk_count=Count("risks")).order_by("unit__path", "performed_on"))
    threshold = scale.high_from
    risks = []
    if threshold is not None and analyses:
        risks = list(
            Risk.objects.filter(analysis__in=analyses, value__gte=threshold)
            .select_related("analysis__unit", "process", "approver")
            .order_by("-value", "analysis__unit__path", "number")
        )
    actions = improvements_by_source(risks)
    for risk in risks:
        risk.level = scale.level_for_value(risk.value)
        risk.residual_level = scale.level_for_value(risk.residual_value) if risk.has_residual else None
        risk.actions = [(a, improvement_url(a)) for a in actions.get(risk.pk, [])]
    level_counts = {level.name: 0 for level in scale.ordered_levels()}
    for value in Risk.objects.filter(analysis__in=analyses).values_list("value", flat=True):
        level_counts[scale.level_for_value(value).name] += 1
    departments = Unit.objects.filter(path__startswith=unit.path)
    missing = list(RiskAnalysis.objects.departments_without_yearly(departments, year).order_by("path"))
    return {
        "unit": unit,
        "year": year,
        "scale": scale,
        "analyses": analyses,
        "risks": risks,
        "missing": missing,
        "level_counts": [(level, level_counts[level.name]) for level in scale.ordered_levels()],
        "threshold_level": next((lv for lv in scale.ordered_levels() if lv.high), None),
    }


@login_required
def consequence(request):
    units = risk_access.consequence_units(request.user)
    if not units.exists():
        raise Http404
    form = ConsequenceForm(request.GET or None, units=units, initial={"unit": units.first().pk, "year": today().year})
    unit, year = units.first(), today().year
    if request.GET and form.is_valid():
        unit, year = form.cleaned_data["unit"], form.cleaned_data["year"]
    context = consequence_context(request.user, unit, year)
    context["form"] = form
    return render(request, "risks/consequence.html", context, status=422 if request.GET and form.errors else 200)


@login_required
def consequence_pdf(request, pk: int, year: int):
    try:
        unit = risk_access.consequence_units(request.user).get(pk=pk)
    except Unit.DoesNotExist:
        raise Http404 from None
    if not 2000 <= year <= 2100:
        raise Http404
    context = consequence_context(request.user, unit, year)
    context["today"] = today()
    pdf = render_pdf("risks/pdf/consequence.html", context)
    return pdf_response(pdf, f"konsekvensbeskrivning-{unit.code}-{year}.pdf")


def missing_title(unit: Unit, started: bool) -> str:
    if started:
        return _("Slutför den årliga riskanalysen med klientperspektiv för %(unit)s") % {"unit": unit.name}
    return _("Gör den årliga riskanalysen med klientperspektiv för %(unit)s") % {"unit": unit.name}
