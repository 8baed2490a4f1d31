"""A session begun through SAML ends when the IdP said it should (the assertion's SessionNotOnOrAfter), whatever the
idle timeout would allow: the IdP decides how long its word holds."""

import time

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.utils.translation import gettext as _

from lots.audit import services as audit
from lots.audit.models import AuditEntry
from lots.identity.saml import SESSION_NOT_ON_OR_AFTER


class SamlSessionLifetimeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        until = session.get(SESSION_NOT_ON_OR_AFTER) if session is not None else None
        if until is not None and time.time() >= float(until) and request.user.is_authenticated:
            user = request.user
            audit.record(
                actor=user, action=AuditEntry.Action.SESSION_END, obj=user, note=_("Identitetstjänstens sessionstid gick ut")
            )
            logout(request)
            messages.info(request, _("Din inloggning via identitetstjänsten har gått ut. Logga in igen."))
            return redirect_to_login(request.get_full_path())
        return self.get_response(request)
