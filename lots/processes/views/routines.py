"""Routines: the list, a routine with its current text, drafts compared side by side, establishing, reading."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lots import access
from lots.agreements.collaborations import linkable
from lots.audit import services as audit
from lots.core.collation import Swedish
from lots.core.editing import edit_form, without_version
from lots.lib import richtext, textdiff
from lots.lib.spreadsheets import FORMATS, table_response
from lots.processes import access as paccess
from lots.processes import acknowledgements, approvals, services
from lots.processes.forms import CollaborationForm, DraftForm, RoutineCreateForm, RoutineEditForm, draft_initial
from lots.processes.lists import ROUTINES
from lots.processes.models import Process, Routine, RoutineCollaboration, RoutineVersion
from lots.processes.views.common import list_query, yes_no


def _routine(request, pk, *, change: str | None = None) -> Routine:
    queryset = Routine.objects.select_related(
        "owner", "municipality", "current_version", "current_version__established_by"
    ).prefetch_related("units")
    return paccess.get_visible(queryset, request.user, pk, view="routine.view", change=change, write=change is not None)


def _filtered_routines(request):
    """The routine list as the person sees it with the filters in the request; 404 without ``routine.view``."""
    if not access.has_perm_anywhere(request.user, "routine.view"):
        raise Http404
    return ROUTINES.bind(request.user, request.GET)


@login_required
def routine_list(request):
    filtered = _filtered_routines(request)
    page = filtered.page(request.GET.get("page"))
    for routine in page:
        routine.asked = acknowledgements.may_acknowledge(request.user, routine)
    return render(
        request,
        "processes/routine_list.html",
        {
            "form": filtered.form,
            "page_obj": page,
            "query": list_query(request),
            "today": timezone.localdate(),
            "can_create": access.has_perm_anywhere(request.user, "routine.change"),
        },
        status=filtered.status,
    )


def _read_by_me(user, routine: Routine) -> str:
    """The list's "Läst av dig": blank when there is nothing the person is asked to read."""
    if routine.current_version_id is None or not acknowledgements.may_acknowledge(user, routine):
        return "–"
    return yes_no(routine.i_confirmed)


@login_required
def routine_export(request, fmt: str):
    """The routine list as Excel or CSV with the same filters and scope; a filter error sends the person to the list."""
    if fmt not in FORMATS:
        raise Http404
    filtered = _filtered_routines(request)
    if not filtered.is_valid:
        return redirect(reverse("processes:routines") + "?" + request.GET.urlencode())
    today = timezone.localdate()
    processes = paccess.visible(Process.objects.all(), request.user, "process.view").order_by(Swedish("name"), "pk")
    routines = filtered.rows().prefetch_related(Prefetch("processes", queryset=processes, to_attr="visible_processes"))
    headers = [
        _("Rutin"),
        _("Rutinägare"),
        _("Gäller för"),
        _("Processer"),
        _("Status"),
        _("Version"),
        _("Fastställd"),
        _("Nytt utkast"),
        _("Gäller från"),
        _("Gäller till och med"),
        _("Nästa översyn"),
        _("Översyn förfallen"),
        _("Läst av dig"),
        _("Samverkan"),
    ]
    rows = [
        [
            r.title,
            str(r.owner),
            ", ".join(u.name for u in r.units.all()),
            ", ".join(p.name for p in r.visible_processes),
            _("Fastställd") if r.current_version_id else _("Utkast"),
            r.current_version.number if r.current_version_id else None,
            r.current_version.established_at if r.current_version_id else None,
            yes_no(r.has_draft and r.current_version_id is not None),
            r.valid_from,
            r.valid_until,
            r.review_date,
            yes_no(r.review_is_due(today)),
            _read_by_me(request.user, r),
            collaboration_summary(r),
        ]
        for r in routines.prefetch_related("collaborations")
    ]
    audit.record_export(actor=request.user, what=_("rutiner"), count=len(rows), query=request.GET.urlencode())
    return table_response(fmt, f"rutiner-{today:%Y-%m-%d}", headers, rows, title=_("Rutiner"))


