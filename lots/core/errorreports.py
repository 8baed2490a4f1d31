"""Error reports to Sentry (optional, through SENTRY_DSN) without personal data.

``send_default_pii=False`` keeps user names and addresses out; ``scrub`` also drops what the request carried that
might hold personal data: its body, cookies and query string (a search for a name or personnummer).
"""

from urllib.parse import urlsplit, urlunsplit

import sentry_sdk

PRIVATE_HEADERS = {"cookie", "authorization", "x-csrftoken"}


def scrub(event: dict, hint: dict | None = None) -> dict:
    """Sentry's before_send: the event with the request's body, cookies, query string and user removed."""
    request = event.get("request")
    if request:
        for key in ("data", "cookies", "query_string"):
            request.pop(key, None)
        if request.get("url"):
            request["url"] = urlunsplit(urlsplit(request["url"])._replace(query="", fragment=""))
        if isinstance(request.get("headers"), dict):
            request["headers"] = {
                name: value for name, value in request["headers"].items() if name.lower() not in PRIVATE_HEADERS
            }
    event.pop("user", None)
    return event


def start(dsn: str, *, environment: str, release: str | None = None) -> None:
    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        release=release or None,
        send_default_pii=False,
        # A frame's local variables may hold a case's text or a person's name.
        include_local_variables=False,
        max_request_body_size="never",
        before_send=scrub,
        # Performance tracing would send every request's URL; errors are all we want from it.
        traces_sample_rate=0,
    )
