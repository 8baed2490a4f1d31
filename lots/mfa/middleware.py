"""The second-factor requirement for signed-in sessions.

A person who must sign in with a second factor (lots.access.authentication.needs_second_factor) and has not shown one
in this session (lots.mfa.session.has_strong_auth; an identity provider's vouching counts) is sent to the prompt, or to
enrolment when they have no factor yet, with ``?next=`` back to the page they asked for. Pages that must work before
that are let through: the second-factor pages themselves, signing out, single sign-on, static files, the public
e-service, health checks and the language switch. The JSON API authenticates by token, not by this session; a call to
it carried by an unverified session cookie is answered with JSON 401 rather than a redirect.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _

from lots.access.authentication import needs_second_factor
from lots.mfa import devices, session

# Where an identity provider's answers arrive (lots.identity); a person coming back there to vouch again must get in.
SINGLE_SIGN_ON = "/konto/sso/"


class SecondFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    @cached_property
    def exempt_prefixes(self) -> tuple[str, ...]:
        return (
            reverse("mfa:factors"),  # every second-factor page lies under this one
            reverse("accounts:logout"),
            reverse("accounts:login"),
            SINGLE_SIGN_ON,
            settings.STATIC_URL,
            reverse("feedback_public:choose"),
            reverse("core:healthz"),
            reverse("core:readyz"),
            reverse("set_language").rsplit("/", 2)[0] + "/",
        )

    @cached_property
    def api_prefix(self) -> str:
        return "/api/"

    def __call__(self, request):
        if self._must_show_factor(request):
            return self._ask(request)
        return self.get_response(request)

    def _must_show_factor(self, request) -> bool:
        if not settings.LOTS_SECOND_FACTOR_ENFORCED:
            return False
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or session.has_strong_auth(request):
            return False
        if request.path.startswith(self.exempt_prefixes):
            return False
        if request.path.startswith(self.api_prefix) and "Authorization" in request.headers:
            return False  # the token decides who calls, not the session cookie beside it
        if not needs_second_factor(user):
            return False
        return settings.LOTS_SECOND_FACTOR_ENROLMENT_REQUIRED or devices.has_any_factor(user)

    def _ask(self, request):
        if request.path.startswith(self.api_prefix):
            return JsonResponse(
                {"detail": _("Logga in med din andra faktor i webbläsaren, eller använd en API-nyckel.")}, status=401
            )
        target = "mfa:verify" if devices.has_any_factor(request.user) else "mfa:enrol"
        url = reverse(target)
        if request.method in ("GET", "HEAD") and request.path != "/":
            url += "?" + urlencode({"next": request.get_full_path()})
        return redirect(url)
