"""Competence pages: the unit's status at a glance, a person's appraisals and plans, "Min kompetens", the units'
competence development plans, supervision and students.

Views are thin: access (lots.competence.access) → form → service (lots.competence.services) → page or redirect.
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lots.audit import services as audit
from lots.competence import access as competence_access
from lots.competence import services
from lots.competence.forms import (
    AppraisalDateForm,
    AppraisalForm,
    MarkDoneForm,
    PlanCreateForm,
    PlanGoalsForm,
    PlanRowEditForm,
    PlanRowForm,
    StudentAddForm,
    StudentForm,
    SupervisionAddForm,
    SupervisionForm,
    UnitPlanCopyForm,
    UnitPlanCreateForm,
    UnitPlanItemEditForm,
    UnitPlanItemForm,
    UnitPlanSummaryForm,
)
from lots.competence.lists import STATUS, STUDENTS, SUPERVISION, UNIT_PLANS, attach_status
from lots.competence.models import Appraisal, UnitPlanItem
from lots.competence.status import staff_status
from lots.core.editing import edit_form, without_version
from lots.core.pagination import list_query
from lots.lib.spreadsheets import FORMATS, table_response
from lots.mfa.stepup import require_recent_strong_auth
from lots.staff.models import Employment


def _require_reader(user) -> None:
    if not competence_access.may_read_any(user):
        raise Http404


def _nav(user) -> dict:
    return {"is_keeper": competence_access.may_read_any(user)}


# --- The status list -------------------------------------------------------------------------------------------------


@login_required
def index(request):
    """Managers and HR: the status of the staff of their units. Everyone else goes to their own page."""
    if not competence_access.may_read_any(request.user):
        return redirect("competence:mine")
    filtered = STATUS.bind(request.user, request.GET)
    page = filtered.page(request.GET.get("page"))
    page.object_list = attach_status(page.object_list, filtered, viewer=request.user)
    today = timezone.localdate()
    return render(
        request,
        "competence/index.html",
        {"form": filtered.form, "page_obj": page, "query": list_query(request), "today": today, **_nav(request.user)},
        status=filtered.status,
    )


def status_headers() -> list[str]:
    return [
        _("Namn"),
        _("Enhet"),
        _("Befattning"),
        _("Anställd från"),
        _("Senaste medarbetarsamtal"),
        _("Nästa samtal senast"),
        _("Samtal försenat"),
        _("Individuell plan i år"),
    ]


def status_row(e: Employment) -> list:
    return [
        e.person.get_full_name() or e.person.username,
        e.unit.name,
        e.title,
        e.starts_on,
        e.status.last_appraisal,
        e.status.due_on,
        _("Ja") if e.status.appraisal_overdue else _("Nej"),
        _("Ja") if e.status.has_plan else _("Nej"),
    ]


@login_required
@require_recent_strong_auth
def export(request, fmt: str):
    """The filtered status list as an Excel or CSV file; the export and the employments it read are logged."""
    if fmt not in FORMATS:
        raise Http404
    _require_reader(request.user)
    filtered = STATUS.bind(request.user, request.GET)
    if not filtered.is_valid:
        return redirect(reverse("competence:index") + "?" + request.GET.urlencode())
    today = timezone.localdate()
    rows = [status_row(e) for e in attach_status(filtered.rows(), filtered, viewer=request.user)]
    audit.record_export(actor=request.user, what=_("kompetensstatus"), count=len(rows), query=request.GET.urlencode())
    return table_response(fmt, f"kompetens-{today:%Y-%m-%d}", status_headers(), rows, title=_("Kompetens"))


# --- A person's page and "Min kompetens" -----------------------------------------------------------------------------


@login_required
def mine(request):
    """The staff member's own plans and appraisal history, in each of their employments."""
    today = timezone.localdate()
    employments = list(competence_access.own_employments(request.user).order_by("-starts_on", "pk"))
    statuses = staff_status(employments, today, viewer=request.user)
    plans = list(competence_access.plans(request.user).filter(employment__person=request.user).prefetch_related("rows"))
    appraisals = list(competence_access.appraisals(request.user).filter(employment__person=request.user))
    sections = [
        {
            "employment": e,
            "status": statuses[e.pk],
            "plans": [p for p in plans if p.employment_id == e.pk],
            "appraisals": [a for a in appraisals if a.employment_id == e.pk],
        }
        for e in employments
    ]
    return render(
        request,
        "competence/mine.html",
        {"sections": sections, "today": today, "done_form": MarkDoneForm(), **_nav(request.user)},
    )


