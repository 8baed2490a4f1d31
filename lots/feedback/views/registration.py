"""Registering a case by staff, and the receipt for those who may not otherwise see it."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from lots import access
from lots.core.forms import apply_validation_error, form_status
from lots.feedback import services
from lots.feedback.forms import RegisterForm, staff_units
from lots.feedback.models import FeedbackCase


@login_required
def register(request):
    units = staff_units(request.user)
    if not units:
        raise Http404
    form = RegisterForm(request.POST or None, request.FILES or None, units=units, initial={"received_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        received_at = timezone.now()
        if data["received_on"] != timezone.localdate():
            received_at = timezone.make_aware(datetime.datetime.combine(data["received_on"], datetime.time(12, 0)))
        try:
            case = services.feedback_register(
                actor=request.user,
                unit=data["unit"],
                kind=data["kind"],
                sender_role=data["sender_role"],
                channel=data["channel"],
                description=data["description"],
                received_at=received_at,
                reply=data["reply"],
                contact_name=data["contact_name"],
                contact_email=data["contact_email"],
                contact_phone=data["contact_phone"],
                contact_address=data["contact_address"],
                category=data["category"],
                authority=data["authority"],
                external_reference=data["external_reference"],
                attachments=data["attachments"],
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(
                request, _("Ärendet %(ref)s är registrerat och skickat till enhetens chef.") % {"ref": case.reference}
            )
            if access.can(request.user, "feedback.view", case.unit):
                return redirect(case)
            return redirect("feedback:registered", pk=case.pk)
    return render(request, "feedback/register.html", {"form": form}, status=form_status(form))


@login_required
def registered(request, pk: int):
    """A receipt for the person who registered a case they may not otherwise see."""
    case = get_object_or_404(FeedbackCase.objects.select_related("unit"), pk=pk, registered_by=request.user)
    return render(request, "feedback/registered.html", {"case": case})