def collaboration_summary(routine: Routine) -> str:
    """The export's "Samverkan": the partners, why none is needed, or that it is not documented."""
    partners = [f"{c.partner} ({c.get_kind_display().lower()})" for c in routine.collaborations.all()]
    if partners:
        return "; ".join(partners)
    if routine.no_collaboration_reason:
        return _("Ingen samverkan behövs: %(reason)s") % {"reason": routine.no_collaboration_reason}
    return _("Inte beskriven")


def _processes_for(user, municipalities):
    processes = paccess.visible(Process.objects.filter(municipality__in=municipalities), user, "process.view")
    return processes.order_by(Swedish("name"), "pk")


@login_required
def routine_create(request):
    allowed = list(paccess.changeable_units(request.user, "routine.change"))
    if not allowed:
        if access.has_perm_anywhere(request.user, "routine.view"):
            raise PermissionDenied
        raise Http404
    processes = _processes_for(request.user, {u.municipality_id for u in allowed})
    form = RoutineCreateForm(request.POST or None, allowed_units=allowed, processes=processes, initial={"owner": request.user})
    return edit_form(
        request,
        form,
        lambda data: services.routine_create(
            actor=request.user,
            municipality=data["units"][0].municipality,
            title=data["title"],
            owner=data["owner"],
            units=data["units"],
            body=data["body"],
            processes=data["processes"],
            activities=data["activities"],
            valid_from=data["valid_from"],
            valid_until=data["valid_until"],
            review_interval_months=data["review_interval_months"],
            no_collaboration_reason=data["no_collaboration_reason"],
        ),
        template="processes/routine_form.html",
        context={"routine": None},
        success=_("Rutinen är skapad som utkast. Den gäller när en version är fastställd."),
        redirect_to=lambda routine: reverse("processes:routine", args=[routine.pk]),
    )


@login_required
def routine_edit(request, pk: int):
    routine = _routine(request, pk, change="routine.change")
    allowed = list(paccess.changeable_units(request.user, "routine.change"))
    current = list(routine.units.all())
    processes = _processes_for(request.user, {routine.municipality_id})
    fields = ["title", "owner", "valid_from", "valid_until", "review_interval_months", "review_date", "no_collaboration_reason"]
    initial = {f: getattr(routine, f) for f in fields} | {
        "units": current,
        "processes": list(routine.processes.all()),
        "activities": list(routine.activities.all()),
    }
    form = RoutineEditForm(
        request.POST or None, initial=initial, allowed_units=allowed, current_units=current, processes=processes
    )
    form.add_version_field(routine.version)
    return edit_form(
        request,
        form,
        lambda data: services.routine_update(
            actor=request.user, routine=routine, expected_version=data["version"], **without_version(data)
        ),
        template="processes/routine_form.html",
        context={"routine": routine},
        success=_("Ändringarna är sparade."),
        redirect_to=reverse("processes:routine", args=[routine.pk]),
        record=routine,
    )


@login_required
def routine_detail(request, pk: int):
    routine = _routine(request, pk)
    user = request.user
    today = timezone.localdate()
    draft = services.draft_of(routine)
    statuses = acknowledgements.status_by_unit(routine) if routine.current_version_id else []
    confirmed, asked = acknowledgements.totals(statuses)
    return render(
        request,
        "processes/routine_detail.html",
        {
            "routine": routine,
            "version": routine.current_version,
            "draft": draft,
            "versions": routine.versions.filter(status=RoutineVersion.Status.ESTABLISHED).select_related("established_by"),
            "processes": paccess.visible(routine.processes.all(), user, "process.view").order_by(Swedish("name"), "pk"),
            "activities": routine.activities.select_related("process").order_by("process__name", "position"),
            "collaborations": routine.collaborations.select_related("linked_agreement"),
            "confirmed": confirmed,
            "asked": asked,
            "i_confirmed": acknowledgements.has_confirmed(user, routine),
            "may_acknowledge": acknowledgements.may_acknowledge(user, routine),
            "can_edit": paccess.can_change(user, "routine.change", routine),
            "can_establish": paccess.can_change(user, "routine.establish", routine),
            "today": today,
        },
    )


