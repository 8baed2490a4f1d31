"""Improvement actions: the list with filters and its Excel and CSV export, one action with its PDSA progress,
editing, moving and closing."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import BadRequest, ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lots import access
from lots.audit import services as audit
from lots.audit.models import AuditEntry
from lots.audit.versioning import ConcurrentEditError
from lots.core.editing import edit_form, without_version
from lots.core.pagination import list_query
from lots.improvements import access as iaccess
from lots.improvements import services
from lots.improvements.forms import ActionForm, CloseForm, MoveForm
from lots.improvements.lists import IMPROVEMENTS
from lots.improvements.models import ImprovementAction
from lots.lib.spreadsheets import FORMATS, table_response
from lots.organisation.models import Unit


def _units(user, perm="improvement.view"):
    return access.visible_units(user, perm).open().select_related("municipality").order_by("municipality__name", "path")


def _filtered(request):
    """The list as the person sees it with the filters in the request. People who neither see actions on any unit
    nor own one get a 404."""
    if (
        not access.has_perm_anywhere(request.user, "improvement.view")
        and not ImprovementAction.objects.filter(owner=request.user).exists()
    ):
        raise Http404
    return IMPROVEMENTS.bind(request.user, request.GET)


@login_required
def index(request):
    filtered = _filtered(request)
    today = timezone.localdate()
    page = filtered.page(request.GET.get("page"))
    counts = {
        row["stage"]: row["n"] for row in iaccess.visible(request.user).open().values("stage").order_by().annotate(n=Count("pk"))
    }
    return render(
        request,
        "improvements/index.html",
        {
            "form": filtered.form,
            "page_obj": page,
            "query": list_query(request),
            "today": today,
            "stages": [
                {"code": code, "label": label, "count": counts.get(code, 0)}
                for code, label in ImprovementAction.Stage.choices
                if code != "closed"
            ],
            "overdue": iaccess.visible(request.user).overdue(today).count(),
            "can_create": access.has_perm_anywhere(request.user, "improvement.change"),
            "can_propose": access.has_perm_anywhere(request.user, "improvement.propose"),
            "can_triage": access.has_perm_anywhere(request.user, "improvement.triage"),
        },
        status=filtered.status,
    )


def _local_date(moment):
    return moment and timezone.localtime(moment).date()


@login_required
def export(request, fmt: str):
    """The filtered list as an Excel or CSV file (``fmt`` is xlsx or csv) with every action the list shows the person,
    and what a manager follows up besides; the export is audited. Filters with errors send the person back to the
    list to see them."""
    if fmt not in FORMATS:
        raise Http404
    filtered = _filtered(request)
    if not filtered.is_valid:
        return redirect(reverse("improvements:index") + "?" + request.GET.urlencode())
    today = timezone.localdate()
    rows = [
        [
            a.title,
            a.unit.name,
            a.get_source_kind_display(),
            a.get_stage_display(),
            str(a.owner),
            a.due_date,
            _("Ja") if a.is_overdue(today) else _("Nej"),
            _local_date(a.created_at),
            str(a.created_by),
            _local_date(a.stage_changed_at),
            _local_date(a.closed_at),
            a.description,
            a.expected_effect,
            a.effect_measure,
            a.effect_result,
            a.conclusion,
        ]
        for a in filtered.rows()
    ]
    headers = [
        _("Åtgärd"),
        _("Enhet"),
        _("Ursprung"),
        _("Steg"),
        _("Ansvarig"),
        _("Klart senast"),
        _("Försenad"),
        _("Registrerad"),
        _("Registrerad av"),
        _("Steget ändrat"),
        _("Avslutad"),
        _("Beskrivning"),
        _("Förväntad effekt"),
        _("Vad mättes"),
        _("Resultat av mätningen"),
        _("Lärdomar och beslut"),
    ]
    audit.record_export(actor=request.user, what=_("förbättringsåtgärder"), count=len(rows), query=request.GET.urlencode())
    return table_response(fmt, f"forbattringsatgarder-{today:%Y-%m-%d}", headers, rows, title=_("Förbättringsåtgärder"))


def _source(action: ImprovementAction):
    """The record the action came from, with a link when that record has a page. Missing records give (None, None)."""
    if action.source_type_id is None:
        return None, None
    try:
        source = action.source_type.get_object_for_this_type(pk=action.source_id)
    except (ObjectDoesNotExist, ValueError, AttributeError):
        return None, None
    url = source.get_absolute_url() if hasattr(source, "get_absolute_url") else None
    return source, url


def _origin_kind(action: ImprovementAction, source) -> str:
    """The kind of origin to show before the source record, unless the record's name already starts with it
    ("Avvikelse AV-2026-0001", not "Avvikelse: Avvikelse AV-2026-0001")."""
    kind = str(action.get_source_kind_display())
    return "" if source is not None and str(source).casefold().startswith(kind.casefold()) else kind


@login_required
def detail(request, pk: int):
    action = iaccess.get_action(request.user, pk)
    source, source_url = _source(action)
    entries = AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(ImprovementAction), object_id=str(action.pk)
    ).order_by("at", "id")
    history = [{"entry": e, "stage": _stage_change(e)} for e in entries]
    can_edit = iaccess.can_change(request.user, action)
    today = timezone.localdate()
    stages = [
        {"code": c, "label": label, "current": c == action.stage, "done": _index(c) < _index(action.stage)}
        for c, label in ImprovementAction.Stage.choices
        if c != "closed"
    ]
    moves = [
        {"code": s, "label": ImprovementAction.Stage(s).label, "forward": _index(s) > _index(action.stage)}
        for s in action.next_stages()
        if s != ImprovementAction.Stage.CLOSED
    ]
    return render(
        request,
        "improvements/detail.html",
        {
            "action": action,
            "source": source,
            "source_url": source_url,
            "origin_kind": _origin_kind(action, source),
            "history": history,
            "can_edit": can_edit,
            "today": today,
            "stages": stages,
            "moves": moves,
            "overdue": action.is_overdue(today),
            "may_close": ImprovementAction.Stage.CLOSED in action.next_stages(),
        },
    )


def _stage_change(entry: AuditEntry) -> tuple[str, str] | None:
    change = (entry.changes or {}).get("stage")
    if not change:
        return None
    labels = dict(ImprovementAction.Stage.choices)
    return labels.get(change[0], "–") if change[0] else "–", labels.get(change[1], change[1])


def _index(stage: str) -> int:
    order = [c for c, _label in ImprovementAction.Stage.choices]
    return order.index(stage)


@login_required
def create(request):
    units = _units(request.user, "improvement.change")
    if not units.exists():
        if access.has_perm_anywhere(request.user, "improvement.view"):
            raise PermissionDenied
        raise Http404
    form = ActionForm(request.POST or None, units=units, initial={"owner": request.user})
    return edit_form(
        request,
        form,
        lambda data: services.improvement_create(actor=request.user, **without_version(data)),
        template="improvements/form.html",
        context={"action": None},
        success=_("Åtgärden är registrerad i steget Planera."),
        redirect_to=lambda created: reverse("improvements:detail", args=[created.pk]),
    )


@login_required
def edit(request, pk: int):
    action = iaccess.get_action(request.user, pk, write=True)
    if action.is_closed:
        messages.error(request, _("En avslutad åtgärd kan inte ändras. Öppna den igen först."))
        return redirect("improvements:detail", pk=action.pk)
    changeable = access.visible_units(request.user, "improvement.change").open().values("pk")
    units = Unit.objects.filter(Q(pk__in=changeable) | Q(pk=action.unit_id)).select_related("municipality").order_by("path")
    fields = ["title", "description", "expected_effect", "unit", "owner", "source_kind", "due_date"]
    form = ActionForm(request.POST or None, units=units, initial={f: getattr(action, f) for f in fields})
    form.add_version_field(action.version)

    def update(data):
        if data["unit"] != action.unit and not access.can(request.user, "improvement.change", data["unit"]):
            raise ValidationError({"unit": _("Du har inte behörighet till den enheten.")})
        return services.improvement_update(
            actor=request.user, action=action, expected_version=data["version"], **without_version(data)
        )

    return edit_form(
        request,
        form,
        update,
        template="improvements/form.html",
        context={"action": action},
        success=_("Ändringarna är sparade."),
        redirect_to=reverse("improvements:detail", args=[action.pk]),
        record=action,
    )


@login_required
@require_POST
def move(request, pk: int):
    action = iaccess.get_action(request.user, pk, write=True)
    if request.POST.get("stage", "") not in ImprovementAction.Stage.values:
        raise BadRequest("unknown PDSA stage")  # only a tampered form sends one; the 400 page explains
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        version = None
    try:
        services.improvement_move(
            actor=request.user, action=action, stage=request.POST.get("stage", ""), expected_version=version
        )
    except ConcurrentEditError:
        messages.error(request, _("Någon annan har ändrat åtgärden under tiden. Se över den och försök igen."))
    except ValidationError as error:
        if hasattr(error, "error_dict") and set(error.error_dict) <= set(services.STAGE_CONTENT_MISSING):
            # The stage's content is missing: ask for it on the page made for that.
            return redirect("improvements:advance", pk=action.pk, stage=request.POST["stage"])
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Åtgärden är nu i steget %(stage)s.") % {"stage": action.get_stage_display()})
    return redirect("improvements:detail", pk=action.pk)


@login_required
def advance(request, pk: int, stage: str):
    """Move forward to ``stage``, writing the content of the stage being left on the way (PDSA: the plan before
    doing, what was done before studying, what the study showed before acting)."""
    action = iaccess.get_action(request.user, pk, write=True)
    if stage not in action.next_stages() or stage not in ImprovementAction.PDSA:
        raise Http404
    fields = ImprovementAction.STAGE_CONTENT.get(ImprovementAction.Stage(action.stage), ())
    if _index(stage) <= _index(action.stage) or not fields:
        raise Http404
    form = MoveForm(
        request.POST or None,
        fields=fields,
        messages=services.STAGE_CONTENT_MISSING,
        initial={name: getattr(action, name) for name in fields},
    )
    form.add_version_field(action.version)
    label = ImprovementAction.Stage(stage).label
    return edit_form(
        request,
        form,
        lambda data: services.improvement_move(
            actor=request.user,
            action=action,
            stage=stage,
            expected_version=data["version"],
            content={name: data[name] for name in fields},
            integrity_confirmed=data.get("integrity_confirmed", False),
        ),
        template="improvements/advance.html",
        context={"action": action, "next_label": label},
        success=_("Åtgärden är nu i steget %(stage)s.") % {"stage": label},
        redirect_to=reverse("improvements:detail", args=[action.pk]),
        record=action,
    )


@login_required
def close(request, pk: int):
    action = iaccess.get_action(request.user, pk, write=True)
    if ImprovementAction.Stage.CLOSED not in action.next_stages():
        messages.error(request, _("Åtgärden avslutas från steget Agera, när effekten är studerad."))
        return redirect("improvements:detail", pk=action.pk)
    initial = {"effect_measure": action.effect_measure, "effect_result": action.effect_result, "conclusion": action.conclusion}
    form = CloseForm(request.POST or None, initial=initial)
    form.add_version_field(action.version)
    return edit_form(
        request,
        form,
        lambda data: services.improvement_close(
            actor=request.user,
            action=action,
            effect_measure=data["effect_measure"],
            effect_result=data["effect_result"],
            conclusion=data["conclusion"],
            expected_version=data["version"],
            integrity_confirmed=data.get("integrity_confirmed", False),
        ),
        template="improvements/close.html",
        context={"action": action},
        success=_("Åtgärden är avslutad med sin utvärdering."),
        redirect_to=reverse("improvements:detail", args=[action.pk]),
        record=action,
    )
