"""The SAML requests a browser has started, kept in a signed cookie until the IdP's response comes back.

Not in the session: the IdP posts its response to Lots from its own site, and the session cookie (SameSite=Lax) is
not sent with a cross-site post. This cookie is limited to the SAML addresses, lives ten minutes and, over HTTPS, is
SameSite=None; Secure so that the post carries it. It holds the request ids (InResponseTo), where the person was going
and whether the request was a step-up; the signature keeps anyone from adding an id to it.
"""

from django.conf import settings
from django.core import signing

COOKIE = "lots_saml"
SALT = "lots.identity.saml_state"
MAX_AGE = 10 * 60
# A browser may have a few sign-ins under way (several tabs); older ones are dropped.
MAX_REQUESTS = 5


def _path() -> str:
    return "/konto/sso/saml/"


def outstanding(request, provider) -> dict[str, dict]:
    """The requests this browser started with ``provider`` and has not had an answer to: id → {next, reauth, check}."""
    data = _all(request)
    return {
        request_id: {"next": str(entry.get("next") or ""), "reauth": bool(entry.get("reauth")), "check": bool(entry.get("check"))}
        for request_id, entry in data.get(str(provider.pk), {}).items()
        if isinstance(entry, dict)
    }


def _all(request) -> dict:
    raw = request.COOKIES.get(COOKIE)
    try:
        data = signing.loads(raw, salt=SALT, max_age=MAX_AGE) if raw else {}
    except signing.BadSignature:
        data = {}
    return data if isinstance(data, dict) else {}


def _write(response, data: dict) -> None:
    data = {key: value for key, value in data.items() if value}
    if not data:
        response.delete_cookie(COOKIE, path=_path())
        return
    secure = settings.SESSION_COOKIE_SECURE
    response.set_cookie(
        COOKIE,
        signing.dumps(data, salt=SALT, compress=True),
        max_age=MAX_AGE,
        path=_path(),
        secure=secure,
        httponly=True,
        # Over plain HTTP (the demo, on loopback) a browser refuses SameSite=None; the IdP is then on the same site.
        samesite="None" if secure else "Lax",
    )


def remember(request, response, provider, request_id: str, *, next_url: str, reauth: bool, check: bool = False) -> None:
    data = _all(request)
    mine = dict(data.get(str(provider.pk), {}))
    mine[request_id] = {"next": next_url, "reauth": reauth, "check": check}
    data[str(provider.pk)] = dict(list(mine.items())[-MAX_REQUESTS:])
    _write(response, data)


def forget(request, response, provider, request_id: str | None) -> None:
    data = _all(request)
    mine = dict(data.get(str(provider.pk), {}))
    mine.pop(request_id, None)
    data[str(provider.pk)] = mine
    _write(response, data)
