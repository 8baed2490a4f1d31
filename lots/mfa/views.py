"""The second-factor pages: enrolment, the prompt (also used for step-up), recovery codes, the person's own factors,
and the reset a quality coordinator makes from a person's page."""

from base64 import b32encode
from urllib.parse import urlencode

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.middleware import csrf
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from lots.access.authentication import can_reset_factors, needs_second_factor
from lots.accounts.models import User
from lots.mfa import devices, services, session
from lots.mfa.forms import CodeForm, RecoveryCodeForm
from lots.mfa.stepup import STEP_UP_POSTED, confirm_done, is_on_this_site, require_recent_strong_auth, step_up_window

NEW_CODES = "lots_new_recovery_codes"
WRONG_CODE = gettext_lazy("Koden stämmer inte. Kontrollera att du tittar på Lots i appen och skriv den kod som visas nu.")
RESET_DONE = gettext_lazy(
    "De andra faktorerna för %(name)s är borttagna. Personen har fått ett mejl och lägger till en ny vid nästa inloggning."
)


def next_url(request) -> str:
    """The page to go on to: ``next`` from the query or form when it is on this site, else the start page."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and is_on_this_site(request, candidate):
        return candidate
    return reverse(settings.LOGIN_REDIRECT_URL)


def _with_next(name: str, request, **extra) -> str:
    return reverse(name) + "?" + urlencode({"next": next_url(request), **extra})


def _is_step_up(request) -> bool:
    return (request.POST.get("steg") or request.GET.get("steg")) == "1"


def signed_in_with(request, device, method: str) -> None:
    """The session has shown a second factor: stamp it for the requirement and for step-up."""
    otp_login(request, device)
    session.mark_strong(request, method)
    confirm_done(request)


def _passkey_config(request, *, step_up: bool = False) -> dict:
    """What django-otp-webauthn's scripts read from the page: this app's ceremony addresses and the CSRF token."""
    suffix = "?steg=1" if step_up else ""
    return {
        "autocompleteLoginFieldSelector": None,
        "nextFieldSelector": "input[name='next']",
        "csrfToken": csrf.get_token(request),
        "beginAuthenticationUrl": reverse("mfa:passkey_auth_begin"),
        "completeAuthenticationUrl": reverse("mfa:passkey_auth_complete") + suffix,
        "beginRegistrationUrl": reverse("mfa:passkey_register_begin"),
        "completeRegistrationUrl": reverse("mfa:passkey_register_complete"),
    }


def _throttled(wait_seconds: int) -> str:
    return ngettext(
        "För många felaktiga försök. Vänta %(n)d sekund och försök igen.",
        "För många felaktiga försök. Vänta %(n)d sekunder och försök igen.",
        wait_seconds,
    ) % {"n": wait_seconds}


@login_required
def verify(request):
    """The prompt for the second factor after signing in, and again for step-up (``?steg=1``)."""
    user = request.user
    step_up = _is_step_up(request)
    if not devices.has_any_factor(user):
        return redirect(_with_next("mfa:enrol", request, **({"steg": "1"} if step_up else {})))
    if session.has_strong_auth(request) and not step_up:
        return redirect(next_url(request))
    method = request.POST.get("method") if request.method == "POST" else None
    totp_form = CodeForm(request.POST if method == "totp" else None, prefix="totp")
    recovery_form = RecoveryCodeForm(request.POST if method == "recovery" else None, prefix="recovery")
    status = 200
    if request.method == "POST":
        form, field = (totp_form, "code") if method == "totp" else (recovery_form, "recovery_code")
        if method not in ("totp", "recovery"):
            status = 400
        elif form.is_valid():
            result = services.second_factor_verify(user=user, method=method, token=form.cleaned_data[field], step_up=step_up)
            if result.ok:
                signed_in_with(request, result.device, method)
                if method == "recovery":
                    left = devices.recovery_codes_left(user)
                    messages.warning(
                        request,
                        ngettext(
                            "Du har %(n)d reservkod kvar. Skapa nya under Tvåstegsverifiering när du behöver.",
                            "Du har %(n)d reservkoder kvar. Skapa nya under Tvåstegsverifiering när du behöver.",
                            left,
                        )
                        % {"n": left},
                    )
                return redirect(next_url(request))
            if result.error == "throttled":
                form.add_error(field, _throttled(result.wait_seconds))
                status = 429
            elif method == "totp":
                form.add_error(field, WRONG_CODE)
            else:
                form.add_error(field, _("Reservkoden stämmer inte eller är redan använd."))
        status = status if status != 200 else 422
    context = {
        "totp_form": totp_form,
        "recovery_form": recovery_form,
        "has_totp": devices.totp_devices(user).exists(),
        "has_passkeys": devices.passkeys(user).exists(),
        "has_recovery": devices.recovery_codes_left(user) > 0,
        "next": next_url(request),
        "step_up": step_up,
        "window_minutes": step_up_window() // 60,
        "posted": request.session.get(STEP_UP_POSTED, False),
        "open_recovery": method == "recovery",
        "passkey_config": _passkey_config(request, step_up=step_up),
    }
    return render(request, "mfa/verify.html", context, status=status)


def _qr_code(url: str) -> str:
    svg = segno.make(url, error="m").svg_inline(scale=4, dark="#000", light="#fff", border=4)
    label = escape(_("QR-kod för autentiseringsappen"))
    return svg.replace("<svg ", f'<svg role="img" aria-label="{label}" ', 1)


def _grouped(secret: str) -> str:
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@login_required
def enrol(request):
    """Set up a second factor: an authenticator app (QR code and the secret typed out, confirmed with a first code) or
    a passkey or security key. The first factor set up is followed by recovery codes, shown once."""
    user = request.user
    if devices.has_any_factor(user) and not session.has_strong_auth(request):
        return redirect(_with_next("mfa:verify", request))
    device = services.totp_device_begin(user=user)
    form = CodeForm(request.POST or None, prefix="totp")
    status = 200
    if request.method == "POST":
        if form.is_valid():
            first = not devices.has_primary_factor(user)
            result = services.totp_device_confirm(actor=user, device=device, token=form.cleaned_data["code"])
            if result.ok:
                signed_in_with(request, result.device, "totp")
                return _after_first_factor(request, first) or _done_adding(request)
            if result.error == "throttled":
                form.add_error("code", _throttled(result.wait_seconds))
            else:
                form.add_error("code", _("Koden stämmer inte. Skriv den sexsiffriga kod som appen visar just nu."))
        status = 422
    context = {
        "form": form,
        "qr_code": _qr_code(device.config_url),
        "secret": _grouped(b32encode(device.bin_key).decode()),
        "next": next_url(request),
        "first": not devices.has_primary_factor(user),
        "required": needs_second_factor(user),
        "passkey_config": _passkey_config(request),
    }
    return render(request, "mfa/enrol.html", context, status=status)


def _after_first_factor(request, first: bool):
    """After the first factor, new recovery codes to keep, shown on the next page only."""
    if not first or devices.recovery_device(request.user) is not None:
        return None
    request.session[NEW_CODES] = services.recovery_codes_renew(actor=request.user, user=request.user)
    return redirect(_with_next("mfa:recovery_codes", request))


def _done_adding(request):
    messages.success(request, _("Den andra faktorn är tillagd."))
    return redirect(next_url(request) if request.GET.get("next") else reverse("mfa:factors"))


@login_required
def recovery_codes(request):
    """The new recovery codes, once; a reload shows them no more."""
    codes = request.session.pop(NEW_CODES, None)
    if not codes:
        return redirect(next_url(request) if request.GET.get("next") else reverse("mfa:factors"))
    return render(request, "mfa/recovery_codes.html", {"codes": codes, "next": next_url(request)})


@login_required
@require_POST
@require_recent_strong_auth
def recovery_codes_renew(request):
    if not devices.has_primary_factor(request.user):
        raise Http404
    request.session[NEW_CODES] = services.recovery_codes_renew(actor=request.user, user=request.user)
    return redirect("mfa:recovery_codes")


@login_required
def factors(request):
    """The person's own second factors: add, remove, new recovery codes."""
    user = request.user
    return render(
        request,
        "mfa/factors.html",
        {
            "totp_devices": devices.totp_devices(user),
            "passkeys": devices.passkeys(user),
            "recovery_left": devices.recovery_codes_left(user),
            "has_primary": devices.has_primary_factor(user),
            "required": needs_second_factor(user),
        },
    )


