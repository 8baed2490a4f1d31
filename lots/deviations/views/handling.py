"""One report: the case page, moving it between states, analysis, actions and attachments."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from lots import access
from lots.core.editing import edit_form
from lots.deviations import access as deviation_access
from lots.deviations import services
from lots.deviations.forms import ActionForm, AnalysisForm, AttachmentForm, TransitionForm
from lots.deviations.models import Deviation, DeviationAttachment, DeviationSettings
from lots.deviations.steps import pending_steps, related, reporter_step
from lots.improvements.models import ImprovementAction
from lots.risks.models import RiskScale

TRANSITION_LABELS = {
    Deviation.State.RECEIVED: gettext_lazy("Ta emot rapporten"),
    Deviation.State.INVESTIGATING: gettext_lazy("Påbörja utredningen"),
    Deviation.State.RESOLVED: gettext_lazy("Markera som åtgärdad"),
    Deviation.State.CLOSED: gettext_lazy("Avsluta avvikelsen"),
}


def _transition_form(deviation: Deviation, state: str, data=None) -> TransitionForm:
    reopening = deviation.is_reopening(state)
    form = TransitionForm(
        data,
        initial={"to_state": state},
        prefix=f"t-{state}",
        comment_required=reopening or state in Deviation.COMMENT_REQUIRED,
        reopening=reopening,
    )
    form.add_version_field(deviation.version)
    return form


def _transition_forms(deviation: Deviation, failed: TransitionForm | None = None) -> list[dict]:
    forms = []
    for state in deviation.allowed_transitions():
        form = failed if failed is not None and failed.prefix == f"t-{state}" else _transition_form(deviation, state)
        reopening = deviation.is_reopening(state)
        forms.append({"form": form, "label": _("Öppna igen") if reopening else TRANSITION_LABELS[state], "secondary": reopening})
    return forms


def _can_attach(user, deviation: Deviation) -> bool:
    if deviation_access.can_handle(user, deviation):
        return True
    return deviation.reported_by_id == user.pk and not deviation.is_closed


def render_detail(request, deviation: Deviation, *, failed_transition=None, status=200):
    user = request.user
    events = deviation.events.select_related("actor")
    attachments = deviation.attachments.all()
    if not deviation_access.sees_case(user, deviation):
        return render(
            request,
            "deviations/detail_reporter.html",
            {
                "deviation": deviation,
                "events": events,
                "attachments": attachments,
                "reporter_step": reporter_step(deviation),
                "can_attach": _can_attach(user, deviation),
            },
            status=status,
        )
    config = DeviationSettings.for_municipality(deviation.municipality)
    scale = RiskScale.for_municipality(deviation.municipality)
    can_handle = deviation_access.can_handle(user, deviation)
    source = deviation.source if deviation.source_type_id else None
    return render(
        request,
        "deviations/detail.html",
        {
            "deviation": deviation,
            "events": events,
            "attachments": attachments,
            "steps": pending_steps(deviation, config),
            "investigation": related(deviation, "lex_sarah"),
            "notification": related(deviation, "ivo_notification"),
            "actions": ImprovementAction.objects.for_source(deviation).select_related("owner"),
            "risk_level": deviation.risk_level(scale),
            "scale": scale,
            "source": source,
            "source_url": source.get_absolute_url() if source is not None and hasattr(source, "get_absolute_url") else "",
            "can_handle": can_handle,
            "can_notify": deviation_access.can_notify_ivo(user, deviation),
            "can_attach": _can_attach(user, deviation),
            "transitions": _transition_forms(deviation, failed_transition) if can_handle else [],
            "today": timezone.localdate(),
        },
        status=status,
    )


@login_required
def detail(request, pk: int):
    deviation = deviation_access.get_deviation(request.user, pk)
    return render_detail(request, deviation)


@login_required
@require_POST
def transition(request, pk: int):
    deviation = deviation_access.get_deviation(request.user, pk, write=True)
    state = next((request.POST[k] for k in request.POST if k.endswith("-to_state")), None)
    if state not in Deviation.State.values:
        raise Http404
    if state not in deviation.allowed_transitions():
        messages.error(request, _("Avvikelsen har redan bytt status. Se hur den ser ut nu."))
        return redirect("deviations:detail", pk=deviation.pk)
    form = _transition_form(deviation, state, request.POST)
    return edit_form(
        request,
        form,
        lambda data: services.deviation_transition(
            actor=request.user,
            deviation=deviation,
            to_state=state,
            comment=data["comment"],
            expected_version=data["version"],
        ),
        page=lambda status: render_detail(request, deviation, failed_transition=form, status=status),
        success=lambda _result: _("Avvikelsen har status %(state)s.") % {"state": deviation.get_state_display().lower()},
        redirect_to=reverse("deviations:detail", args=[deviation.pk]),
        record=deviation,
        field_map={"to_state": None},
    )


@login_required
def analysis(request, pk: int):
    deviation = deviation_access.get_deviation(request.user, pk, write=True)
    scale = RiskScale.for_municipality(deviation.municipality)
    initial = {
        "causes": deviation.causes,
        "cause_description": deviation.cause_description,
        "severity": deviation.severity,
        "probability": deviation.probability,
    }
    form = AnalysisForm(request.POST or None, initial=initial, scale=scale)
    form.add_version_field(deviation.version)
    return edit_form(
        request,
        form,
        lambda data: services.deviation_analyse(
            actor=request.user,
            deviation=deviation,
            expected_version=data["version"],
            causes=data["causes"],
            cause_description=data["cause_description"],
            severity=data["severity"],
            probability=data["probability"],
        ),
        template="deviations/analysis.html",
        context=lambda: {"deviation": deviation, "scale": scale, **_matrix(scale)},
        success=_("Analysen är sparad."),
        redirect_to=reverse("deviations:detail", args=[deviation.pk]),
        record=deviation,
    )


def _matrix(scale) -> dict:
    levels = [
        [{"value": s * p, "level": scale.level_for(s, p)} for p in range(1, scale.size + 1)] for s in range(scale.size, 0, -1)
    ]
    return {"matrix": zip(range(scale.size, 0, -1), levels, strict=True), "probability_range": range(1, scale.size + 1)}


def _owners(deviation: Deviation):
    """People whose role reaches the report's unit or a unit below it: those who can own an action there."""
    return access.people_near(deviation.unit)


