"""Registering a case by staff, and the receipt for those who may not otherwise see it."""

import datetime

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lots import access
from lots.core.editing import edit_form
from lots.feedback import access as feedback_access
from lots.feedback import services
from lots.feedback.forms import RegisterForm, RegisterOriginalForm, staff_units


@login_required
def register(request):
    units = staff_units(request.user)
    if not units:
        raise Http404
    form = RegisterForm(request.POST or None, request.FILES or None, units=units, initial={"received_on": timezone.localdate()})
    return edit_form(
        request,
        form,
        lambda data: services.feedback_register(
            actor=request.user,
            unit=data["unit"],
            kind=data["kind"],
            sender_role=data["sender_role"],
            channel=data["channel"],
            description=data["description"],
            received_at=_received_at(data["received_on"]),
            reply=data["reply"],
            contact_name=data["contact_name"],
            contact_email=data["contact_email"],
            contact_phone=data["contact_phone"],
            contact_address=data["contact_address"],
            category=data["category"],
            authority=data["authority"],
            external_reference=data["external_reference"],
            attachments=data["attachments"],
            integrity_confirmed=data["integrity_confirmed"],
        ),
        template="feedback/register.html",
        success=lambda case: _("Ärendet %(ref)s är registrerat och skickat till enhetens chef.") % {"ref": case.reference},
        redirect_to=lambda case: (
            case if feedback_access.sees_case(request.user, case) else reverse("feedback:registered", args=[case.pk])
        ),
    )


def _received_at(day: datetime.date) -> datetime.datetime:
    """Now for a case received today; noon of the day for one registered afterwards."""
    return services.received_at_on(day)


@login_required
def register_original(request):
    """The registrator registers a complaint as it arrived, with the original, for a unit in their scope."""
    if not access.has_perm_anywhere(request.user, "feedback.register_original"):
        raise Http404
    units = feedback_access.original_units(request.user)
    form = RegisterOriginalForm(request.POST or None, request.FILES or None, units=units)
    return edit_form(
        request,
        form,
        lambda data: services.feedback_register_original(
            actor=request.user,
            unit=data["unit"],
            kind=data["kind"],
            sender_role=data["sender_role"],
            channel=data["channel"],
            received_on=data["received_on"],
            description=data["description"],
            original=data["original"],
            reply=data["reply"],
            contact_name=data["contact_name"],
            contact_email=data["contact_email"],
            contact_phone=data["contact_phone"],
            contact_address=data["contact_address"],
            integrity_confirmed=data["integrity_confirmed"],
        ),
        template="feedback/register_original.html",
        context=lambda: {"had_file": bool(request.FILES)},
        success=lambda case: _("Ärendet %(ref)s är registrerat och skickat till enhetens chef.") % {"ref": case.reference},
        redirect_to=lambda case: reverse("feedback:registered", args=[case.pk]),
    )


@login_required
def registered(request, pk: int):
    """A receipt for the person who registered a case they may not otherwise see."""
    case = get_object_or_404(feedback_access.registered_by(request.user).select_related("unit"), pk=pk)
    return render(
        request,
        "feedback/registered.html",
        {
            "case": case,
            "originals": [a for a in case.attachments.all() if a.is_original],
            "can_register": bool(staff_units(request.user)),
            "can_register_original": access.has_perm_anywhere(request.user, "feedback.register_original"),
        },
    )
