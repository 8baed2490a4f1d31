"""Goals and follow-up: the plans a person reads, a unit's goal tree for a year with its indicators, the forms for
goal areas, result goals and activities, establishing and copying a plan, and the tertial and year-end follow-ups."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lots import access
from lots.audit.versioning import ConcurrentEditError
from lots.core.editing import edit_form, without_version
from lots.core.forms import CONFLICT_MESSAGE, apply_validation_error
from lots.goals import access as goal_access
from lots.goals import documents, services
from lots.goals import tree as goal_tree
from lots.goals.forms import ActivityForm, ActivityReportForm, AssessmentForm, GoalAreaForm, GoalForm
from lots.goals.models import Activity, FollowUp, GoalArea, Plan
from lots.lib.pdf import pdf_response
from lots.organisation.models import Unit


def _require_module(user) -> None:
    if not access.has_perm_anywhere(user, goal_access.VIEW):
        raise Http404


def _year(value, default: int) -> int:
    try:
        year = int(value)
    except (TypeError, ValueError):
        return default
    return year if 2000 <= year <= 2100 else default


def _posted_version(request) -> int | None:
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return None


@login_required
def index(request):
    """The plans the person reads: their units (förvaltning, departments, units) for a year, with counts."""
    _require_module(request.user)
    this_year = timezone.localdate().year
    year = _year(request.GET.get("ar"), this_year)
    units = list(
        goal_access.readable_units(request.user)
        .exclude(kind=Unit.Kind.SEKTION)
        .filter(closed_at__isnull=True)
        .select_related("municipality")
        .order_by("municipality__name", "path")
    )
    plans = {p.unit_id: p for p in Plan.objects.filter(year=year, unit__in=units)}
    goal_counts = dict(
        goal_access.goals(request.user)
        .filter(year=year)
        .values_list("unit_id")
        .annotate(n=Count("pk"))
        .values_list("unit_id", "n")
    )
    activity_counts = dict(
        goal_access.activities(request.user)
        .filter(year=year)
        .values_list("unit_id")
        .annotate(n=Count("pk"))
        .values_list("unit_id", "n")
    )
    rows = [
        {"unit": u, "plan": plans.get(u.pk), "goals": goal_counts.get(u.pk, 0), "activities": activity_counts.get(u.pk, 0)}
        for u in units
    ]
    municipalities = access.municipalities_with(request.user, goal_access.VIEW)
    return render(
        request,
        "goals/index.html",
        {
            "rows": rows,
            "year": year,
            "years": [this_year - 1, this_year, this_year + 1],
            "municipalities": municipalities,
        },
    )


def _indicators(unit: Unit, year: int, user, *, charts: bool = False) -> list[dict]:
    """The unit's indicators for the year (lots.indicators), each with its chart when asked."""
    from lots.indicators import charts as indicator_charts
    from lots.indicators import selectors as indicator_selectors

    rows = indicator_selectors.for_plan(unit=unit, year=year, user=user)
    return [
        {
            "row": row,
            "target": getattr(row.target, "value", row.target),
            "latest": getattr(row.latest, "total", row.latest),
            "chart": indicator_charts.svg(row) if charts else "",
        }
        for row in rows
    ]


def _plan_context(request, unit: Unit, year: int) -> dict:
    user = request.user
    tree = goal_tree.build(unit, year)
    plan = Plan.objects.filter(unit=unit, year=year).select_related("established_by").first()
    follow_ups = {f.period: f for f in FollowUp.objects.filter(unit=unit, year=year)}
    return {
        "unit": unit,
        "year": year,
        "tree": tree,
        "counts": tree.counts(),
        "plan": plan,
        "versions": list(plan.changes.select_related("actor").order_by("-version_number")) if plan else [],
        "follow_ups": [(value, label, follow_ups.get(value)) for value, label in FollowUp.Period.choices],
        "indicators": _indicators(unit, year, user, charts=True),
        "can_change": goal_access.can_change(user, unit),
        "can_establish": goal_access.can_establish(user, unit),
        "can_follow_up": goal_access.can_follow_up(user, unit),
        "today": timezone.localdate(),
        "ancestors": list(unit.ancestors()),
        "children": list(Unit.objects.filter(parent=unit, closed_at__isnull=True).order_by("name")),
    }


