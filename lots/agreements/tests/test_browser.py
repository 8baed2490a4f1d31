"""The agreement register in Chromium: every page axe-clean at desktop and at 375 px without sideways scrolling, and
a member of staff acknowledging an agreement."""

import pytest
from django.urls import reverse

from lots.accounts.models import Role
from lots.agreements.models import AgreementAcknowledgement
from lots.agreements.tests.helpers import make_agreement
from lots.processes import services as process_services
from lots.processes.tests.helpers import make_process
from lots.testing.browser import DESKTOP, assert_accessible

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 740}


def _fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_every_agreement_page_is_accessible_and_fits_a_phone(world, new_page, live_server):
    agreement = make_agreement(world, [world.own], title="Samverkansöverenskommelse barn och unga med skolan")
    draft = make_agreement(world, [world.own], title="Utkast utan bedömning", active=False)
    process = make_process(world, world.own)
    process_services.collaboration_create(
        actor=world.persona(Role.KVALITETSSAMORDNARE), process=process, partner="Polisen", kind="external"
    )
    party = agreement.parties.get()
    urls = [
        reverse("agreements:index"),
        reverse("agreements:index") + "?state=review_overdue",
        reverse("agreements:create"),
        reverse("agreements:detail", args=[agreement.pk]),
        reverse("agreements:detail", args=[draft.pk]),
        reverse("agreements:edit", args=[agreement.pk]),
        reverse("agreements:assess", args=[draft.pk]),
        reverse("agreements:review", args=[agreement.pk]),
        reverse("agreements:document", args=[agreement.pk]),
        reverse("agreements:party_create", args=[agreement.pk]),
        reverse("agreements:party_edit", args=[party.pk]),
        reverse("agreements:acknowledgements", args=[agreement.pk]),
        reverse("agreements:collaborations") + "?missing=on",
        reverse("processes:collaboration_create", args=[process.pk]),
    ]
    for viewport in (DESKTOP, PHONE):
        page = new_page(user=world.persona(Role.KVALITETSSAMORDNARE), viewport=viewport)
        for url in urls:
            assert page.goto(live_server.url + url).status == 200, url
            assert_accessible(page, f"{url} {viewport['width']}")
            assert _fits(page), f"{url} scrolls sideways at {viewport['width']} px"
        page.goto(live_server.url + reverse("agreements:create"))
        page.get_by_role("button", name="Spara").click()
        assert "Skriv vad överenskommelsen heter." in page.content()
        assert_accessible(page, f"ny med fel {viewport['width']}")


def test_a_member_of_staff_acknowledges_on_a_phone(world, new_page, live_server):
    agreement = make_agreement(world, [world.own], title="Överenskommelse om Barnahus")
    staff = world.persona(Role.MEDARBETARE)
    page = new_page(user=staff, viewport=PHONE)
    page.goto(live_server.url + reverse("agreements:detail", args=[agreement.pk]))
    assert_accessible(page, "läs")
    page.get_by_role("button", name="Jag har läst överenskommelsen").click()
    assert "Tack! Du har bekräftat" in page.content()
    assert AgreementAcknowledgement.objects.filter(agreement=agreement, user=staff).exists()
    assert _fits(page)
