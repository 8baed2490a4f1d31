"""Proposing from a phone and triaging on a desktop in Chromium; axe-core on every proposal page at both widths."""

import pytest
from django.urls import reverse

from lots.accounts.models import Role
from lots.improvements.models import ImprovementAction, Proposal
from lots.improvements.tests.proposal_helpers import make_proposal
from lots.testing.browser import DESKTOP, assert_accessible

pytestmark = pytest.mark.browser
PHONE = {"width": 375, "height": 812}


def _no_sideways_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_a_proposal_from_a_phone_keeps_what_was_typed_on_an_error(world, new_page, live_server):
    staff = world.persona(Role.MEDARBETARE)
    page = new_page(user=staff, viewport=PHONE)
    page.goto(live_server.url + reverse("improvements:index"))
    page.get_by_role("link", name="Föreslå en förbättring").click()
    assert_accessible(page, "föreslå")
    assert _no_sideways_scroll(page)
    page.get_by_label("Hur? (om du vill)").fill("Schemat två veckor tidigare")
    page.get_by_role("button", name="Skicka förslaget").click()
    assert "Skriv vad som kan bli bättre." in page.content()
    assert page.get_by_label("Hur? (om du vill)").input_value() == "Schemat två veckor tidigare"
    assert_accessible(page, "föreslå med fel")
    assert _no_sideways_scroll(page)
    box = page.get_by_role("button", name="Skicka förslaget").bounding_box()
    assert box["height"] >= 24 and box["width"] >= 24
    page.get_by_label("Vad kan bli bättre?").fill("Helgschemat kommer ut för sent")
    page.get_by_role("button", name="Skicka förslaget").click()
    assert "Tack! Ditt förslag är skickat" in page.content()
    assert "Helgschemat kommer ut för sent" in page.content()
    assert_accessible(page, "mina förslag")
    assert _no_sideways_scroll(page)
    assert Proposal.objects.get().proposer == staff


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_every_proposal_page_is_accessible(world, new_page, live_server, viewport):
    proposal = make_proposal(world, anonymous=True, how="Två veckor tidigare.")
    page = new_page(user=world.persona(Role.ENHETSCHEF), viewport=viewport)
    for url in [
        reverse("improvements:propose"),
        reverse("improvements:proposals_mine"),
        reverse("improvements:proposals"),
        reverse("improvements:proposals") + "?status=all",
        reverse("improvements:proposal_detail", args=[proposal.pk]),
        reverse("improvements:proposal_to_action", args=[proposal.pk]),
        reverse("improvements:proposal_answer", args=[proposal.pk]),
    ]:
        assert page.goto(live_server.url + url).status == 200, url
        assert_accessible(page, url)
        assert _no_sideways_scroll(page), url
    page.get_by_role("button", name="Skicka svaret").click()
    assert_accessible(page, "svar med fel")


def test_the_manager_turns_a_proposal_into_an_action(world, new_page, live_server):
    proposal = make_proposal(world, text="Helgschemat kommer ut för sent")
    page = new_page(user=world.persona(Role.ENHETSCHEF), viewport=DESKTOP)
    page.goto(live_server.url + reverse("improvements:proposals"))
    page.get_by_role("link", name="Helgschemat kommer ut för sent").click()
    page.get_by_role("link", name="Gör till förbättringsåtgärd").click()
    page.locator("#id_title").fill("Helgschema fyra veckor i förväg")
    page.get_by_role("button", name="Skapa åtgärden").click()
    assert "Förslaget är nu en förbättringsåtgärd" in page.content()
    assert_accessible(page, "åtgärd från förslag")
    action = ImprovementAction.objects.get()
    assert Proposal.objects.get(pk=proposal.pk).action == action