@login_required
def routine_version(request, pk: int, number: int):
    routine = _routine(request, pk)
    shown = get_object_or_404(routine.versions.select_related("established_by", "created_by"), number=number)
    if shown.is_draft and not paccess.can_change(request.user, "routine.change", routine):
        raise Http404
    return render(request, "processes/routine_version.html", {"routine": routine, "shown": shown})


@login_required
def draft_edit(request, pk: int):
    """Start a draft (POST without a draft) or edit the draft's text."""
    routine = _routine(request, pk, change="routine.change")
    draft = services.draft_of(routine)
    if draft is None:
        if request.method != "POST":
            return redirect("processes:routine", pk=routine.pk)
        services.routine_draft_start(actor=request.user, routine=routine)
        messages.success(request, _("Ett nytt utkast är skapat från den gällande versionen."))
        return redirect("processes:draft", pk=routine.pk)
    data = request.POST if request.method == "POST" and "body" in request.POST else None
    form = DraftForm(data, initial=draft_initial(draft))
    form.add_version_field(draft.version)
    return edit_form(
        request,
        form,
        lambda data: services.routine_draft_update(
            actor=request.user,
            draft=draft,
            expected_version=data["version"],
            body=data["body"],
            change_summary=data["change_summary"],
        ),
        template="processes/draft_form.html",
        context=lambda: {
            "routine": routine,
            "draft": draft,
            "preview": richtext.render(form.data.get("body", draft.body_source)) if form.is_bound else draft.body_html,
        },
        success=_("Utkastet är sparat."),
        redirect_to=reverse("processes:compare" if routine.current_version_id else "processes:routine", args=[routine.pk]),
        record=draft,
    )


def _comparison(routine: Routine, draft: RoutineVersion) -> list[textdiff.Row]:
    old = richtext.blocks(routine.current_version.body_html) if routine.current_version else []
    return textdiff.side_by_side(old, richtext.blocks(draft.body_html))


@login_required
def compare(request, pk: int):
    routine = _routine(request, pk)
    draft = services.draft_of(routine)
    if draft is None or not paccess.can_change(request.user, "routine.change", routine):
        raise Http404
    rows = _comparison(routine, draft)
    return render(
        request,
        "processes/compare.html",
        {
            "routine": routine,
            "draft": draft,
            "rows": rows,
            "changed": textdiff.has_changes(rows),
            "can_establish": paccess.can_change(request.user, "routine.establish", routine),
            "asked": len(acknowledgements.people_asked(routine)),
            "problems": services.routine_establish_problems(draft),
        },
    )


@login_required
@require_POST
def draft_submit(request, pk: int):
    """Send the draft for approval to the nearest managers who may establish it."""
    routine = _routine(request, pk, change="routine.change")
    draft = services.draft_of(routine)
    if draft is None:
        raise Http404
    try:
        services.routine_draft_submit(actor=request.user, draft=draft)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("processes:draft", pk=routine.pk)
    names = ", ".join(p.get_full_name() or p.username for p in approvals.approvers(routine))
    messages.success(request, _("Utkastet är skickat för fastställelse till %(names)s.") % {"names": names or _("ansvarig chef")})
    return redirect("processes:routine", pk=routine.pk)


