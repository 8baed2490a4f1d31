"""The API's router: every operation documents the errors the API answers with, in one shape (``ErrorOut``)."""

from typing import Any

import ninja
from ninja import Schema
from ninja.constants import NOT_SET


class ErrorOut(Schema):
    """An API error: ``detail`` is a message, or for 422 the messages per field ("__all__" for the whole request)."""

    detail: str | dict[str, list[str]]


ERROR_STATUSES = {
    400: "Felaktig förfrågan (till exempel JSON som inte går att läsa).",
    401: "Saknar giltig API-nyckel, eller nyckeln har gått ut eller återkallats (detail säger vilket).",
    403: "Du får se posten men inte ändra den, eller API-nyckeln får bara läsa.",
    404: "Finns inte, eller så har du inte tillgång till den.",
    409: "Posten har ändrats av någon annan, eller Idempotency-Key används redan för en annan förfrågan.",
    422: "Värdena följer inte schemat eller Lots regler; meddelandena står per fält.",
}


def with_errors(response: Any) -> dict:
    """``response`` as a status → schema mapping with the error statuses added."""
    if response is NOT_SET:
        raise ValueError("an API operation declares its response")
    responses = dict(response) if isinstance(response, dict) else {200: response}
    for status in ERROR_STATUSES:
        responses.setdefault(status, ErrorOut)
    return responses


class Router(ninja.Router):
    def add_api_operation(self, path, methods, view_func, *, response: Any = NOT_SET, **kwargs) -> None:
        super().add_api_operation(path, methods, view_func, response=with_errors(response), **kwargs)
