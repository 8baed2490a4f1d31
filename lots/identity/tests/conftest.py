"""A real OpenID Provider on loopback (oidc_provider.mjs, the certified npm package oidc-provider) and the helpers that
walk its login and consent forms the way a person's browser would."""

import json
import os
import re
import select
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass
from html import unescape
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import requests
from django.conf import settings
from django.urls import reverse

from lots.identity.models import IdentityProvider

SCRIPT = Path(__file__).with_name("oidc_provider.mjs")
SECRET = "lots-test-client-secret-0123456789abcdef"
TAMPERED = ("wrong_audience", "expired", "wrong_key", "alg_none")
ACCOUNTS = {
    "anna": {"password": "anna-losen", "claims": {"name": "Anna Andersson", "employee_id": "E-100", "groups": ["kvalitet"]}},
    "mfa": {"password": "mfa-losen", "amr": ["pwd", "otp"], "claims": {"name": "Mia Faktor"}},
    "okand": {"password": "okand-losen", "claims": {"name": "Okänd Person"}},
    "lamnar": {"password": "lamnar-losen", "claims": {"name": "Lämnar Snart"}},
    "grupper": {"password": "grupper-losen", "claims": {"name": "Gun Grupp", "groups": ["enhetschefer", "alla"]}},
    "utangrupp": {"password": "utangrupp-losen", "claims": {"name": "Gun Grupp", "groups": ["alla"]}},
    "webb": {"password": "webb-losen", "claims": {"name": "Webb Användare"}},
}


@dataclass
class OpenIDProvider:
    issuer: str

    def disable(self, account: str) -> None:
        """Make the provider stop accepting ``account``, as the IT department does when someone leaves."""
        requests.post(f"{self.issuer}/__test/accounts/{account}/disable", timeout=5).raise_for_status()


@pytest.fixture(scope="session")
def openid_provider():
    node = shutil.which("node")
    if node is None or not (Path(settings.BASE_DIR) / "node_modules" / "oidc-provider").exists():
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("Node eller oidc-provider saknas (kör 'npm ci').", pytrace=False)
        pytest.skip("Node eller oidc-provider saknas; OIDC-testerna hoppas över (kör 'npm ci').")
    setup = {
        "clients": [{"client_id": "lots", "client_secret": SECRET}]
        + [{"client_id": f"lots-{mode}", "client_secret": SECRET, "tamper": mode} for mode in TAMPERED],
        "accounts": ACCOUNTS,
        "redirect_path": reverse("identity:oidc_callback"),
    }
    errors = tempfile.TemporaryFile()  # noqa: SIM115 (closed after the process, in the finally below)
    process = subprocess.Popen(
        [node, str(SCRIPT)],
        cwd=settings.BASE_DIR,
        env={**os.environ, "LOTS_TEST_OP": json.dumps(setup)},
        stdout=subprocess.PIPE,
        stderr=errors,
        text=True,
    )
    try:
        ready, _, _ = select.select([process.stdout], [], [], 20)
        line = process.stdout.readline() if ready else ""
        if not line.startswith("READY "):
            errors.seek(0)
            pytest.fail(f"OpenID-leverantören startade inte: {line!r} {errors.read().decode()[-2000:]}", pytrace=False)
        issuer = line.split()[1]
        deadline = time.monotonic() + 10
        while True:
            try:
                requests.get(f"{issuer}/.well-known/openid-configuration", timeout=2).raise_for_status()
                break
            except requests.RequestException:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        yield OpenIDProvider(issuer=issuer)
    finally:
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        process.stdout.close()
        errors.close()


def oidc_config(issuer: str, client_id: str = "lots") -> dict:
    return {
        "issuer": issuer,
        "client_id": client_id,
        "client_secret": SECRET,
        "authorization_endpoint": f"{issuer}/auth",
        "token_endpoint": f"{issuer}/token",
        "jwks_uri": f"{issuer}/jwks",
        "userinfo_endpoint": f"{issuer}/me",
    }


@pytest.fixture
def make_oidc_provider(openid_provider, world):
    """``make_oidc_provider(client_id="lots", **fields)``: an identity provider for Testkommun on the test OP."""

    def make(client_id: str = "lots", **fields) -> IdentityProvider:
        defaults = {
            "municipality": world.m1,
            "name": "Testkommunens inloggning",
            "slug": client_id,
            "protocol": IdentityProvider.Protocol.OIDC,
            "groups_attribute": "groups",
            "mfa_values": "otp mfa",
            "config": oidc_config(openid_provider.issuer, client_id),
        }
        return IdentityProvider.objects.create(**{**defaults, **fields})

    return make


def _form_action(html: str, marker: str) -> str:
    for match in re.finditer(r'<form method="post" action="([^"]+)"', html):
        if marker in match.group(1):
            return unescape(match.group(1))
    raise AssertionError(f"no {marker} form in {html[:500]}")


def through_provider(client, slug: str, login: str | None, password: str = "", *, op=None, query: str = "", start=None):
    """Start sign-in at Lots with the Django test ``client`` (or continue the ``start`` response), walk the provider's
    pages with ``op`` (a requests session: the person's browser at the provider) and deliver the answer to Lots.
    Returns (Lots's response, the callback URL)."""
    op = op or requests.Session()
    start = start or client.get(reverse("identity:oidc_login", args=[slug]) + query)
    assert start.status_code == 302, start.content.decode()[:500]
    url = start.url
    for _ in range(12):
        if url.startswith("http://testserver"):
            break
        answer = op.get(url, allow_redirects=False, timeout=5)
        if answer.status_code == 200 and 'name="password"' in answer.text:
            assert login is not None, "the provider asked for a login"
            answer = op.post(
                urljoin(url, _form_action(answer.text, "/login")),
                data={"login": login, "password": password},
                allow_redirects=False,
                timeout=5,
            )
        elif answer.status_code == 200:
            answer = op.post(urljoin(url, _form_action(answer.text, "/confirm")), allow_redirects=False, timeout=5)
        assert answer.status_code in (302, 303), answer.text[:500]
        url = urljoin(url, answer.headers["location"])
    else:
        raise AssertionError("the provider never answered Lots")
    parts = urlsplit(url)
    return client.get(f"{parts.path}?{parts.query}"), url
