"""OpenID Connect sign-in per municipality, built on mozilla-django-oidc.

The library reads one provider from settings; here each ``IdentityProvider`` row (protocol ``oidc``) carries its own
client and endpoints in ``config`` (``OidcSettings``), chosen by the slug in the address. From the library we keep the
authorization request (state, nonce, PKCE), the token exchange and the id token's signature check against the
provider's JWKS; on top of it the id token's audience, issuer and expiry are checked too (the library leaves the
audience unchecked and lets an expired token escape as an error page).

Three kinds of round trip share one callback address, the flow being remembered in the session under its state:

- ``login``: sign the person in (lots.identity.services.sign_in_external).
- ``reauth`` (``?reauth=1``, step-up): ``prompt=login`` and ``max_age=0``; accepted only for the same person with a
  fresh ``auth_time``, and the session counts as strongly authenticated only when MFA was vouched for again.
- ``check`` (``ProviderSessionCheckMiddleware``): ``prompt=none`` after ``recheck_seconds``; when the provider no longer
  accepts the person, the session ends.
"""

import re
import time
from dataclasses import dataclass
from urllib.parse import parse_qs, urlencode, urlsplit

import jwt
import requests
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.core.exceptions import SuspiciousOperation
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import View
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.utils import import_from_settings
from mozilla_django_oidc.views import OIDCAuthenticationRequestView

from lots.audit import services as audit
from lots.audit.models import AuditEntry
from lots.identity.models import ExternalIdentity, IdentityProvider
from lots.identity.services import SignInRefused, sign_in_external
from lots.mfa import session as auth_session

CALLBACK = "identity:oidc_callback"
FLOWS = "lots_oidc_flows"  # state → {"provider", "purpose", "next", "started_at"}
CHECK_AT = "lots_oidc_check_at"  # when the provider is next asked whether it still accepts the person
SUBJECT = "lots_oidc_subject"
MAX_FLOWS = 10
# Seconds of clock difference allowed between Lots and the provider (token expiry, auth_time).
LEEWAY = 60
SIGNING_ALGORITHMS = ("RS256", "RS384", "RS512", "ES256", "ES384", "ES512", "HS256")


class ProviderNotReady(Exception):
    """The provider's settings lack what a sign-in needs."""


class TokenRefused(Exception):
    """The provider's answer cannot be accepted; ``reason`` is a short Swedish text, ``code`` a word for the log."""

    def __init__(self, code: str, reason: str):
        super().__init__(code)
        self.code = code
        self.reason = reason


REASONS = {
    "audience": gettext_lazy("svaret var utfärdat för en annan tjänst än Lots"),
    "issuer": gettext_lazy("svaret kom från en annan utfärdare än den inställda"),
    "expired": gettext_lazy("svaret har gått ut"),
    "signature": gettext_lazy("svarets signatur stämmer inte"),
    "unsigned": gettext_lazy("svaret var inte signerat"),
    "algorithm": gettext_lazy("svaret var signerat med en annan algoritm än den avtalade"),
    "nonce": gettext_lazy("svaret hörde inte till den här inloggningen"),
    "code": gettext_lazy("inloggningskoden godtogs inte (den kan redan ha använts)"),
    "unreachable": gettext_lazy("identitetstjänsten svarade inte"),
    "malformed": gettext_lazy("svaret gick inte att läsa"),
    "subject": gettext_lazy("svaret saknade personens identifierare"),
    "auth_time": gettext_lazy("identitetstjänsten bekräftade inte att du loggade in nyss"),
    "other_person": gettext_lazy("du loggade in som en annan person än den som är inloggad i Lots"),
}


