"""One log line per request, and a request id that follows it into the response, the logs and error reports.

The line holds the request id, the method, the path without its query string, the status and the duration: never
the person, the query string or the body, which may carry personal data (names, personnummer in a search).
"""

import contextvars
import logging
import re
import time
import uuid

import sentry_sdk
from django.core.signals import request_finished
from django.dispatch import receiver

logger = logging.getLogger("lots.request")

REQUEST_ID_HEADER = "X-Request-ID"
# What a proxy in front may hand on (a UUID, a hex or base64url token); anything else is replaced by our own.
VALID_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{8,64}")

current_request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")


def request_id_from(value: str | None) -> str:
    """The incoming id when it is a plain token of sensible length; a new one otherwise."""
    if value and VALID_REQUEST_ID.fullmatch(value):
        return value
    return uuid.uuid4().hex


class RequestLogMiddleware:
    """First in the chain, so that redirects and refusals from the middleware below are logged too."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = request_id_from(request.headers.get(REQUEST_ID_HEADER))
        request.request_id = request_id
        # Kept until the request has finished (forget_request_id), so Django's own 'Not Found' line, written after
        # the middleware returned, carries the id too.
        current_request_id.set(request_id)
        sentry_sdk.set_tag("request_id", request_id)
        started = time.monotonic()
        response = self.get_response(request)
        response[REQUEST_ID_HEADER] = request_id
        logger.info(
            "request",
            extra={
                "method": request.method,
                "path": request.path,
                "status": response.status_code,
                "duration_ms": round((time.monotonic() - started) * 1000, 1),
            },
        )
        return response


@receiver(request_finished)
def forget_request_id(sender, **kwargs):
    current_request_id.set("-")


class RequestIdFilter(logging.Filter):
    """Puts the current request's id on every log record, so an error's lines can be found beside its request."""

    def filter(self, record):
        record.request_id = current_request_id.get()
        return True
