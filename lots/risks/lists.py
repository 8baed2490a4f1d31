"""The risk module's lists, each defined once for its page, its export and its API list where there is one
(lots.core.lists): risk analyses, risks across analyses, self-inspection rounds, control activities and the yearly
plans."""

from django.db.models import Count, Max, Min, Prefetch, Q

from lots import access
from lots.core.lists import ListDefinition, NoFilters
from lots.risks import access as risk_access
from lots.risks.forms.lists import AnalysisFilterForm, ProgressFilterForm, RiskFilterForm, YearForm
from lots.risks.models import (
    ControlActivity,
    ControlRound,
    FollowUpItem,
    FollowUpPlan,
    InspectionPlan,
    InternalControlPlan,
    Risk,
    RiskAnalysis,
    RiskScale,
)
from lots.risks.queries import readable_units_for
from lots.risks.views.common import today

_SCALES = "_lots_risk_scales"


def scales_in_scope(user) -> dict[int, RiskScale]:
    """The scale of every municipality where the person sees risks (unsaved defaults where none is set); two queries,
    once per request (kept on the user object like the role assignments)."""
    scales = getattr(user, _SCALES, None)
    if scales is None:
        ids = set(access.visible_units(user, "risk.view").values_list("municipality_id", flat=True).distinct())
        found = {s.municipality_id: s for s in RiskScale.objects.filter(municipality_id__in=ids)}
        scales = {m: found.get(m) or RiskScale(municipality_id=m) for m in sorted(ids)}
        setattr(user, _SCALES, scales)
    return scales


def level_names(scales: dict[int, RiskScale]) -> list[str]:
    names = []
    for scale in scales.values():
        for level in scale.ordered_levels():
            if level.name not in names:
                names.append(level.name)
    return names


# Risk analyses.


def _narrow_analyses(analyses, data: dict, user):
    if data["unit"]:
        analyses = analyses.filter(unit__path__startswith=data["unit"].path)
    if data["year"]:
        analyses = analyses.in_year(data["year"])
    if data["trigger"]:
        analyses = analyses.filter(trigger=data["trigger"])
    if data["status"]:
        analyses = analyses.filter(status=data["status"])
    return analyses


def _with_risk_figures(analyses, user):
    """Each analysis with ``risk_count``, ``undecided_count`` (risks without a handling decision), ``top_value`` and
    ``top_residual`` (None without risks)."""
    return analyses.select_related("unit", "process").annotate(
        risk_count=Count("risks"),
        undecided_count=Count("risks", filter=Q(risks__treatment="")),
        top_value=Max("risks__value"),
        top_residual=Max("risks__residual_value"),
    )


RISK_ANALYSES = ListDefinition(
    name="RiskAnalyses",
    form=AnalysisFilterForm,
    scope=lambda user: risk_access.scope(RiskAnalysis.objects.all(), user, "risk.view"),
    narrow=_narrow_analyses,
    form_kwargs=lambda user: {"units": readable_units_for(user, "risk.view"), "today": today()},
    ordering=("-performed_on", "-pk"),
    load=_with_risk_figures,
    per_page=25,
)


# Risks across analyses.


def _narrow_risks(risks, data: dict, user):
    if data["unit"]:
        risks = risks.filter(analysis__unit__path__startswith=data["unit"].path)
    if data["level"]:
        scales = scales_in_scope(user)
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
    return risks


def _with_levels(risks, user):
    """Each risk with its analysis and unit; ``level`` is set on the rows by ``with_levels``."""
    return risks.select_related("analysis__unit")


def with_levels(risks, user) -> list[Risk]:
    """The risks, each with ``level``: its value's level on its municipality's scale."""
    scales = scales_in_scope(user)
    risks = list(risks)
    for risk in risks:
        municipality_id = risk.analysis.unit.municipality_id
        risk.level = (scales.get(municipality_id) or RiskScale(municipality_id=municipality_id)).level_for_value(risk.value)
    return risks


RISKS = ListDefinition(
    name="Risks",
    form=RiskFilterForm,
    scope=lambda user: risk_access.scope(Risk.objects.all(), user, "risk.view", field="analysis__unit"),
    narrow=_narrow_risks,
    form_kwargs=lambda user: {"units": readable_units_for(user, "risk.view"), "level_names": level_names(scales_in_scope(user))},
    ordering=("-value", "-analysis__performed_on", "analysis_id", "number", "pk"),
    load=_with_levels,
)


# Self-inspection rounds and internal-control activities.


def _progress(perm: str, unit_field: str, year_field: str):
    def narrow(rows, data: dict, user):
        if data["unit"]:
            rows = rows.filter(**{f"{unit_field}__path__startswith": data["unit"].path})
        if data["year"]:
            rows = rows.filter(**{year_field: data["year"]})
        if data["status"]:
            rows = rows.progress(data["status"], today())
        return rows

    return {
        "form": ProgressFilterForm,
        "narrow": narrow,
        "form_kwargs": lambda user: {"units": readable_units_for(user, perm), "today": today()},
        "ordering": ("due_date", "pk"),
    }


