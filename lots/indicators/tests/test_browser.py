"""The indicator pages in the system Chromium: every page axe-clean and usable at 375 px, and a unit manager entering a
gender-split value and seeing it against the target."""

import pytest
from django.urls import reverse
from django.utils import timezone

from lots.accounts.models import Role
from lots.indicators import services
from lots.indicators.models import Indicator
from lots.processes.tests.helpers import make_process
from lots.testing.browser import DESKTOP, PHONE, assert_accessible

pytestmark = pytest.mark.browser


@pytest.fixture
def indicator(world, make_indicator):
    process = make_process(world, world.own)
    made = make_indicator(split=Indicator.Split.WOMEN_MEN, process=process)
    year = timezone.localdate().year
    services.target_set(actor=world.persona(Role.KVALITETSSAMORDNARE), indicator=made, year=year, value=80)
    services.value_record(
        actor=world.persona(Role.ENHETSCHEF),
        indicator=made,
        period_start=timezone.localdate().replace(day=1),
        total=72,
        split_missing_reason="Uppgiften saknas i verksamhetssystemet.",
    )
    return made


def no_sideways_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_every_indicator_page_is_accessible_and_fits_a_phone(world, indicator, new_page, live_server, viewport, tmp_path):
    page = new_page(user=world.persona(Role.KVALITETSSAMORDNARE), viewport=viewport)
    for name, args in [
        ("indicators:index", []),
        ("indicators:detail", [indicator.pk]),
        ("indicators:create", []),
        ("indicators:edit", [indicator.pk]),
        ("indicators:target", [indicator.pk]),
        ("indicators:record", [indicator.pk]),
        ("processes:detail", [indicator.process_id]),
    ]:
        page.goto(live_server.url + reverse(name, args=args))
        assert_accessible(page, name)
        assert no_sideways_scroll(page), name
        if name == "indicators:detail":
            page.screenshot(path=str(tmp_path / f"detail-{viewport['width']}.png"), full_page=True)


def test_a_unit_manager_enters_a_split_value_on_a_phone_and_sees_it_against_the_target(world, indicator, new_page, live_server):
    page = new_page(user=world.persona(Role.ENHETSCHEF), viewport=PHONE)
    page.goto(live_server.url + reverse("indicators:record", args=[indicator.pk]))
    page.get_by_label("Totalt").fill("84")
    page.get_by_label("Kvinnor").fill("86")
    page.get_by_label("Män").fill("81")
    page.get_by_role("button", name="Spara").click()
    saved = page.locator("#sparat").inner_text()
    assert "Når målvärdet" in saved and "84" in saved
    assert_accessible(page, "after saving")
