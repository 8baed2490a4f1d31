"""The lex Sarah investigation and the IVO notification."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from lots import access
from lots.archive.models import ArchivedDocument
from lots.archive.views import archived_copy, stored_response
from lots.core.editing import edit_form, without_version
from lots.deviations import access as deviation_access
from lots.deviations import guard, services
from lots.deviations.forms import EarlyCloseForm, InvestigationForm, IvoDecisionForm, IvoForm, IvoSentForm
from lots.deviations.ivo import ivo_pdf
from lots.deviations.steps import related
from lots.deviations.views.common import now_minute
from lots.lib.pdf import pdf_response
from lots.mfa.stepup import require_recent_strong_auth


def _case(request, pk: int, *, write_perm: str | None = None):
    """The report, for someone who sees the whole case (the reporter alone does not see the investigation).

    With ``write_perm``, 403 unless the person holds it on the report's unit.
    """
    deviation = deviation_access.get_deviation(request.user, pk)
    if not deviation_access.sees_case(request.user, deviation):
        raise Http404
    if write_perm is not None and not access.can(request.user, write_perm, deviation.unit):
        raise PermissionDenied
    return deviation


def _investigation(deviation):
    investigation = related(deviation, "lex_sarah")
    if investigation is None:
        raise Http404
    return investigation


@login_required
def investigation(request, pk: int):
    deviation = _case(request, pk, write_perm="deviation.handle" if request.method == "POST" else None)
    record = _investigation(deviation)
    can_edit = deviation_access.can_handle(request.user, deviation) and record.is_open
    if request.method == "POST" and not record.is_open:
        raise PermissionDenied
    initial = {name: getattr(record, name) for name in services.INVESTIGATION_FIELDS}
    form = InvestigationForm(request.POST or None, initial=initial)
    form.add_version_field(record.version)

    def page(form, status):
        context = {
            "deviation": deviation,
            "investigation": record,
            "form": form,
            "can_edit": can_edit,
            "notification": related(deviation, "ivo_notification"),
        }
        return render(request, "deviations/investigation.html", context, status=status)

    def save(data):
        had_notification = related(deviation, "ivo_notification") is not None
        texts, confirmed = guard.answer(without_version(data))
        services.investigation_update(
            actor=request.user,
            investigation=record,
            expected_version=data["version"],
            data=texts,
            integrity_confirmed=confirmed,
        )
        return had_notification

    def after(had_notification):
        if not had_notification and record.is_serious:
            messages.warning(
                request, _("Händelsen är bedömd som allvarlig. Anmälan till IVO är påbörjad; utredningen fortsätter.")
            )
        if request.POST.get("action") != "complete":
            messages.success(request, _("Utredningen är sparad."))
            return reverse("deviations:investigation", args=[deviation.pk])
        try:
            services.investigation_complete(actor=request.user, investigation=record, expected_version=record.version)
        except ValidationError as error:
            rebound = request.POST.copy()
            rebound["version"] = record.version
            saved = InvestigationForm(rebound, initial=initial)
            saved.add_version_field(record.version)
            saved.is_valid()
            saved.add_error(None, error.messages)
            saved.add_error(None, _("Det du skrev är sparat."))
            return page(saved, 422)
        messages.success(request, _("Utredningen är avslutad."))
        return reverse("deviations:detail", args=[deviation.pk])

    return edit_form(
        request,
        form,
        save,
        page=lambda status: page(form, status),
        success=None,
        redirect_to=after,
        record=record,
    )


@login_required
def investigation_close_early(request, pk: int):
    deviation = _case(request, pk, write_perm="deviation.handle")
    record = _investigation(deviation)
    if not record.is_open:
        raise PermissionDenied
    form = EarlyCloseForm(request.POST or None)
    form.add_version_field(record.version)
    return edit_form(
        request,
        form,
        lambda data: services.investigation_close_early(
            actor=request.user,
            investigation=record,
            position=data["early_close_position"],
            expected_version=data["version"],
        ),
        template="deviations/close_early.html",
        context={"deviation": deviation, "investigation": record},
        success=_("Utredningen är avslutad i förtid med ert ställningstagande."),
        redirect_to=reverse("deviations:detail", args=[deviation.pk]),
        record=record,
    )


def _notification(deviation):
    notification = related(deviation, "ivo_notification")
    if notification is None:
        raise Http404
    return notification


def _decides_or_marks_sent(request) -> bool:
    return request.method == "POST" and request.POST.get("action") in ("decide", "sent")


@login_required
@require_recent_strong_auth(when=_decides_or_marks_sent)
def ivo(request, pk: int):
    deviation = _case(request, pk, write_perm="deviation.notify_ivo" if request.method == "POST" else None)
    notification = _notification(deviation)
    can_edit = deviation_access.can_notify_ivo(request.user, deviation) and not notification.is_sent
    if request.method == "POST" and notification.is_sent:
        raise PermissionDenied
    action = request.POST.get("action") if request.method == "POST" else None
    fields = services.IVO_FIELDS
    form = IvoForm(
        request.POST if action == "save" else None, initial={f: getattr(notification, f) for f in fields}, prefix="ivo"
    )
    form.add_version_field(notification.version)
    sent_form = IvoSentForm(request.POST if action == "sent" else None, initial={"sent_at": now_minute()}, prefix="sent")
    sent_form.add_version_field(notification.version)
    can_decide = can_edit and not notification.is_decided and deviation_access.can_decide_ivo(request.user, deviation)
    decision_form = IvoDecisionForm(
        request.POST if action == "decide" else None, initial={"decided_at": now_minute()}, prefix="decision"
    )
    decision_form.add_version_field(notification.version)

    def page(status):
        context = {
            "deviation": deviation,
            "notification": notification,
            "form": form,
            "sent_form": sent_form,
            "decision_form": decision_form,
            "can_edit": can_edit,
            "can_decide": can_decide,
            "missing": services.notification_missing(notification),
            "investigation": related(deviation, "lex_sarah"),
        }
        return render(request, "deviations/ivo.html", context, status=status)

    def mark_sent(data):
        with transaction.atomic():
            services.ivo_notification_mark_sent(
                actor=request.user,
                notification=notification,
                sent_at=data["sent_at"],
                ivo_reference=data["ivo_reference"],
                expected_version=data["version"],
            )

    def save(data):
        texts, confirmed = guard.answer(without_version(data))
        services.ivo_notification_update(
            actor=request.user,
            notification=notification,
            expected_version=data["version"],
            data=texts,
            integrity_confirmed=confirmed,
        )

    if action == "save":
        return edit_form(
            request,
            form,
            save,
            page=page,
            success=_("Anmälan är sparad."),
            redirect_to=reverse("deviations:ivo", args=[deviation.pk]),
            record=notification,
        )
    if action == "decide":
        if not deviation_access.can_decide_ivo(request.user, deviation):
            raise PermissionDenied
        return edit_form(
            request,
            decision_form,
            lambda data: services.ivo_notification_decide(
                actor=request.user,
                notification=notification,
                basis=data["decision_basis"],
                reference=data["decision_reference"],
                decided_at=data["decided_at"],
                expected_version=data["version"],
            ),
            page=page,
            success=_("Beslutet om anmälan till IVO är registrerat."),
            redirect_to=reverse("deviations:ivo", args=[deviation.pk]),
            record=notification,
        )
    if action == "sent":
        return edit_form(
            request,
            sent_form,
            mark_sent,
            page=page,
            success=_("Det är registrerat att anmälan har skickats till IVO. Utredningen fortsätter."),
            redirect_to=reverse("deviations:detail", args=[deviation.pk]),
            record=notification,
        )
    return page(200)


@login_required
def ivo_document(request, pk: int):
    """The notification as a PDF: once sent, the archived copy stored when it was sent (the same bytes every time);
    before that, and until the worker has stored the copy, rendered from the record as it is now."""
    deviation = _case(request, pk)
    notification = _notification(deviation)
    name = f"anmalan-ivo-{deviation.number}.pdf"
    if notification.sent_at and (stored := archived_copy(notification, ArchivedDocument.Kind.IVO_NOTIFICATION)):
        return stored_response(stored, name)
    return pdf_response(ivo_pdf(notification), name)


@login_required
def ivo_sent_copy(request, pk: int):
    deviation = _case(request, pk)
    notification = _notification(deviation)
    if not notification.sent_pdf:
        raise Http404
    return FileResponse(
        notification.sent_pdf.open("rb"),
        content_type="application/pdf",
        as_attachment=True,
        filename=f"anmalan-ivo-{deviation.number}-skickad.pdf",
    )
