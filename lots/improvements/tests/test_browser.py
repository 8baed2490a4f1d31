"""Closing an improvement action in Chromium: refused without an evaluation, accepted with one; axe-core on every page."""

import pytest
from django.urls import reverse

from lots.accounts.models import Role
from lots.improvements.models import ImprovementAction
from lots.improvements.tests.helpers import make_action
from lots.testing.browser import assert_accessible

pytestmark = pytest.mark.browser


def test_closing_is_refused_without_evaluation_and_accepted_with_it(world, new_page, live_server):
    action = make_action(world, world.own, title="Checklista för skyddsbedömning", stage="act")
    page = new_page(user=action.owner)
    page.goto(live_server.url + reverse("improvements:detail", args=[action.pk]))
    assert_accessible(page, "åtgärd")
    page.get_by_role("link", name="Avsluta med utvärdering").click()
    assert_accessible(page, "avsluta")
    page.get_by_label("Vad mättes?").fill("Andel skyddsbedömningar dokumenterade samma dag")
    page.get_by_label("Resultat").fill("")  # what the study wrote is offered; emptied, the close is refused
    page.get_by_role("button", name="Avsluta åtgärden").click()
    assert "Beskriv resultatet av mätningen." in page.content()
    assert page.get_by_label("Vad mättes?").input_value() == "Andel skyddsbedömningar dokumenterade samma dag"
    assert_accessible(page, "avsluta med fel")
    assert ImprovementAction.objects.get(pk=action.pk).stage == "act"
    page.get_by_label("Resultat").fill("Från 70 till 98 procent")
    page.get_by_role("button", name="Avsluta åtgärden").click()
    assert "Åtgärden är avslutad med sin utvärdering." in page.content()
    assert ImprovementAction.objects.get(pk=action.pk).is_closed


def test_every_improvement_page_is_accessible(world, new_page, live_server):
    action = make_action(world, world.own, stage="study")
    page = new_page(user=world.persona(Role.KVALITETSSAMORDNARE))
    for url in [
        reverse("improvements:index"),
        reverse("improvements:index") + "?stage=all&overdue=on",
        reverse("improvements:create"),
        reverse("improvements:detail", args=[action.pk]),
        reverse("improvements:edit", args=[action.pk]),
    ]:
        assert page.goto(live_server.url + url).status == 200, url
        assert_accessible(page, url)
    page.goto(live_server.url + reverse("improvements:create"))
    page.get_by_role("button", name="Spara").click()
    assert_accessible(page, "ny åtgärd med fel")