PERSON_ACTIONS = {
    "appraisal": (AppraisalForm, _("Medarbetarsamtalet är registrerat.")),
    "plan": (PlanCreateForm, _("Den individuella planen är upprättad.")),
}


@login_required
def person(request, pk: int):
    """A staff member's appraisal history and individual plans. Those who keep the unit's records register an
    appraisal or draw up a plan here; the staff member reads their own."""
    employment = competence_access.access_employment(request.user, pk)
    can_keep = competence_access.can_keep(request.user, employment)
    today = timezone.localdate()
    forms = {
        "appraisal": AppraisalForm(prefix="appraisal", initial={"held_on": today}),
        "plan": PlanCreateForm(prefix="plan", initial={"year": today.year}),
    }
    action = request.POST.get("action") if request.method == "POST" else None
    if request.method == "POST":
        if not can_keep:
            raise PermissionDenied
        if action not in PERSON_ACTIONS:
            return _person_page(request, employment, forms, can_keep, status=400)
    if action is None:
        return _person_page(request, employment, forms, can_keep, status=200)
    form_class, success = PERSON_ACTIONS[action]
    forms[action] = form = form_class(request.POST, prefix=action)
    if action == "appraisal":

        def save(data):
            return services.appraisal_record(actor=request.user, employment=employment, **data)

    else:

        def save(data):
            return services.plan_create(actor=request.user, employment=employment, **data)

    return edit_form(
        request,
        form,
        save,
        page=lambda status: _person_page(request, employment, forms, can_keep, status=status),
        success=success,
        redirect_to=reverse("competence:person", args=[employment.pk]),
    )


def _person_page(request, employment, forms, can_keep: bool, *, status: int):
    today = timezone.localdate()
    return render(
        request,
        "competence/person.html",
        {
            "employment": employment,
            "status": staff_status([employment], today, viewer=request.user)[employment.pk],
            "appraisals": list(competence_access.appraisals(request.user, employment)),
            "plans": list(competence_access.plans(request.user, employment).prefetch_related("rows")),
            "forms": forms,
            "can_keep": can_keep,
            "is_own": employment.person_id == request.user.pk,
            "done_form": MarkDoneForm(),
            "row_form": PlanRowForm(),
            "today": today,
            **_nav(request.user),
        },
        status=status,
    )


def _back_to(request, plan) -> str:
    """Where a change to a plan returns: "Min kompetens" for the staff member, the person's page for the others."""
    if plan.employment.person_id == request.user.pk and request.POST.get("from") == "mine":
        return reverse("competence:mine")
    return reverse("competence:person", args=[plan.employment_id])


