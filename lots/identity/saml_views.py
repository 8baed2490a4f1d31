"""The SAML addresses of one identity provider: start a sign-in, receive the IdP's response, and the SP metadata."""

import logging
import time
from urllib.parse import urlencode

from django.conf import settings
from django.core import signing
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from lots.audit import services as audit
from lots.audit.models import AuditEntry
from lots.identity import saml, saml_state
from lots.identity.models import ExternalIdentity, IdentityProvider
from lots.identity.saml_middleware import end_session
from lots.identity.services import SignInRefused, sign_in_external
from lots.mfa import session as auth_session

logger = logging.getLogger(__name__)

CHECK_SALT = "lots.identity.saml_views.checked"


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
    """Send the browser to the IdP with an authentication request. ``?reauth=1`` asks it to authenticate the person
    again (step-up); ``?check=1`` asks it, without showing anything, whether it still accepts the signed-in person
    (``saml_middleware`` sends people here every ``recheck_seconds``)."""
    provider = _provider(slug)
    next_url = _safe_next(request, request.GET.get("next"))
    reauth = request.GET.get("reauth") == "1"
    check = request.GET.get("check") == "1" and not reauth
    if check and not _signed_in_through(request, provider):
        return redirect(next_url)
    if request.user.is_authenticated and not (reauth or check):
        return redirect(next_url)
    try:
        request_id, location = saml.authn_request_redirect(provider, request, force_authn=reauth, passive=check)
    except saml.SamlConfigError as error:
        return _refused(request, provider, error.message, status=503)
    if check:
        request.session[saml.CHECK_REQUEST] = request_id
    # A page that moves on by itself rather than a redirect: the way here often starts with a form (the login page's
    # organisation choice, a step-up after a POST), and the Content-Security-Policy's form-action 'self' would stop a
    # chain of redirects from a form that ends on the IdP's site.
    response = render(request, "identity/saml_redirect.html", {"provider": provider, "location": location})
    saml_state.remember(request, response, provider, request_id, next_url=next_url, reauth=reauth, check=check)
    return response


def _signed_in_through(request, provider: IdentityProvider) -> bool:
    return (
        request.user.is_authenticated
        and auth_session.login_method(request) == "saml"
        and auth_session.login_provider_id(request) == provider.pk
    )


@never_cache
@csrf_exempt  # the IdP posts here from its own site; the response's signature and InResponseTo stand in for the token
@require_POST
def acs(request, slug: str):
    """Receive the IdP's response (HTTP-POST binding) and sign the person in, or refuse with a reason. The answer to
    a passive check goes on to ``checked``."""
    provider = _provider(slug)
    outstanding = saml_state.outstanding(request, provider)
    saml_response = request.POST.get("SAMLResponse", "")
    try:
        result = saml.read_response(provider, request, saml_response, outstanding)
    except saml.SamlConfigError as error:
        return _refused(request, provider, error.message, status=503)
    except saml.ResponseRefused as refusal:
        request_id = saml.unverified_in_response_to(saml_response)
        if outstanding.get(request_id, {}).get("check"):
            return _check_answered(request, provider, request_id, outstanding[request_id], subject="")
        reason = saml.reason_label(refusal.reason)
        note = _("SAML via %(provider)s: %(reason)s") % {"provider": provider.name, "reason": reason}
        audit.record(actor=None, action=AuditEntry.Action.LOGIN_FAILED, note=note)
        return _refused(request, provider, refusal.message)
    entry = outstanding[result.request_id]
    if entry["check"]:
        return _check_answered(request, provider, result.request_id, entry, subject=result.subject, result=result)
    if request.user.is_authenticated:
        # Signing in again (a step-up) raises what the session may do: it gets a new key, as at any sign-in.
        request.session.cycle_key()
    try:
        sign_in_external(request, provider=provider, subject=result.subject, mfa=result.mfa, groups=result.groups)
    except SignInRefused as refusal:
        response = _refused(request, provider, refusal.message)
    else:
        _start_session(request, provider, result)
        response = redirect(_safe_next(request, entry["next"]))
    saml_state.forget(request, response, provider, result.request_id)
    return response


def _start_session(request, provider: IdentityProvider, result: saml.SignInResult) -> None:
    if result.session_not_on_or_after is not None:
        request.session[saml.SESSION_NOT_ON_OR_AFTER] = result.session_not_on_or_after
    else:
        request.session.pop(saml.SESSION_NOT_ON_OR_AFTER, None)
    request.session[saml.CHECK_AT] = time.time() + saml.provider_settings(provider).recheck_seconds
    request.session.pop(saml.CHECK_REQUEST, None)


def _check_answered(request, provider, request_id: str, entry: dict, *, subject: str, result=None):
    """Hand the passive check's answer on to ``checked`` by a plain GET: the IdP's cross-site post does not carry the
    session cookie (SameSite=Lax), the redirect after it does."""
    token = signing.dumps(
        {
            "p": provider.pk,
            "r": request_id,
            "s": subject,
            "n": entry["next"],
            "u": result.session_not_on_or_after if result is not None else None,
        },
        salt=CHECK_SALT,
    )
    response = redirect(reverse("identity:saml_checked", args=[provider.slug]) + "?" + urlencode({"t": token}))
    saml_state.forget(request, response, provider, request_id)
    return response


@never_cache
@require_GET
def checked(request, slug: str):
    """Apply the passive check's answer to the session that asked: the IdP still accepts the same person, and the
    session goes on; or it does not, and the session ends."""
    provider = _provider(slug)
    try:
        answer = signing.loads(request.GET.get("t", ""), salt=CHECK_SALT, max_age=saml_state.MAX_AGE)
    except signing.BadSignature:
        answer = None
    pending = request.session.get(saml.CHECK_REQUEST)
    if not isinstance(answer, dict) or not pending or answer.get("r") != pending or answer.get("p") != provider.pk:
        return redirect(settings.LOGIN_REDIRECT_URL)
    request.session.pop(saml.CHECK_REQUEST, None)
    if not _signed_in_through(request, provider):
        return redirect(settings.LOGIN_REDIRECT_URL)
    subject = answer.get("s") or ""
    still = bool(subject) and ExternalIdentity.objects.filter(provider=provider, subject=subject, user=request.user).exists()
    if not still:
        return end_session(request, _("%(provider)s godtar inte längre inloggningen") % {"provider": provider.name})
    until = answer.get("u")
    request.session[saml.CHECK_AT] = time.time() + saml.provider_settings(provider).recheck_seconds
    if isinstance(until, int | float):
        request.session[saml.SESSION_NOT_ON_OR_AFTER] = until
    return redirect(_safe_next(request, answer.get("n")))


@require_GET
def metadata(request, slug: str):
    """The SP metadata to give the IdP's administrator."""
    provider = _provider(slug)
    try:
        xml = saml.sp_metadata(provider, request)
    except saml.SamlConfigError as error:
        return _refused(request, provider, error.message, status=503)
    return HttpResponse(xml.encode(), content_type="application/samlmetadata+xml; charset=utf-8")
