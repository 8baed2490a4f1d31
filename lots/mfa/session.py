"""What the session knows of how the person signed in: the contract between sign-in (password, OIDC, SAML) and the
second factor, step-up and session checks.

- ``set_login_method`` is called by every sign-in path right after ``login()``: ``"password"``, ``"oidc"`` or
  ``"saml"``, with the identity provider's id for the last two.
- ``mark_strong`` is called when the person has shown a second factor (``"totp"``, ``"webauthn"``, ``"recovery"``)
  or when an identity provider vouched for multi-factor authentication in its claims (``"idp"``). It stamps the
  time, which step-up reads: the gravest actions ask for a strong authentication within the last few minutes.
"""

import time

LOGIN_METHOD = "lots_login_method"
LOGIN_PROVIDER = "lots_login_provider"
STRONG_AT = "lots_strong_auth_at"
STRONG_METHOD = "lots_strong_auth_method"

LOGIN_METHODS = frozenset({"password", "oidc", "saml"})
STRONG_METHODS = frozenset({"totp", "webauthn", "recovery", "idp"})


def set_login_method(request, method: str, provider_id: int | None = None) -> None:
    if method not in LOGIN_METHODS:
        raise ValueError(f"Unknown login method {method!r}")
    request.session[LOGIN_METHOD] = method
    if provider_id is None:
        request.session.pop(LOGIN_PROVIDER, None)
    else:
        request.session[LOGIN_PROVIDER] = provider_id


def login_method(request) -> str | None:
    return request.session.get(LOGIN_METHOD)


def login_provider_id(request) -> int | None:
    return request.session.get(LOGIN_PROVIDER)


def mark_strong(request, method: str) -> None:
    if method not in STRONG_METHODS:
        raise ValueError(f"Unknown strong authentication method {method!r}")
    request.session[STRONG_AT] = time.time()
    request.session[STRONG_METHOD] = method


def has_strong_auth(request) -> bool:
    """Whether the person has shown a second factor (or been vouched for) in this session at all."""
    return request.session.get(STRONG_AT) is not None


def strong_auth_age(request) -> float | None:
    """Seconds since the last strong authentication in this session, or None if there was none."""
    at = request.session.get(STRONG_AT)
    return None if at is None else max(0.0, time.time() - float(at))


def is_recent(request, seconds: float) -> bool:
    age = strong_auth_age(request)
    return age is not None and age <= seconds
