"""SAML 2.0 sign-in, one service provider (SP) configuration per identity provider (IdP) row.

The SP configuration is built per request from an ``IdentityProvider`` (djangosaml2's ``SAML_CONFIG_LOADER`` hook,
``config_loader``), and pysaml2 signs the authentication request and checks the response: the signature on the
assertion with the IdP's key from its metadata, the audience and recipient, the validity times and that it answers a
request this browser started. On top of that Lots checks that the IdP named in the row issued the assertion, that the
assertion has not been used before, and for a step-up that the IdP authenticated the person just now. The person is
then signed in only through ``lots.identity.services.sign_in_external``, matched by NameID or the row's subject
attribute; nobody is created.

What the IdP row's ``config`` holds is checked by ``validate_config``; see docs/identity.md.
"""

import base64
import datetime
import hashlib
import logging
import os
import time
from dataclasses import dataclass, field

import saml2
from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from saml2 import xmldsig
from saml2.client import Saml2Client
from saml2.config import SPConfig
from saml2.metadata import entity_descriptor
from saml2.response import StatusError, UnsolicitedResponse
from saml2.sigver import MissingKey, SignatureError
from saml2.validate import ResponseLifetimeExceed, ToEarly

from lots.identity.models import IdentityProvider, SeenAssertion
from lots.identity.saml_keys import KeyPairMissing, sp_key_pair

logger = logging.getLogger(__name__)

# Seconds the clocks of Lots and an IdP may differ by.
CLOCK_SKEW = 60
# A step-up sign-in accepts an authentication at the IdP at most this old.
REAUTH_MAX_AGE = 5 * 60
# Assertion ids are remembered at least this long, and at most a day, whatever the assertion says.
REPLAY_MIN_SECONDS = 10 * 60
REPLAY_MAX_SECONDS = 24 * 3600
# The session key holding the assertion's SessionNotOnOrAfter (seconds since the epoch); read by saml_middleware.
SESSION_NOT_ON_OR_AFTER = "lots_saml_session_not_on_or_after"
# When the IdP is next asked, without the person doing anything (IsPassive), whether it still accepts them.
CHECK_AT = "lots_saml_check_at"
# The id of that passive request while it is under way.
CHECK_REQUEST = "lots_saml_check_request"
RECHECK_SECONDS = 900
RECHECK_MIN_SECONDS = 60


class SamlConfigError(Exception):
    """The IdP row cannot be used as it is. ``message`` is for the person; the log says more."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class ResponseRefused(Exception):
    """The IdP's response did not pass. ``reason`` is a short code for the log, ``message`` is shown."""

    def __init__(self, reason: str, message: str):
        super().__init__(f"{reason}: {message}")
        self.reason = reason
        self.message = message


@dataclass(frozen=True)
class ProviderSettings:
    idp_entity_id: str
    idp_metadata: str
    sign_requests: bool
    recheck_seconds: int


@dataclass(frozen=True)
class SignInResult:
    """What a response that passed every check says about the person."""

    request_id: str
    subject: str
    mfa: bool
    groups: list[str] = field(default_factory=list)
    session_not_on_or_after: float | None = None


# --- configuration -----------------------------------------------------------------------------------------------------


