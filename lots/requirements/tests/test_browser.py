"""Journeys in Chromium: importing the Gotland document with a correction, carrying out a follow-up, and axe on every page."""

import datetime

import pytest
from django.urls import reverse

from lots.requirements import services
from lots.requirements.models import Catalogue, DemandedAction, FollowUp, ImportDraft
from lots.requirements.tests.conftest import GOTLAND_SEED, A, M, assess_all
from lots.testing.browser import DESKTOP, assert_accessible

pytestmark = pytest.mark.browser


def test_importing_the_gotland_document_and_correcting_a_requirement_in_the_preview(world, new_page, live_server):
    page = new_page(user=world.persona("kvalitetssamordnare"))
    page.goto(live_server.url + reverse("requirements:import"))
    assert_accessible(page, "inläsningssidan")
    page.get_by_label("Kravdokument").set_input_files(str(GOTLAND_SEED))
    page.get_by_role("button", name="Läs in och granska").click()
    page.get_by_role("heading", level=1, name="Granska inläsningen").wait_for()
    assert "Lots hittade 56 krav" in page.content()
    assert_accessible(page, "förhandsgranskningen")
    wrong = page.locator("textarea", has_text="Utförare ska vid behov erbjudas handledning")
    wrong.fill("Utförare ska erbjudas handledning minst en gång i månaden.")
    page.get_by_label("Utfärdare").fill("Region Gotland, socialnämnden")
    page.get_by_role("button", name="Spara katalogen").last.click()
    page.get_by_text("Kravkatalogen är sparad.").wait_for()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Stöd till barn, unga och familjer som service")
    assert_accessible(page, "versionssidan")
    catalogue = Catalogue.objects.get()
    requirements = catalogue.latest_version().requirements
    assert requirements.count() == 56
    assert requirements.filter(text="Utförare ska erbjudas handledning minst en gång i månaden.").exists()
    assert not requirements.filter(text__startswith="Utförare ska vid behov erbjudas handledning").exists()
    assert catalogue.issuer == "Region Gotland, socialnämnden"
    assert not ImportDraft.objects.exists()


def test_carrying_out_a_follow_up_and_downloading_its_report(world, new_page, live_server, catalogue_version):
    page = new_page(user=world.persona("kvalitetssamordnare"))
    page.goto(live_server.url + reverse("requirements:follow_up_create"))
    page.get_by_label("Vem följs upp").select_option(label="Egen utförare AB")
    page.get_by_label("Kravkatalog").select_option(label="Kvalitetskrav för boendestöd, version 1.0")
    page.get_by_label("Rubrik").fill("Uppföljning av boendestödet")
    page.get_by_label("Period från").fill("2025-01-01")
    page.get_by_label("Period till").fill("2025-06-30")
    page.get_by_label("Ansvarig enhet").select_option(value=str(world.own.pk))
    page.get_by_role("button", name="Planera").click()
    page.get_by_text("Uppföljningen är planerad.").wait_for()

    page.get_by_role("link", name="Börja bedöma").click()
    page.get_by_role("heading", level=1, name="Ledning").wait_for()
    items = page.locator(".assess-item")
    items.nth(1).get_by_label("Bedömning").select_option(label="Ej uppfyllt")
    items.nth(1).get_by_label("Underlag och motivering").fill("Ingen riskanalys gjordes inför flytten i våras.")
    page.get_by_role("button", name="Spara och gå till nästa avsnitt").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Ledning"  # an action is demanded: the page says so
    assert "Skriv vilken åtgärd som krävs" in page.content()
    items.nth(1).get_by_label("Krav på åtgärd").fill("Gör en riskanalys inför varje större förändring.")
    items.nth(1).get_by_label("Åtgärdat senast").fill("2030-01-31")
    page.get_by_role("button", name="Spara och gå till nästa avsnitt").click()
    page.get_by_role("heading", level=1, name="Egenkontroll").wait_for()
    page.get_by_role("button", name="Spara och gå till nästa avsnitt").click()
    page.get_by_role("heading", level=1, name="Personal").wait_for()
    page.get_by_role("button", name="Spara").click()
    page.get_by_text("Bedömningen av ”Personal” är sparad.").wait_for()

    page.get_by_role("link", name="Slutför och skriv rapporten").click()
    page.get_by_label("Sammanfattande bedömning").fill("Verksamheten håller god kvalitet men saknar riskanalyser.")
    page.get_by_role("button", name="Slutför och skapa rapporten").click()
    page.get_by_text("Uppföljningen är klar.").wait_for()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Rapport (PDF)").click()
    download = download_info.value
    assert download.suggested_filename.startswith("uppfoljning-egen-utforare-ab-") and download.suggested_filename.endswith(
        ".pdf"
    )
    with open(download.path(), "rb") as handle:
        assert handle.read(5) == b"%PDF-"
    follow_up = FollowUp.objects.get()
    assert follow_up.status == FollowUp.Status.COMPLETED
    assert DemandedAction.objects.get().text == "Gör en riskanalys inför varje större förändring."