@login_required
def appraisal_edit(request, pk: int):
    """Correct the date of an appraisal (those who keep the unit's records)."""
    try:
        appraisal = competence_access.appraisals(request.user).get(pk=pk)
    except (Appraisal.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if not competence_access.can_keep(request.user, appraisal):
        raise PermissionDenied
    form = AppraisalDateForm(request.POST or None, version=appraisal.version, initial={"held_on": appraisal.held_on})
    return edit_form(
        request,
        form,
        lambda data: services.appraisal_update(actor=request.user, appraisal=appraisal, **data),
        template="competence/appraisal_form.html",
        context=lambda: {"appraisal": appraisal},
        success=_("Datumet är ändrat."),
        redirect_to=reverse("competence:person", args=[appraisal.employment_id]),
        record=appraisal,
    )


@login_required
def plan_goals(request, pk: int):
    plan = competence_access.access_plan(request.user, pk)
    if not competence_access.can_keep(request.user, plan):
        raise PermissionDenied
    form = PlanGoalsForm(request.POST or None, version=plan.version, initial={"goals": plan.goals})
    return edit_form(
        request,
        form,
        lambda data: services.plan_update(actor=request.user, plan=plan, **data),
        template="competence/plan_form.html",
        context=lambda: {"plan": plan},
        success=_("Målen är sparade."),
        redirect_to=reverse("competence:person", args=[plan.employment_id]),
        record=plan,
    )


@login_required
@require_POST
def row_add(request, pk: int):
    """Add a planned activity to an individual plan: the staff member or those who keep the unit's records."""
    plan = competence_access.access_plan(request.user, pk)
    if not competence_access.may_update_rows(request.user, plan):
        raise PermissionDenied
    form = PlanRowForm(request.POST)
    return edit_form(
        request,
        form,
        lambda data: services.plan_row_add(actor=request.user, plan=plan, **data),
        template="competence/row_form.html",
        context=lambda: {"plan": plan, "adding": True, "came_from": request.POST.get("from", "")},
        success=_("Aktiviteten är tillagd."),
        redirect_to=_back_to(request, plan),
    )


@login_required
def row_edit(request, pk: int):
    row = competence_access.access_row(request.user, pk)
    initial = {f: getattr(row, f) for f in ("activity", "planned_when", "done_on", "outcome")}
    form = PlanRowEditForm(request.POST or None, version=row.version, initial=initial)
    return edit_form(
        request,
        form,
        lambda data: services.plan_row_update(actor=request.user, row=row, **data),
        template="competence/row_form.html",
        context=lambda: {"plan": row.plan, "row": row, "came_from": request.POST.get("from", request.GET.get("from", ""))},
        success=_("Aktiviteten är sparad."),
        redirect_to=_back_to(request, row.plan),
        record=row,
    )


@login_required
@require_POST
def row_done(request, pk: int):
    """Mark a planned activity done, from "Min kompetens" or the person's page."""
    row = competence_access.access_row(request.user, pk)
    form = MarkDoneForm(request.POST, version=row.version)
    return edit_form(
        request,
        form,
        lambda data: services.plan_row_mark_done(actor=request.user, row=row, **data),
        template="competence/row_done.html",
        context=lambda: {"plan": row.plan, "row": row, "came_from": request.POST.get("from", "")},
        success=_("Aktiviteten är markerad som genomförd."),
        redirect_to=_back_to(request, row.plan),
        record=row,
    )


# --- The units' competence development plans ---------------------------------------------------------------------------


@login_required
def unit_plans(request):
    _require_reader(request.user)
    units = competence_access.units_to_keep(request.user)
    can_create = units.exists()
    form = (
        UnitPlanCreateForm(request.POST or None, units=units, initial={"year": timezone.localdate().year}) if can_create else None
    )
    if request.method == "POST" and not can_create:
        raise PermissionDenied

    def page(status):
        filtered = UNIT_PLANS.bind(request.user, request.GET)
        return render(
            request,
            "competence/unit_plans.html",
            {"page_obj": filtered.page(request.GET.get("page")), "form": form, **_nav(request.user)},
            status=status,
        )

    if form is None:
        return page(200)
    return edit_form(
        request,
        form,
        lambda data: services.unit_plan_create(actor=request.user, **data),
        page=page,
        success=_("Planen är skapad. Lägg till behov och aktiviteter."),
        redirect_to=lambda plan: reverse("competence:unit_plan", args=[plan.pk]),
    )


UNIT_PLAN_ACTIONS = {
    "summary": (UnitPlanSummaryForm, True, _("Inventeringen är sparad.")),
    "item": (UnitPlanItemForm, False, _("Raden är tillagd.")),
    "copy": (UnitPlanCopyForm, False, _("Planen är kopierad till det nya året.")),
}


@login_required
def unit_plan(request, pk: int):
    """One unit plan: its inventory and rows; who keeps the unit's records adds rows and copies it into a new year."""
    plan = competence_access.access_unit_plan(request.user, pk, write=request.method == "POST")
    can_keep = competence_access.can_keep(request.user, plan)
    forms = {
        "summary": UnitPlanSummaryForm(prefix="summary", version=plan.version, initial={"summary": plan.summary}),
        "item": UnitPlanItemForm(prefix="item"),
        "copy": UnitPlanCopyForm(prefix="copy", initial={"year": plan.year + 1}),
    }
    action = request.POST.get("action") if request.method == "POST" else None
    page = lambda status: _unit_plan_page(request, plan, forms, can_keep, status=status)  # noqa: E731
    if request.method == "POST" and action not in UNIT_PLAN_ACTIONS:
        return page(400)
    if action is None:
        return page(200)
    form_class, versioned, success = UNIT_PLAN_ACTIONS[action]
    kwargs = {"version": plan.version} if versioned else {}
    forms[action] = form = form_class(request.POST, prefix=action, **kwargs)
    if action == "summary":
        save = lambda data: services.unit_plan_update(actor=request.user, plan=plan, **data)  # noqa: E731
        target = reverse("competence:unit_plan", args=[plan.pk])
    elif action == "item":
        save = lambda data: services.unit_plan_item_add(actor=request.user, plan=plan, **data)  # noqa: E731
        target = reverse("competence:unit_plan", args=[plan.pk])
    else:
        save = lambda data: services.unit_plan_copy(actor=request.user, plan=plan, **data)  # noqa: E731
        target = lambda new: reverse("competence:unit_plan", args=[new.pk])  # noqa: E731
    return edit_form(
        request,
        form,
        save,
        page=page,
        success=success,
        redirect_to=target,
        record=plan if versioned else None,
    )


def _unit_plan_page(request, plan, forms, can_keep: bool, *, status: int):
    return render(
        request,
        "competence/unit_plan.html",
        {"plan": plan, "items": list(plan.items.all()), "forms": forms, "can_keep": can_keep, **_nav(request.user)},
        status=status,
    )


def _item(request, pk: int) -> UnitPlanItem:
    try:
        item = UnitPlanItem.objects.select_related("plan__unit").get(pk=pk)
    except (UnitPlanItem.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    item.plan = competence_access.access_unit_plan(request.user, item.plan_id, write=True)
    return item


@login_required
def unit_plan_item(request, pk: int):
    item = _item(request, pk)
    initial = {f: getattr(item, f) for f in ("need", "activity", "target_group", "when", "cost", "status")}
    form = UnitPlanItemEditForm(request.POST or None, version=item.version, initial=initial)
    return edit_form(
        request,
        form,
        lambda data: services.unit_plan_item_update(
            actor=request.user, item=item, version=data["version"], **without_version(data)
        ),
        template="competence/unit_plan_item.html",
        context=lambda: {"item": item, "plan": item.plan},
        success=_("Raden är sparad."),
        redirect_to=reverse("competence:unit_plan", args=[item.plan_id]),
        record=item,
    )


@login_required
@require_POST
def unit_plan_item_remove(request, pk: int):
    item = _item(request, pk)
    services.unit_plan_item_remove(actor=request.user, item=item)
    return redirect("competence:unit_plan", pk=item.plan_id)


# --- Supervision and students ------------------------------------------------------------------------------------------


@login_required
def supervision(request):
    _require_reader(request.user)
    units = competence_access.units_to_keep(request.user)
    can_add = units.exists()
    if request.method == "POST" and not can_add:
        raise PermissionDenied
    form = SupervisionAddForm(request.POST or None, units=units) if can_add else None

    def page(status):
        filtered = SUPERVISION.bind(request.user, request.GET)
        return render(
            request,
            "competence/supervision.html",
            {
                "page_obj": filtered.page(request.GET.get("page")),
                "form": form,
                "today": timezone.localdate(),
                **_nav(request.user),
            },
            status=status,
        )

    if form is None:
        return page(200)
    return edit_form(
        request,
        form,
        lambda data: services.supervision_add(actor=request.user, **data),
        page=page,
        success=_("Handledningen är registrerad."),
        redirect_to=reverse("competence:supervision"),
    )


@login_required
def supervision_edit(request, pk: int):
    item = competence_access.access_supervision(request.user, pk, write=True)
    fields = ("form", "given_by", "frequency", "starts_on", "ends_on")
    form = SupervisionForm(request.POST or None, version=item.version, initial={f: getattr(item, f) for f in fields})
    return edit_form(
        request,
        form,
        lambda data: services.supervision_update(
            actor=request.user, supervision=item, version=data["version"], **without_version(data)
        ),
        template="competence/supervision_form.html",
        context=lambda: {"item": item},
        success=_("Handledningen är sparad."),
        redirect_to=reverse("competence:supervision"),
        record=item,
    )


@login_required
def students(request):
    _require_reader(request.user)
    units = competence_access.units_to_keep(request.user)
    can_add = units.exists()
    if request.method == "POST" and not can_add:
        raise PermissionDenied
    supervisors = competence_access.supervisors(request.user)
    form = StudentAddForm(request.POST or None, units=units, supervisors=supervisors) if can_add else None

    def page(status):
        filtered = STUDENTS.bind(request.user, request.GET)
        context = {
            "page_obj": filtered.page(request.GET.get("page")),
            "filter_form": filtered.form,
            "query": list_query(request),
            "form": form,
            **_nav(request.user),
        }
        return render(request, "competence/students.html", context, status=max(status, filtered.status))

    if form is None:
        return page(200)
    return edit_form(
        request,
        form,
        lambda data: services.student_add(actor=request.user, **without_version(data)),
        page=page,
        success=_("Praktikanten är registrerad."),
        redirect_to=reverse("competence:students"),
    )


@login_required
def student_edit(request, pk: int):
    student = competence_access.access_student(request.user, pk, write=True)
    fields = ("name", "programme", "school", "starts_on", "ends_on", "supervisor")
    form = StudentForm(
        request.POST or None,
        version=student.version,
        supervisors=competence_access.supervisors(request.user, unit=student.unit),
        initial={f: getattr(student, f) for f in fields},
    )
    return edit_form(
        request,
        form,
        lambda data: services.student_update(
            actor=request.user, student=student, version=data["version"], **without_version(data)
        ),
        template="competence/student_form.html",
        context=lambda: {"student": student},
        success=_("Praktikanten är sparad."),
        redirect_to=reverse("competence:students"),
        record=student,
    )
