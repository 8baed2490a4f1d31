"""Journeys in the system Chromium.

Reporting from a phone, the integrity warning and the draft, the lex Sarah path to the IVO PDF.

axe-core checks every page of the module.
"""

import datetime
import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from lots.deviations import services
from lots.deviations.models import Deviation, LexSarahInvestigation, ReportDraft
from lots.deviations.tests.conftest import TEST_IDENTITY
from lots.testing.browser import DESKTOP, PHONE, assert_accessible

pytestmark = pytest.mark.browser
DRAFT_KEY = "lots:draft:deviation-report-{pk}"


class Counted:
    """Wraps a page and counts what the person does: page loads, typing, choosing, clicking."""

    def __init__(self, page):
        self.page = page
        self.count = 0

    def __getattr__(self, name):
        attribute = getattr(self.page, name)
        if name in {"goto", "fill", "select_option", "click", "check", "press"}:

            def counted(*args, **kwargs):
                self.count += 1
                return attribute(*args, **kwargs)

            return counted
        return attribute


def test_a_social_worker_reports_from_a_phone_in_under_ten_interactions(world, reporter, category, new_page, live_server):
    page = new_page(user=reporter, viewport=PHONE)
    person = Counted(page)
    person.goto(live_server.url + reverse("deviations:report"))
    assert_accessible(page, "rapportformuläret på mobil")
    person.fill("#id_description", "Brukaren fick vänta en timme på hembesöket och ingen hörde av sig.")
    person.select_option("#id_category", label="Bemötande")
    person.fill("#id_occurred_at", (timezone.localtime() - datetime.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"))
    person.click("button:has-text('Skicka rapporten')")
    page.wait_for_selector("h1:has-text('Tack! Din rapport är skickad')")
    assert person.count < 10
    deviation = Deviation.objects.get()
    assert (deviation.reported_by, deviation.unit, deviation.category) == (reporter, world.own, category)
    assert deviation.number in page.inner_text("main")
    assert page.evaluate("k => window.localStorage.getItem(k)", DRAFT_KEY.format(pk=reporter.pk)) is None
    assert_accessible(page, "kvittot på mobil")
    no_scroll = page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert no_scroll


def test_the_personal_number_warning_and_a_draft_that_survives_a_reload(world, reporter, category, new_page, live_server):
    page = new_page(user=reporter, viewport=DESKTOP)
    url = live_server.url + reverse("deviations:report")
    page.goto(url)
    page.fill("#id_description", f"Klienten {TEST_IDENTITY} fick fel beslut om bistånd.")
    page.select_option("#id_category", label="Handläggning")
    page.fill("#id_occurred_at", (timezone.localtime() - datetime.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"))
    page.fill("#id_case_reference", "BU-2026-7")
    page.click("button:has-text('Skicka rapporten')")
    warning = page.wait_for_selector(".integrity-warning[role=alert]")
    assert TEST_IDENTITY in warning.inner_text()
    assert not Deviation.objects.exists()
    assert_accessible(page, "integritetsvarningen")

    page.click("button:has-text('Ersätt med ärendereferensen')")
    page.wait_for_selector("text=Personuppgifterna är ersatta")
    assert page.input_value("#id_description") == "Klienten BU-2026-7 fick fel beslut om bistånd."
    assert not Deviation.objects.exists()

    page.fill("#id_immediate_action", "Ringde handläggaren.")
    page.press("#id_immediate_action", "Tab")  # leaving the field saves the draft on the server
    for _attempt in range(50):
        if ReportDraft.objects.filter(user=reporter, data__immediate_action="Ringde handläggaren.").exists():
            break
        page.wait_for_timeout(100)
    assert not page.evaluate("Object.keys(window.localStorage).some(k => k.startsWith('lots:draft:'))")
    page.goto(url)  # as if the connection dropped and the form was opened again
    page.wait_for_selector(".draft-notice")
    assert page.input_value("#id_description") == "Klienten BU-2026-7 fick fel beslut om bistånd."
    assert page.input_value("#id_immediate_action") == "Ringde handläggaren."
    assert page.input_value("#id_case_reference") == "BU-2026-7"
    assert_accessible(page, "återställt utkast")

    page.click("button:has-text('Skicka rapporten')")
    page.wait_for_selector("h1:has-text('Tack!')")
    deviation = Deviation.objects.get()
    assert deviation.description == "Klienten BU-2026-7 fick fel beslut om bistånd."
    assert TEST_IDENTITY not in deviation.description
    page.goto(url)
    assert page.input_value("#id_description") == ""
    assert page.query_selector(".draft-notice") is None
    assert not ReportDraft.objects.exists()


def test_the_full_lex_sarah_path_to_the_ivo_pdf(world, report, new_page, live_server):
    services.settings_update(actor=None, municipality=world.m1, expected_version=None, organisation_number="212099-9004")
    deviation = report(possible_lex_sarah=True, case_reference="BU-31", description="Ingen nattpersonal på plats.")
    coordinator = world.persona("kvalitetssamordnare")
    page = new_page(user=coordinator, viewport=DESKTOP)
    page.goto(live_server.url + reverse("deviations:detail", args=[deviation.pk]))
    assert_accessible(page, "ärendet")
    page.click("button:has-text('Ta emot rapporten')")
    page.wait_for_selector("text=Avvikelsen har status mottagen")
    page.click("button:has-text('Påbörja utredningen')")
    page.wait_for_selector("text=Avvikelsen har status under utredning")

    page.click("text=Öppna lex Sarah-utredningen")
    assert_accessible(page, "utredningen")
    page.fill("#id_affected", "Den enskilde (BU-31) var ensam i sex timmar och blev rädd.")
    page.select_option("#id_informed", value=LexSarahInvestigation.Informed.YES_WITH_VIEW)
    page.fill("#id_informed_details", "Informerades dagen efter och fick lämna synpunkter.")
    page.fill("#id_causes", "Schemat saknade nattpersonal.")
    page.fill("#id_actions_taken", "Nattpersonal är insatt.")
    page.fill("#id_actions_planned", "Ny schemarutin.")
    page.fill("#id_final_assessment", "Allvarligt missförhållande enligt definitionen.")
    page.select_option("#id_classification", value=LexSarahInvestigation.Classification.SERIOUS)
    page.click("button[value=save]")
    page.wait_for_selector("text=Anmälan till IVO är påbörjad")

    page.click("main >> text=Öppna anmälan till IVO")
    assert_accessible(page, "anmälan till IVO")
    page.fill("#id_ivo-contact_phone", "0150-123 45")
    page.click("button:has-text('Spara')")
    page.wait_for_selector("text=Anmälan är sparad")
    with page.expect_download() as download_info:
        page.click("text=Hämta anmälan som PDF")
    pdf = download_info.value.path().read_bytes()
    text = re.sub(r"\s+", " ", " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages))
    for expected in (
        "212099-9004",
        "0150-123 45",
        "BU-31",
        "Ingen nattpersonal på plats.",
        "Schemat saknade nattpersonal.",
        "Bilaga",
    ):
        assert expected.casefold() in text.casefold(), expected

    assert page.locator("button:has-text('Registrera som skickad')").count() == 0
    chief = new_page(user=world.persona("forvaltningschef"), viewport=DESKTOP)
    chief.goto(live_server.url + reverse("deviations:ivo", args=[deviation.pk]))
    chief.check("#id_decision-decision_basis_1")
    chief.fill("#id_decision-decision_reference", "Delegationsordningen punkt 1.4")
    chief.click("button:has-text('Registrera beslutet')")
    chief.wait_for_selector("text=Beslutet om anmälan till IVO är registrerat")
    assert_accessible(chief, "beslutet om anmälan")
    page.reload()
    page.click("button:has-text('Registrera som skickad')")
    page.wait_for_selector("text=Det är registrerat att anmälan har skickats till IVO")
    notification = Deviation.objects.get().ivo_notification
    assert notification.sent_by == coordinator and notification.sent_pdf

    page.goto(live_server.url + reverse("deviations:investigation", args=[deviation.pk]))
    page.click("button[value=complete]")
    page.wait_for_selector("text=Utredningen är avslutad")
    page.fill("#id_t-resolved-comment", "Schemat är ändrat och följs upp.")
    page.click("button:has-text('Markera som åtgärdad')")
    page.fill("#id_t-closed-comment", "Uppföljningen visar att nattbemanningen fungerar.")
    page.click("button:has-text('Avsluta avvikelsen')")
    page.wait_for_selector("text=Inget mer att göra")
    assert Deviation.objects.get().state == Deviation.State.CLOSED
    assert_accessible(page, "det avslutade ärendet")


def test_every_other_page_of_the_module_is_accessible(world, report, reporter, new_page, live_server, tmp_path):
    deviation = report(possible_lex_sarah=True)
    services.deviation_transition(actor=None, deviation=deviation, to_state=Deviation.State.RECEIVED, comment="Läst")
    coordinator = new_page(user=world.persona("kvalitetssamordnare"), viewport=DESKTOP)
    pages = [
        reverse("deviations:index"),
        reverse("deviations:index") + "?start=2026-05-01&end=2026-04-01",
        reverse("deviations:analysis", args=[deviation.pk]),
        reverse("deviations:action_create", args=[deviation.pk]),
        reverse("deviations:attachment_add", args=[deviation.pk]),
        reverse("deviations:close_early", args=[deviation.pk]),
        reverse("deviations:compilation"),
        reverse("deviations:settings"),
        reverse("deviations:unit_settings", args=[world.sub.pk]),
        reverse("deviations:import"),
    ]
    for path in pages:
        coordinator.goto(live_server.url + path)
        assert_accessible(coordinator, path)
    coordinator.goto(live_server.url + reverse("deviations:settings"))
    coordinator.click(".category-list a >> nth=0")
    assert_accessible(coordinator, "kategori")

    csv_file = tmp_path / "export.csv"
    csv_file.write_text(
        "Id;Datum;Enhet;Beskrivning\nA-1;2025-01-02;own;Händelse\nA-2;2025-13-02;own;Fel datum\n", encoding="utf-8"
    )
    coordinator.goto(live_server.url + reverse("deviations:import"))
    coordinator.set_input_files("#id_file", str(csv_file))
    coordinator.click("button:has-text('Läs filen')")
    coordinator.wait_for_selector("h1:has-text('Koppla kolumner')")
    assert_accessible(coordinator, "kolumnkopplingen")
    coordinator.click("button[value=check]")
    coordinator.wait_for_selector("text=ingenting läses in")
    assert_accessible(coordinator, "valideringsrapporten")

    own = new_page(user=reporter, viewport=PHONE)
    for path in (reverse("deviations:mine"), reverse("deviations:detail", args=[deviation.pk])):
        own.goto(live_server.url + path)
        assert_accessible(own, path)