ROUNDS = ListDefinition(
    name="InspectionRounds",
    scope=lambda user: risk_access.scope(ControlRound.objects.all(), user, "inspection.view", field="control_point__plan__unit"),
    load=lambda rounds, user: rounds.select_related("control_point__plan__unit", "control_point__responsible"),
    **_progress("inspection.view", "control_point__plan__unit", "due_date__year"),
)

ACTIVITIES = ListDefinition(
    name="ControlActivities",
    scope=lambda user: risk_access.scope(ControlActivity.objects.all(), user, "internalcontrol.view", field="plan__unit"),
    load=lambda activities, user: activities.select_related("plan__unit", "responsible"),
    **_progress("internalcontrol.view", "plan__unit", "plan__year"),
)


# Yearly plans: self-inspection, internal control and follow-up.


def _narrow_year(plans, data: dict, user):
    return plans.filter(year=data["year"]) if data["year"] else plans


def _with_round_figures(plans, user):
    """Each plan with ``points``, ``rounds_total``, ``rounds_done``, ``rounds_overdue`` and ``next_due`` (the earliest
    date a round not carried out is due; None when all are)."""
    done = Q(control_points__rounds__status=ControlRound.Status.DONE)
    return plans.select_related("unit").annotate(
        points=Count("control_points", distinct=True),
        rounds_total=Count("control_points__rounds", distinct=True),
        rounds_done=Count("control_points__rounds", filter=done, distinct=True),
        rounds_overdue=Count(
            "control_points__rounds", filter=Q(control_points__rounds__due_date__lt=today()) & ~done, distinct=True
        ),
        next_due=Min("control_points__rounds__due_date", filter=~done),
    )


INSPECTION_PLANS = ListDefinition(
    name="InspectionPlans",
    form=YearForm,
    scope=lambda user: risk_access.scope(InspectionPlan.objects.all(), user, "inspection.view"),
    narrow=_narrow_year,
    form_kwargs=lambda user: {"today": today()},
    ordering=("-year", "unit__path", "pk"),
    load=_with_round_figures,
)


def _with_activity_figures(plans, user):
    """Each plan with its activities (soonest due first, with who carries them out), ``total``, ``done``, ``overdue``,
    ``with_remarks`` (done with minor or major shortcomings) and ``next_due`` (the earliest date an activity not done
    is due)."""
    done = Q(activities__status=ControlActivity.Status.DONE)
    activities = ControlActivity.objects.select_related("responsible").order_by("due_date", "pk")
    return plans.select_related("unit").prefetch_related(Prefetch("activities", queryset=activities)).annotate(
        total=Count("activities"),
        done=Count("activities", filter=done),
        overdue=Count("activities", filter=~done & Q(activities__due_date__lt=today())),
        with_remarks=Count("activities", filter=done & ~Q(activities__conclusion=ControlActivity.Conclusion.NO_REMARKS)),
        next_due=Min("activities__due_date", filter=~done),
    )


INTERNAL_CONTROL_PLANS = ListDefinition(
    name="InternalControlPlans",
    form=YearForm,
    scope=lambda user: risk_access.scope(InternalControlPlan.objects.all(), user, "internalcontrol.view"),
    narrow=_narrow_year,
    form_kwargs=lambda user: {"today": today()},
    ordering=("-year", "unit__path", "pk"),
    load=_with_activity_figures,
)


def _with_item_figures(plans, user):
    """Each plan with ``total``, ``done``, ``in_progress``, ``overdue`` (not done and past the item's date) and
    ``next_due`` (the earliest date an item not done is due)."""
    done = Q(items__status=FollowUpItem.Status.DONE)
    return plans.select_related("unit", "owner").annotate(
        total=Count("items"),
        done=Count("items", filter=done),
        in_progress=Count("items", filter=Q(items__status=FollowUpItem.Status.IN_PROGRESS)),
        overdue=Count("items", filter=~done & Q(items__due_date__lt=today())),
        next_due=Min("items__due_date", filter=~done),
    )


FOLLOWUP_PLANS = ListDefinition(
    name="FollowUpPlans",
    form=NoFilters,
    scope=lambda user: risk_access.scope(FollowUpPlan.objects.all(), user, "followupplan.view"),
    ordering=("-year", "unit__path", "pk"),
    load=_with_item_figures,
)


def this_year_unless_asked(data):
    """The query with this year when it names none: the lists show this year, as the plan lists do ("Alla år" sends
    the parameter empty)."""
    if "year" in data:
        return data
    data = data.copy()
    data["year"] = str(today().year)
    return data
