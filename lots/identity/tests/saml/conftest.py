import html
import os
import re
import shutil
from urllib.parse import urlencode, urlsplit
from urllib.request import Request, urlopen

import pytest
from django.urls import reverse

from lots.identity.models import ExternalIdentity, IdentityProvider
from lots.identity.tests.saml.idp import MULTI_FACTOR, TestIdentityProvider
from lots.testing.factories import MunicipalityFactory, UserFactory

XMLSEC = "/usr/bin/xmlsec1"


@pytest.fixture(scope="session")
def saml_idp(tmp_path_factory):
    if not shutil.which(XMLSEC):
        reason = f"xmlsec1 saknas ({XMLSEC}); SAML-testerna hoppas över. Installera med: apt-get install -y xmlsec1"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{reason} (CI=true: a missing xmlsec1 is a failure)", pytrace=False)
        pytest.skip(reason)
    idp = TestIdentityProvider(tmp_path_factory.mktemp("saml-idp"))
    yield idp
    idp.stop()


@pytest.fixture(scope="session")
def sp_keys(tmp_path_factory):
    directory = tmp_path_factory.mktemp("saml-sp")
    return str(directory / "sp.key"), str(directory / "sp.crt")


@pytest.fixture
def idp(saml_idp, settings, sp_keys):
    """The test IdP, reset, with Lots' throwaway key pair in a directory of this test run."""
    settings.LOTS_SAML_KEY_FILE, settings.LOTS_SAML_CERT_FILE = sp_keys
    settings.LOTS_SAML_KEY_PAIR_GENERATED = True
    saml_idp.reset()
    return saml_idp


@pytest.fixture
def provider(db, idp, client):
    """Testkommun's SAML IdP in Lots, and the IdP trusting Lots' metadata as the test client sees it."""
    provider = IdentityProvider.objects.create(
        municipality=MunicipalityFactory(name="Testkommun", slug="testkommun"),
        name="Testkommunens inloggning",
        slug="testkommun-saml",
        protocol=IdentityProvider.Protocol.SAML,
        mfa_values=MULTI_FACTOR,
        config={"idp_metadata": idp.metadata_xml()},
    )
    idp.trust(client.get(reverse("identity:saml_metadata", args=[provider.slug])).content.decode())
    return provider


@pytest.fixture
def anna(provider):
    person = UserFactory(username="anna", first_name="Anna", last_name="Andersson")
    ExternalIdentity.objects.create(provider=provider, user=person, subject="anna-4711")
    return person


@pytest.fixture
def bertil(provider):
    person = UserFactory(username="bertil", first_name="Bertil", last_name="Berg")
    ExternalIdentity.objects.create(provider=provider, user=person, subject="bertil-0815")
    return person


def _form_fields(page: str) -> dict[str, str]:
    return {
        name: value.replace("&quot;", '"').replace("&#x27;", "'").replace("&amp;", "&")
        for name, value in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page)
    }


def sign_in_at_idp(client, provider, *, username="anna", password=None, query=None) -> tuple[str, dict]:
    """Start a sign-in at Lots, log in at the IdP over loopback, and return the ACS path and the form the IdP's page
    would post there."""
    from lots.identity.tests.saml.idp import ACCOUNTS

    url = reverse("identity:saml_login", args=[provider.slug])
    started = client.get(url + ("?" + urlencode(query) if query else ""))
    assert started.status_code == 200, started.content.decode()[:500]
    location = html.unescape(re.search(r'<a id="saml-continue" href="([^"]+)"', started.content.decode()).group(1))
    with urlopen(location, timeout=10) as reply:
        ticket = _form_fields(reply.read().decode())["ticket"]
    password = password or ACCOUNTS[username]["password"]
    body = urlencode({"ticket": ticket, "username": username, "password": password}).encode()
    idp_base = location.split("/sso/", 1)[0]
    with urlopen(Request(idp_base + "/sso/login", data=body, method="POST"), timeout=10) as reply:
        page = reply.read().decode()
    action = re.search(r'<form id="back" method="post" action="([^"]+)"', page).group(1)
    return urlsplit(action).path, _form_fields(page)
