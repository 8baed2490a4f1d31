"""Self-inspection: plans per unit and year, control points, and carrying rounds out (checklist or case-record review)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from lots import access
from lots.audit import services as audit
from lots.core.editing import edit_form
from lots.lib.spreadsheets import FORMATS, table_response
from lots.risks import access as risk_access
from lots.risks.compliance import Tally, compliance_for
from lots.risks.forms.common import year_choices
from lots.risks.forms.inspection import (
    ChecklistForm,
    ControlPointForm,
    InspectionPlanForm,
    RecordReviewForm,
    RoundCompleteForm,
)
from lots.risks.lists import INSPECTION_PLANS, this_year_unless_asked
from lots.risks.models import Assessment, ControlPoint, ControlRound, ReviewedRecord
from lots.risks.queries import improvement_url, improvements_by_source, people_near, units_for
from lots.risks.services import inspection as services
from lots.risks.views import plans as plan_pages
from lots.risks.views.common import action_view, list_query, log_export, people_named, today


def plans_of_year(request, definition, perm: str):
    """A yearly plan list as the person sees it: this year without a ``year`` parameter ("Alla år" sends it empty);
    404 without ``perm``."""
    if not access.has_perm_anywhere(request.user, perm):
        raise Http404
    return definition.bind(request.user, this_year_unless_asked(request.GET))


def round_tallies(rounds) -> dict[int, Tally]:
    """Overall counts per round, for many rounds in one query."""
    rows = (
        Assessment.objects.filter(round__in=rounds)
        .values("round_id")
        .annotate(
            met=Count("pk", filter=Q(answer=Assessment.Answer.MET)),
            not_met=Count("pk", filter=Q(answer=Assessment.Answer.NOT_MET)),
            na=Count("pk", filter=Q(answer=Assessment.Answer.NOT_APPLICABLE)),
        )
        .order_by()
    )
    return {row["round_id"]: Tally(row["met"], row["not_met"], row["na"]) for row in rows}


@login_required
def plan_list(request):
    filtered = plans_of_year(request, INSPECTION_PLANS, "inspection.view")
    page = filtered.page(request.GET.get("page"))
    mine = list(
        ControlRound.objects.open()
        .filter(control_point__responsible=request.user)
        .select_related("control_point__plan__unit")
        .order_by("due_date")[:20]
    )
    return render(
        request,
        "risks/inspection_list.html",
        {
            "form": filtered.form,
            "plans": page,
            "page_obj": page,
            "year": filtered.form.cleaned_data.get("year") if filtered.is_valid else None,
            "query": list_query(request),
            "mine": mine,
            "today": today(),
            "can_create": access.has_perm_anywhere(request.user, "inspection.change"),
        },
        status=filtered.status,
    )


@login_required
def plan_export(request, fmt: str):
    """The self-inspection plan list as Excel or CSV: every plan the list shows the person for the same year, in its
    order, with who is responsible for its control points, audited; a filter error sends the person to the list."""
    if fmt not in FORMATS:
        raise Http404
    filtered = plans_of_year(request, INSPECTION_PLANS, "inspection.view")
    if not filtered.is_valid:
        return redirect(reverse("risks:inspection_plans") + "?" + request.GET.urlencode())
    points = ControlPoint.objects.select_related("responsible").order_by("first_due", "pk")
    headers = [
        _("År"),
        _("Enhet"),
        _("Plan"),
        _("Ansvariga"),
        _("Kontrollpunkter"),
        _("Genomföranden"),
        _("Genomförda"),
        _("Ej genomförda"),
        _("Försenade"),
        _("Nästa klart senast"),
        _("Kommentar"),
    ]
    rows = [
        [
            p.year,
            p.unit.name,
            str(p),
            people_named(point.responsible for point in p.control_points.all()),
            p.points,
            p.rounds_total,
            p.rounds_done,
            p.rounds_total - p.rounds_done,
            p.rounds_overdue,
            p.next_due,
            p.note,
        ]
        for p in filtered.rows().prefetch_related(Prefetch("control_points", queryset=points))
    ]
    log_export(request, _("egenkontrollplaner"), len(rows))
    return table_response(fmt, f"egenkontrollplaner-{today():%Y-%m-%d}", headers, rows, title=_("Egenkontrollplaner"))


@login_required
def plan_create(request):
    units = units_for(request.user, "inspection.change")
    if not units.exists():
        raise Http404
    form = InspectionPlanForm(
        request.POST or None, units=units, years=year_choices(today(), back=0, ahead=1), initial={"year": today().year}
    )
    return plan_pages.plan_create(
        request,
        plan_pages.INSPECTION,
        form,
        lambda data: services.inspection_plan_create(actor=request.user, unit=data["unit"], year=data["year"], note=data["note"]),
    )


@login_required
def plan_edit(request, pk: int):
    plan = risk_access.get_inspection_plan(request.user, pk, write=True)
    form = InspectionPlanForm(request.POST or None, initial={"note": plan.note})
    return plan_pages.plan_edit(
        request,
        plan_pages.INSPECTION,
        plan,
        form,
        lambda data: services.inspection_plan_update(
            actor=request.user, plan=plan, expected_version=data["version"], note=data["note"]
        ),
    )


@login_required
def plan_detail(request, pk: int):
    plan = risk_access.get_inspection_plan(request.user, pk)
    points = list(
        plan.control_points.select_related("responsible").prefetch_related(
            "criteria", Prefetch("rounds", queryset=ControlRound.objects.order_by("due_date", "pk"))
        )
    )
    rounds = [r for p in points for r in p.rounds.all()]
    counts = round_tallies(rounds)
    for round_ in rounds:
        round_.tally = counts.get(round_.pk, Tally())
    return render(
        request,
        "risks/inspection_plan_detail.html",
        {
            "plan": plan,
            "points": points,
            "today": today(),
            "can_edit": access.can(request.user, "inspection.change", plan.unit),
            "done": sum(1 for r in rounds if r.is_done),
            "total": len(rounds),
        },
    )


def _point_form(request, plan, point=None):
    initial = {}
    if point is not None:
        initial = {f: getattr(point, f) for f in ("title", "purpose", "method", "frequency", "sample_size", "first_due")}
        initial["responsible"] = point.responsible_id
        initial["criteria"] = "\n".join(c.text for c in point.criteria.all())
    else:
        initial = {"responsible": request.user.pk}
    return ControlPointForm(request.POST or None, people=people_near(plan.unit), initial=initial)


def _point_data(form) -> dict:
    data = form.cleaned_data
    return {
        "title": data["title"],
        "purpose": data["purpose"],
        "method": data["method"],
        "frequency": data["frequency"],
        "sample_size": data["sample_size"],
        "responsible": data["responsible"],
        "first_due": data["first_due"],
        "criteria": form.criteria_lines(),
    }


@login_required
def control_point_create(request, pk: int):
    plan = risk_access.get_inspection_plan(request.user, pk, write=True)
    form = _point_form(request, plan)
    return edit_form(
        request,
        form,
        lambda data: services.control_point_create(actor=request.user, plan=plan, **_point_data(form)),
        template="risks/control_point_form.html",
        context={"plan": plan, "point": None},
        success=lambda point: _("Kontrollpunkten ”%(title)s” är tillagd.") % {"title": point.title},
        redirect_to=reverse("risks:inspection_plan", args=[plan.pk]),
    )


@login_required
def control_point_edit(request, pk: int):
    point = risk_access.get_control_point(request.user, pk, write=True)
    plan = point.plan
    form = _point_form(request, plan, point)
    form.add_version_field(point.version)
    return edit_form(
        request,
        form,
        lambda data: services.control_point_update(
            actor=request.user, point=point, expected_version=data["version"], **_point_data(form)
        ),
        template="risks/control_point_form.html",
        context={"plan": plan, "point": point},
        success=_("Ändringarna är sparade."),
        redirect_to=reverse("risks:inspection_plan", args=[plan.pk]),
        record=point,
    )


@login_required
def round_detail(request, pk: int):
    round_ = risk_access.get_round(request.user, pk)
    point = round_.control_point
    plan = point.plan
    compliance = compliance_for(round_)
    records = []
    if point.is_record_review:
        records = list(
            round_.records.prefetch_related(Prefetch("assessments", queryset=Assessment.objects.order_by("criterion__position")))
        )
        for record in records:
            by_criterion = {a.criterion_id: a for a in record.assessments.all()}
            record.cells = [by_criterion.get(r.criterion.pk) for r in compliance.criteria]
    checklist = {a.criterion_id: a for a in round_.assessments.filter(record__isnull=True)} if not point.is_record_review else {}
    checklist_rows = [(r, checklist.get(r.criterion.pk)) for r in compliance.criteria]
    if point.is_record_review and records:
        audit.record_view(actor=request.user, obj=round_, unit=plan.unit)
    actions = [(a, improvement_url(a)) for a in improvements_by_source([round_]).get(round_.pk, [])]
    can_carry_out = risk_access.can_carry_out(request.user, round_)
    return render(
        request,
        "risks/round_detail.html",
        {
            "round": round_,
            "point": point,
            "plan": plan,
            "compliance": compliance,
            "records": records,
            "checklist_rows": checklist_rows,
            "actions": actions,
            "today": today(),
            "can_carry_out": can_carry_out and not round_.is_done,
            "can_add_record": can_carry_out
            and not round_.is_done
            and point.is_record_review
            and len(records) < point.sample_size,
            "can_reopen": round_.is_done and access.can(request.user, "inspection.change", plan.unit),
            "can_act": can_carry_out,
            "problems": services.round_completion_problems(round_) if can_carry_out and not round_.is_done else [],
        },
    )


def _record_form(request, round_, record=None):
    criteria = list(round_.control_point.criteria.all())
    initial = {}
    if record is not None:
        initial = {"reference": record.reference, "note": record.note, **RecordReviewForm.initial_from(record.assessments.all())}
    return RecordReviewForm(request.POST or None, criteria=criteria, initial=initial)


@login_required
def record_add(request, pk: int):
    round_ = risk_access.get_round(request.user, pk, carry_out=True)
    if not round_.control_point.is_record_review or round_.is_done:
        return redirect("risks:round", pk=round_.pk)
    form = _record_form(request, round_)
    return edit_form(
        request,
        form,
        lambda data: services.record_review_add(
            actor=request.user,
            round_=round_,
            reference=data["reference"],
            answers=form.answers(),
            comments=form.comments(),
            note=data["note"],
        ),
        template="risks/record_form.html",
        context={"round": round_, "point": round_.control_point, "record": None, "reviewed": round_.records.count()},
        success=lambda record: _("Akten %(ref)s är granskad.") % {"ref": record.reference},
        redirect_to=lambda _record: reverse(
            "risks:record_add"
            if "another" in request.POST and round_.records.count() < round_.control_point.sample_size
            else "risks:round",
            args=[round_.pk],
        ),
    )


def _record(request, round_pk: int, record_pk: int) -> tuple[ControlRound, ReviewedRecord]:
    round_ = risk_access.get_round(request.user, round_pk, carry_out=True)
    try:
        record = round_.records.get(pk=record_pk)
    except ReviewedRecord.DoesNotExist:
        raise Http404 from None
    return round_, record


@login_required
def record_edit(request, pk: int, record_pk: int):
    round_, record = _record(request, pk, record_pk)
    if round_.is_done:
        raise PermissionDenied
    form = _record_form(request, round_, record)
    form.add_version_field(record.version)
    return edit_form(
        request,
        form,
        lambda data: services.record_review_update(
            actor=request.user,
            record=record,
            expected_version=data["version"],
            reference=data["reference"],
            answers=form.answers(),
            comments=form.comments(),
            note=data["note"],
        ),
        template="risks/record_form.html",
        context={"round": round_, "point": round_.control_point, "record": record, "reviewed": round_.records.count()},
        success=lambda _changes: _("Granskningen av %(ref)s är sparad.") % {"ref": form.cleaned_data["reference"]},
        redirect_to=reverse("risks:round", args=[round_.pk]),
        record=record,
    )


@login_required
def record_delete(request, pk: int, record_pk: int):
    round_, record = _record(request, pk, record_pk)
    if request.method == "POST":
        try:
            services.record_review_delete(actor=request.user, record=record)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Akten %(ref)s är borttagen ur granskningen.") % {"ref": record.reference})
    return redirect("risks:round", pk=round_.pk)


@login_required
def checklist(request, pk: int):
    round_ = risk_access.get_round(request.user, pk, carry_out=True)
    point = round_.control_point
    if point.is_record_review or round_.is_done:
        return redirect("risks:round", pk=round_.pk)
    initial = ChecklistForm.initial_from(round_.assessments.filter(record__isnull=True))
    form = ChecklistForm(request.POST or None, criteria=point.criteria.all(), initial=initial)
    form.add_version_field(round_.version)
    return edit_form(
        request,
        form,
        lambda data: services.checklist_save(
            actor=request.user,
            round_=round_,
            expected_version=data["version"],
            answers=form.answers(),
            comments=form.comments(),
        ),
        template="risks/checklist_form.html",
        context={"round": round_, "point": point},
        success=_("Checklistan är sparad."),
        redirect_to=reverse("risks:round", args=[round_.pk]),
        record=round_,
    )


@login_required
def round_complete(request, pk: int):
    round_ = risk_access.get_round(request.user, pk, carry_out=True)
    if round_.is_done:
        return redirect("risks:round", pk=round_.pk)
    form = RoundCompleteForm(request.POST or None, initial={"performed_on": today()})
    form.add_version_field(round_.version)
    return edit_form(
        request,
        form,
        lambda data: services.round_complete(
            actor=request.user,
            round_=round_,
            expected_version=data["version"],
            performed_on=data["performed_on"],
            summary=data["summary"],
            conclusion=data["conclusion"],
        ),
        template="risks/round_complete.html",
        context={"round": round_, "point": round_.control_point, "compliance": compliance_for(round_)},
        success=_("Omgången är markerad som genomförd."),
        redirect_to=reverse("risks:round", args=[round_.pk]),
        record=round_,
    )


@login_required
def round_reopen(request, pk: int):
    round_ = risk_access.get_round(request.user, pk)
    if not access.can(request.user, "inspection.change", round_.control_point.plan.unit):
        raise PermissionDenied
    if request.method == "POST":
        try:
            services.round_reopen(actor=request.user, round_=round_)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Omgången är öppnad igen."))
    return redirect("risks:round", pk=round_.pk)


@login_required
def round_action(request, pk: int):
    round_ = risk_access.get_round(request.user, pk, carry_out=True)
    return action_view(
        request,
        source=round_,
        unit=round_.control_point.plan.unit,
        back_url=reverse("risks:round", args=[round_.pk]),
        heading=_("Ny åtgärd efter egenkontrollen"),
        context={"round": round_, "point": round_.control_point},
        create=lambda **kw: services.round_action_create(round_=round_, **kw),
    )
