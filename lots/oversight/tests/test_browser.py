"""The access review and the log follow-up in Chromium, at desktop and phone width; axe-core on every state."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from lots.accounts.models import Role, User
from lots.lib.dates import add_months
from lots.oversight.models import AccessReview, LogReview
from lots.oversight.tests.conftest import at
from lots.testing.browser import DESKTOP, assert_accessible
from lots.testing.factories import RoleAssignmentFactory, UserFactory

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 740}


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_a_manager_deactivates_an_unused_account_and_the_coordinator_signs_off_a_month(
    world, coordinator, new_page, live_server, read
):
    long_ago = timezone.now() - datetime.timedelta(days=300)
    stale = UserFactory(username="vikarie", first_name="Tove", last_name="Lind", date_joined=long_ago)
    RoleAssignmentFactory(user=stale, role=Role.MEDARBETARE, unit=world.sub, include_subunits=False)
    last = add_months(timezone.localdate().replace(day=1), -1)
    reader = world.persona(Role.ENHETSCHEF)
    read(reader, world.own, at(last.isoformat(), "22:15"), records=3)
    read(reader, world.own, at((last + datetime.timedelta(days=1)).isoformat(), "10:00"))

    for viewport in (DESKTOP, PHONE):
        page = new_page(user=world.persona(Role.ENHETSCHEF), viewport=viewport)
        page.goto(live_server.url + reverse("oversight:review", args=[world.own.pk]))
        assert "Oanvänt konto" in page.content()
        assert_accessible(page, f"behörigheter {viewport['width']}")
        assert fits(page)
    page.get_by_label("Tove Lind (vikarie)").check()
    page.get_by_role("button", name="Inaktivera markerade konton").click()
    assert "Bekräfta att kontona ska inaktiveras." in page.content()
    assert page.get_by_label("Tove Lind (vikarie)").is_checked()
    assert_accessible(page, "behörigheter med fel")
    page.get_by_label("Jag har kontrollerat").check()
    page.get_by_role("button", name="Inaktivera markerade konton").click()
    assert "Inaktiverade konton: Tove Lind." in page.content()
    assert not User.objects.get(pk=stale.pk).is_active
    page.get_by_label("Kommentar").fill("Vikariens konto inaktiverat.")
    page.get_by_role("button", name="Bekräfta genomgången").click()
    assert "är bekräftade för" in page.content()
    assert AccessReview.objects.get().unit == world.own

    month = reverse("oversight:log_month", args=[world.m1.pk, last.year, last.month])
    for viewport in (DESKTOP, PHONE):
        page = new_page(user=coordinator, viewport=viewport)
        page.goto(live_server.url + reverse("oversight:logs"))
        assert_accessible(page, f"logguppföljning {viewport['width']}")
        page.goto(live_server.url + month)
        assert "Läsningar utanför kontorstid" in page.content()
        assert_accessible(page, f"logguppföljning månad {viewport['width']}")
        assert fits(page)
    page.get_by_role("button", name="Signera uppföljningen").click()
    assert "Skriv vad du har kontrollerat" in page.content()
    assert_accessible(page, "signering med fel")
    page.get_by_label("Vad du har kontrollerat").fill("Stickprovet och kvällsläsningen kontrollerade.")
    page.get_by_role("button", name="Signera uppföljningen").click()
    assert "är signerad" in page.content()
    assert LogReview.objects.get().signed_by == coordinator
