"""The whole SAML redirect flow in Chromium: Lots' login page → the IdP's login form → the response posted back to
the ACS → signed in on the start page; and a refusal's page, at phone width, with axe-core."""

from urllib.request import urlopen

import pytest
from django.urls import reverse

from lots.audit.models import AuditEntry
from lots.testing.browser import PHONE, assert_accessible

pytestmark = pytest.mark.browser


def trust_live_server(idp, provider, live_server):
    with urlopen(live_server.url + reverse("identity:saml_metadata", args=[provider.slug]), timeout=10) as reply:
        idp.trust(reply.read().decode())


def test_a_person_signs_in_from_the_login_page_through_the_identity_provider(new_page, live_server, provider, anna, idp):
    trust_live_server(idp, provider, live_server)
    page = new_page()
    page.goto(live_server.url + reverse("accounts:login"))
    page.get_by_role("link", name=f"Logga in via {provider.name}").click()
    page.wait_for_url(idp.base_url + "/sso/redirect*")
    page.get_by_label("Användarnamn").fill("anna")
    page.get_by_label("Lösenord").fill("anna-losen")
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url(live_server.url + reverse("home:start"))
    assert "Anna Andersson" in page.content()
    assert AuditEntry.objects.filter(actor=anna, action="login").exists()


def test_a_refused_sign_in_explains_itself_on_a_phone(new_page, live_server, provider, idp):
    trust_live_server(idp, provider, live_server)
    page = new_page(viewport=PHONE)
    page.goto(live_server.url + reverse("identity:saml_login", args=[provider.slug]))
    page.get_by_label("Användarnamn").fill("bertil")
    page.get_by_label("Lösenord").fill("bertil-losen")
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url(live_server.url + reverse("identity:saml_acs", args=[provider.slug]))
    assert page.get_by_role("heading", name="Inloggningen misslyckades").is_visible()
    assert "inte kopplat till någon person i Lots" in page.content()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert_accessible(page, "SAML-inloggning nekad")
