"""Journeys in Chromium: entering money, a second person attesting it, a reconciliation; axe on every ledger page, at
desktop and at phone width (375 px) without sideways scrolling of the page."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from lots.ledger import services
from lots.ledger.models import LedgerEntry
from lots.testing.browser import DESKTOP, assert_accessible

pytestmark = pytest.mark.browser
PHONE_375 = {"width": 375, "height": 740}


@pytest.fixture
def filled(world, staff):
    today = timezone.localdate()
    ledger = services.ledger_open(
        actor=staff["manager"], unit=world.own, reference="EM-2026-042", opened_on=today - datetime.timedelta(days=45)
    )
    entry = services.entry_add(actor=staff["entrant"], ledger=ledger, date=today, description="Insättning av lön", amount=900_000)
    services.entry_attest(actor=staff["attester"], entry=entry)
    ledger.refresh_from_db()
    return ledger


def no_sideways_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_entering_money_out_and_a_second_person_attesting_it(world, staff, filled, new_page, live_server):
    page = new_page(user=staff["entrant"], viewport=PHONE_375)
    page.goto(live_server.url + reverse("ledger:detail", args=[filled.pk]))
    assert_accessible(page, "förmedlingen i mobilen")
    assert no_sideways_scroll(page)
    page.get_by_role("link", name="Ny post").click()
    page.get_by_label("Ut (utbetalning eller inköp)").check()
    page.get_by_label("Belopp i kronor").fill("9 500")
    page.get_by_label("Beskrivning").fill("Inköp av dator")
    page.get_by_role("button", name="Bokför").click()
    assert "negativt" in page.content()
    assert_accessible(page, "postformuläret med fel")
    assert no_sideways_scroll(page)
    assert page.get_by_label("Beskrivning").input_value() == "Inköp av dator"
    page.get_by_label("Belopp i kronor").fill("150")
    page.get_by_role("button", name="Bokför").click()
    page.get_by_text("Posten är bokförd.").wait_for()
    entry = LedgerEntry.objects.get(ledger=filled, sequence=2)
    assert entry.amount == -15_000

    other = new_page(user=staff["attester"], viewport=DESKTOP)
    other.goto(live_server.url + reverse("ledger:detail", args=[filled.pk]))
    other.get_by_role("button", name="Attestera post 2").click()
    other.get_by_text("Post 2 är attesterad.").wait_for()
    entry.refresh_from_db()
    assert entry.attested_by == staff["attester"]


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE_375], ids=["desktop", "phone"])
def test_every_ledger_page_is_accessible(world, staff, filled, new_page, live_server, viewport):
    page = new_page(user=staff["manager"], viewport=viewport)
    for name, args in [
        ("ledger:index", []),
        ("ledger:create", []),
        ("ledger:detail", [filled.pk]),
        ("ledger:entry_add", [filled.pk]),
        ("ledger:reconcile", [filled.pk]),
        ("ledger:edit", [filled.pk]),
        ("ledger:close", [filled.pk]),
    ]:
        page.goto(live_server.url + reverse(name, args=args))
        assert_accessible(page, name)
        assert no_sideways_scroll(page), name
    coordinator = new_page(user=world.persona("kvalitetssamordnare"), viewport=viewport)
    coordinator.goto(live_server.url + reverse("ledger:base_amounts"))
    assert_accessible(coordinator, "prisbasbelopp")
    assert no_sideways_scroll(coordinator)


def test_a_reconciliation_with_a_difference_is_explained_and_signed(staff, filled, new_page, live_server):
    page = new_page(user=staff["manager"], viewport=PHONE_375)
    page.goto(live_server.url + reverse("ledger:reconcile", args=[filled.pk]))
    page.get_by_label("Räknat belopp i kronor").fill("8 990")
    page.get_by_role("button", name="Signera avstämningen").click()
    assert "Förklara differensen" in page.content()
    page.get_by_label("Förklaring av differensen").fill("Växel saknades i kassan")
    page.get_by_role("button", name="Signera avstämningen").click()
    page.get_by_text("Avstämningen är signerad.").wait_for()
    assert_accessible(page, "förmedlingen efter avstämningen")
