"""What second factors a person has: authenticator apps (TOTP), passkeys and security keys (WebAuthn), and one-time
recovery codes. Reads only; writes are in lots.mfa.services."""

from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

RECOVERY_DEVICE_NAME = "recovery"


def totp_devices(user):
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("created_at", "pk")


def passkeys(user):
    return WebAuthnCredential.objects.filter(user=user, confirmed=True).order_by("created_at", "pk")


def recovery_device(user) -> StaticDevice | None:
    return StaticDevice.objects.filter(user=user, name=RECOVERY_DEVICE_NAME).first()


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__name=RECOVERY_DEVICE_NAME).count()


def has_primary_factor(user) -> bool:
    """Whether the person has set up an authenticator app or a passkey (recovery codes alone are no factor to enrol)."""
    return totp_devices(user).exists() or passkeys(user).exists()


def has_any_factor(user) -> bool:
    return has_primary_factor(user) or recovery_codes_left(user) > 0
