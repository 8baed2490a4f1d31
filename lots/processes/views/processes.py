"""Process register, process pages with their map, editing, establishing, activities and collaboration."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from lots import access
from lots.agreements.collaborations import linkable, visible_entries
from lots.audit import services as audit
from lots.core.collation import Swedish
from lots.core.editing import edit_form, without_version
from lots.lib.dates import add_years
from lots.lib.pdf import pdf_response, render_pdf
from lots.lib.spreadsheets import FORMATS, table_response
from lots.processes import access as paccess
from lots.processes import services
from lots.processes.forms import ActivityForm, CollaborationForm, EstablishForm, ProcessForm, SearchForm
from lots.processes.models import Activity, Collaboration, Law, Process, Routine
from lots.processes.views.common import list_query, nest, yes_no

KIND_PLURALS = [
    (Process.Kind.CORE, _lazy("Verksamhetsprocesser")),
    (Process.Kind.MANAGEMENT, _lazy("Ledningsprocesser")),
    (Process.Kind.SUPPORT, _lazy("Stödprocesser")),
]


def _visible_processes(user):
    return paccess.visible(Process.objects.all(), user, "process.view")


def _process(request, pk, *, change: str | None = None) -> Process:
    queryset = Process.objects.select_related("owner", "parent", "established_by", "municipality").prefetch_related("units")
    return paccess.get_visible(queryset, request.user, pk, view="process.view", change=change, write=change is not None)


def _register(request) -> tuple[list[Process], list[dict]]:
    """The processes the person may see by name, each with its step and routine counts, and the same processes grouped
    by kind (core, management, support) and nested under their visible main process; 404 without ``process.view``."""
    if not access.has_perm_anywhere(request.user, "process.view"):
        raise Http404
    processes = list(
        _visible_processes(request.user)
        .select_related("owner")
        .prefetch_related("units")
        .annotate(
            steps=Count("activities", distinct=True),
            routine_count=Count("routines", distinct=True),
            without_agreement=Count("collaborations", filter=Q(collaborations__linked_agreement__isnull=True), distinct=True),
        )
        .order_by(Swedish("name"), "pk")
    )
    groups = []
    for kind, label in KIND_PLURALS:
        members = [p for p in processes if p.kind == kind]
        if members:
            groups.append({"kind": kind, "label": label, "roots": nest(members)})
    return processes, groups


@login_required
def index(request):
    processes, groups = _register(request)
    return render(
        request,
        "processes/index.html",
        {
            "groups": groups,
            "total": len(processes),
            "search_form": SearchForm(),
            "can_create": access.has_perm_anywhere(request.user, "process.change"),
            "can_create_routine": access.has_perm_anywhere(request.user, "routine.change"),
            "query": list_query(request),
            "collaboration_missing": visible_entries(request.user, missing=True).count(),
        },
    )


def _in_order(nodes: list[dict], parent: Process | None = None):
    """(process, main process) depth first: the order the register shows them in."""
    for node in nodes:
        yield node["item"], parent
        yield from _in_order(node["children"], node["item"])


@login_required
def process_export(request, fmt: str):
    """The process register as Excel or CSV, in the order the register shows it; the list has no filters."""
    if fmt not in FORMATS:
        raise Http404
    today = timezone.localdate()
    headers = [
        _("Process"),
        _("Typ"),
        _("Huvudprocess"),
        _("Status"),
        _("Fastställd"),
        _("Nästa översyn"),
        _("Översyn förfallen"),
        _("Processägare"),
        _("Enheter"),
        _("Steg"),
        _("Rutiner"),
        _("Samverkan utan skriftlig överenskommelse"),
        _("Syfte"),
        _("Startar med"),
        _("Slutar med"),
    ]
    rows = [
        [
            p.name,
            p.get_kind_display(),
            parent.name if parent else "",
            p.get_status_display(),
            p.established_at,
            p.review_date,
            yes_no(p.review_is_due(today)),
            str(p.owner) if p.owner else "",
            ", ".join(u.name for u in p.units.all()),
            p.steps,
            p.routine_count,
            p.without_agreement,
            p.purpose,
            p.starts_with,
            p.ends_with,
        ]
        for group in _register(request)[1]
        for p, parent in _in_order(group["roots"])
    ]
    audit.record_export(actor=request.user, what=_("processer"), count=len(rows), query=request.GET.urlencode())
    return table_response(fmt, f"processer-{today:%Y-%m-%d}", headers, rows, title=_("Processer"))


def map_context(process: Process, user) -> dict:
    """What the process map shows: the steps in order with their visible routines and collaboration."""
    routines = paccess.visible(Routine.objects.all(), user, "routine.view").select_related("current_version").order_by("title")
    activities = list(
        process.activities.order_by("position").prefetch_related(
            Prefetch("routines", queryset=routines),
            Prefetch("collaborations", queryset=Collaboration.objects.order_by("partner")),
        )
    )
    return {
        "process": process,
        "activities": activities,
        "general_collaborations": process.collaborations.filter(activity__isnull=True).select_related("linked_agreement"),
    }


@login_required
def detail(request, pk: int):
    process = _process(request, pk)
    user = request.user
    context = map_context(process, user)
    routines = paccess.visible(Routine.objects.filter(processes=process), user, "routine.view").select_related(
        "current_version", "owner"
    )
    context.update(
        {
            "subprocesses": _visible_processes(user).filter(parent=process).order_by(Swedish("name"), "pk"),
            "routines": routines.order_by("title"),
            "laws": paccess.visible(Law.objects.filter(processes=process), user, "law.view").order_by("title"),
            "versions": process.versions.select_related("established_by"),
            "collaborations": process.collaborations.select_related("activity", "linked_agreement").order_by(
                "activity__position", "partner"
            ),
            "can_edit": paccess.can_change(user, "process.change", process),
            "can_establish": paccess.can_change(user, "process.establish", process),
            "today": timezone.localdate(),
        }
    )
    return render(request, "processes/detail.html", context)


@login_required
def map_pdf(request, pk: int):
    process = _process(request, pk)
    context = map_context(process, request.user)
    context["printed"] = timezone.localdate()
    audit.record(
        actor=request.user,
        action="export",
        obj=process,
        unit=min(process.units.all(), key=lambda u: u.depth, default=None),
        note="Processkarta som PDF",
    )
    pdf = render_pdf("processes/pdf/process_map.html", context)
    return pdf_response(pdf, f"processkarta-{process.pk}.pdf", inline=True)


def _parents(user, process: Process | None):
    parents = _visible_processes(user)
    if process is not None:
        parents = parents.filter(municipality=process.municipality).exclude(pk=process.pk)
    return parents.order_by(Swedish("name"), "pk")


@login_required
def create(request):
    allowed = list(paccess.changeable_units(request.user, "process.change"))
    if not allowed:
        if access.has_perm_anywhere(request.user, "process.view"):
            raise PermissionDenied
        raise Http404
    form = ProcessForm(request.POST or None, allowed_units=allowed, parents=_parents(request.user, None))
    form.fields.pop("review_date")
    return edit_form(
        request,
        form,
        lambda data: services.process_create(
            actor=request.user,
            municipality=data["units"][0].municipality,
            name=data["name"],
            kind=data["kind"],
            units=data["units"],
            owner=data["owner"],
            parent=data["parent"],
            purpose=data["purpose"],
            starts_with=data["starts_with"],
            ends_with=data["ends_with"],
            no_collaboration_reason=data["no_collaboration_reason"],
        ),
        template="processes/process_form.html",
        context={"process": None},
        success=_("Processen är skapad. Lägg till aktiviteterna i den ordning de görs."),
        redirect_to=lambda process: reverse("processes:detail", args=[process.pk]),
    )


@login_required
def edit(request, pk: int):
    process = _process(request, pk, change="process.change")
    allowed = list(paccess.changeable_units(request.user, "process.change"))
    current = list(process.units.all())
    fields = ["name", "kind", "parent", "purpose", "starts_with", "ends_with", "owner", "review_date", "no_collaboration_reason"]
    initial = {f: getattr(process, f) for f in fields} | {"units": current}
    form = ProcessForm(
        request.POST or None,
        initial=initial,
        allowed_units=allowed,
        current_units=current,
        parents=_parents(request.user, process),
    )
    form.add_version_field(process.version)
    return edit_form(
        request,
        form,
        lambda data: services.process_update(
            actor=request.user, process=process, expected_version=data["version"], **without_version(data)
        ),
        template="processes/process_form.html",
        context={"process": process},
        success=_("Ändringarna är sparade."),
        redirect_to=reverse("processes:detail", args=[process.pk]),
        record=process,
    )


@login_required
def establish(request, pk: int):
    process = _process(request, pk, change="process.establish")
    today = timezone.localdate()
    default = process.review_date if process.review_date and process.review_date > today else add_years(today, 1)
    form = EstablishForm(request.POST or None, initial={"review_date": default})
    return edit_form(
        request,
        form,
        lambda data: services.process_establish(actor=request.user, process=process, review_date=data["review_date"]),
        template="processes/establish.html",
        context=lambda: {
            "process": process,
            "steps": process.activities.count(),
            "problems": services.establish_problems(process),
        },
        success=lambda version: _("Processen är fastställd som version %(n)s.") % {"n": version.number},
        redirect_to=reverse("processes:detail", args=[process.pk]),
    )


@login_required
def version(request, pk: int, number: int):
    process = _process(request, pk)
    snapshot_version = get_object_or_404(process.versions.select_related("established_by"), number=number)
    return render(request, "processes/version.html", {"process": process, "version": snapshot_version})


def _activity(request, pk, change="process.change") -> Activity:
    activity = get_object_or_404(Activity.objects.select_related("process"), pk=pk)
    _process(request, activity.process_id, change=change)
    return activity


@login_required
def activity_create(request, pk: int):
    process = _process(request, pk, change="process.change")
    form = ActivityForm(request.POST or None)
    return edit_form(
        request,
        form,
        lambda data: services.activity_create(actor=request.user, process=process, **data),
        template="processes/activity_form.html",
        context={"process": process, "activity": None},
        success=_("Aktiviteten är tillagd."),
        redirect_to=reverse("processes:detail", args=[process.pk]),
    )


@login_required
def activity_edit(request, pk: int):
    activity = _activity(request, pk)
    initial = {"name": activity.name, "description": activity.description, "responsible_role": activity.responsible_role}
    form = ActivityForm(request.POST or None, initial=initial)
    return edit_form(
        request,
        form,
        lambda data: services.activity_update(actor=request.user, activity=activity, **data),
        template="processes/activity_form.html",
        context={"process": activity.process, "activity": activity},
        success=_("Ändringarna är sparade."),
        redirect_to=reverse("processes:detail", args=[activity.process_id]),
    )


@login_required
@require_POST
def activity_move(request, pk: int):
    activity = _activity(request, pk)
    services.activity_move(actor=request.user, activity=activity, up=request.POST.get("direction") == "up")
    return redirect(f"{activity.process.get_absolute_url()}#steg-{activity.pk}")


@login_required
@require_POST
def activity_delete(request, pk: int):
    activity = _activity(request, pk)
    services.activity_delete(actor=request.user, activity=activity)
    messages.success(request, _("Aktiviteten %(name)s är borttagen.") % {"name": activity.name})
    return redirect("processes:detail", pk=activity.process_id)


def _collaboration(request, pk) -> Collaboration:
    item = get_object_or_404(Collaboration.objects.select_related("process", "activity"), pk=pk)
    _process(request, item.process_id, change="process.change")
    return item


@login_required
def collaboration_create(request, pk: int):
    process = _process(request, pk, change="process.change")
    form = CollaborationForm(request.POST or None, process=process, agreements=linkable(process.units.all(), request.user))
    return edit_form(
        request,
        form,
        lambda data: services.collaboration_create(actor=request.user, process=process, **data),
        template="processes/collaboration_form.html",
        context={"record": process, "item": None},
        success=_("Samverkan är tillagd."),
        redirect_to=reverse("processes:detail", args=[process.pk]),
    )


@login_required
def collaboration_edit(request, pk: int):
    item = _collaboration(request, pk)
    fields = ["partner", "kind", "activity", "purpose", "agreement", "linked_agreement"]
    agreements = linkable(item.process.units.all(), request.user, keep=item.linked_agreement_id)
    form = CollaborationForm(
        request.POST or None, process=item.process, agreements=agreements, initial={f: getattr(item, f) for f in fields}
    )
    return edit_form(
        request,
        form,
        lambda data: services.collaboration_update(actor=request.user, collaboration=item, **data),
        template="processes/collaboration_form.html",
        context={"record": item.process, "item": item},
        success=_("Ändringarna är sparade."),
        redirect_to=reverse("processes:detail", args=[item.process_id]),
    )


@login_required
@require_POST
def collaboration_delete(request, pk: int):
    item = _collaboration(request, pk)
    services.collaboration_delete(actor=request.user, collaboration=item)
    messages.success(request, _("Samverkan med %(name)s är borttagen.") % {"name": item.partner})
    return redirect("processes:detail", pk=item.process_id)