@login_required
def plan(request, unit_pk: int, year: int):
    """The goal tree of a unit and year: areas, result goals with their latest assessment, activities, indicators."""
    unit = goal_access.get_unit(request.user, unit_pk)
    return render(request, "goals/plan.html", _plan_context(request, unit, year))


@login_required
def plan_version(request, unit_pk: int, year: int, number: int):
    """One version of an established plan, as it was kept."""
    unit = goal_access.get_unit(request.user, unit_pk)
    plan_obj = Plan.objects.filter(unit=unit, year=year).first()
    version = plan_obj.changes.select_related("actor").filter(version_number=number).first() if plan_obj else None
    if version is None:
        raise Http404
    return render(request, "goals/plan_version.html", {"unit": unit, "year": year, "plan": plan_obj, "version": version})


@login_required
def plan_document(request, unit_pk: int, year: int, fmt: str):
    """The verksamhetsplan as PDF or DOCX: the same tree and indicators as the page."""
    unit = goal_access.get_unit(request.user, unit_pk)
    data = documents.plan_data(unit, year, request.user)
    name = f"verksamhetsplan-{unit.code}-{year}"
    if fmt == "pdf":
        return pdf_response(documents.plan_pdf(data), f"{name}.pdf")
    if fmt == "docx":
        return documents.docx_response(documents.plan_docx(data), f"{name}.docx")
    raise Http404


def _require_change(user, unit: Unit) -> None:
    if not goal_access.can_change(user, unit):
        raise PermissionDenied


@login_required
@require_POST
def establish(request, unit_pk: int, year: int):
    unit = goal_access.get_unit(request.user, unit_pk)
    if not goal_access.can_establish(request.user, unit):
        raise PermissionDenied
    try:
        services.plan_establish(actor=request.user, unit=unit, year=year, expected_version=_posted_version(request))
    except ConcurrentEditError:
        messages.error(request, CONFLICT_MESSAGE)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Verksamhetsplanen är fastställd som version 1."))
    return redirect("goals:plan", unit.pk, year)


@login_required
def copy(request, unit_pk: int, year: int):
    """Copy this year's goals and unfinished activities into the next year (a confirmation page, then POST)."""
    unit = goal_access.get_unit(request.user, unit_pk)
    _require_change(request.user, unit)
    if request.method == "POST":
        counts = services.plan_copy(actor=request.user, unit=unit, year=year)
        messages.success(
            request,
            _("%(goals)s mål och %(activities)s aktiviteter kopierades till %(year)s.")
            % {"goals": counts["goals"], "activities": counts["activities"], "year": year + 1},
        )
        if counts["skipped_units"]:
            messages.warning(
                request,
                _("%(n)s enheter har redan en fastställd plan för %(year)s och kopierades inte.")
                % {"n": counts["skipped_units"], "year": year + 1},
            )
        return redirect("goals:plan", unit.pk, year + 1)
    tree = goal_tree.build(unit, year, follow_up=None)
    unfinished = [a for a in tree.activities if a.status not in (Activity.Status.DONE, Activity.Status.STOPPED)]
    return render(
        request,
        "goals/copy.html",
        {"unit": unit, "year": year, "next_year": year + 1, "counts": tree.counts(), "unfinished": len(unfinished)},
    )


# --- Goal areas ----------------------------------------------------------------------------------------------------


@login_required
def areas(request, year: int):
    _require_module(request.user)
    municipalities = access.municipalities_with(request.user, goal_access.VIEW)
    municipality = next((m for m in municipalities if m.slug == request.GET.get("kommun")), municipalities[0])
    return render(
        request,
        "goals/areas.html",
        {
            "year": year,
            "municipality": municipality,
            "municipalities": municipalities,
            "areas": GoalArea.objects.filter(municipality=municipality, year=year)
            .annotate(goal_count=Count("goals"))
            .order_by("number", "name"),
            "can_change": goal_access.can_change_areas(request.user, municipality),
        },
    )