@dataclass(frozen=True)
class OidcSettings:
    """A provider's OIDC settings, read from ``IdentityProvider.config``."""

    issuer: str
    client_id: str
    client_secret: str
    authorization_endpoint: str
    token_endpoint: str
    jwks_uri: str = ""
    userinfo_endpoint: str = ""
    signing_algorithm: str = "RS256"
    scopes: str = "openid profile"
    use_pkce: bool = True
    token_auth_basic: bool = False
    recheck_seconds: int = 900

    REQUIRED = ("issuer", "client_id", "client_secret", "authorization_endpoint", "token_endpoint")

    @classmethod
    def of(cls, provider: IdentityProvider) -> "OidcSettings":
        config = provider.config if isinstance(provider.config, dict) else {}
        missing = [key for key in cls.REQUIRED if not isinstance(config.get(key), str) or not config.get(key)]
        algorithm = config.get("signing_algorithm") or "RS256"
        if missing or algorithm not in SIGNING_ALGORITHMS or (algorithm != "HS256" and not config.get("jwks_uri")):
            raise ProviderNotReady(", ".join(missing) or "jwks_uri")
        try:
            recheck = max(60, int(config.get("recheck_seconds") or 900))
        except (TypeError, ValueError):
            recheck = 900
        return cls(
            issuer=config["issuer"],
            client_id=config["client_id"],
            client_secret=config["client_secret"],
            authorization_endpoint=config["authorization_endpoint"],
            token_endpoint=config["token_endpoint"],
            jwks_uri=config.get("jwks_uri") or "",
            userinfo_endpoint=config.get("userinfo_endpoint") or "",
            signing_algorithm=algorithm,
            scopes=config.get("scopes") or "openid profile",
            use_pkce=config.get("use_pkce", True) is not False,
            token_auth_basic=config.get("token_auth_method") == "client_secret_basic",
            recheck_seconds=recheck,
        )


def discover(issuer: str) -> dict:
    """The endpoints from ``issuer``'s discovery document (``/.well-known/openid-configuration``).

    Raises ``ValueError`` with a Swedish message when it cannot be read or names another issuer.
    """
    url = issuer.rstrip("/") + "/.well-known/openid-configuration"
    try:
        response = requests.get(url, timeout=getattr(settings, "LOTS_OIDC_TIMEOUT", 10))
        response.raise_for_status()
        document = response.json()
    except (requests.RequestException, ValueError):
        raise ValueError(_("Utfärdarens inställningar gick inte att hämta från %(url)s.") % {"url": url}) from None
    if not isinstance(document, dict) or document.get("issuer") != issuer:
        raise ValueError(_("Utfärdarens inställningar anger en annan utfärdare än %(issuer)s.") % {"issuer": issuer})
    keys = ("authorization_endpoint", "token_endpoint", "jwks_uri", "userinfo_endpoint")
    return {key: document[key] for key in keys if isinstance(document.get(key), str)}


