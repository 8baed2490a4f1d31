"""Codes as an authenticator app would show them, and people with a factor already set up."""

import time

from django_otp.oath import hotp

from lots.mfa import services


def code(device, steps_ahead: int = 0) -> str:
    """The code the authenticator app shows now (or ``steps_ahead`` periods later, within the accepted drift)."""
    t = int((time.time() - device.t0) // device.step) + steps_ahead
    return f"{hotp(device.bin_key, t, digits=device.digits):06d}"


def with_totp(user, *, recovery_codes: bool = False):
    """``user`` with a confirmed authenticator app (and recovery codes, if asked); returns the device, or the device
    and the codes."""
    device = services.totp_device_begin(user=user)
    assert services.totp_device_confirm(actor=user, device=device, token=code(device)).ok
    if recovery_codes:
        return device, services.recovery_codes_renew(actor=user, user=user)
    return device
