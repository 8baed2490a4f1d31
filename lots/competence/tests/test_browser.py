"""The competence pages in Chromium, at desktop and phone width; axe-core on every page and on a form with errors."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from lots.accounts.models import Role
from lots.competence.models import PlanRow, Student, Supervision, UnitPlan, UnitPlanItem
from lots.testing.browser import DESKTOP, assert_accessible

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 740}
TODAY = timezone.localdate()


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_the_manager_and_the_employee_on_every_page(world, staff_member, employ, appraise, plan_for, new_page, live_server):
    appraise(staff_member, TODAY - datetime.timedelta(days=400))
    plan = plan_for(staff_member)
    PlanRow.objects.create(plan=plan, activity="Kurs i motiverande samtal", planned_when="vt")
    colleague = employ()
    unit_plan = UnitPlan.objects.create(unit=world.own, year=TODAY.year, summary="Behov av MI")
    UnitPlanItem.objects.create(plan=unit_plan, need="Samtalsmetodik", activity="Kurs i MI", target_group="Alla", cost=12000)
    Supervision.objects.create(unit=world.own, form="group", given_by="Extern psykolog", frequency="Månadsvis", starts_on=TODAY)
    Student.objects.create(
        unit=world.own,
        name="Tolvan Tolvansson",
        programme="Socionomprogrammet",
        school="Högskolan",
        starts_on=TODAY,
        ends_on=TODAY + datetime.timedelta(days=30),
        supervisor=colleague,
    )
    pages = [
        ("status", reverse("competence:index")),
        ("person", reverse("competence:person", args=[staff_member.pk])),
        ("planer", reverse("competence:unit_plans")),
        ("plan", reverse("competence:unit_plan", args=[unit_plan.pk])),
        ("handledning", reverse("competence:supervision")),
        ("praktikanter", reverse("competence:students")),
    ]
    for viewport in (DESKTOP, PHONE):
        page = new_page(user=world.persona(Role.ENHETSCHEF), viewport=viewport)
        for label, url in pages:
            page.goto(live_server.url + url)
            assert_accessible(page, f"{label} {viewport['width']}")
            assert fits(page), label
    page.goto(live_server.url + reverse("competence:person", args=[colleague.pk]))
    page.get_by_label("Datum för samtalet").fill((TODAY + datetime.timedelta(days=5)).isoformat())
    page.get_by_role("button", name="Registrera samtalet").click()
    assert "kan inte ligga fram i tiden" in page.content()
    assert_accessible(page, "samtal med fel")

    for viewport in (DESKTOP, PHONE):
        page = new_page(user=world.persona(Role.MEDARBETARE), viewport=viewport)
        page.goto(live_server.url + reverse("competence:mine"))
        assert "Kurs i motiverande samtal" in page.content()
        assert_accessible(page, f"min kompetens {viewport['width']}")
        assert fits(page)
    page.get_by_label("Vad som gjordes").fill("Två dagar i Umeå")
    page.get_by_role("button", name="Markera som genomförd").click()
    assert "markerad som genomförd" in page.content()
    assert PlanRow.objects.get().done_on == TODAY