class ProviderBackend(OIDCAuthenticationBackend):
    """mozilla-django-oidc's backend for one provider. It is not an authentication backend in settings: the callback
    uses it for the token exchange and the id token's checks, and signs the person in by their external identity."""

    def __init__(self, provider: IdentityProvider, conf: OidcSettings):
        self.provider = provider
        self.conf = conf
        self.OIDC_OP_TOKEN_ENDPOINT = conf.token_endpoint
        self.OIDC_OP_USER_ENDPOINT = conf.userinfo_endpoint
        self.OIDC_OP_JWKS_ENDPOINT = conf.jwks_uri or None
        self.OIDC_RP_CLIENT_ID = conf.client_id
        self.OIDC_RP_CLIENT_SECRET = conf.client_secret
        self.OIDC_RP_SIGN_ALGO = conf.signing_algorithm
        self.OIDC_RP_IDP_SIGN_KEY = None

    def get_settings(self, attr, *args):
        fixed = {
            "OIDC_USE_NONCE": True,
            "OIDC_ALLOW_UNSECURED_JWT": False,
            "OIDC_TOKEN_USE_BASIC_AUTH": self.conf.token_auth_basic,
            "OIDC_TIMEOUT": getattr(settings, "LOTS_OIDC_TIMEOUT", 10),
        }
        return fixed[attr] if attr in fixed else import_from_settings(attr, *args)

    def check_header(self, token: str) -> str:
        """The token's signing algorithm, refused before any key is looked up unless it is the agreed one."""
        try:
            header = jwt.get_unverified_header(token)
        except jwt.InvalidTokenError:
            raise TokenRefused("malformed", REASONS["malformed"]) from None
        algorithm = header.get("alg")
        if not isinstance(algorithm, str) or algorithm.lower() == "none":
            raise TokenRefused("unsigned", REASONS["unsigned"])
        if algorithm != self.OIDC_RP_SIGN_ALGO:
            raise TokenRefused("algorithm", REASONS["algorithm"])
        return algorithm

    def _verify_jws(self, payload, key):
        algorithm = self.check_header(payload)
        try:
            claims = jwt.decode(
                payload,
                key,
                algorithms=[algorithm],
                audience=self.conf.client_id,
                issuer=self.conf.issuer,
                leeway=LEEWAY,
                options={"require": ["exp", "iat", "iss", "aud", "sub"]},
            )
        except jwt.ExpiredSignatureError:
            raise TokenRefused("expired", REASONS["expired"]) from None
        except jwt.InvalidAudienceError:
            raise TokenRefused("audience", REASONS["audience"]) from None
        except jwt.InvalidIssuerError:
            raise TokenRefused("issuer", REASONS["issuer"]) from None
        except jwt.InvalidSignatureError:
            raise TokenRefused("signature", REASONS["signature"]) from None
        except jwt.InvalidTokenError:
            raise TokenRefused("malformed", REASONS["malformed"]) from None
        audience = claims.get("aud")
        if isinstance(audience, list) and len(audience) > 1 and claims.get("azp") != self.conf.client_id:
            raise TokenRefused("audience", REASONS["audience"])
        return claims

    def claims_for(self, *, code: str, nonce: str, code_verifier: str | None, redirect_uri: str) -> dict:
        """Exchange ``code`` for tokens and return the verified id token's claims, with the userinfo claims beneath
        them (the id token's own claims win). Raises ``TokenRefused``."""
        payload = {
            "client_id": self.conf.client_id,
            "client_secret": self.conf.client_secret,
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": redirect_uri,
        }
        if code_verifier is not None:
            payload["code_verifier"] = code_verifier
        try:
            tokens = self.get_token(payload)
        except requests.HTTPError:
            raise TokenRefused("code", REASONS["code"]) from None
        except (requests.RequestException, ValueError):
            raise TokenRefused("unreachable", REASONS["unreachable"]) from None
        id_token = tokens.get("id_token") if isinstance(tokens, dict) else None
        if not isinstance(id_token, str):
            raise TokenRefused("malformed", REASONS["malformed"])
        self.check_header(id_token)
        try:
            claims = self.verify_token(id_token, nonce=nonce)
        except SuspiciousOperation as error:
            code = "nonce" if "Nonce" in str(error) else "signature"
            raise TokenRefused(code, REASONS[code]) from None
        except (requests.RequestException, ValueError, KeyError, jwt.PyJWTError):
            raise TokenRefused("signature", REASONS["signature"]) from None
        access_token = tokens.get("access_token")
        if self.conf.userinfo_endpoint and isinstance(access_token, str):
            try:
                userinfo = self.get_userinfo(access_token, id_token, claims)
            except (requests.RequestException, ValueError, SuspiciousOperation):
                raise TokenRefused("unreachable", REASONS["unreachable"]) from None
            if not isinstance(userinfo, dict) or userinfo.get("sub") != claims.get("sub"):
                raise TokenRefused("malformed", REASONS["malformed"])
            claims = {**userinfo, **claims}
        return claims


def subject_of(provider: IdentityProvider, claims: dict) -> str:
    """The person's identifier at the provider, or "" when the claim is missing or could not be an identifier."""
    value = claims.get(provider.subject_attribute or "sub")
    if not isinstance(value, str | int) or isinstance(value, bool):
        return ""
    value = str(value).strip()
    return value if value.isprintable() and len(value) <= 255 else ""


