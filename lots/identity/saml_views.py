"""The SAML addresses of one identity provider: start a sign-in, receive the IdP's response, and the SP metadata."""

import logging

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from lots.audit import services as audit
from lots.audit.models import AuditEntry
from lots.identity import saml, saml_state
from lots.identity.models import IdentityProvider
from lots.identity.services import SignInRefused, sign_in_external

logger = logging.getLogger(__name__)


def _provider(slug: str) -> IdentityProvider:
    return get_object_or_404(
        IdentityProvider.objects.select_related("municipality"),
        slug=slug,
        protocol=IdentityProvider.Protocol.SAML,
        is_active=True,
    )


def _safe_next(request, value: str | None) -> str:
    if value and url_has_allowed_host_and_scheme(value, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return value
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _refused(request, provider: IdentityProvider, message: str, *, status: int = 403):
    return render(request, "identity/saml_error.html", {"provider": provider, "message": message}, status=status)


@never_cache
@require_GET
def login(request, slug: str):
    """Send the browser to the IdP with an authentication request; ``?reauth=1`` asks it to authenticate again."""
    provider = _provider(slug)
    next_url = _safe_next(request, request.GET.get("next"))
    reauth = request.GET.get("reauth") == "1"
    if request.user.is_authenticated and not reauth:
        return redirect(next_url)
    try:
        request_id, location = saml.authn_request_redirect(provider, request, force_authn=reauth)
    except saml.SamlConfigError as error:
        return _refused(request, provider, error.message, status=503)
    # A page that moves on by itself rather than a redirect: the way here often starts with a form (the login page's
    # organisation choice, a step-up after a POST), and the Content-Security-Policy's form-action 'self' would stop a
    # chain of redirects from a form that ends on the IdP's site.
    response = render(request, "identity/saml_redirect.html", {"provider": provider, "location": location})
    saml_state.remember(request, response, provider, request_id, next_url=next_url, reauth=reauth)
    return response


@never_cache
@csrf_exempt  # the IdP posts here from its own site; the response's signature and InResponseTo stand in for the token
@require_POST
def acs(request, slug: str):
    """Receive the IdP's response (HTTP-POST binding) and sign the person in, or refuse with a reason."""
    provider = _provider(slug)
    outstanding = saml_state.outstanding(request, provider)
    try:
        result = saml.read_response(provider, request, request.POST.get("SAMLResponse", ""), outstanding)
    except saml.SamlConfigError as error:
        return _refused(request, provider, error.message, status=503)
    except saml.ResponseRefused as refusal:
        reason = saml.reason_label(refusal.reason)
        note = _("SAML via %(provider)s: %(reason)s") % {"provider": provider.name, "reason": reason}
        audit.record(actor=None, action=AuditEntry.Action.LOGIN_FAILED, note=note)
        return _refused(request, provider, refusal.message)
    if request.user.is_authenticated:
        # Signing in again (a step-up) raises what the session may do: it gets a new key, as at any sign-in.
        request.session.cycle_key()
    try:
        sign_in_external(request, provider=provider, subject=result.subject, mfa=result.mfa, groups=result.groups)
    except SignInRefused as refusal:
        response = _refused(request, provider, refusal.message)
    else:
        if result.session_not_on_or_after is not None:
            request.session[saml.SESSION_NOT_ON_OR_AFTER] = result.session_not_on_or_after
        else:
            request.session.pop(saml.SESSION_NOT_ON_OR_AFTER, None)
        response = redirect(_safe_next(request, outstanding[result.request_id]["next"]))
    saml_state.forget(request, response, provider, result.request_id)
    return response


@require_GET
def metadata(request, slug: str):
    """The SP metadata to give the IdP's administrator."""
    provider = _provider(slug)
    try:
        xml = saml.sp_metadata(provider, request)
    except saml.SamlConfigError as error:
        return _refused(request, provider, error.message, status=503)
    return HttpResponse(xml.encode(), content_type="application/samlmetadata+xml; charset=utf-8")
