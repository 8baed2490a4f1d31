"""The preview's structure repairs in a browser: on a phone, by keyboard, accessible (the buttons are plain submits)."""

import pytest
from django.urls import reverse

from lots.requirements.models import ImportDraft
from lots.requirements.tests.test_import_repair import DOCUMENT, outline
from lots.testing.browser import assert_accessible

pytestmark = pytest.mark.browser

PHONE_375 = {"width": 375, "height": 740}


def test_repairing_the_structure_on_a_phone_by_keyboard(world, new_page, live_server, tmp_path):
    document = tmp_path / "hemtjanst.md"
    document.write_text(DOCUMENT, encoding="utf-8")
    page = new_page(user=world.persona("kvalitetssamordnare"), viewport=PHONE_375)
    page.goto(live_server.url + reverse("requirements:import"))
    page.get_by_label("Kravdokument").set_input_files(str(document))
    page.get_by_role("button", name="Läs in och granska").click()
    page.get_by_role("heading", level=1, name="Granska inläsningen").wait_for()
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")

    # Something typed first, then the "Bemanning" requirement made a heading, by keyboard.
    page.locator("input[name=title]").fill("Kvalitetskrav i hemtjänsten")
    heading_button = page.locator('button[name="repair"][value="heading:1"]')
    heading_button.focus()
    page.keyboard.press("Enter")
    page.get_by_text("Kravet är nu en rubrik").wait_for()
    draft = ImportDraft.objects.get()
    assert draft.data["title"] == "Kvalitetskrav i hemtjänsten"
    assert [title for _depth, title, _texts in outline(draft.data)] == ["Personal", "Bemanning", "Dokumentation"]
    assert page.locator("input[name=title]").input_value() == "Kvalitetskrav i hemtjänsten"
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    assert_accessible(page, "förhandsgranskningen efter en ändring")

    # A repair that cannot be made: the error is at the requirement.
    page.locator('button[name="repair"][value="merge:2"]').click()
    page.get_by_text("Det finns inget krav efter det här i avsnittet att slå ihop med.", exact=True).wait_for()
    assert_accessible(page, "förhandsgranskningen med fel")