@login_required
def establish(request, pk: int):
    routine = _routine(request, pk, change="routine.establish")
    draft = services.draft_of(routine)
    if draft is None:
        raise Http404
    errors = []
    if request.method == "POST":
        try:
            established = services.routine_establish(actor=request.user, draft=draft)
        except ValidationError as error:
            errors = error.messages
        else:
            messages.success(
                request,
                _("Version %(n)s är fastställd. Medarbetarna på enheterna ombeds läsa den senast %(d)s.")
                % {"n": established.number, "d": established.acknowledge_by.isoformat()},
            )
            return redirect("processes:routine", pk=routine.pk)
    rows = _comparison(routine, draft)
    return render(
        request,
        "processes/routine_establish.html",
        {
            "routine": routine,
            "draft": draft,
            "rows": rows,
            "changed": textdiff.has_changes(rows),
            "errors": errors or services.routine_establish_problems(draft),
            "asked": len(acknowledgements.people_asked(routine)),
        },
        status=422 if errors else 200,
    )


@login_required
@require_POST
def draft_discard(request, pk: int):
    routine = _routine(request, pk, change="routine.change")
    draft = services.draft_of(routine)
    if draft is None:
        raise Http404
    try:
        services.routine_draft_discard(actor=request.user, draft=draft)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Utkastet är borttaget."))
    return redirect("processes:routine", pk=routine.pk)


@login_required
@require_POST
def acknowledge(request, pk: int):
    routine = _routine(request, pk)
    if not acknowledgements.may_acknowledge(request.user, routine):
        raise PermissionDenied
    try:
        services.acknowledge(actor=request.user, routine=routine)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Tack! Du har bekräftat att du har läst och förstått version %(n)s.") % {"n": routine.current_version.number},
        )
    return redirect("processes:routine", pk=routine.pk)


@login_required
def acknowledgement_report(request, pk: int):
    routine = _routine(request, pk)
    statuses = acknowledgements.status_by_unit(routine)
    confirmed, asked = acknowledgements.totals(statuses)
    may_see_names = paccess.can_change(request.user, "routine.change", routine)
    rows = [{"status": s, "names": may_see_names or access.can(request.user, "person.view", s.unit)} for s in statuses]
    return render(
        request,
        "processes/acknowledgements.html",
        {"routine": routine, "rows": rows, "confirmed": confirmed, "asked": asked},
    )


def _routine_collaboration(request, pk) -> RoutineCollaboration:
    item = get_object_or_404(RoutineCollaboration.objects.select_related("routine"), pk=pk)
    _routine(request, item.routine_id, change="routine.change")
    return item


@login_required
def collaboration_create(request, pk: int):
    routine = _routine(request, pk, change="routine.change")
    form = CollaborationForm(request.POST or None, agreements=linkable(routine.units.all(), request.user))
    return edit_form(
        request,
        form,
        lambda data: services.routine_collaboration_create(actor=request.user, routine=routine, **data),
        template="processes/collaboration_form.html",
        context={"record": routine, "item": None},
        success=_("Samverkan är tillagd."),
        redirect_to=reverse("processes:routine", args=[routine.pk]),
    )


@login_required
def collaboration_edit(request, pk: int):
    item = _routine_collaboration(request, pk)
    fields = ["partner", "kind", "purpose", "agreement", "linked_agreement"]
    agreements = linkable(item.routine.units.all(), request.user, keep=item.linked_agreement_id)
    form = CollaborationForm(request.POST or None, agreements=agreements, initial={f: getattr(item, f) for f in fields})
    return edit_form(
        request,
        form,
        lambda data: services.routine_collaboration_update(actor=request.user, collaboration=item, **data),
        template="processes/collaboration_form.html",
        context={"record": item.routine, "item": item},
        success=_("Ändringarna är sparade."),
        redirect_to=reverse("processes:routine", args=[item.routine_id]),
    )


@login_required
@require_POST
def collaboration_delete(request, pk: int):
    item = _routine_collaboration(request, pk)
    try:
        services.routine_collaboration_delete(actor=request.user, collaboration=item)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Samverkan med %(name)s är borttagen.") % {"name": item.partner})
    return redirect("processes:routine", pk=item.routine_id)
