"""The service interventions in Chromium, at desktop and phone width; axe-core on every page and error state."""

import pytest
from django.urls import reverse

from lots.interventions import services
from lots.interventions.models import NeedsReport, Participant
from lots.testing.browser import DESKTOP, assert_accessible
from lots.testing.factories import RoleAssignmentFactory, UserFactory

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 740}


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_staff_register_a_participant_withdraw_and_report_changed_needs(
    world, make_intervention, register, staff, manager, new_page, live_server
):
    intervention = make_intervention()
    make_intervention(provider=world.provider, offered=False, name="Extern utan avtal")
    participant = register(name="Tolvan Tolvansson", contact="070-000 00 00")
    report = services.needs_report_send(
        actor=staff,
        participant=register("G-2"),
        expected_version=1,
        to_unit=world.other,
        kind=NeedsReport.Kind.NOTIFICATION,
        grounds="Behovet är större än gruppen kan ge.",
    )
    pages = [
        ("register", reverse("interventions:index")),
        ("att erbjuda", reverse("interventions:offers")),
        ("insats", reverse("interventions:detail", args=[intervention.pk])),
        ("deltagare", reverse("interventions:participants")),
        ("deltagarsida", reverse("interventions:participant", args=[participant.pk])),
        ("anmälningar", reverse("interventions:reports")),
        ("anmälan", reverse("interventions:report", args=[report.pk])),
        ("antal", reverse("interventions:counts")),
        ("ny deltagare", reverse("interventions:participant_create", args=[intervention.pk])),
        ("anmäl behov", reverse("interventions:report_create", args=[participant.pk])),
        ("återkalla", reverse("interventions:participant_withdraw", args=[participant.pk])),
    ]
    for viewport in (DESKTOP, PHONE):
        page = new_page(user=staff, viewport=viewport)
        for label, path in pages:
            page.goto(live_server.url + path)
            assert_accessible(page, f"{label} {viewport['width']}")
            assert fits(page), f"{label} runs off the page at {viewport['width']} px"

    page = new_page(user=staff, viewport=PHONE)
    page.goto(live_server.url + reverse("interventions:participant_create", args=[intervention.pk]))
    page.get_by_label("Referens").fill("G-9")
    page.get_by_label("Hur samtycket lämnades").select_option("written")
    page.get_by_label("Samtycke lämnat av").select_option("participant")
    page.get_by_label("Namn", exact=True).fill("Tolvan")
    page.get_by_role("button", name="Spara").click()
    assert "Samtycket omfattar inte namn" in page.content()
    assert_accessible(page, "deltagare med fel")
    page.get_by_label("Samtycket omfattar namn").check()
    page.get_by_role("button", name="Spara").click()
    assert "Deltagaren är registrerad" in page.content()

    page.goto(live_server.url + reverse("interventions:participant_withdraw", args=[participant.pk]))
    page.get_by_role("button", name="Radera uppgifterna").click()
    assert_accessible(page, "återkalla med fel")
    page.get_by_label("Deltagaren har återkallat").check()
    page.get_by_role("button", name="Radera uppgifterna").click()
    assert "deltagarens uppgifter är raderade" in page.content()
    assert not Participant.objects.filter(pk=participant.pk).exists()


def test_a_manager_is_refused_offering_an_external_intervention_without_a_contract(
    world, make_intervention, manager, new_page, live_server
):
    planned = make_intervention(provider=world.provider, offered=False, name="Extern utan avtal")
    for viewport in (DESKTOP, PHONE):
        page = new_page(user=manager, viewport=viewport)
        page.goto(live_server.url + reverse("interventions:detail", args=[planned.pk]))
        page.get_by_role("button", name="Erbjud insatsen").click()
        assert "saknar avtal" in page.content()
        assert_accessible(page, f"erbjud utan avtal {viewport['width']}")
        assert fits(page)
        page.goto(live_server.url + reverse("interventions:create"))
        assert_accessible(page, f"ny insats {viewport['width']}")
        assert fits(page)


def test_the_receiving_unit_confirms_a_report(world, register, staff, new_page, live_server):
    receiver = UserFactory(username="mottagare")
    RoleAssignmentFactory(user=receiver, role="medarbetare", unit=world.other, include_subunits=False)
    participant = register()
    report = services.needs_report_send(
        actor=staff,
        participant=participant,
        expected_version=participant.version,
        to_unit=world.other,
        kind=NeedsReport.Kind.APPLICATION,
        grounds="Vill ansöka om kontaktperson.",
    )
    page = new_page(user=receiver, viewport=PHONE)
    page.goto(live_server.url + reverse("interventions:report", args=[report.pk]))
    page.get_by_role("button", name="Bekräfta att anmälan är mottagen").click()
    assert "Mottagandet är bekräftat" in page.content()
    assert_accessible(page, "bekräftad anmälan")
    assert fits(page)