def groups_of(provider: IdentityProvider, claims: dict) -> list[str]:
    if not provider.groups_attribute:
        return []
    value = claims.get(provider.groups_attribute)
    if isinstance(value, str):
        return value.split()
    return [str(v) for v in value if isinstance(v, str | int)] if isinstance(value, list) else []


def vouched_mfa(provider: IdentityProvider, claims: dict) -> bool:
    amr = claims.get("amr")
    return provider.vouches_for_mfa(amr=amr if isinstance(amr, list | str) else (), acr=claims.get("acr") or "")


def _active_provider(slug: str) -> IdentityProvider:
    provider = IdentityProvider.objects.filter(slug=slug, protocol=IdentityProvider.Protocol.OIDC, is_active=True).first()
    if provider is None:
        raise Http404
    return provider


def _safe_next(request, url) -> str | None:
    if isinstance(url, str) and url and url_has_allowed_host_and_scheme(url, {request.get_host()}, request.is_secure()):
        return url
    return None


def refused(request, message: str, *, status: int = 403):
    """The page that says, in Swedish, why the sign-in was not accepted."""
    return render(request, "identity/refused.html", {"message": message}, status=status)


def _refuse(request, provider: IdentityProvider | None, code: str, reason: str, *, actor=None):
    name = provider.name if provider is not None else _("identitetstjänsten")
    audit.record(
        actor=actor,
        action=AuditEntry.Action.LOGIN_FAILED,
        note=_("Inloggning via %(provider)s nekad: %(code)s") % {"provider": name, "code": code},
    )
    return refused(
        request,
        _("Inloggningen via %(provider)s godtogs inte: %(reason)s. Du är inte inloggad. Börja om från inloggningssidan.")
        % {"provider": name, "reason": reason},
    )


class OidcLoginView(OIDCAuthenticationRequestView):
    """``/konto/sso/oidc/<slug>/``: send the person to the provider. ``?reauth=1`` asks for a new login there (step-up);
    ``?check=1`` asks silently whether the provider still accepts the signed-in person."""

    def __init__(self, **kwargs):
        View.__init__(self, **kwargs)

    def get_settings(self, attr, *args):
        fixed = {
            "OIDC_RP_SCOPES": self.conf.scopes,
            "OIDC_USE_PKCE": self.conf.use_pkce,
            "OIDC_USE_NONCE": True,
            "OIDC_AUTHENTICATION_CALLBACK_URL": CALLBACK,
            "OIDC_REDIRECT_FIELD_NAME": "next",
            "OIDC_AUTH_REQUEST_EXTRA_PARAMS": {},
        }
        return fixed[attr] if attr in fixed else import_from_settings(attr, *args)

    def get_extra_params(self, request):
        if self.purpose == "reauth":
            return {"prompt": "login", "max_age": "0"}
        if self.purpose == "check":
            return {"prompt": "none"}
        return {}

    def get(self, request, slug: str):
        provider = _active_provider(slug)
        try:
            self.conf = OidcSettings.of(provider)
        except ProviderNotReady:
            return refused(
                request,
                _("Inloggningen via %(provider)s är inte färdiginställd. Kontakta kvalitetssamordnaren.")
                % {"provider": provider.name},
                status=503,
            )
        self.purpose = "login"
        if request.GET.get("reauth") == "1" or request.GET.get("check") == "1":
            if not request.user.is_authenticated:
                return redirect(settings.LOGIN_URL)
            self.purpose = "reauth" if request.GET.get("reauth") == "1" else "check"
        elif request.user.is_authenticated:
            return redirect(_safe_next(request, request.GET.get("next")) or settings.LOGIN_REDIRECT_URL)
        self.OIDC_OP_AUTH_ENDPOINT = self.conf.authorization_endpoint
        self.OIDC_RP_CLIENT_ID = self.conf.client_id
        response = super().get(request)
        state = parse_qs(urlsplit(response.url).query)["state"][0]
        flows = request.session.get(FLOWS)
        flows = flows if isinstance(flows, dict) else {}
        while len(flows) >= MAX_FLOWS:
            flows.pop(min(flows, key=lambda s: flows[s].get("started_at", 0)))
        flows[state] = {
            "provider": provider.pk,
            "purpose": self.purpose,
            "next": request.session.pop("oidc_login_next", None),
            "started_at": time.time(),
        }
        request.session[FLOWS] = flows
        return response


