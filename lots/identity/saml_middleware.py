"""A session begun through SAML lasts only as long as the IdP's word holds.

It ends at the assertion's SessionNotOnOrAfter (whatever the idle timeout would allow), and at once when the
municipality switches the IdP off or removes it. Every ``recheck_seconds`` (15 minutes unless the IdP's row says
otherwise) the IdP is asked without the person seeing it (a passive AuthnRequest, lots.identity.saml_views) whether it
still accepts them; a person it no longer accepts cannot go on with the old session. A page load (GET) makes that round
trip; other requests (form posts, the JSON API) are let through until twice the interval has passed, and then
the session ends.
"""

import time
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from lots.audit import services as audit
from lots.audit.models import AuditEntry
from lots.identity import saml
from lots.identity.models import IdentityProvider
from lots.mfa import session as auth_session

# The SAML addresses themselves (the check's own round trip) and signing out are never held up.
SINGLE_SIGN_ON = "/konto/sso/"
# A script's call to the JSON API cannot follow the round trip through the IdP; it is let through like a form post.
API = "/api/"


def end_session(request, note: str):
    """End the signed-in SAML session, audited with ``note``; the person is told so on the login page."""
    user = request.user
    audit.record(actor=user, action=AuditEntry.Action.SESSION_END, obj=user, note=note)
    logout(request)
    messages.info(request, _("Din inloggning via identitetstjänsten har upphört. Logga in igen."))
    return redirect_to_login(request.get_full_path() if request.method == "GET" else "/")


class SamlSessionLifetimeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and auth_session.login_method(request) == "saml":
            response = self._check(request)
            if response is not None:
                return response
        return self.get_response(request)

    def _check(self, request):
        now = time.time()
        until = request.session.get(saml.SESSION_NOT_ON_OR_AFTER)
        if isinstance(until, int | float) and now >= until:
            return end_session(request, _("Identitetstjänstens sessionstid gick ut"))
        provider = IdentityProvider.objects.filter(
            pk=auth_session.login_provider_id(request), protocol=IdentityProvider.Protocol.SAML, is_active=True
        ).first()
        if provider is None:
            return end_session(request, _("Identitetstjänsten är avstängd"))
        if request.path.startswith(SINGLE_SIGN_ON) or request.path == reverse("accounts:logout"):
            return None
        due = request.session.get(saml.CHECK_AT)
        if isinstance(due, int | float) and now < due:
            return None
        try:
            interval = saml.provider_settings(provider).recheck_seconds
        except saml.SamlConfigError:
            return end_session(request, _("Identitetstjänstens inställningar går inte att använda"))
        page_load = request.method == "GET"
        if page_load and not request.path.startswith(API):
            query = urlencode({"check": "1", "next": request.get_full_path()})
            return redirect(reverse("identity:saml_login", args=[provider.slug]) + "?" + query)
        if not isinstance(due, int | float) or now > due + interval:
            return end_session(request, _("Identitetstjänsten har inte bekräftat inloggningen på länge"))
        return None