def validate_config(config: dict) -> dict[str, str]:
    """Check an IdP row's ``config`` for SAML; return the problems by key (empty when it can be used)."""
    errors: dict[str, str] = {}
    if not isinstance(config, dict):
        return {"config": _("Inställningarna ska vara ett JSON-objekt.")}
    for key in ("sign_requests", "want_response_signed"):
        if key in config and not isinstance(config[key], bool):
            errors[key] = _("Ska vara true eller false.")
    recheck = config.get("recheck_seconds")
    if recheck is not None and (isinstance(recheck, bool) or not isinstance(recheck, int) or recheck < RECHECK_MIN_SECONDS):
        errors["recheck_seconds"] = _("Ska vara ett helt antal sekunder, minst %(n)s.") % {"n": RECHECK_MIN_SECONDS}
    for key in ("idp_entity_id", "sp_entity_id"):
        if key in config and not (isinstance(config[key], str) and config[key].strip()):
            errors[key] = _("Ska vara en entitets-id (en adress eller URN), eller utelämnas.")
    metadata = config.get("idp_metadata")
    if not isinstance(metadata, str) or not metadata.strip():
        errors["idp_metadata"] = _("Klistra in identitetstjänstens metadata (XML).")
        return errors
    try:
        conf = _metadata_only_config(metadata)
        idps = list(conf.metadata.identity_providers())
    except Exception:  # pysaml2 raises many kinds of errors on bad XML
        logger.info("SAML IdP metadata could not be read", exc_info=True)
        errors["idp_metadata"] = _("Metadata kunde inte läsas som SAML-metadata (XML).")
        return errors
    wanted = config.get("idp_entity_id")
    if not idps:
        errors["idp_metadata"] = _("Metadata beskriver ingen identitetstjänst (IDPSSODescriptor saknas).")
    elif isinstance(wanted, str) and wanted.strip():
        if wanted.strip() not in idps:
            errors["idp_entity_id"] = _("Identitetstjänsten %(id)s finns inte i metadata.") % {"id": wanted.strip()[:200]}
    elif len(idps) > 1:
        errors["idp_entity_id"] = _("Metadata beskriver flera identitetstjänster: ange vilken (idp_entity_id).")
    if not errors:
        entity_id = wanted.strip() if isinstance(wanted, str) and wanted.strip() else idps[0]
        if not conf.metadata.single_sign_on_service(entity_id, saml2.BINDING_HTTP_REDIRECT):
            errors["idp_metadata"] = _("Identitetstjänsten har ingen inloggningsadress för HTTP-Redirect i metadata.")
        elif not conf.metadata.certs(entity_id, "idpsso", use="signing"):
            errors["idp_metadata"] = _("Metadata saknar identitetstjänstens signeringscertifikat.")
    return errors


def _metadata_only_config(metadata: str) -> SPConfig:
    conf = SPConfig()
    conf.load({"entityid": "urn:lots:metadata-check", "metadata": {"inline": [metadata]}, "xmlsec_binary": _xmlsec()})
    return conf


def _xmlsec() -> str:
    return settings.LOTS_SAML_XMLSEC_BINARY


def provider_settings(provider: IdentityProvider) -> ProviderSettings:
    """The row's SAML settings, checked; raises ``SamlConfigError`` (and logs why) when they cannot be used."""
    not_ready = _("Inloggningen via %(provider)s är inte färdig att använda. Kontakta kvalitetssamordnaren.") % {
        "provider": provider.name
    }
    if provider.protocol != IdentityProvider.Protocol.SAML:
        raise SamlConfigError(not_ready)
    if not os.access(_xmlsec(), os.X_OK):
        logger.error("xmlsec1 is missing (%s): SAML sign-in cannot check signatures", _xmlsec())
        raise SamlConfigError(not_ready)
    config = provider.config or {}
    errors = validate_config(config)
    if errors:
        logger.error("SAML settings of identity provider %s are incomplete: %s", provider.slug, sorted(errors))
        raise SamlConfigError(not_ready)
    conf = _metadata_only_config(config["idp_metadata"])
    idp_entity_id = (config.get("idp_entity_id") or "").strip() or next(iter(conf.metadata.identity_providers()))
    return ProviderSettings(
        idp_entity_id=idp_entity_id,
        idp_metadata=config["idp_metadata"],
        sign_requests=config.get("sign_requests", True),
        recheck_seconds=config.get("recheck_seconds") or RECHECK_SECONDS,
    )


def sp_entity_id_default(provider: IdentityProvider) -> str:
    """Lots' entity id towards an IdP unless the row names another: the SP metadata address on ``SITE_URL``, so it
    stays the same whichever host name the person came in on."""
    return settings.SITE_URL + reverse("identity:saml_metadata", args=[provider.slug])


