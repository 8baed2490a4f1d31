"""In the system Chromium: a staff form sent with errors puts focus on its error summary, whose links lead to the
fields, and a field that reaches its maximum length says so."""

import pytest
from django.urls import reverse

from lots.accounts.models import Role
from lots.testing.browser import PHONE

pytestmark = pytest.mark.browser


def focused(page, selector: str) -> bool:
    return page.evaluate("s => document.activeElement !== null && document.activeElement.matches(s)", selector)


def test_focus_lands_on_the_error_summary_and_its_link_on_the_field(world, new_page, live_server):
    page = new_page(user=world.persona(Role.KVALITETSSAMORDNARE), viewport=PHONE)
    page.goto(live_server.url + reverse("processes:create"))
    page.click("button[type=submit]:has-text('Spara')")
    page.wait_for_selector("#error-summary")
    assert page.title().startswith("Fel:")
    assert focused(page, "#error-summary")
    page.click("#error-summary a[href='#id_name']")
    assert focused(page, "#id_name")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_a_field_at_its_maximum_length_says_so(world, new_page, live_server):
    page = new_page(user=world.persona(Role.KVALITETSSAMORDNARE))
    page.goto(live_server.url + reverse("processes:create"))
    limit = page.locator("#id_name_limit")
    assert limit.get_attribute("aria-live") == "polite"
    page.fill("#id_name", "x" * 199)
    assert limit.text_content() == ""
    page.type("#id_name", "yz")
    assert page.input_value("#id_name") == "x" * 199 + "y"
    assert limit.text_content() == "Du har nått maxlängden 200 tecken."
    page.press("#id_name", "Backspace")
    assert limit.text_content() == ""
