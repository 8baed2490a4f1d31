"""A session begun through SAML lasts only as long as the IdP's word holds: it ends at the assertion's
SessionNotOnOrAfter (whatever the idle timeout would allow), and at once when the municipality switches the IdP off
or removes it."""

import time

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.utils.translation import gettext as _

from lots.audit import services as audit
from lots.audit.models import AuditEntry
from lots.identity.models import IdentityProvider
from lots.identity.saml import SESSION_NOT_ON_OR_AFTER
from lots.mfa import session as auth_session


class SamlSessionLifetimeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and auth_session.login_method(request) == "saml":
            note = self._ended(request)
            if note:
                audit.record(actor=user, action=AuditEntry.Action.SESSION_END, obj=user, note=note)
                logout(request)
                messages.info(request, _("Din inloggning via identitetstjänsten har upphört. Logga in igen."))
                return redirect_to_login(request.get_full_path())
        return self.get_response(request)

    def _ended(self, request) -> str:
        until = request.session.get(SESSION_NOT_ON_OR_AFTER)
        if isinstance(until, int | float) and time.time() >= until:
            return _("Identitetstjänstens sessionstid gick ut")
        provider_id = auth_session.login_provider_id(request)
        active = IdentityProvider.objects.filter(
            pk=provider_id, protocol=IdentityProvider.Protocol.SAML, is_active=True
        ).exists()
        return "" if active else _("Identitetstjänsten är avstängd")
