"""The whole OpenID Connect journey in Chromium: the login page, the organisation, the provider's login form and
consent, and back in Lots on the start page; axe-core on Lots's pages, also at phone width."""

import pytest
from django.urls import reverse

from lots.accounts.models import Role
from lots.identity.models import ExternalIdentity
from lots.testing.browser import PHONE, assert_accessible
from lots.testing.factories import RoleAssignmentFactory, UserFactory

pytestmark = pytest.mark.browser

SIDEWAYS = "document.documentElement.scrollWidth - document.documentElement.clientWidth"


def test_signing_in_through_the_organisations_provider(world, make_oidc_provider, new_page, live_server):
    provider = make_oidc_provider()
    person = world.persona(Role.MEDARBETARE)  # reads no confidential records: no second factor asked of them
    ExternalIdentity.objects.create(provider=provider, subject="webb", user=person)
    page = new_page(viewport=PHONE)
    page.goto(live_server.url + reverse("accounts:login"))
    assert_accessible(page, "inloggningssidan med organisationer")
    assert page.evaluate(SIDEWAYS) <= 0
    page.get_by_role("link", name="Logga in via Testkommunens inloggning").click()
    page.get_by_label("User name").fill("webb")
    page.get_by_label("Password").fill("webb-losen")
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(live_server.url + reverse("home:start"))
    assert person.get_full_name() in page.content()


def test_an_unknown_person_sees_why_in_swedish(world, make_oidc_provider, new_page, live_server):
    provider = make_oidc_provider()
    page = new_page(viewport=PHONE)
    page.goto(live_server.url + reverse("identity:oidc_login", args=[provider.slug]))
    page.get_by_label("User name").fill("okand")
    page.get_by_label("Password").fill("okand-losen")
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url("**" + reverse("identity:oidc_callback") + "**")
    assert "inte kopplat till någon person i Lots" in page.content()
    assert_accessible(page, "nekad inloggning")


def test_the_settings_pages_are_accessible_at_phone_width(world, make_oidc_provider, new_page, live_server):
    provider = make_oidc_provider()
    coordinator = UserFactory(username="samordnare")
    RoleAssignmentFactory(user=coordinator, role=Role.KVALITETSSAMORDNARE, unit=world.namnd)
    page = new_page(user=coordinator, viewport=PHONE)
    for url in (reverse("identity:index"), reverse("identity:provider", args=[provider.pk]), reverse("identity:provider_create")):
        page.goto(live_server.url + url)
        assert_accessible(page, url)
        assert page.evaluate(SIDEWAYS) <= 0, url
    page.goto(live_server.url + reverse("identity:provider", args=[provider.pk]))
    page.locator("#id_mapping-group").fill("")
    page.get_by_role("button", name="Lägg till").click()
    assert page.locator("#id_mapping-group_errors").count() == 1
    assert_accessible(page, "gruppmappning med fel")
