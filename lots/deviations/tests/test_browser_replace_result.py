"""In the system Chromium: after "Ersätt med ärendereferensen" the result is where the reporter pressed the button
(focused and in view), not only somewhere at the top of a long page.

The only personal number used is the published test identity 19121212-1212 (Tolvan Tolvansson)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from lots.deviations.tests.conftest import TEST_IDENTITY
from lots.testing.browser import PHONE

pytestmark = pytest.mark.browser


def test_the_replacement_is_announced_where_the_reporter_pressed_the_button(world, reporter, category, new_page, live_server):
    page = new_page(user=reporter, viewport=PHONE)
    page.goto(live_server.url + reverse("deviations:report"))
    page.fill("#id_description", f"Kalle Svensson ({TEST_IDENTITY}) blev slagen.")
    page.select_option("#id_category", label="Handläggning")
    page.fill("#id_occurred_at", (timezone.localtime() - datetime.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"))
    page.fill("#id_case_reference", "ÄR-2026-4711")
    page.click("button:has-text('Skicka rapporten')")
    page.wait_for_selector(".integrity-warning[role=alert]")
    page.click("button:has-text('Ersätt med ärendereferensen')")
    page.wait_for_selector("#integrity-result")
    assert page.evaluate("document.activeElement.id") == "integrity-result"
    assert "ÄR-2026-4711" in page.text_content("#integrity-result")
    box = page.locator("#integrity-result").bounding_box()
    assert -2 <= box["y"] < PHONE["height"]  # scrolled to: at the top of the view, give or take rounding
    assert page.url.endswith("#integrity-result")