@login_required
def area_create(request, year: int):
    _require_module(request.user)
    municipalities = [
        m for m in access.municipalities_with(request.user, goal_access.VIEW) if goal_access.can_change_areas(request.user, m)
    ]
    if not municipalities:
        raise PermissionDenied
    municipality = next((m for m in municipalities if m.slug == request.GET.get("kommun")), municipalities[0])
    next_number = GoalArea.objects.filter(municipality=municipality, year=year).count() + 1
    form = GoalAreaForm(request.POST or None, initial={"number": next_number, "decided_by": _("Kommunfullmäktige")})
    return edit_form(
        request,
        form,
        lambda data: services.goal_area_create(actor=request.user, municipality=municipality, year=year, **without_version(data)),
        template="goals/area_form.html",
        context={"year": year, "area": None, "municipality": municipality},
        success=_("Målområdet är sparat."),
        redirect_to=reverse("goals:areas", args=[year]) + f"?kommun={municipality.slug}",
    )


@login_required
def area_edit(request, pk: int):
    area = goal_access.get_area(request.user, pk, write=True)
    fields = sorted(services.AREA_FIELDS)
    form = GoalAreaForm(request.POST or None, initial={name: getattr(area, name) for name in fields})
    form.add_version_field(area.version)
    return edit_form(
        request,
        form,
        lambda data: services.goal_area_update(
            actor=request.user, area=area, expected_version=data["version"], **without_version(data)
        ),
        template="goals/area_form.html",
        context={"year": area.year, "area": area, "municipality": area.municipality},
        success=_("Ändringarna är sparade."),
        redirect_to=reverse("goals:areas", args=[area.year]) + f"?kommun={area.municipality.slug}",
        record=area,
    )


# --- Result goals ----------------------------------------------------------------------------------------------------


def _established(unit: Unit, year: int) -> bool:
    return Plan.objects.filter(unit=unit, year=year, state=Plan.State.ESTABLISHED).exists()


def _areas_for(unit: Unit, year: int):
    return GoalArea.objects.filter(municipality_id=unit.municipality_id, year=year).order_by("number", "name")


@login_required
def goal_create(request, unit_pk: int, year: int):
    unit = goal_access.get_unit(request.user, unit_pk)
    _require_change(request.user, unit)
    areas_qs = _areas_for(unit, year)
    established = _established(unit, year)
    form = GoalForm(
        request.POST or None,
        areas=areas_qs,
        established=established,
        initial={"decided_by": _("Socialnämnden"), "number": goal_tree.own_goals(unit, year).count() + 1},
    )
    return edit_form(
        request,
        form,
        lambda data: services.result_goal_create(actor=request.user, unit=unit, **without_version(data)),
        template="goals/goal_form.html",
        context={"unit": unit, "year": year, "goal": None, "no_areas": not areas_qs.exists(), "established": established},
        success=_("Resultatmålet är sparat."),
        redirect_to=lambda goal: goal,
    )


@login_required
def goal_detail(request, pk: int):
    """A result goal with its activities, its assessments at each follow-up and the indicators that measure it."""
    goal = goal_access.get_goal(request.user, pk)
    activities = (
        goal_access.activities(request.user).filter(goals=goal).select_related("unit", "owner").order_by("starts_on", "pk")
    )
    assessments = goal.assessments.select_related("follow_up", "follow_up__unit", "assessed_by").order_by(
        "follow_up__period", "pk"
    )
    indicators = [
        item for item in _indicators(goal.unit, goal.year, request.user, charts=True) if goal.pk in _goal_ids(item["row"])
    ]
    return render(
        request,
        "goals/goal_detail.html",
        {
            "goal": goal,
            "activities": activities,
            "assessments": assessments,
            "indicators": indicators,
            "can_change": goal_access.can_change(request.user, goal.unit),
            "today": timezone.localdate(),
        },
    )


def _goal_ids(row) -> set[int]:
    return {g.pk for g in row.indicator.goals.all()}


@login_required
def goal_edit(request, pk: int):
    goal = goal_access.get_goal(request.user, pk, write=True)
    established = _established(goal.unit, goal.year)
    fields = sorted(services.GOAL_FIELDS)
    form = GoalForm(
        request.POST or None,
        areas=_areas_for(goal.unit, goal.year),
        established=established,
        initial={name: getattr(goal, name) for name in fields},
    )
    form.add_version_field(goal.version)
    return edit_form(
        request,
        form,
        lambda data: services.result_goal_update(
            actor=request.user, goal=goal, expected_version=data["version"], **without_version(data)
        ),
        template="goals/goal_form.html",
        context={"unit": goal.unit, "year": goal.year, "goal": goal, "established": established},
        success=_("Ändringarna är sparade."),
        redirect_to=goal,
        record=goal,
    )