def build_sp_config(provider: IdentityProvider, request, *, with_idp: bool = True) -> SPConfig:
    """The pysaml2 SP configuration for one IdP row. The assertion consumer service is on the host the request came
    to, so a municipality's own host name works. ``with_idp=False`` leaves the IdP out (the SP metadata can be given
    to the IdP before its own metadata is entered). Raises ``SamlConfigError``."""
    not_ready = _("Inloggningen via %(provider)s är inte färdig att använda. Kontakta kvalitetssamordnaren.") % {
        "provider": provider.name
    }
    found = provider_settings(provider) if with_idp else None
    try:
        key_file, cert_file = sp_key_pair()
    except KeyPairMissing:
        logger.error("SAML key pair missing: %s, %s", settings.LOTS_SAML_KEY_FILE, settings.LOTS_SAML_CERT_FILE)
        raise SamlConfigError(not_ready) from None
    config = provider.config if isinstance(provider.config, dict) else {}
    own_entity_id = config.get("sp_entity_id")
    sp_entity_id = own_entity_id.strip() if isinstance(own_entity_id, str) and own_entity_id.strip() else ""
    acs_url = request.build_absolute_uri(reverse("identity:saml_acs", args=[provider.slug]))
    sp = {
        "name": "Lots",
        "endpoints": {"assertion_consumer_service": [(acs_url, saml2.BINDING_HTTP_POST)]},
        "allow_unsolicited": False,
        "authn_requests_signed": config.get("sign_requests", True) is not False,
        "want_assertions_signed": True,
        "want_response_signed": config.get("want_response_signed", False) is True,
        "only_use_keys_in_metadata": True,
    }
    settings_dict = {
        "entityid": sp_entity_id or sp_entity_id_default(provider),
        "xmlsec_binary": _xmlsec(),
        "key_file": key_file,
        "cert_file": cert_file,
        "encryption_keypairs": [{"key_file": key_file, "cert_file": cert_file}],
        "allow_unknown_attributes": True,
        "accepted_time_diff": CLOCK_SKEW,
        "signing_algorithm": xmldsig.SIG_RSA_SHA256,
        "digest_algorithm": xmldsig.DIGEST_SHA256,
        "service": {"sp": sp},
    }
    if found is not None:
        sp["idp"] = {found.idp_entity_id: None}
        settings_dict["metadata"] = {"inline": [found.idp_metadata]}
    conf = SPConfig()
    conf.load(settings_dict)
    return conf


def config_loader(request) -> SPConfig:
    """djangosaml2's ``SAML_CONFIG_LOADER``: the SP configuration for the IdP named by the address's ``slug``."""
    slug = request.resolver_match.kwargs["slug"]
    provider = IdentityProvider.objects.get(slug=slug, protocol=IdentityProvider.Protocol.SAML, is_active=True)
    return build_sp_config(provider, request)


def sp_metadata(provider: IdentityProvider, request) -> str:
    """The SP metadata for one IdP row, as XML to give its administrator."""
    return str(entity_descriptor(build_sp_config(provider, request, with_idp=False)))


# --- the authentication request ------------------------------------------------------------------------------------------


def authn_request_redirect(provider: IdentityProvider, request, *, force_authn: bool, passive: bool = False) -> tuple[str, str]:
    """Make a (signed) AuthnRequest for the IdP; return its id and the IdP address to send the browser to
    (HTTP-Redirect binding). ``force_authn`` asks the IdP to authenticate the person again (step-up); ``passive`` asks
    it to answer without showing the person anything (the periodic check that it still accepts them)."""
    from djangosaml2.conf import get_config

    conf = get_config(request=request)
    found = provider_settings(provider)
    client = Saml2Client(conf)
    kwargs = {"force_authn": "true"} if force_authn else {}
    if passive:
        kwargs["is_passive"] = "true"
    request_id, info = client.prepare_for_authenticate(
        entityid=found.idp_entity_id,
        binding=saml2.BINDING_HTTP_REDIRECT,
        sign=found.sign_requests,
        sigalg=xmldsig.SIG_RSA_SHA256 if found.sign_requests else None,
        digest_alg=xmldsig.DIGEST_SHA256 if found.sign_requests else None,
        **kwargs,
    )
    location = dict(info["headers"])["Location"]
    return request_id, location


# --- the response ------------------------------------------------------------------------------------------------------


