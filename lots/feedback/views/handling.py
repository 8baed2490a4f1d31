"""One case from receipt to closing: reading it, receiving, investigating, answering, closing and what follows."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lots import access
from lots.audit.versioning import ConcurrentEditError
from lots.core.editing import edit_form
from lots.feedback import access as feedback_access
from lots.feedback import services
from lots.feedback.forms import AnswerForm, CaseEditForm, CloseForm, ImprovementForm, LexSarahForm
from lots.feedback.models import FeedbackCase
from lots.feedback.views.common import case_for
from lots.lib.pdf import pdf_response, render_pdf

C = FeedbackCase


def _improvements(case: FeedbackCase) -> list[dict]:
    from lots.improvements.models import ImprovementAction

    items = []
    for action in ImprovementAction.objects.for_source(case).select_related("owner"):
        try:
            url = reverse("improvements:detail", args=[action.pk])
        except NoReverseMatch:
            url = None
        items.append({"action": action, "url": url})
    return items


def _deviations(case: FeedbackCase) -> list:
    """The lex Sarah reports made from the case (the deviations module keeps the case as their source)."""
    try:
        from lots.deviations.models import Deviation
    except ImportError:
        return []
    if not hasattr(Deviation.objects, "for_source"):
        return []
    return list(Deviation.objects.for_source(case))


@login_required
def detail(request, pk: int):
    case = case_for(request, pk)
    today = timezone.localdate()
    can_handle = feedback_access.can_handle(request.user, case)
    track = case.delegation_or_none
    return render(
        request,
        "feedback/detail.html",
        {
            "case": case,
            "today": today,
            "can_handle": can_handle,
            "days_left": case.days_left(today),
            "days_late": -case.days_left(today),
            "attachments": case.attachments.all(),
            "track": track,
            "track_overdue": track is not None and track.is_overdue(today),
            "can_request_delegation": feedback_access.can_request_delegation(request.user, case) and case.can_go_to_delegation(),
            "can_decide_delegation": feedback_access.can_decide_delegation(request.user, case),
            "improvements": _improvements(case),
            "deviations": _deviations(case),
            "can_report_lex_sarah": can_handle
            and case.lex_sarah_at is None
            and case.kind != C.Kind.PRAISE
            and access.can(request.user, "deviation.report", case.unit),
        },
    )


@login_required
def attachment(request, pk: int, attachment_pk: int):
    case = case_for(request, pk)
    item = get_object_or_404(case.attachments, pk=attachment_pk)
    return FileResponse(item.file.open("rb"), as_attachment=True, filename=item.original_name, content_type=item.content_type)


@login_required
@require_POST
def receive(request, pk: int):
    case = case_for(request, pk, write=True)
    try:
        services.feedback_receive(actor=request.user, case=case, expected_version=_int(request.POST.get("version")))
    except ConcurrentEditError:
        messages.error(request, _("Någon annan tog emot ärendet samtidigt. Se vem som handlägger det nu."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Du har tagit emot ärendet och är nu dess handläggare."))
    return redirect(case)


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@login_required
def edit(request, pk: int):
    case = case_for(request, pk, write=True)
    if case.is_closed:
        messages.error(request, _("Ärendet är avslutat och kan inte ändras."))
        return redirect(case)
    initial = {"category": case.category, "sender_role": case.sender_role, "unit": case.unit, "investigation": case.investigation}
    form = CaseEditForm(request.POST or None, initial=initial, case=case)
    form.add_version_field(case.version)

    def after(_changes):
        if not feedback_access.sees_case(request.user, case):
            messages.info(request, _("Ärendet ligger nu hos %(unit)s.") % {"unit": case.unit.name})
            return "feedback:index"
        return case

    return edit_form(
        request,
        form,
        lambda data: services.feedback_update(
            actor=request.user,
            case=case,
            expected_version=data["version"],
            category=data["category"],
            sender_role=data["sender_role"],
            unit=data["unit"],
            investigation=data["investigation"],
            integrity_confirmed=data["integrity_confirmed"],
        ),
        template="feedback/edit.html",
        context={"case": case},
        success=_("Ändringarna är sparade."),
        redirect_to=after,
        record=case,
    )


@login_required
def answer(request, pk: int):
    case = case_for(request, pk, write=True)
    if not case.can_answer():
        messages.error(
            request,
            _("Avsändaren är anonym och kan inte få något svar.")
            if case.is_anonymous
            else _("Ta emot ärendet innan du svarar.")
            if case.status == C.Status.NEW
            else _("Ärendet kan inte besvaras nu."),
        )
        return redirect(case)
    form = AnswerForm(request.POST or None, initial={"answer": case.answer}, case=case)
    form.add_version_field(case.version)
    return edit_form(
        request,
        form,
        lambda data: services.feedback_answer(
            actor=request.user, case=case, expected_version=data["version"], method=data["method"], answer=data["answer"]
        ),
        template="feedback/answer.html",
        context={"case": case},
        success=lambda _changes: _answered(case),
        redirect_to=case,
        record=case,
    )


def _answered(case: FeedbackCase) -> str:
    if case.answer_method == C.AnswerMethod.EMAIL:
        return _("Svaret är skickat med e-post till avsändaren.")
    if case.answer_method == C.AnswerMethod.LETTER:
        return _("Svaret är sparat. Ladda ner brevet, skriv ut det och skicka det med post.")
    return _("Svaret är sparat.")


@login_required
def letter(request, pk: int):
    case = case_for(request, pk, write=True)
    if not case.answer or not case.contact_address:
        raise Http404
    # The letter goes to the sender: it is written in the language they used in the e-service (Swedish otherwise).
    with translation.override(case.contact_language or "sv"):
        pdf = render_pdf("feedback/letter_pdf.html", {"case": case, "today": timezone.localdate()})
    return pdf_response(pdf, f"svar-{case.reference}.pdf")


@login_required
def close(request, pk: int):
    case = case_for(request, pk, write=True)
    if not case.can_close():
        messages.error(
            request,
            _("Ta emot ärendet innan du avslutar det.") if case.status == C.Status.NEW else _("Ärendet är redan avslutat."),
        )
        return redirect(case)
    form = CloseForm(request.POST or None, initial={"category": case.category})
    form.add_version_field(case.version)
    return edit_form(
        request,
        form,
        lambda data: services.feedback_close(
            actor=request.user,
            case=case,
            expected_version=data["version"],
            category=data["category"],
            closing_note=data["closing_note"],
        ),
        template="feedback/close.html",
        context={"case": case, "today": timezone.localdate()},
        success=_("Ärendet är avslutat."),
        redirect_to=case,
        record=case,
    )


@login_required
def lex_sarah(request, pk: int):
    case = case_for(request, pk, write=True)
    if not access.can(request.user, "deviation.report", case.unit):
        raise PermissionDenied
    form = LexSarahForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if not form.is_valid():
            return render(request, "feedback/lex_sarah.html", {"case": case, "form": form}, status=422)
        try:
            deviation = services.feedback_report_lex_sarah(
                actor=request.user, case=case, occurred_at=form.cleaned_data["occurred_at"]
            )
        except ValidationError as error:
            if hasattr(error, "error_dict") and "occurred_at" in error.error_dict:
                form.add_error("occurred_at", error.error_dict["occurred_at"])
                return render(request, "feedback/lex_sarah.html", {"case": case, "form": form}, status=422)
            messages.error(request, " ".join(error.messages))
            return redirect(case)
        messages.success(request, _("En lex Sarah-rapport är gjord. Utredningen fortsätter i avvikelsemodulen."))
        return redirect(deviation.get_absolute_url() if hasattr(deviation, "get_absolute_url") else case.get_absolute_url())
    if case.lex_sarah_at is not None:
        messages.info(request, _("Det finns redan en lex Sarah-rapport för ärendet."))
        return redirect(case)
    return render(request, "feedback/lex_sarah.html", {"case": case, "form": form})


@login_required
def improvement(request, pk: int):
    case = case_for(request, pk, write=True)
    if not access.can(request.user, "improvement.change", case.unit):
        raise PermissionDenied
    form = ImprovementForm(request.POST or None, case=case, initial={"owner": case.handler})
    return edit_form(
        request,
        form,
        lambda data: services.feedback_improvement_create(
            actor=request.user,
            case=case,
            title=data["title"],
            owner=data["owner"],
            description=data["description"],
            due_date=data["due_date"],
        ),
        template="feedback/improvement.html",
        context={"case": case},
        success=_("Förbättringsåtgärden är skapad."),
        redirect_to=case,
    )