# --- Activities ------------------------------------------------------------------------------------------------------


def _goal_choices(unit: Unit, year: int):
    return goal_tree.goals_at(unit, year).select_related("area").order_by("area__number", "number", "pk")


@login_required
def activity_create(request, unit_pk: int, year: int):
    unit = goal_access.get_unit(request.user, unit_pk)
    _require_change(request.user, unit)
    established = _established(unit, year)
    initial = {"owner": request.user, "starts_on": datetime.date(year, 1, 1), "ends_on": datetime.date(year, 12, 31)}
    if request.GET.get("mal"):
        initial["goals"] = _goal_choices(unit, year).filter(pk=_year(request.GET["mal"], 0))
    form = ActivityForm(
        request.POST or None, unit=unit, goals=_goal_choices(unit, year), established=established, initial=initial
    )
    return edit_form(
        request,
        form,
        lambda data: services.activity_create(actor=request.user, unit=unit, year=year, **without_version(data)),
        template="goals/activity_form.html",
        context={"unit": unit, "year": year, "activity": None, "established": established},
        success=_("Aktiviteten är sparad."),
        redirect_to=lambda activity: activity,
    )


@login_required
def activity_detail(request, pk: int):
    activity = goal_access.get_activity(request.user, pk)
    return render(
        request,
        "goals/activity_detail.html",
        {
            "activity": activity,
            "goals": activity.goals.select_related("area").order_by("area__number", "number"),
            "laws": activity.laws.all(),
            "reports": activity.reports.select_related("follow_up", "reported_by").order_by("follow_up__period"),
            "can_change": goal_access.can_change(request.user, activity.unit),
            "late": activity.is_late(timezone.localdate()),
        },
    )


@login_required
def activity_edit(request, pk: int):
    activity = goal_access.get_activity(request.user, pk, write=True)
    established = _established(activity.unit, activity.year)
    fields = sorted(services.ACTIVITY_FIELDS)
    initial = {name: getattr(activity, name) for name in fields}
    initial["goals"] = list(activity.goals.all())
    initial["laws"] = list(activity.laws.all())
    form = ActivityForm(
        request.POST or None,
        unit=activity.unit,
        goals=_goal_choices(activity.unit, activity.year),
        established=established,
        initial=initial,
    )
    form.add_version_field(activity.version)
    return edit_form(
        request,
        form,
        lambda data: services.activity_update(
            actor=request.user, activity=activity, expected_version=data["version"], **without_version(data)
        ),
        template="goals/activity_form.html",
        context={"unit": activity.unit, "year": activity.year, "activity": activity, "established": established},
        success=_("Ändringarna är sparade."),
        redirect_to=activity,
        record=activity,
    )


# --- Follow-ups ------------------------------------------------------------------------------------------------------


@login_required
@require_POST
def follow_up_open(request, unit_pk: int, year: int, period: str):
    unit = goal_access.get_unit(request.user, unit_pk)
    if not goal_access.can_follow_up(request.user, unit):
        raise PermissionDenied
    try:
        follow_up = services.follow_up_open(actor=request.user, unit=unit, year=year, period=period)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("goals:plan", unit.pk, year)
    return redirect(follow_up)


