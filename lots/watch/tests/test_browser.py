"""The deadline watch in the system Chromium: every page axe-clean, the due list usable at 375 px, and the import
from a CSV file to the imported snapshot."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from lots.testing.browser import DESKTOP, PHONE, assert_accessible
from lots.watch.models import Placement, PlacementKind, Snapshot

pytestmark = pytest.mark.browser


@pytest.fixture
def placed(world, place):
    today = timezone.localdate()
    place(
        [
            {"case_reference": "BU-2026-0001", "start_date": today - datetime.timedelta(days=200)},
            {
                "case_reference": "VU-2026-0002",
                "kind": PlacementKind.ADULT_VOLUNTARY,
                "start_date": today - datetime.timedelta(days=20),
            },
        ],
        at=timezone.now() - datetime.timedelta(days=40),
    )
    place(
        [
            {
                "case_reference": "BU-2026-0001",
                "start_date": today - datetime.timedelta(days=200),
                "last_visit_date": today - datetime.timedelta(days=10),
            },
            {
                "case_reference": "VU-2026-0002",
                "kind": PlacementKind.ADULT_VOLUNTARY,
                "start_date": today - datetime.timedelta(days=20),
            },
        ]
    )
    return Placement.objects.current().get(case_reference="BU-2026-0001")


def no_sideways_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_every_page_of_the_watch_is_accessible_and_fits_a_phone(world, placed, new_page, live_server, viewport):
    page = new_page(user=world.persona("kvalitetssamordnare"), viewport=viewport)
    old = Snapshot.objects.filter(is_current=False).first()
    for name, args, query in [
        ("watch:index", [], ""),
        ("watch:index", [], "?status=forsenade"),
        ("watch:mine", [], ""),
        ("watch:detail", [placed.pk], ""),
        ("watch:snapshots", [], ""),
        ("watch:snapshot", [old.pk], ""),
        ("watch:compliance", [], ""),
        ("watch:import", [], ""),
        ("watch:settings", [], ""),
    ]:
        page.goto(live_server.url + reverse(name, args=args) + query)
        assert_accessible(page, f"{name} {query}")
        assert no_sideways_scroll(page), name


def test_the_worker_sees_their_own_placements_on_a_phone(world, placed, worker, new_page, live_server):
    page = new_page(user=worker, viewport=PHONE)
    page.goto(live_server.url + reverse("watch:mine"))
    assert "BU-2026-0001" in page.inner_text("main")
    assert_accessible(page, "Mina bevakningar")
    assert no_sideways_scroll(page)


def test_an_import_from_file_to_snapshot(world, new_page, live_server, tmp_path, importer):
    csv_file = tmp_path / "placeringar.csv"
    csv_file.write_text(
        "Ärendereferens;Enhet;Handläggare;Placeringstyp;Startdatum\nBU-2026-0042;own;medarbetare;barn LVU HVB;2026-01-10\n",
        encoding="utf-8",
    )
    page = new_page(user=importer, viewport=PHONE)
    page.goto(live_server.url + reverse("watch:import"))
    page.set_input_files("#id_file", str(csv_file))
    page.click("button:has-text('Läs filen')")
    page.wait_for_selector("h1:has-text('Koppla kolumner')")
    page.click("button[value=check]")
    page.wait_for_selector("text=Raden kan läsas in.")
    assert_accessible(page, "förhandsgranskningen")
    assert no_sideways_scroll(page)
    page.click("button[value=import]")
    page.wait_for_selector("h1:has-text('Inläsningar av placeringar')")
    assert Placement.objects.get().case_reference == "BU-2026-0042"
    assert_accessible(page, "inläsningarna efter importen")
