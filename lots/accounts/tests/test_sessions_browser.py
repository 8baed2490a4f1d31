"""A person reviews where they are signed in and makes an API token in Chromium, on a phone and on a desktop;
axe-core on every state."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from lots.accounts.models import ActiveSession, ApiToken, Role
from lots.testing.browser import DESKTOP, assert_accessible

pytestmark = pytest.mark.browser

PHONE_375 = {"width": 375, "height": 740}


def fits_the_width(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_ending_another_session_on_a_phone(world, new_page, live_server):
    person = world.persona(Role.ENHETSCHEF)
    elsewhere = Client(HTTP_USER_AGENT="Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) Safari/604.1")
    elsewhere.post(reverse("accounts:login"), {"username": person.username, "password": "test-password-123"})
    page = new_page(user=person, viewport=PHONE_375)
    page.goto(live_server.url + reverse("accounts:profile"))
    page.get_by_role("link", name="Mina inloggningar").click()
    page.wait_for_url("**" + reverse("accounts:sessions"))
    assert "Safari på iPhone" in page.content() and "Den här inloggningen" in page.content()
    assert_accessible(page, "inloggningar, 375 px")
    assert fits_the_width(page)
    page.get_by_role("button", name="Logga ut Safari på iPhone").click()
    page.wait_for_url("**" + reverse("accounts:sessions"))
    assert "Inloggningen är avslutad" in page.content() and "Safari på iPhone" not in page.content()
    assert_accessible(page, "inloggning avslutad, 375 px")
    assert ActiveSession.objects.filter(user=person).count() == 1
    assert elsewhere.get(reverse("accounts:profile")).status_code == 302


@pytest.mark.parametrize("viewport", [PHONE_375, DESKTOP], ids=["phone", "desktop"])
def test_making_a_read_only_token_after_a_wrong_date(world, new_page, live_server, viewport):
    person = world.persona(Role.KVALITETSSAMORDNARE)
    page = new_page(user=person, viewport=viewport)
    page.goto(live_server.url + reverse("accounts:profile"))
    assert_accessible(page, "mitt konto")
    page.get_by_role("link", name="Skapa API-nyckel").click()
    page.wait_for_url("**" + reverse("accounts:token_create"))
    assert_accessible(page, "ny API-nyckel, formuläret")
    page.get_by_label("Namn på nyckeln").fill("Statistikuttag")
    page.get_by_label("Bara läsa").check()
    page.get_by_label("Gäller till och med").fill("2020-01-01")
    page.get_by_role("button", name="Skapa API-nyckel").click()
    assert "Välj ett datum efter i dag" in page.content()
    assert page.get_by_label("Namn på nyckeln").input_value() == "Statistikuttag"
    assert_accessible(page, "API-nyckel med fel")
    day = timezone.localdate() + datetime.timedelta(days=30)
    page.get_by_label("Gäller till och med").fill(day.isoformat())
    page.get_by_role("button", name="Skapa API-nyckel").click()
    page.wait_for_url("**" + reverse("accounts:profile"))
    assert page.locator("#new-key").is_visible()
    assert_accessible(page, "ny API-nyckel")
    assert fits_the_width(page)
    assert ApiToken.objects.get(user=person).scope == "read"


def test_the_coordinator_signs_a_person_out_everywhere_from_the_person_page(world, new_page, live_server):
    from lots.accounts import services

    person = world.persona(Role.MEDARBETARE)
    elsewhere = Client(HTTP_USER_AGENT="Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0")
    elsewhere.post(reverse("accounts:login"), {"username": person.username, "password": "test-password-123"})
    services.api_token_create(actor=person, name="Schemaexport")
    page = new_page(user=world.persona(Role.KVALITETSSAMORDNARE), viewport=PHONE_375)
    page.goto(live_server.url + reverse("accounts:person", args=[person.pk]))
    assert "Firefox på Windows" in page.content() and "Schemaexport" in page.content()
    assert_accessible(page, "personens inloggningar och nycklar, 375 px")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Logga ut överallt").click()
    page.wait_for_url("**" + reverse("accounts:person", args=[person.pk]))
    assert "Inga aktiva inloggningar" in page.content()
    assert_accessible(page, "personen utloggad, 375 px")
    assert elsewhere.get(reverse("accounts:profile")).status_code == 302
