"""The demo's quality coordinator (``kvalitet``) signs in with a second factor: an authenticator app whose secret is
printed after loading, and ten recovery codes printed beside it. Both are derived from fixed seeds, so every load
gives (and prints) the same ones; a code used since the last load works again after the next. The other demo logins
have no factor and stay one step (the demo runs with DEBUG, where only people with a factor are asked for one)."""

import hashlib
from base64 import b32encode

from lots.mfa import devices, services

DEPENDS_ON = ("lots.accounts",)

USERNAME = "kvalitet"
TOTP_KEY = hashlib.sha1(b"lots demo authenticator for kvalitet").hexdigest()  # 20 bytes, as django-otp makes them


def recovery_codes() -> list[str]:
    codes = []
    for i in range(10):
        digest = hashlib.sha256(f"lots demo recovery code {i}".encode()).digest()
        raw = "".join(services.CODE_ALPHABET[b % len(services.CODE_ALPHABET)] for b in digest[: services.CODE_LENGTH])
        codes.append(f"{raw[:5]}-{raw[5:]}")
    return codes


def load(ctx) -> None:
    user = ctx.people[USERNAME]
    device = services.totp_device_install(actor=ctx.actor, user=user, key=TOTP_KEY)
    codes = recovery_codes()
    device_codes = devices.recovery_device(user)
    held = set(device_codes.token_set.values_list("token", flat=True)) if device_codes else set()
    if held != set(codes):
        services.recovery_codes_renew(actor=ctx.actor, user=user, codes=codes)
    secret = b32encode(device.bin_key).decode()
    ctx.notes.extend(
        [
            "",
            f"{USERNAME} loggar in i två steg. Lägg in nyckeln {secret} i en autentiseringsapp,",
            "eller använd en av reservkoderna (var och en fungerar en gång, och igen efter nästa make demo):",
            "  " + "  ".join(codes[:5]),
            "  " + "  ".join(codes[5:]),
        ]
    )