def _take_flow(request, state: str) -> dict | None:
    """The flow started with ``state``, removed from the session at once so the same answer is never taken twice."""
    flows = request.session.get(FLOWS)
    states = request.session.get("oidc_states")
    if not state or not isinstance(flows, dict) or state not in flows or not isinstance(states, dict) or state not in states:
        return None
    flow = {**flows.pop(state), **states.pop(state)}
    request.session[FLOWS] = flows
    request.session["oidc_states"] = states
    request.session.save()
    return flow


def schedule_check(request, provider: IdentityProvider, conf: OidcSettings, subject: str) -> None:
    request.session[CHECK_AT] = time.time() + conf.recheck_seconds
    request.session[SUBJECT] = subject


def end_session(request, provider: IdentityProvider | None, reason: str) -> HttpResponseRedirect:
    """End the signed-in session because the provider no longer accepts it; the person is told so on the login page."""
    user = request.user
    audit.record(
        actor=user,
        action=AuditEntry.Action.SESSION_END,
        obj=user,
        note=_("%(provider)s godtar inte längre inloggningen: %(reason)s")
        % {"provider": provider.name if provider else _("identitetstjänsten"), "reason": reason},
    )
    logout(request)
    messages.warning(
        request,
        _("Din inloggning via %(provider)s gäller inte längre. Logga in igen.")
        % {"provider": provider.name if provider else _("identitetstjänsten")},
    )
    return redirect(settings.LOGIN_URL)


def oidc_callback(request):
    """``/konto/sso/oidc/retur/``: the provider's answer for every flow, matched by its state."""
    flow = _take_flow(request, request.GET.get("state", ""))
    if flow is None:
        return _refuse(request, None, "state", _("svaret hörde inte till någon pågående inloggning (det kan redan ha använts)"))
    provider = IdentityProvider.objects.filter(pk=flow.get("provider"), protocol="oidc", is_active=True).first()
    purpose = flow.get("purpose")
    if purpose == "check":
        if not request.user.is_authenticated:
            return redirect(settings.LOGIN_URL)
        return _finish_check(request, provider, flow)
    if provider is None:
        return _refuse(request, None, "provider", _("identitetstjänsten är inte längre aktiv"))
    try:
        conf = OidcSettings.of(provider)
    except ProviderNotReady:
        return _refuse(request, provider, "settings", _("tjänsten är inte färdiginställd"))
    if request.GET.get("error"):
        return _refuse(request, provider, "provider_error", _("identitetstjänsten avbröt inloggningen"))
    if request.GET.get("iss") not in (None, conf.issuer):
        return _refuse(request, provider, "issuer", REASONS["issuer"])
    code = request.GET.get("code", "")
    if not code:
        return _refuse(request, provider, "malformed", REASONS["malformed"])
    backend = ProviderBackend(provider, conf)
    try:
        claims = backend.claims_for(
            code=code,
            nonce=flow.get("nonce"),
            code_verifier=flow.get("code_verifier"),
            redirect_uri=request.build_absolute_uri(reverse(CALLBACK)),
        )
    except TokenRefused as refusal:
        return _refuse(request, provider, refusal.code, refusal.reason)
    subject = subject_of(provider, claims)
    if not subject:
        return _refuse(request, provider, "subject", REASONS["subject"])
    mfa = vouched_mfa(provider, claims)
    target = _safe_next(request, flow.get("next")) or resolve_url(settings.LOGIN_REDIRECT_URL)
    if purpose == "reauth":
        return _finish_reauth(request, provider, conf, flow, claims, subject, mfa, target)
    try:
        sign_in_external(request, provider=provider, subject=subject, mfa=mfa, groups=groups_of(provider, claims))
    except SignInRefused as refusal:
        return refused(request, refusal.message)
    schedule_check(request, provider, conf, subject)
    return redirect(target)


