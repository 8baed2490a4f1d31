"""The work-environment delegation in Chromium, at desktop and phone width; axe-core on every page and state."""

import pytest
from django.urls import reverse

from lots.testing.browser import DESKTOP, assert_accessible
from lots.workenv.models import Delegation, TaskReturn
from lots.workenv.tests.conftest import TEXTS

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 740}


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_a_department_head_delegates_the_unit_manager_signs_and_returns(world, line, in_force, new_page, live_server):
    for viewport in (DESKTOP, PHONE):
        page = new_page(user=line.ac, viewport=viewport)
        for name in ("workenv:index", "workenv:list", "workenv:catalogue", "workenv:new"):
            page.goto(live_server.url + reverse(name))
            assert_accessible(page, f"{name} {viewport['width']}")
            assert fits(page), name
        page.goto(live_server.url + reverse("workenv:detail", args=[in_force.pk]))
        assert_accessible(page, f"detalj {viewport['width']}")
        assert fits(page)

    page = new_page(user=line.ac, viewport=PHONE)
    page.goto(live_server.url + reverse("workenv:new") + f"?enhet={world.sub.pk}")
    page.get_by_label("Till (mottagande chef)").select_option(str(line.ec.pk))
    page.get_by_label(line.tasks[0].title, exact=False).check()
    page.get_by_role("button", name="Upprätta delegeringen").click()
    assert "Fyll i det här." in page.content()
    assert page.get_by_label(line.tasks[0].title, exact=False).is_checked()
    assert_accessible(page, "ny delegering med fel")
    assert fits(page)
    page.get_by_label("Ansvars- och verksamhetsområde").fill(TEXTS["activity"])
    page.get_by_label("Kompetens som medföljer").fill(TEXTS["competence"])
    page.get_by_label("Befogenheter som medföljer").fill(TEXTS["authority"])
    page.get_by_label("Resurser som medföljer").fill(TEXTS["resources"])
    page.get_by_role("button", name="Upprätta delegeringen").click()
    delegation = Delegation.objects.get(receiver=line.ec)
    page.get_by_label("Jag har läst delegeringen").check()
    page.get_by_role("button", name="Skriv under").click()
    assert "Delegeringen gäller när båda har skrivit under." in page.content()

    page = new_page(user=line.ec, viewport=PHONE)
    page.goto(live_server.url + delegation.get_absolute_url())
    assert page.get_by_role("button", name="Avböj").count() == 0
    page.get_by_label("Jag har läst delegeringen").check()
    page.get_by_role("button", name="Skriv under").click()
    assert "delegeringen gäller från nu" in page.content()
    page.get_by_label(line.tasks[0].title, exact=False).check()
    page.get_by_label("Har inte fått utbildning i arbetsmiljöfrågor").check()
    page.get_by_label("Vilka förutsättningar saknas?").fill("Jag behöver gå BAM-utbildningen.")
    page.get_by_role("button", name="Skicka returneringen").click()
    assert "Väntar på svar" in page.content()
    assert_accessible(page, "returnerad")
    assert fits(page)
    assert TaskReturn.objects.get().delegation == delegation


def test_the_catalogue_and_edit_forms_are_accessible(world, line, new_page, live_server):
    from lots.workenv.tests.conftest import delegate

    pending = delegate(line.fc, world.own, line.ac, line.tasks[:1])
    for viewport in (DESKTOP, PHONE):
        page = new_page(user=line.coordinator, viewport=viewport)
        page.goto(live_server.url + reverse("workenv:task_new", args=[world.m1.pk]))
        assert_accessible(page, f"ny uppgift {viewport['width']}")
        page.get_by_role("button", name="Spara").click()
        assert "Fyll i det här." in page.content()
        assert_accessible(page, f"ny uppgift med fel {viewport['width']}")
        assert fits(page)
        page = new_page(user=line.fc, viewport=viewport)
        page.goto(live_server.url + reverse("workenv:edit", args=[pending.pk]))
        assert_accessible(page, f"ändra delegering {viewport['width']}")
        assert fits(page)