@login_required
def action_create(request, pk: int):
    deviation = deviation_access.get_deviation(request.user, pk, write=True)
    form = ActionForm(request.POST or None, owners=_owners(deviation), initial={"owner": deviation.responsible})
    return edit_form(
        request,
        form,
        lambda data: services.deviation_action_create(
            actor=request.user,
            deviation=deviation,
            title=data["title"],
            owner=data["owner"],
            description=data["description"],
            due_date=data["due_date"],
        ),
        template="deviations/action_form.html",
        context={"deviation": deviation},
        success=_("Förbättringsåtgärden är skapad."),
        redirect_to=reverse("deviations:detail", args=[deviation.pk]),
    )


@login_required
def attachment_add(request, pk: int):
    deviation = deviation_access.get_deviation(request.user, pk)
    if not _can_attach(request.user, deviation):
        raise PermissionDenied
    form = AttachmentForm(request.POST or None, request.FILES or None)
    return edit_form(
        request,
        form,
        lambda data: services.attachment_add(actor=request.user, deviation=deviation, upload=data["file"]),
        template="deviations/attachment_form.html",
        context={"deviation": deviation},
        success=_("Filen är bifogad."),
        redirect_to=reverse("deviations:detail", args=[deviation.pk]),
    )


@login_required
def attachment_download(request, pk: int):
    attachment = get_object_or_404(DeviationAttachment.objects.select_related("deviation"), pk=pk)
    deviation_access.get_deviation(request.user, attachment.deviation_id)
    response = FileResponse(
        attachment.file.open("rb"), content_type=attachment.content_type, as_attachment=True, filename=attachment.original_name
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_POST
def lex_sarah_start(request, pk: int):
    deviation = deviation_access.get_deviation(request.user, pk, write=True)
    try:
        services.lex_sarah_start(actor=request.user, deviation=deviation)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("deviations:detail", pk=deviation.pk)
    messages.success(request, _("Lex Sarah-utredningen är påbörjad."))
    return redirect("deviations:investigation", pk=deviation.pk)
