"""In the system Chromium: "Ersätt med ärendereferensen" leaves the reference once where a name and a personal number
stood together, and once where the reporter had already written it next to the name.

The only personal number used is the published test identity 19121212-1212 (Tolvan Tolvansson)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from lots.deviations.models import Deviation
from lots.deviations.tests.conftest import TEST_IDENTITY
from lots.testing.browser import DESKTOP

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(
    "typed, replaced",
    [
        (f"Kalle Svensson ({TEST_IDENTITY}) blev slagen.", "ÄR-2026-4711 blev slagen."),
        ("kalle ÄR-2026-4711 blev slagen.", "ÄR-2026-4711 blev slagen."),
    ],
)
def test_replacing_with_the_case_reference_writes_it_once(world, reporter, category, new_page, live_server, typed, replaced):
    page = new_page(user=reporter, viewport=DESKTOP)
    page.goto(live_server.url + reverse("deviations:report"))
    page.fill("#id_description", typed)
    page.select_option("#id_category", label="Handläggning")
    page.fill("#id_occurred_at", (timezone.localtime() - datetime.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"))
    page.fill("#id_case_reference", "ÄR-2026-4711")
    page.click("button:has-text('Skicka rapporten')")
    page.wait_for_selector(".integrity-warning[role=alert]")
    page.click("button:has-text('Ersätt med ärendereferensen')")
    page.wait_for_selector("text=Personuppgifterna är ersatta")
    assert page.input_value("#id_description") == replaced
    page.click("button:has-text('Skicka rapporten')")
    page.wait_for_selector("h1:has-text('Tack!')")
    assert Deviation.objects.get().description == replaced
