"""Journeys through the management system in Chromium, and axe-core on every page of the module."""

import datetime

import pytest
from django.urls import reverse

from lots.accounts.models import Role
from lots.processes import services
from lots.processes.models import Law, Responsibility
from lots.processes.tests.helpers import make_law, make_process, make_routine, make_rule
from lots.testing.browser import PHONE, assert_accessible

pytestmark = pytest.mark.browser


def test_a_chief_establishes_a_new_version_and_the_staff_confirm_reading_it(world, new_page, live_server):
    routine = make_routine(world, world.own, title="Skyddsbedömning samma dag", body="## Syfte\nBarn skyddas inom 24 timmar.")
    chief = world.persona(Role.ENHETSCHEF)
    draft = services.routine_draft_start(actor=chief, routine=routine)
    services.routine_draft_update(
        actor=chief,
        draft=draft,
        expected_version=draft.version,
        body="## Syfte\nBarn skyddas samma dag.",
        change_summary="Samma dag",
    )
    page = new_page(user=chief)
    page.goto(live_server.url + reverse("processes:compare", args=[routine.pk]))
    assert "inom 24 timmar" in page.locator(".diff del").first.inner_text()
    assert_accessible(page, "jämförelse")
    # The comparison page carries the approve button.
    page.get_by_role("button", name="Fastställ versionen").click()
    assert "Version 2 är fastställd" in page.locator(".messages").inner_text()

    staff = new_page(user=world.persona(Role.MEDARBETARE))
    staff.goto(live_server.url + reverse("processes:routine", args=[routine.pk]))
    assert "samma dag" in staff.locator(".routine-text").inner_text()
    assert_accessible(staff, "rutin att läsa")
    staff.get_by_role("button", name="Jag har läst och förstått").click()
    assert "Du har bekräftat att du har läst och förstått version 2." in staff.content()
    staff.goto(live_server.url + reverse("processes:acknowledgements", args=[routine.pk]))
    assert "1 av 6 har bekräftat version 2." in staff.content()


@pytest.fixture
def module_data(world):
    coordinator = world.persona(Role.KVALITETSSAMORDNARE)
    parent = make_process(world, world.own, name="Myndighetsutövning", steps=("Mottagning", "Utredning"))
    process = services.process_create(
        actor=coordinator,
        municipality=world.m1,
        name="Mottagning barn och unga",
        units=[world.own],
        parent=parent,
        starts_with="En orosanmälan kommer in",
        ends_with="Beslut om utredning",
        purpose="Att barn i fara skyddas samma dag.",
        owner=world.persona("enhetschef"),
    )
    for step in ("Aktualisering", "Förhandsbedömning", "Skyddsbedömning", "Beslut om att inleda utredning"):
        services.activity_create(actor=coordinator, process=process, name=step, responsible_role="Socialsekreterare")
    services.collaboration_create(
        actor=coordinator,
        process=process,
        partner="Polisen",
        kind="external",
        activity=process.activities.get(position=3),
        purpose="Skyddsbedömning",
    )
    services.process_establish(actor=coordinator, process=process)
    routine = make_routine(world, world.own, title="Skyddsbedömning samma dag")
    routine.activities.add(process.activities.get(position=3))
    routine.processes.add(process)
    services.routine_collaboration_create(
        actor=coordinator, routine=routine, partner="Socialjouren", kind="internal", purpose="Skyddsbedömning efter kontorstid"
    )
    draft = services.routine_draft_start(actor=coordinator, routine=routine)
    services.routine_draft_update(
        actor=coordinator, draft=draft, expected_version=draft.version, body="## Syfte\nNy text.", change_summary="Ny"
    )
    law = make_law(world, world.namnd)
    services.responsibilities_seed(actor=None, municipality=world.m1)
    rule = make_rule(world, world.own, month=datetime.date.today().month, day=28)
    services.rule_generate(actor=None, rule=rule, year=datetime.date.today().year)
    return {"process": process, "routine": routine, "law": law, "rule": rule}


def test_every_page_of_the_module_is_accessible(world, module_data, new_page, live_server):
    process, routine, law, rule = (module_data[k] for k in ("process", "routine", "law", "rule"))
    item = Responsibility.objects.filter(municipality=world.m1).first()
    today = datetime.date.today()
    urls = [
        reverse("processes:index"),
        reverse("processes:detail", args=[process.pk]),
        reverse("processes:edit", args=[process.pk]),
        reverse("processes:create"),
        reverse("processes:version", args=[process.pk, 1]),
        reverse("processes:activity_create", args=[process.pk]),
        reverse("processes:collaboration_create", args=[process.pk]),
        reverse("processes:search") + "?q=skyddsbedömning",
        reverse("processes:routines"),
        reverse("processes:routine_create"),
        reverse("processes:routine", args=[routine.pk]),
        reverse("processes:routine_edit", args=[routine.pk]),
        reverse("processes:routine_version", args=[routine.pk, 1]),
        reverse("processes:draft", args=[routine.pk]),
        reverse("processes:compare", args=[routine.pk]),
        reverse("processes:acknowledgements", args=[routine.pk]),
        reverse("processes:routine_collaboration_create", args=[routine.pk]),
        reverse("processes:routine_collaboration_edit", args=[routine.collaborations.get().pk]),
        reverse("processes:laws"),
        reverse("processes:law", args=[law.pk]),
        reverse("processes:law_create"),
        reverse("processes:responsibilities"),
        reverse("processes:responsibility_edit", args=[item.pk]),
        reverse("processes:mine"),
        reverse("processes:calendar_year", args=[today.year]),
        reverse("processes:calendar_month", args=[today.year, today.month]),
        reverse("processes:rules"),
        reverse("processes:rule_edit", args=[rule.pk]),
        reverse("processes:feeds"),
    ]
    page = new_page(user=world.persona(Role.KVALITETSSAMORDNARE))
    for url in urls:
        response = page.goto(live_server.url + url)
        assert response.status == 200, url
        assert page.locator("h1").count() == 1, url
        assert_accessible(page, url)
    # Forms with errors, and the calendar address shown once.
    page.goto(live_server.url + reverse("processes:create"))
    page.get_by_role("button", name="Spara").click()
    assert "Välj minst en enhet." in page.content()
    assert_accessible(page, "processformulär med fel")
    page.goto(live_server.url + reverse("processes:feeds"))
    page.get_by_role("button", name="Skapa kalenderadress").click()
    assert "/processer/kalender/" in page.locator(".copy-box").inner_text()
    assert_accessible(page, "kalenderadress")
    assert Law.objects.count() == 1


def test_the_process_map_and_the_wheel_work_on_a_phone(world, module_data, new_page, live_server):
    page = new_page(user=world.persona(Role.MEDARBETARE), viewport=PHONE)
    page.goto(live_server.url + reverse("processes:detail", args=[module_data["process"].pk]))
    steps = page.locator(".flow > li")
    assert steps.count() == 6
    first, second = steps.nth(1).bounding_box(), steps.nth(2).bounding_box()
    assert second["y"] > first["y"]  # stacked top to bottom on a narrow screen
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert_accessible(page, "processkarta på telefon")
    page.goto(live_server.url + reverse("processes:calendar_year", args=[datetime.date.today().year]))
    assert page.locator("svg.wheel").is_visible()
    assert_accessible(page, "årshjul på telefon")
    page.goto(live_server.url + reverse("processes:routine", args=[module_data["routine"].pk]))
    assert "Socialjouren" in page.locator("#collab-heading + .table-wrap").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert_accessible(page, "rutin med samverkan på telefon")