def _follow_up_context(request, follow_up: FollowUp, forms: dict | None = None) -> dict:
    forms = forms or {}
    tree = goal_tree.build(follow_up.unit, follow_up.year, follow_up=follow_up)
    can_edit = goal_access.can_follow_up(request.user, follow_up.unit) and not follow_up.is_established
    goal_rows = []
    for node in tree.goals:
        key = f"goal-{node.goal.pk}"
        form = forms.get(key)
        if form is None and can_edit:
            initial = {"assessment": node.assessment.assessment, "analysis": node.assessment.analysis} if node.assessment else {}
            form = AssessmentForm(prefix=key, initial=initial)
            form.add_version_field(node.assessment.version if node.assessment else 0)
        goal_rows.append({"node": node, "form": form})
    activity_rows = []
    for activity in tree.activities:
        key = f"activity-{activity.pk}"
        report = tree.reports.get(activity.pk)
        form = forms.get(key)
        if form is None and can_edit:
            initial = {"status": report.status, "comment": report.comment} if report else {"status": activity.status}
            form = ActivityReportForm(prefix=key, initial=initial)
            form.add_version_field(report.version if report else 0)
        activity_rows.append({"activity": activity, "report": report, "form": form})
    missing = services.missing_for(follow_up) if not follow_up.is_established else {"goals": [], "activities": []}
    return {
        "follow_up": follow_up,
        "unit": follow_up.unit,
        "year": follow_up.year,
        "tree": tree,
        "counts": tree.counts(),
        "goal_rows": goal_rows,
        "activity_rows": activity_rows,
        "missing": missing,
        "can_edit": can_edit,
        "indicators": _indicators(follow_up.unit, follow_up.year, request.user),
    }


@login_required
def follow_up_detail(request, pk: int):
    follow_up = goal_access.get_follow_up(request.user, pk)
    return render(request, "goals/follow_up.html", _follow_up_context(request, follow_up))


def _row_post(request, follow_up: FollowUp, key: str, form, save) -> object:
    """Save one row's form of the follow-up page; on an error the page comes back with the typed text and the
    message next to the field (422), or the conflict message (409)."""
    status = None
    if form.is_valid():
        try:
            save(form.cleaned_data)
        except ConcurrentEditError:
            form.add_conflict_error()
            status = 409
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Sparat."))
            return redirect(reverse("goals:follow_up", args=[follow_up.pk]) + f"#{key}")
    context = _follow_up_context(request, follow_up, {key: form})
    return render(request, "goals/follow_up.html", context, status=status or 422)


def _version_or_none(value) -> int | None:
    return value or None


@login_required
@require_POST
def assess(request, pk: int, goal_pk: int):
    follow_up = goal_access.get_follow_up(request.user, pk, write=True)
    goal = goal_access.get_goal(request.user, goal_pk)
    key = f"goal-{goal.pk}"
    form = AssessmentForm(request.POST, prefix=key)
    form.add_version_field(0)
    return _row_post(
        request,
        follow_up,
        key,
        form,
        lambda data: services.assessment_record(
            actor=request.user,
            follow_up=follow_up,
            goal=goal,
            assessment=data["assessment"],
            analysis=data["analysis"],
            expected_version=_version_or_none(data["version"]),
        ),
    )


@login_required
@require_POST
def report(request, pk: int, activity_pk: int):
    follow_up = goal_access.get_follow_up(request.user, pk, write=True)
    activity = goal_access.get_activity(request.user, activity_pk)
    key = f"activity-{activity.pk}"
    form = ActivityReportForm(request.POST, prefix=key)
    form.add_version_field(0)
    return _row_post(
        request,
        follow_up,
        key,
        form,
        lambda data: services.activity_report_record(
            actor=request.user,
            follow_up=follow_up,
            activity=activity,
            status=data["status"],
            comment=data["comment"],
            expected_version=_version_or_none(data["version"]),
        ),
    )


@login_required
@require_POST
def follow_up_establish(request, pk: int):
    follow_up = goal_access.get_follow_up(request.user, pk, write=True)
    try:
        services.follow_up_establish(actor=request.user, follow_up=follow_up, expected_version=_posted_version(request))
    except ConcurrentEditError:
        messages.error(request, CONFLICT_MESSAGE)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Uppföljningen är fastställd. Dess siffror och nyckeltalens värden är låsta."))
    return redirect(follow_up)


@login_required
def report_document(request, pk: int, fmt: str):
    """The verksamhetsberättelse of a follow-up as PDF or DOCX: frozen figures once established."""
    follow_up = goal_access.get_follow_up(request.user, pk)
    data = documents.report_data(follow_up, request.user)
    name = f"verksamhetsberattelse-{follow_up.unit.code}-{follow_up.year}-{follow_up.period}"
    if fmt == "pdf":
        return pdf_response(documents.report_pdf(data), f"{name}.pdf")
    if fmt == "docx":
        return documents.docx_response(documents.report_docx(data), f"{name}.docx")
    raise Http404
