"""A small SAML 2.0 identity provider for the tests, built on pysaml2's ``Server`` and served over loopback.

It speaks the HTTP-Redirect binding for authentication requests (checking their signature against the SP metadata it
was given) and answers with the HTTP-POST binding, as ADFS and the federations' IdPs do. Its login form knows a few
test accounts. ``behaviour`` makes the next responses misbehave in one way each:

- ``audience``: the assertion names this entity id as its audience instead of Lots;
- ``issued_minutes_ago``: the assertion's validity starts this long ago (negative: in the future);
- ``lifetime_minutes``: how long the assertion is valid from then (15 minutes unless set);
- ``unsigned``: neither the response nor the assertion is signed;
- ``rogue_key``: signed with a key that is not the one in the IdP's metadata;
- ``unsolicited``: sent without InResponseTo, as an IdP-initiated sign-on;
- ``authn_class``: this AuthnContextClassRef instead of the account's;
- ``authn_age_seconds``: the authentication happened this long ago;
- ``session_minutes``: SessionNotOnOrAfter this many minutes from now;
- ``encrypt``: the assertion is encrypted to the SP's encryption certificate from its metadata (as ADFS does);
- ``passive_as``: the account the IdP still has a session for, answering a passive request (IsPassive) without a
  login form; without it a passive request is answered with the status NoPassive.
"""

import base64
import datetime
import html
import re
import threading
import time
from pathlib import Path
from urllib.parse import parse_qs
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import saml2
from saml2 import saml, samlp
from saml2.assertion import Policy
from saml2.config import IdPConfig
from saml2.metadata import entity_descriptor
from saml2.saml import NAMEID_FORMAT_PERSISTENT, NameID
from saml2.server import Server
from saml2.sigver import verify_redirect_signature
from saml2.time_util import instant

from lots.identity.saml_keys import write_key_pair

PASSWORD_ONLY = "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport"
MULTI_FACTOR = "http://id.elegnamnden.se/loa/1.0/loa3"

ACCOUNTS = {
    "anna": {
        "password": "anna-losen",
        "name_id": "anna-4711",
        "class_ref": PASSWORD_ONLY,
        "attributes": {"employeeNumber": ["E-1001"], "memberOf": ["lots-enhetschefer", "alla-anstallda"]},
    },
    "bertil": {
        "password": "bertil-losen",
        "name_id": "bertil-0815",
        "class_ref": MULTI_FACTOR,
        "attributes": {"employeeNumber": ["E-2002"]},
    },
}


class _Policy(Policy):
    """pysaml2's release policy, with the validity window and the audience the test asks for."""

    def __init__(self, *args, audience: str | None, starts: float, ends: float, **kwargs):
        super().__init__(*args, **kwargs)
        self.audience, self.starts, self.ends = audience, starts, ends

    def not_on_or_after(self, sp_entity_id):
        return instant(time_stamp=self.ends)

    def conditions(self, sp_entity_id):
        return saml.Conditions(
            not_before=instant(time_stamp=self.starts),
            not_on_or_after=instant(time_stamp=self.ends),
            audience_restriction=[saml.AudienceRestriction(audience=[saml.Audience(text=self.audience or sp_entity_id)])],
        )


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the standard library's name
        pass


