"""Error pages in Swedish with the normal header and a way back; JSON for the API.

Django's own handlers answer in English without the site's header. These answer
with the site's page (or, under ``/api/``, a JSON body like every other API error).
A 500 page is rendered without the request's context processors, since whatever
failed may be what they need (the database, the session).
"""

import logging

from django.core.exceptions import DisallowedHost
from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

API_PREFIX = "/api/"
logger = logging.getLogger("lots.errors")


def _texts() -> dict[int, tuple[str, str]]:
    return {
        400: (
            _("Felaktig förfrågan"),
            _("Sidan kunde inte visas eftersom förfrågan var ofullständig eller felaktig. Gå tillbaka och försök igen."),
        ),
        403: (
            _("Du har inte behörighet"),
            _(
                "Du kan se det här, men inte göra den här ändringen. "
                "Kontakta din chef eller kvalitetssamordnaren om du behöver behörigheten."
            ),
        ),
        404: (
            _("Sidan finns inte"),
            _("Sidan finns inte, eller så har du inte tillgång till den. Kontrollera adressen eller gå tillbaka."),
        ),
        500: (
            _("Något gick fel hos oss"),
            _("Ett oväntat fel inträffade och har loggats. Det du skickade kan ha sparats – kontrollera innan du försöker igen."),
        ),
    }


def _api_detail(status: int) -> str:
    return {
        400: _("Felaktig förfrågan."),
        403: _("Du har inte behörighet."),
        404: _("Finns inte."),
        500: _("Internt fel."),
    }[status]


def is_api(request) -> bool:
    return request is not None and request.path.startswith(API_PREFIX)


def _back_url(request) -> str:
    referer = request.META.get("HTTP_REFERER", "") if request is not None else ""
    try:
        allowed = {request.get_host()} if referer else set()
    except DisallowedHost:  # the 400 page for a bad Host header must not fail on it again
        return ""
    if referer and url_has_allowed_host_and_scheme(referer, allowed_hosts=allowed, require_https=request.is_secure()):
        return referer
    return ""


def error_response(request, status: int, *, with_context: bool = True) -> HttpResponse:
    if is_api(request):
        return JsonResponse({"detail": _api_detail(status)}, status=status)
    heading, explanation = _texts()[status]
    context = {"status": status, "heading": heading, "explanation": explanation, "back_url": _back_url(request)}
    template = loader.get_template("error_page.html")
    body = template.render(context, request if with_context else None)
    return HttpResponse(body, status=status)


def bad_request(request, exception=None):
    return error_response(request, 400)


def permission_denied(request, exception=None):
    return error_response(request, 403)


def page_not_found(request, exception=None):
    return error_response(request, 404)


def server_error(request):
    try:
        return error_response(request, 500, with_context=False)
    except Exception:  # the error page itself must never fail
        logger.exception("the 500 page could not be rendered")
        return HttpResponse(_("Något gick fel hos oss."), status=500, content_type="text/plain; charset=utf-8")