def _finish_reauth(request, provider, conf, flow, claims, subject, mfa, target):
    user = request.user if request.user.is_authenticated else None
    same = user is not None and ExternalIdentity.objects.filter(provider=provider, subject=subject, user=user).exists()
    if not same:
        return _refuse(request, provider, "other_person", REASONS["other_person"], actor=user)
    auth_time = claims.get("auth_time")
    started = float(flow.get("started_at") or 0)
    fresh = isinstance(auth_time, int | float) and not isinstance(auth_time, bool)
    if not fresh or not (started - LEEWAY <= auth_time <= time.time() + LEEWAY):
        return _refuse(request, provider, "auth_time", REASONS["auth_time"], actor=user)
    if mfa:
        auth_session.mark_strong(request, "idp")
    audit.record(
        actor=user,
        action=AuditEntry.Action.STEP_UP,
        obj=user,
        note=(_("Via %(provider)s, med flerfaktorsinloggning") if mfa else _("Via %(provider)s, utan flerfaktorsinloggning"))
        % {"provider": provider.name},
    )
    schedule_check(request, provider, conf, subject)
    return redirect(target)


def _finish_check(request, provider, flow):
    """The silent check's answer: keep the session only if the provider still signs in the same person."""
    if provider is None:
        return end_session(request, None, "provider")
    try:
        conf = OidcSettings.of(provider)
    except ProviderNotReady:
        return end_session(request, provider, "settings")
    if request.GET.get("error") or not request.GET.get("code"):
        return end_session(request, provider, re.sub(r"[^a-z_]", "", str(request.GET.get("error", "no_code")))[:40])
    try:
        claims = ProviderBackend(provider, conf).claims_for(
            code=request.GET["code"],
            nonce=flow.get("nonce"),
            code_verifier=flow.get("code_verifier"),
            redirect_uri=request.build_absolute_uri(reverse(CALLBACK)),
        )
    except TokenRefused as refusal:
        return end_session(request, provider, refusal.code)
    subject = subject_of(provider, claims)
    if not subject or subject != request.session.get(SUBJECT):
        return end_session(request, provider, "other_person")
    schedule_check(request, provider, conf, subject)
    return redirect(_safe_next(request, flow.get("next")) or resolve_url(settings.LOGIN_REDIRECT_URL))


class ProviderSessionCheckMiddleware:
    """Ask the identity provider again, after ``recheck_seconds``, whether it still accepts a person signed in through
    OIDC (mozilla-django-oidc's SessionRefresh idea, per provider). A page load (GET) goes through a silent
    ``prompt=none`` round trip; other requests are let through until twice the interval has passed, then the session
    ends. A provider switched off or removed ends its sessions at once."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self._check(request)
        return response if response is not None else self.get_response(request)

    def _check(self, request):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or auth_session.login_method(request) != "oidc":
            return None
        if request.path.startswith("/konto/sso/") or request.path == reverse("accounts:logout"):
            return None
        provider = IdentityProvider.objects.filter(pk=auth_session.login_provider_id(request), protocol="oidc").first()
        if provider is None or not provider.is_active:
            return end_session(request, provider, "provider")
        due = request.session.get(CHECK_AT)
        now = time.time()
        if isinstance(due, int | float) and now < due:
            return None
        if request.method == "GET":
            query = urlencode({"check": "1", "next": request.get_full_path()})
            return redirect(reverse("identity:oidc_login", args=[provider.slug]) + "?" + query)
        try:
            grace = OidcSettings.of(provider).recheck_seconds
        except ProviderNotReady:
            return end_session(request, provider, "settings")
        if not isinstance(due, int | float) or now > due + grace:
            return end_session(request, provider, "overdue")
        return None
