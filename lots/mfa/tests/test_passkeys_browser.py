"""In Chromium with a virtual authenticator: a person adds a passkey on first sign-in, keeps the recovery codes, and
signs in with the passkey next time; the enrolment, prompt and factor pages pass axe-core at 1280 and 375 px."""

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse

from lots.audit.models import AuditEntry
from lots.mfa import devices
from lots.testing.browser import DESKTOP, assert_accessible

pytestmark = pytest.mark.browser

PHONE_375 = {"width": 375, "height": 740}


def _sign_in_again(context, user, live_server):
    """A fresh session for ``user`` in the same browser (and so with the same authenticator)."""
    client = Client()
    client.force_login(user)
    context.clear_cookies()
    cookie = client.cookies[django_settings.SESSION_COOKIE_NAME].value
    context.add_cookies([{"name": django_settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}])


def test_a_passkey_is_added_on_first_sign_in_and_used_the_next_time(enforced, manager, new_page, live_server):
    enforced.OTP_WEBAUTHN_RP_ID = "localhost"
    enforced.OTP_WEBAUTHN_ALLOWED_ORIGINS = [live_server.url]
    page = new_page(user=manager)
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
            }
        },
    )
    page.goto(live_server.url + "/avvikelser/")
    assert page.url.startswith(live_server.url + reverse("mfa:enrol"))
    assert_accessible(page, "lägg till andra faktor, 1280 px")
    page.get_by_role("button", name="Lägg till en nyckel").click()
    page.wait_for_url("**" + reverse("mfa:recovery_codes") + "**")
    assert devices.passkeys(manager).count() == 1
    assert AuditEntry.objects.filter(object_id=str(manager.pk), action="create", note="Nyckel tillagd").exists()
    assert page.locator("#recovery-codes li").count() == 10
    assert_accessible(page, "reservkoder")
    page.get_by_role("link", name="Jag har sparat koderna – fortsätt").click()
    page.wait_for_url("**/avvikelser/")

    _sign_in_again(page.context, manager, live_server)
    page.set_viewport_size(PHONE_375)
    page.goto(live_server.url + "/avvikelser/")
    assert page.url.startswith(live_server.url + reverse("mfa:verify"))
    assert_accessible(page, "andra steget, 375 px")
    page.get_by_role("button", name="Använd din nyckel").click()
    page.wait_for_url("**/avvikelser/")
    assert AuditEntry.objects.filter(actor=manager, action="second_factor", note="Nyckel").exists()

    page.goto(live_server.url + reverse("mfa:factors"))
    assert_accessible(page, "tvåstegsverifiering, 375 px")
    page.set_viewport_size(DESKTOP)
    assert_accessible(page, "tvåstegsverifiering, 1280 px")
    page.goto(live_server.url + reverse("mfa:enrol"))
    page.set_viewport_size(PHONE_375)
    assert_accessible(page, "lägg till andra faktor, 375 px")
    page.goto(live_server.url + reverse("mfa:verify") + "?steg=1")
    page.set_viewport_size(DESKTOP)
    assert_accessible(page, "bekräfta att det är du, 1280 px")
