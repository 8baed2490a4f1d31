"""Journeys through the foundation in the system Chromium, and axe-core on its pages."""

import pytest
from django.conf import settings
from django.urls import reverse

from lots.testing.browser import DESKTOP, PHONE, assert_accessible

pytestmark = pytest.mark.browser


def log_in(page, base_url, username, password="test-password-123"):
    page.goto(base_url + reverse("accounts:login"))
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill(password)
    # Wait for the answer to the post: reading the page while it is still navigating gives an empty document.
    with page.expect_navigation():
        page.get_by_role("button", name="Logga in").click()


@pytest.mark.parametrize(
    "role, sees, does_not_see",
    [
        ("kvalitetssamordnare", ["Egna avdelningen"], ["Andra avdelningen"]),
        ("enhetschef", ["Egna avdelningen"], ["Främmande enheten"]),
        ("extern_utforare", ["Egen utförare AB"], ["Egna avdelningen"]),
    ],
)
def test_three_roles_log_in_and_see_their_own_units(world, new_page, live_server, role, sees, does_not_see):
    page = new_page()
    log_in(page, live_server.url, role)
    page.wait_for_url(live_server.url + reverse("home:start"))
    roles = page.get_by_role("region", name="Mina enheter och roller")
    for text in sees:
        assert text in roles.inner_text()
    for text in does_not_see:
        assert text not in page.content()


def test_the_unit_tree_shows_the_sub_units_in_scope(world, new_page, live_server):
    page = new_page(user=world.persona("avdelningschef"))
    page.goto(live_server.url + reverse("organisation:tree"))
    tree = page.locator(".tree")
    assert "Underenheten" in tree.inner_text()
    page.get_by_role("link", name="Underenheten").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Underenheten"


def test_repeated_wrong_passwords_lock_the_login_with_a_swedish_message(world, new_page, live_server):
    page = new_page()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        log_in(page, live_server.url, "enhetschef", "fel-lösenord")
        assert "Fel användarnamn eller lösenord" in page.content()
    log_in(page, live_server.url, "enhetschef", "fel-lösenord")
    assert page.get_by_role("heading", level=1).inner_text() == "Kontot är tillfälligt spärrat"
    log_in(page, live_server.url, "enhetschef")
    assert "Kontot är tillfälligt spärrat" in page.content()


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_login_start_and_tree_pages_have_no_accessibility_violations(world, new_page, live_server, viewport):
    page = new_page(viewport=viewport)
    page.goto(live_server.url + reverse("accounts:login"))
    assert_accessible(page, "inloggningen")
    log_in(page, live_server.url, "nope", "fel")
    assert_accessible(page, "inloggningen med felmeddelande")
    page = new_page(user=world.persona("kvalitetssamordnare"), viewport=viewport)
    for name in ["home:start", "organisation:tree", "accounts:profile", "audit:search", "organisation:providers"]:
        page.goto(live_server.url + reverse(name))
        assert_accessible(page, name)
    page.goto(live_server.url + reverse("organisation:unit", args=[world.own.pk]))
    assert_accessible(page, "enhetssidan")
    page.goto(live_server.url + reverse("organisation:unit_edit", args=[world.own.pk]))
    assert_accessible(page, "ändra enhet")


def test_the_page_has_no_horizontal_scroll_at_phone_width(world, new_page, live_server):
    page = new_page(user=world.persona("kvalitetssamordnare"), viewport=PHONE)
    for name in ["home:start", "organisation:tree", "accounts:profile", "audit:search"]:
        page.goto(live_server.url + reverse(name))
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{name} scrolls sideways by {overflow}px at 360 px"
