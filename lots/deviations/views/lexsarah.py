"""The lex Sarah investigation and the IVO notification."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from lots import access
from lots.audit.versioning import ConcurrentEditError
from lots.deviations import access as deviation_access
from lots.deviations import services
from lots.deviations.forms import EarlyCloseForm, InvestigationForm, IvoForm, IvoSentForm
from lots.deviations.ivo import ivo_pdf
from lots.deviations.steps import related
from lots.deviations.views.common import apply_errors, conflict, now_minute, status_for
from lots.lib.pdf import pdf_response


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
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        had_notification = related(deviation, "ivo_notification") is not None
        try:
            services.investigation_update(actor=request.user, investigation=record, expected_version=version, data=data)
        except ConcurrentEditError:
            conflict(form, record)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            if not had_notification and record.is_serious:
                messages.warning(
                    request, _("Händelsen är bedömd som allvarlig. Anmälan till IVO är påbörjad; utredningen fortsätter.")
                )
            if request.POST.get("action") != "complete":
                messages.success(request, _("Utredningen är sparad."))
                return redirect("deviations:investigation", pk=deviation.pk)
            try:
                services.investigation_complete(actor=request.user, investigation=record, expected_version=record.version)
            except ValidationError as error:
                rebound = request.POST.copy()
                rebound["version"] = record.version
                form = InvestigationForm(rebound, initial=initial)
                form.add_version_field(record.version)
                form.is_valid()
                form.add_error(None, error.messages)
                form.add_error(None, _("Det du skrev är sparat."))
            else:
                messages.success(request, _("Utredningen är avslutad."))
                return redirect("deviations:detail", pk=deviation.pk)
    return render(
        request,
        "deviations/investigation.html",
        {
            "deviation": deviation,
            "investigation": record,
            "form": form,
            "can_edit": can_edit,
            "notification": related(deviation, "ivo_notification"),
        },
        status=status_for(form),
    )


@login_required
def investigation_close_early(request, pk: int):
    deviation = _case(request, pk, write_perm="deviation.handle")
    record = _investigation(deviation)
    if not record.is_open:
        raise PermissionDenied
    form = EarlyCloseForm(request.POST or None)
    form.add_version_field(record.version)
    if request.method == "POST" and form.is_valid():
        try:
            services.investigation_close_early(
                actor=request.user,
                investigation=record,
                position=form.cleaned_data["early_close_position"],
                expected_version=form.cleaned_data["version"],
            )
        except ConcurrentEditError:
            conflict(form, record)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Utredningen är avslutad i förtid med ert ställningstagande."))
            return redirect("deviations:detail", pk=deviation.pk)
    return render(
        request,
        "deviations/close_early.html",
        {"deviation": deviation, "investigation": record, "form": form},
        status=status_for(form),
    )


def _notification(deviation):
    notification = related(deviation, "ivo_notification")
    if notification is None:
        raise Http404
    return notification


@login_required
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
    if action == "save" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        try:
            services.ivo_notification_update(actor=request.user, notification=notification, expected_version=version, data=data)
        except ConcurrentEditError:
            conflict(form, notification)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Anmälan är sparad."))
            return redirect("deviations:ivo", pk=deviation.pk)
    elif action == "sent" and sent_form.is_valid():
        data = sent_form.cleaned_data
        try:
            with transaction.atomic():
                services.ivo_notification_mark_sent(
                    actor=request.user,
                    notification=notification,
                    sent_at=data["sent_at"],
                    ivo_reference=data["ivo_reference"],
                    expected_version=data["version"],
                )
        except ConcurrentEditError:
            conflict(sent_form, notification)
        except ValidationError as error:
            apply_errors(sent_form, error)
        else:
            messages.success(request, _("Det är registrerat att anmälan har skickats till IVO. Utredningen fortsätter."))
            return redirect("deviations:detail", pk=deviation.pk)
    return render(
        request,
        "deviations/ivo.html",
        {
            "deviation": deviation,
            "notification": notification,
            "form": form,
            "sent_form": sent_form,
            "can_edit": can_edit,
            "missing": services.notification_missing(notification),
            "investigation": related(deviation, "lex_sarah"),
        },
        status=status_for(form, sent_form),
    )


@login_required
def ivo_document(request, pk: int):
    deviation = _case(request, pk)
    notification = _notification(deviation)
    return pdf_response(ivo_pdf(notification), f"anmalan-ivo-{deviation.number}.pdf")


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