@pytest.fixture
def scene(world, make_follow_up):
    """A completed follow-up with actions and a second version of the catalogue, and one in self-assessment."""
    lead = world.persona("kvalitetssamordnare")
    done = make_follow_up(methods=(M.DOCUMENTS, M.INTERVIEW))
    assess_all(done, {1: A.PARTLY, 3: A.NOT_MET}, actor=lead)
    done.refresh_from_db()
    services.follow_up_complete(
        actor=lead, follow_up=done, expected_version=None, completed_on=datetime.date(2025, 7, 1), summary="Två brister."
    )
    ongoing = make_follow_up(
        title="Uppföljning 2026",
        methods=(M.DOCUMENTS, M.SELF_ASSESSMENT),
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 6, 30),
    )
    services.follow_up_start_self_assessment(actor=lead, follow_up=ongoing)
    version = done.catalogue_version
    from lots.requirements.tests.conftest import small_data

    data = small_data(version="2.0")
    data["sections"][1]["requirements"][0]["text"] = "Personalen ska ha relevant utbildning och introduktion."
    _c, second = services.catalogue_import(actor=lead, municipality=world.m1, data=data, catalogue=version.catalogue)
    contract = services.contract_create(
        quality_levels="Bemanning dygnet runt.",
        cost_terms="Pris per timme enligt bilaga.",
        follow_up_by=world.persona("kvalitetssamordnare"),
        actor=lead,
        provider=world.provider,
        title="Avtal om boendestöd",
        scope="Boendestöd",
        starts_on=datetime.date(2025, 1, 1),
        responsible_unit=world.own,
        catalogue=version.catalogue,
    )
    return {
        "done": done,
        "ongoing": ongoing,
        "version": version,
        "second": second,
        "contract": contract,
        "action": DemandedAction.objects.filter(follow_up=done).order_by("pk").first(),
    }


def test_every_page_has_no_accessibility_violations(world, new_page, live_server, scene):
    done, ongoing = scene["done"], scene["ongoing"]
    section = done.assessments.order_by("requirement__position").first().requirement.section
    page = new_page(user=world.persona("kvalitetssamordnare"), viewport=DESKTOP)
    for name, args in [
        ("requirements:index", []),
        ("requirements:catalogues", []),
        ("requirements:catalogue", [scene["version"].catalogue_id]),
        ("requirements:version", [scene["version"].pk]),
        ("requirements:version_changes", [scene["second"].pk]),
        ("requirements:contracts", []),
        ("requirements:contract", [scene["contract"].pk]),
        ("requirements:contract_create", []),
        ("requirements:contract_edit", [scene["contract"].pk]),
        ("requirements:follow_ups", []),
        ("requirements:follow_up_create", []),
        ("requirements:follow_up", [done.pk]),
        ("requirements:follow_up", [ongoing.pk]),
        ("requirements:follow_up_edit", [ongoing.pk]),
        ("requirements:follow_up_assess", [ongoing.pk, section.pk]),
        ("requirements:follow_up_complete", [ongoing.pk]),
        ("requirements:follow_up_re_follow_up", [done.pk]),
        ("requirements:actions", []),
        ("requirements:action", [scene["action"].pk]),
    ]:
        page.goto(live_server.url + reverse(name, args=args))
        assert_accessible(page, name)
    page.goto(live_server.url + reverse("requirements:follow_up_complete", args=[ongoing.pk]))
    page.get_by_role("button", name="Slutför och skapa rapporten").click()
    assert_accessible(page, "slutför med fel")

    provider = new_page(user=world.persona("extern_utforare"), viewport=DESKTOP)
    for name, args in [
        ("requirements:index", []),
        ("requirements:follow_up", [ongoing.pk]),
        ("requirements:follow_up_self", [ongoing.pk, section.pk]),
        ("requirements:follow_up", [done.pk]),
        ("requirements:action", [scene["action"].pk]),
    ]:
        provider.goto(live_server.url + reverse(name, args=args))
        assert_accessible(provider, f"{name} (utförare)")