def _saml_time(timestamp: float) -> str:
    return datetime.datetime.fromtimestamp(timestamp, datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class TestIdentityProvider:
    __test__ = False  # not a test class, whatever its name says

    def __init__(self, directory: Path):
        directory.mkdir(parents=True, exist_ok=True)
        self.key_file, self.cert_file = directory / "idp.key", directory / "idp.crt"
        self.rogue_key_file, self.rogue_cert_file = directory / "rogue.key", directory / "rogue.crt"
        write_key_pair(self.key_file, self.cert_file, "Test-IdP")
        write_key_pair(self.rogue_key_file, self.rogue_cert_file, "Falsk IdP")
        self.httpd: WSGIServer = make_server("127.0.0.1", 0, self.app, handler_class=_QuietHandler)
        # "localhost", like the live server: the browser then sees Lots and the IdP as one site, as it does not over
        # HTTPS in production, where the state cookie is SameSite=None.
        self.base_url = f"http://localhost:{self.httpd.server_port}"
        self.entity_id = self.base_url + "/idp/metadata"
        self.sp_metadata: list[str] = []
        self.reset()
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def reset(self) -> None:
        self.behaviour: dict = {}
        self.requests: list[dict] = []
        self._pending: dict[str, dict] = {}
        if not hasattr(self, "server"):
            self._build()

    def trust(self, sp_metadata: str) -> None:
        """Know the SP by its metadata (its assertion consumer service and its signing certificate)."""
        if self.sp_metadata != [sp_metadata]:  # loading it costs time, and most tests show the same
            self.sp_metadata = [sp_metadata]
            self._build()

    # --- configuration -------------------------------------------------------------------------------------------

    def _config(self, key_file: Path, cert_file: Path, entity_id: str | None = None) -> IdPConfig:
        settings = {
            "entityid": entity_id or self.entity_id,
            "xmlsec_binary": "/usr/bin/xmlsec1",
            "key_file": str(key_file),
            "cert_file": str(cert_file),
            "service": {
                "idp": {
                    "name": "Test-IdP",
                    "endpoints": {"single_sign_on_service": [(self.base_url + "/sso/redirect", saml2.BINDING_HTTP_REDIRECT)]},
                    "name_id_format": [NAMEID_FORMAT_PERSISTENT],
                }
            },
        }
        if self.sp_metadata:
            settings["metadata"] = {"inline": self.sp_metadata}
        conf = IdPConfig()
        conf.load(settings)
        return conf

    def _build(self) -> None:
        self.server = Server(config=self._config(self.key_file, self.cert_file))
        self.rogue = Server(config=self._config(self.rogue_key_file, self.rogue_cert_file))

    def metadata_xml(self) -> str:
        return str(entity_descriptor(self._config(self.key_file, self.cert_file)))

    def federation_metadata_xml(self, other_entity_id: str) -> str:
        """Metadata of a federation: this IdP, and another one with its own key whose sign-in address is also here."""
        ours = str(entity_descriptor(self._config(self.key_file, self.cert_file)))
        theirs = str(entity_descriptor(self._config(self.rogue_key_file, self.rogue_cert_file, other_entity_id)))
        inner = "".join(re.sub(r"^<\?xml[^>]*>", "", xml.strip()) for xml in (ours, theirs))
        return f'<md:EntitiesDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata">{inner}</md:EntitiesDescriptor>'

    # --- the web side --------------------------------------------------------------------------------------------

    def app(self, environ, start_response):
        path = environ["PATH_INFO"]
        if path == "/sso/redirect" and environ["REQUEST_METHOD"] == "GET":
            return self._authn_request(environ, start_response)
        if path == "/sso/login" and environ["REQUEST_METHOD"] == "POST":
            length = int(environ.get("CONTENT_LENGTH") or 0)
            form = {k: v[0] for k, v in parse_qs(environ["wsgi.input"].read(length).decode()).items()}
            return self._login(form, start_response)
        start_response("404 Not Found", [("Content-Type", "text/plain; charset=utf-8")])
        return [b"not found"]

    def _page(self, start_response, body: str, status: str = "200 OK"):
        page = (
            '<!doctype html><html lang="sv"><head><meta charset="utf-8"><title>Test-IdP</title>'
            '<meta name="viewport" content="width=device-width, initial-scale=1"></head>'
            f"<body><main>{body}</main></body></html>"
        )
        start_response(status, [("Content-Type", "text/html; charset=utf-8")])
        return [page.encode()]

    def _authn_request(self, environ, start_response):
        query = {k: v[0] for k, v in parse_qs(environ.get("QUERY_STRING", "")).items()}
        parsed = self.server.parse_authn_request(query["SAMLRequest"], saml2.BINDING_HTTP_REDIRECT)
        message = parsed.message
        signed = False
        if "Signature" in query:
            certs = self.server.metadata.certs(message.issuer.text, "spsso", use="signing")
            signed = any(verify_redirect_signature(query, self.server.sec.sec_backend, cert=cert[1]) for cert in certs)
        self.requests.append(
            {
                "id": message.id,
                "issuer": message.issuer.text,
                "force_authn": message.force_authn == "true",
                "passive": message.is_passive == "true",
                "signed": signed,
                "acs": message.assertion_consumer_service_url,
            }
        )
        if not signed:
            return self._page(start_response, "<h1>Begäran är inte signerad</h1>", status="400 Bad Request")
        pending = {
            "id": message.id,
            "acs": message.assertion_consumer_service_url,
            "sp": message.issuer.text,
            "relay_state": query.get("RelayState", ""),
        }
        if message.is_passive == "true":
            known = self.behaviour.get("passive_as")
            if known:
                return self._post_back(start_response, pending, self.response_for(pending, ACCOUNTS[known]))
            refusal = self.server.create_error_response(
                message.id, pending["acs"], (samlp.STATUS_NO_PASSIVE, "Ingen inloggning"), sign=True
            )
            return self._post_back(start_response, pending, base64.b64encode(str(refusal).encode()).decode())
        ticket = f"t{len(self.requests)}-{message.id}"
        self._pending[ticket] = pending
        return self._page(
            start_response,
            "<h1>Logga in hos Test-IdP</h1>"
            '<form method="post" action="/sso/login">'
            f'<input type="hidden" name="ticket" value="{html.escape(ticket)}">'
            '<p><label for="username">Användarnamn</label> <input id="username" name="username" autocomplete="username"></p>'
            '<p><label for="password">Lösenord</label> <input id="password" name="password" type="password"></p>'
            '<p><button type="submit">Logga in</button></p></form>',
        )

    def _login(self, form: dict, start_response):
        pending = self._pending.pop(form.get("ticket", ""), None)
        account = ACCOUNTS.get(form.get("username", ""))
        if pending is None or account is None or account["password"] != form.get("password"):
            return self._page(start_response, "<h1>Fel användarnamn eller lösenord</h1>", status="403 Forbidden")
        return self._post_back(start_response, pending, self.response_for(pending, account))

    def _post_back(self, start_response, pending: dict, saml_response: str):
        return self._page(
            start_response,
            "<h1>Skickar dig tillbaka</h1>"
            f'<form id="back" method="post" action="{html.escape(pending["acs"])}">'
            f'<input type="hidden" name="SAMLResponse" value="{html.escape(saml_response)}">'
            f'<input type="hidden" name="RelayState" value="{html.escape(pending["relay_state"])}">'
            '<button type="submit">Fortsätt</button></form>'
            "<script>document.getElementById('back').submit();</script>",
        )

    def response_for(self, pending: dict, account: dict) -> str:
        """A response to ``pending`` for ``account``, base64 for the HTTP-POST binding, misbehaving as asked."""
        b = self.behaviour
        server = self.rogue if b.get("rogue_key") else self.server
        starts = time.time() - b.get("issued_minutes_ago", 0) * 60
        policy = _Policy(
            {"default": {"attribute_restrictions": None}},
            mds=server.metadata,
            audience=b.get("audience"),
            starts=starts,
            ends=starts + b.get("lifetime_minutes", 15) * 60,
        )
        authn = {
            "class_ref": b.get("authn_class", account["class_ref"]),
            "authn_instant": int(time.time() - b.get("authn_age_seconds", 0)),
        }
        kwargs = {}
        if "session_minutes" in b:
            kwargs["session_not_on_or_after"] = _saml_time(time.time() + b["session_minutes"] * 60)
        signed = not b.get("unsigned")
        if b.get("encrypt"):
            kwargs["encrypt_assertion"] = True
            kwargs["encrypt_cert_assertion"] = server.metadata.certs(pending["sp"], "spsso", use="encryption")[0][1]
        response = server.create_authn_response(
            identity=account["attributes"],
            in_response_to=None if b.get("unsolicited") else pending["id"],
            destination=pending["acs"],
            sp_entity_id=pending["sp"],
            name_id=NameID(format=NAMEID_FORMAT_PERSISTENT, text=account["name_id"]),
            authn=authn,
            sign_assertion=signed,
            sign_response=signed,
            release_policy=policy,
            **kwargs,
        )
        return base64.b64encode(str(response).encode()).decode()
