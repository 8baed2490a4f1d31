"""Writes about second factors: setting one up, using one, recovery codes, removing and resetting them. Each writes
its audit-log entry in the same transaction; the reset mails the person after commit."""

import secrets
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from lots.audit import services as audit
from lots.mfa import devices
from lots.mfa.devices import RECOVERY_DEVICE_NAME

# Recovery codes are ten characters from an alphabet without look-alikes (no 0/O, 1/I/L), shown as two groups of five.
CODE_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"
CODE_LENGTH = 10


@dataclass(frozen=True)
class Check:
    """What came of a code: the device it matched, or why not (``wrong`` or ``throttled`` with ``wait_seconds``)."""

    device: object = None
    error: str = ""
    wait_seconds: int = 0

    @property
    def ok(self) -> bool:
        return self.device is not None


def totp_device_begin(*, user) -> TOTPDevice:
    """The authenticator being set up: an unconfirmed device with a new secret, kept so a reload shows the same code."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Autentiseringsapp", confirmed=False)
    return device


@transaction.atomic
def totp_device_confirm(*, actor, device: TOTPDevice, token: str) -> Check:
    """Confirm a device being set up with a first code from the app. Other unconfirmed devices are dropped."""
    result = _verify(device, token)
    if not result.ok:
        return result
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=device.user, confirmed=False).delete()
    audit.record(
        actor=actor, action="create", obj=device.user, changes={"second_factor": (None, "totp")}, note="Autentiseringsapp tillagd"
    )
    return result


@transaction.atomic
def passkey_registered(*, actor, credential: WebAuthnCredential) -> None:
    audit.record(
        actor=actor, action="create", obj=credential.user, changes={"second_factor": (None, "webauthn")}, note="Nyckel tillagd"
    )


def make_code() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return f"{raw[:5]}-{raw[5:]}"


def normalise_code(code: str) -> str:
    """A recovery code as typed: spaces and case do not matter, the hyphen may be left out."""
    raw = "".join(ch for ch in (code or "").lower() if ch.isalnum())
    return f"{raw[:5]}-{raw[5:]}" if len(raw) == CODE_LENGTH else raw


@transaction.atomic
def recovery_codes_renew(*, actor, user, codes: list[str] | None = None) -> list[str]:
    """Give ``user`` new one-time recovery codes; every earlier code stops working. Returns the codes, which are
    shown once. ``codes`` fixes them (the demo prints the same codes on every load)."""
    from django.conf import settings

    device, _created = StaticDevice.objects.get_or_create(user=user, name=RECOVERY_DEVICE_NAME, defaults={"confirmed": True})
    before = device.token_set.count()
    device.token_set.all().delete()
    codes = codes or [make_code() for _ in range(settings.LOTS_RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    audit.record(actor=actor, action="update", obj=user, changes={"recovery_codes": (before, len(codes))}, note="Nya reservkoder")
    return codes


# django-otp doubles the wait after each wrong code without end, so someone who knew the password could lock the
# person's app for days. Counting at most this many failures caps the wait at 2**11 s (about half an hour): still
# about forty guesses a day at a million codes, each one logged.
MAX_FAILURES_COUNTED = 12


def _verify(device, token: str) -> Check:
    if getattr(device, "throttling_failure_count", 0) > MAX_FAILURES_COUNTED:
        type(device).objects.filter(pk=device.pk).update(throttling_failure_count=MAX_FAILURES_COUNTED)
        device.throttling_failure_count = MAX_FAILURES_COUNTED
    allowed, info = device.verify_is_allowed()
    if not allowed:
        locked_until = (info or {}).get("locked_until")
        wait = max(1, int((locked_until - timezone.now()).total_seconds()) + 1) if locked_until else 1
        return Check(error="throttled", wait_seconds=wait)
    if device.verify_token(token):
        return Check(device=device)
    return Check(error="wrong")


@transaction.atomic
def second_factor_verify(*, user, method: str, token: str, step_up: bool = False) -> Check:
    """Check a code from the person's authenticator app (``method="totp"``) or one of their recovery codes
    (``"recovery"``, used up by this). A wrong code locks the device for a growing while (django-otp's throttling).
    Writes ``second_factor`` (or ``step_up``) or ``second_factor_failed`` to the log; the caller marks the session."""
    token = (token or "").strip().replace(" ", "")
    if method == "recovery":
        candidates = [d for d in [devices.recovery_device(user)] if d is not None]
        token = normalise_code(token)
    else:
        candidates = list(devices.totp_devices(user))
    result = Check(error="wrong")
    waits = []
    for device in candidates:
        result = _verify(device, token)
        if result.ok:
            break
        if result.error == "throttled":
            waits.append(result.wait_seconds)
    if not result.ok and waits and len(waits) == len(candidates):
        result = Check(error="throttled", wait_seconds=min(waits))
    elif not result.ok:
        result = Check(error="wrong")
    if result.ok:
        left = devices.recovery_codes_left(user) if method == "recovery" else None
        note = {"totp": "Autentiseringsapp", "recovery": "Reservkod"}[method]
        audit.record(
            actor=user,
            action="step_up" if step_up else "second_factor",
            obj=user,
            changes={"recovery_codes": (left + 1, left)} if left is not None else None,
            note=note,
        )
    else:
        note = "Spärrad en stund" if result.error == "throttled" else "Fel kod"
        audit.record(actor=user, action="second_factor_failed", obj=user, note=note)
    return result


@transaction.atomic
def passkey_used(*, user, step_up: bool = False) -> None:
    audit.record(actor=user, action="step_up" if step_up else "second_factor", obj=user, note="Nyckel")


@transaction.atomic
def passkey_failed(*, user) -> None:
    audit.record(actor=user, action="second_factor_failed", obj=user, note="Nyckel")


@transaction.atomic
def factor_remove(*, actor, device) -> None:
    """Remove one of the person's own authenticator apps or passkeys. When it was the last, the recovery codes go with
    it: they stand in for a factor and are not one."""
    user = device.user
    kind = "webauthn" if isinstance(device, WebAuthnCredential) else "totp"
    device.delete()
    if not devices.has_primary_factor(user):
        StaticDevice.objects.filter(user=user).delete()
    audit.record(actor=actor, action="delete", obj=user, changes={"second_factor": (kind, None)}, note="Andra faktor borttagen")


@transaction.atomic
def factors_reset(*, actor, person) -> int:
    """Remove all of ``person``'s second factors and recovery codes and end their sessions (one may be on the lost
    phone), so their next sign-in guides them to set one up again. Logged; the person is told by mail (after commit).
    Returns how many factors were removed."""
    from lots.accounts.sessions import sessions_end_all
    from lots.notifications.services import notify, render_mail

    removed = (
        TOTPDevice.objects.filter(user=person).delete()[0]
        + WebAuthnCredential.objects.filter(user=person).delete()[0]
        + StaticDevice.objects.filter(user=person).count()
    )
    StaticDevice.objects.filter(user=person).delete()
    audit.record(
        actor=actor, action="delete", obj=person, changes={"second_factors": (removed, 0)}, note="Andra faktorer återställda"
    )
    sessions_end_all(actor=actor, person=person, note="Andra faktorer återställda")
    if person.email:
        subject, body = render_mail(
            "mfa/mail/factors_reset.txt",
            {"first_name": person.first_name or person.username, "by": actor.get_full_name() or actor.get_username()},
            to=person,
        )
        notify(to=person.email, subject=subject, body=body)
    return removed


@transaction.atomic
def totp_device_install(*, actor, user, key: str, name: str = "Autentiseringsapp") -> TOTPDevice:
    """Give ``user`` a confirmed authenticator app with a known secret (hex), replacing any other: for the demo, whose
    quality coordinator's secret is printed so anyone can add it to an app."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True, key=key).first()
    if device is not None:
        return device
    TOTPDevice.objects.filter(user=user).delete()
    device = TOTPDevice.objects.create(user=user, name=name, key=key, confirmed=True)
    audit.record(
        actor=actor, action="create", obj=user, changes={"second_factor": (None, "totp")}, note="Autentiseringsapp tillagd"
    )
    return device
