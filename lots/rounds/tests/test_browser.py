"""Rounds in Chromium, at desktop and phone width; axe-core on every page: a manager holds a safety round, records a
finding with its risk level and an action, and the department head decides the plan."""

import datetime

import pytest
from django.urls import reverse

from lots.accounts.models import Role
from lots.rounds.models import DepartmentPlan, Finding, Round
from lots.testing.browser import DESKTOP, assert_accessible
from lots.testing.factories import RoleAssignmentFactory, UserFactory

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 740}


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_every_page_is_accessible_and_fits_a_phone(
    world, make_round, make_finding, make_action, manager, new_page, live_server, today
):
    rnd = make_round()
    finding = make_finding(rnd)
    action = make_action(finding, today - datetime.timedelta(days=1))
    hr = UserFactory(username="hr-forv")
    RoleAssignmentFactory(user=hr, role=Role.HR, unit=world.forvaltning)
    pages = [
        reverse("rounds:index"),
        reverse("rounds:findings"),
        reverse("rounds:actions"),
        reverse("rounds:plans"),
        reverse("rounds:plan", args=[world.own.pk, today.year]),
        reverse("rounds:followups"),
        reverse("rounds:followup", args=[world.own.pk, today.year]),
        reverse("rounds:create"),
        reverse("rounds:create") + f"?unit={world.own.pk}&kind=safety",
        reverse("rounds:detail", args=[rnd.pk]),
        reverse("rounds:edit", args=[rnd.pk]),
        reverse("rounds:checklist", args=[rnd.pk]),
        reverse("rounds:finding_create", args=[rnd.pk]),
        reverse("rounds:finding_edit", args=[finding.pk]),
        reverse("rounds:finding_improvement", args=[finding.pk]),
        reverse("rounds:action_create", args=[finding.pk]),
        reverse("rounds:action_edit", args=[action.pk]),
    ]
    for viewport in (DESKTOP, PHONE):
        page = new_page(user=manager, viewport=viewport)
        for url in pages:
            page.goto(live_server.url + url)
            assert_accessible(page, f"{url} {viewport['width']}")
            assert fits(page), url
        page = new_page(user=hr, viewport=viewport)
        for url in (reverse("rounds:templates"), reverse("rounds:template", args=[world.m1.pk, "safety"])):
            page.goto(live_server.url + url)
            assert_accessible(page, f"{url} {viewport['width']}")
            assert fits(page), url


def test_a_manager_holds_a_round_from_a_phone_and_the_department_head_decides(
    world, manager, staff, new_page, live_server, today
):
    page = new_page(user=manager, viewport=PHONE)
    page.goto(live_server.url + reverse("rounds:create"))
    page.get_by_label("Enhet").select_option(str(world.own.pk))
    page.get_by_role("button", name="Fortsätt").click()
    page.get_by_role("button", name="Spara").click()
    assert "En skyddsrond hålls med skyddsombudet" in page.content()
    assert_accessible(page, "ny rond med fel")
    assert fits(page)
    page.get_by_label("Skyddsombud", exact=True).select_option(str(staff.pk))
    page.get_by_role("button", name="Spara").click()
    rnd = Round.objects.get()
    page.get_by_role("button", name="Spara checklistan").click()
    page.goto(live_server.url + reverse("rounds:finding_create", args=[rnd.pk]))
    page.locator("#id_description").fill("Utrymningsvägen är blockerad.")
    page.get_by_role("button", name="Spara").click()
    assert "Ange konsekvens: iakttagelsen behöver en risknivå." in page.content()
    assert page.locator("#id_description").input_value() == "Utrymningsvägen är blockerad."
    page.get_by_label("Konsekvens").select_option("4")
    page.get_by_label("Sannolikhet").select_option("3")
    page.get_by_role("button", name="Spara").click()
    finding = Finding.objects.get()
    assert finding.value == 12
    page.get_by_role("link", name="Lägg till åtgärd").click()
    page.locator("#id_what").fill("Flytta förrådet.")
    page.get_by_label("Ansvarig").select_option(str(manager.pk))
    page.get_by_label("Klart senast").fill(today.isoformat())
    page.get_by_role("button", name="Spara").click()
    assert finding.actions.get().what == "Flytta förrådet."
    assert_accessible(page, "ronden med åtgärd")
    assert fits(page)

    head = new_page(user=world.persona(Role.AVDELNINGSCHEF), viewport=PHONE)
    head.goto(live_server.url + reverse("rounds:plan", args=[world.own.pk, today.year]))
    assert "Flytta förrådet." in head.content()
    head.get_by_role("button", name="Besluta").click()
    assert DepartmentPlan.objects.get().is_decided
    assert_accessible(head, "beslutad plan")
    assert fits(head)