def _messages() -> dict[str, str]:
    return {
        "audience": _("Svaret från identitetstjänsten var avsett för en annan tjänst än Lots. Inloggningen avbröts."),
        "expired": _("Svaret från identitetstjänsten har gått ut. Logga in igen."),
        "not_yet_valid": _(
            "Svaret från identitetstjänsten gäller inte ännu. Klockorna i Lots och hos identitetstjänsten går olika; "
            "kontakta kvalitetssamordnaren om det händer igen."
        ),
        "signature": _("Svaret från identitetstjänsten var inte korrekt signerat. Inloggningen avbröts."),
        "unsolicited": _(
            "Lots väntade inte på det här svaret från identitetstjänsten. Börja inloggningen från Lots inloggningssida."
        ),
        "replay": _("Svaret från identitetstjänsten har redan använts en gång. Logga in igen."),
        "issuer": _("Svaret kom från en annan identitetstjänst än den kommunen har valt. Inloggningen avbröts."),
        "destination": _("Svaret från identitetstjänsten var skickat till en annan adress än den här. Logga in igen."),
        "status": _("Identitetstjänsten godkände inte inloggningen. Försök igen eller kontakta din IT-support."),
        "stale": _("Identitetstjänsten bekräftade inte din identitet på nytt, vilket krävs för den här åtgärden. Logga in igen."),
        "no_subject": _("Identitetstjänsten skickade ingen identifierare för dig. Kontakta kvalitetssamordnaren."),
        "invalid": _("Svaret från identitetstjänsten kunde inte godtas. Logga in igen."),
    }


# Short Swedish labels for the audit log's note.
def reason_label(reason: str) -> str:
    return {
        "audience": _("fel mottagare (audience)"),
        "expired": _("svaret har gått ut"),
        "not_yet_valid": _("svaret gäller inte ännu"),
        "signature": _("signaturen saknas eller stämmer inte"),
        "unsolicited": _("svar utan begäran"),
        "replay": _("svaret användes igen"),
        "issuer": _("fel utfärdare"),
        "destination": _("fel mottagaradress"),
        "status": _("identitetstjänsten nekade"),
        "stale": _("ingen ny autentisering"),
        "no_subject": _("identifierare saknas"),
        "invalid": _("ogiltigt svar"),
    }.get(reason, reason)


def refuse(reason: str) -> ResponseRefused:
    return ResponseRefused(reason, _messages()[reason])


def _classify(error: Exception) -> str:
    """Which of the refusals pysaml2's exception stands for (its exception types do not say it for every check)."""
    text = str(error)
    if isinstance(error, UnsolicitedResponse) or "Combination of session id" in text or text == "Came from":
        return "unsolicited"
    if isinstance(error, ResponseLifetimeExceed):
        return "expired"
    if isinstance(error, ToEarly):
        return "not_yet_valid"
    if isinstance(error, SignatureError | MissingKey) or type(error).__name__ in {"IncorrectlySigned", "SigverError"}:
        return "signature"
    if "AudienceRestrictions" in text:
        return "audience"
    if isinstance(error, StatusError):
        return "status"
    if "Not destined for me" in text or "No valid recipient" in text:
        return "destination"
    return "invalid"


def read_response(provider: IdentityProvider, request, saml_response: str, outstanding: dict[str, dict]) -> SignInResult:
    """Check the IdP's response (base64, HTTP-POST binding) and return what it says of the person.

    ``outstanding`` maps the ids of the requests this browser started to what it asked (``reauth``). Raises
    ``ResponseRefused`` for any response that does not pass, and ``SamlConfigError``. Remembers the assertion's id, so
    the same assertion is refused the next time.
    """
    from djangosaml2.conf import get_config

    conf = get_config(request=request)
    found = provider_settings(provider)
    if not saml_response:
        raise refuse("invalid")
    try:
        base64.b64decode(saml_response, validate=False)
    except ValueError:
        raise refuse("invalid") from None
    client = Saml2Client(conf)
    try:
        response = client.parse_authn_request_response(saml_response, saml2.BINDING_HTTP_POST, outstanding)
    except Exception as error:  # every failure is a refusal; pysaml2 raises many kinds
        reason = _classify(error)
        logger.info("SAML response from %s refused (%s): %s", provider.slug, reason, error)
        raise refuse(reason) from None
    if response is None or response.assertion is None:
        raise refuse("invalid")
    assertion = response.assertion
    issuer = (assertion.issuer.text or "").strip() if assertion.issuer is not None else ""
    if issuer != found.idp_entity_id or (response.issuer() and response.issuer() != found.idp_entity_id):
        raise refuse("issuer")
    request_id = response.in_response_to or ""
    if request_id not in outstanding:
        raise refuse("unsolicited")
    _remember_assertion(found.idp_entity_id, assertion)

    contexts = response.authn_info()
    if outstanding[request_id].get("reauth") and not _authenticated_recently(contexts):
        raise refuse("stale")

    attributes = _attributes(response)
    if provider.subject_attribute:
        values = attributes.get(provider.subject_attribute, [])
        subject = values[0] if values else ""
    else:
        subject = (response.name_id.text or "") if response.name_id is not None else ""
    subject = subject.strip()
    if not subject:
        raise refuse("no_subject")
    vouching = set(provider.mfa_value_list)
    mfa = any(class_ref in vouching for class_ref, _authorities, _instant in contexts)
    groups = attributes.get(provider.groups_attribute, []) if provider.groups_attribute else []
    return SignInResult(
        request_id=request_id,
        subject=subject,
        mfa=mfa,
        groups=groups,
        session_not_on_or_after=_session_not_on_or_after(assertion),
    )


