"""The staff hub and an employee's page in Chromium, at desktop and phone width; axe-core on every state. The new
employee ticks an item and confirms the undertaking from a phone; the manager records the record check."""

import pytest
from django.urls import reverse

from lots.staff.models import CheckKind, HiringCheck, IntroductionItem, Undertaking
from lots.testing.browser import DESKTOP, assert_accessible

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 740}


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_the_hub_and_the_employee_page_are_accessible_and_fit_a_phone(
    new_page, live_server, manager, employee, employment, undertaking_text
):
    for viewport in (DESKTOP, PHONE):
        page = new_page(user=manager, viewport=viewport)
        page.goto(live_server.url + reverse("staff:index"))
        assert str(employee) in page.content()
        assert_accessible(page, f"personal {viewport['width']}")
        assert fits(page)
        page.goto(live_server.url + reverse("staff:employment", args=[employment.pk]))
        assert_accessible(page, f"anställd {viewport['width']}")
        assert fits(page)

    page = new_page(user=employee, viewport=PHONE)
    page.goto(live_server.url + reverse("staff:index"))
    assert "Min introduktion" in page.content()
    assert_accessible(page, "min introduktion 375")
    assert fits(page)
    first = employment.introduction.items.order_by("position").first()
    page.locator(f"#item-{first.pk}").get_by_role("button", name="Bocka av").click()
    assert "Momentet är avbockat." in page.content()
    assert IntroductionItem.objects.get(pk=first.pk).done_at is not None
    page.get_by_role("button", name="Jag har läst och förbinder mig").click()
    assert "Du har bekräftat förbindelsen" in page.content()
    assert Undertaking.objects.get().signed_by == employee
    assert_accessible(page, "min introduktion efter bekräftelse")

    check = employment.checks.get(kind=CheckKind.RECORD_EXTRACT)
    page = new_page(user=manager, viewport=PHONE)
    page.goto(live_server.url + reverse("staff:employment", args=[employment.pk]))
    form = page.locator(f"#check-{check.pk}")
    form.get_by_role("button", name="Registrera").click()
    assert "Välj vilken typ av registerutdrag som visades." in page.content() or "Välj ett alternativ." in page.content()
    assert_accessible(page, "kontroll med fel")
    form = page.locator(f"#check-{check.pk}")
    form.get_by_label("Typ av registerutdrag").select_option("own")
    form.get_by_label("Utfall").select_option("no_obstacle")
    form.get_by_role("button", name="Registrera").click()
    assert "Kontrollen är registrerad." in page.content()
    assert HiringCheck.objects.get(pk=check.pk).status == HiringCheck.Status.DONE
    assert fits(page)


def test_the_hr_pages_are_accessible_and_fit_a_phone(new_page, live_server, world, employment, undertaking_text):
    from lots.accounts.models import Role
    from lots.testing.factories import RoleAssignmentFactory, UserFactory

    hr = UserFactory(username="hr-kommun", first_name="Hanna", last_name="Personal")
    RoleAssignmentFactory(user=hr, role=Role.HR, unit=world.namnd, include_subunits=True)
    for viewport in (DESKTOP, PHONE):
        page = new_page(user=hr, viewport=viewport)
        for name, args in [
            ("staff:templates", []),
            ("staff:template", [world.own.pk]),
            ("staff:undertaking_text", [world.m1.slug]),
            ("staff:import", []),
        ]:
            page.goto(live_server.url + reverse(name, args=args))
            assert_accessible(page, f"{name} {viewport['width']}")
            assert fits(page), name
    page.set_input_files(
        "input[type=file]",
        files=[
            {"name": "hr.csv", "mimeType": "text/csv", "buffer": "Användarnamn;Enhet;Startdatum\nokand;own;2026-01-05\n".encode()}
        ],
    )
    page.get_by_role("button", name="Läs filen").click()
    page.get_by_role("button", name="Kontrollera").click()
    assert "finns inte i Lots" in page.content()
    assert_accessible(page, "import med fel")
    assert fits(page)