FACTOR_KINDS = {"app": TOTPDevice, "nyckel": WebAuthnCredential}


@login_required
@require_POST
@require_recent_strong_auth
def factor_remove(request, kind: str, pk: int):
    model = FACTOR_KINDS.get(kind)
    device = model.objects.filter(user=request.user, pk=pk).first() if model else None
    if device is None:
        raise Http404
    services.factor_remove(actor=request.user, device=device)
    messages.success(request, _("Den andra faktorn är borttagen."))
    return redirect("mfa:factors")


@login_required
@require_POST
@require_recent_strong_auth
def reset(request, pk: int):
    """A quality coordinator (or an administrator) removes a person's factors; the person sets one up again."""
    from lots.accounts.people import people_visible_to

    person = people_visible_to(request.user).filter(pk=pk).first() if not request.user.is_superuser else None
    if person is None and request.user.is_superuser:
        person = User.objects.filter(pk=pk).first()
    if person is None:
        raise Http404
    if not can_reset_factors(request.user, person):
        raise PermissionDenied
    removed = services.factors_reset(actor=request.user, person=person)
    if removed:
        messages.success(request, RESET_DONE % {"name": person})
    else:
        messages.info(request, _("%(name)s hade ingen andra faktor.") % {"name": person})
    return redirect("accounts:person", pk=person.pk)