def unverified_in_response_to(saml_response: str) -> str:
    """The InResponseTo of a response that was refused, to tell which passive check it ended. Not to be trusted for
    anything that lets a person in: the response did not pass its checks."""
    from saml2.samlp import response_from_string

    try:
        return response_from_string(base64.b64decode(saml_response)).in_response_to or ""
    except Exception:  # whatever was posted
        return ""


def _parse_time(value) -> float | None:
    if not value:
        return None
    try:
        moment = datetime.datetime.fromisoformat(str(value).strip())
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=datetime.UTC)
    return moment.timestamp()


def _assertion_valid_until(assertion) -> float | None:
    times = []
    if assertion.conditions is not None:
        times.append(_parse_time(assertion.conditions.not_on_or_after))
    for confirmation in assertion.subject.subject_confirmation if assertion.subject is not None else []:
        data = confirmation.subject_confirmation_data
        if data is not None:
            times.append(_parse_time(data.not_on_or_after))
    times = [t for t in times if t is not None]
    return max(times) if times else None


def _remember_assertion(idp_entity_id: str, assertion) -> None:
    """Refuse an assertion seen before; otherwise remember its id until it would have expired anyway, in the
    database, which every process serving Lots shares."""
    digest = hashlib.sha256(f"{idp_entity_id}\n{assertion.id}".encode()).hexdigest()
    until = _assertion_valid_until(assertion)
    seconds = (until - time.time() + CLOCK_SKEW) if until else REPLAY_MAX_SECONDS
    seconds = int(min(max(seconds, REPLAY_MIN_SECONDS), REPLAY_MAX_SECONDS))
    now = timezone.now()
    SeenAssertion.objects.filter(expires_at__lt=now).delete()
    try:
        with transaction.atomic():
            SeenAssertion.objects.create(digest=digest, expires_at=now + datetime.timedelta(seconds=seconds))
    except IntegrityError:
        raise refuse("replay") from None


def _authenticated_recently(contexts) -> bool:
    instants = [_parse_time(instant) for _class_ref, _authorities, instant in contexts]
    instants = [t for t in instants if t is not None]
    return bool(instants) and time.time() - max(instants) <= REAUTH_MAX_AGE + CLOCK_SKEW


def _session_not_on_or_after(assertion) -> float | None:
    ends = [_parse_time(statement.session_not_on_or_after) for statement in assertion.authn_statement]
    ends = [t for t in ends if t is not None]
    return min(ends) if ends else None


def _attributes(response) -> dict[str, list[str]]:
    """The assertion's attributes by their name, by their friendly name and by pysaml2's local name for them, so a
    municipality may name an attribute whichever way its IdP administrator gave it."""
    found: dict[str, list[str]] = {}
    for statement in response.assertion.attribute_statement:
        for attribute in statement.attribute:
            values = [v.text.strip() for v in attribute.attribute_value if v.text and v.text.strip()]
            for name in (attribute.name, attribute.friendly_name):
                if name:
                    found.setdefault(name, values)
    for name, values in (response.ava or {}).items():
        found.setdefault(name, [str(v).strip() for v in values if str(v).strip()])
    return found
