"""In the system Chromium: the förvaltningschef writes, establishes and downloads the report; axe-core on every page.

The PDF is checked by text extraction (headings and key figures present).
"""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from lots.deviations.models import Deviation
from lots.reports import services
from lots.reports.models import ComparisonIndicator, QualityReport
from lots.reports.tests.conftest import kolada
from lots.testing.browser import DESKTOP, PHONE, assert_accessible

pytestmark = pytest.mark.browser


@pytest.fixture
def last_year_data(world, report):
    year = timezone.localdate().year - 1
    for month in (2, 4, 4, 7, 11):
        moment = timezone.make_aware(datetime.datetime(year, month, 3, 10))
        report(unit=world.sub, reported_at=moment, occurred_at=moment - datetime.timedelta(hours=2))
    return year


def test_the_forvaltningschef_writes_establishes_and_downloads_the_report(world, new_page, live_server, last_year_data):
    year = last_year_data
    chief = world.persona("forvaltningschef")
    page = new_page(user=chief)
    page.goto(live_server.url + reverse("reports:index"))
    assert_accessible(page, "rapportstartsidan")
    page.select_option("#id_unit", label="Egna avdelningen")
    page.fill("#id_year", str(year))
    page.click("button:has-text('Skapa utkast')")
    page.wait_for_selector(f"h1:has-text('Kvalitetsberättelse {year}')")
    assert_accessible(page, "kvalitetsberättelsen som utkast")

    page.click("#avsnitt-deviations a:has-text('Skriv text')")
    page.wait_for_selector("h1:has-text('Avvikelser och lex Sarah')")
    assert_accessible(page, "skriv text")
    page.fill("#id_text", "Fem avvikelser rapporterades.\n\nAlla har utretts.")
    page.click("button:has-text('Spara texten')")
    page.wait_for_selector("#avsnitt-deviations .narrative")
    assert "Fem avvikelser rapporterades." in page.inner_text("#avsnitt-deviations")

    page.click("a:has-text('Fastställ')")
    page.wait_for_selector("h1:has-text('Fastställ kvalitetsberättelse')")
    assert_accessible(page, "fastställ")
    page.click("button:has-text('Fastställ')")  # without the confirmation
    page.wait_for_selector(".field__errors")
    assert "Bekräfta att du fastställer" in page.inner_text("main")
    page.check("#id_confirm")
    page.click("button:has-text('Fastställ')")
    page.wait_for_selector(".status-banner--ok")
    report = QualityReport.objects.get()
    assert report.is_established and report.established_by == chief

    with page.expect_download() as download:
        page.click("a:has-text('Hämta PDF')")
    with open(download.value.path(), "rb") as handle:
        text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(handle.read())).pages)
    total = Deviation.objects.filter(unit__path__startswith=world.own.path, reported_at__year=year).count()
    for expected in (
        f"Kvalitetsberättelse {year}",
        "Innehåll",
        "Avvikelser och lex Sarah",
        "Fem avvikelser rapporterades.",
        f"Rapporterade avvikelser {total}",
        "Fastställd",
    ):
        assert expected in text, expected
    with page.expect_download() as docx:
        page.click("a:has-text('Hämta Word')")
    assert docx.value.suggested_filename.endswith(".docx")


def test_every_page_is_accessible(world, new_page, live_server, last_year_data):
    world.m1.code = "0001"
    world.m1.save(update_fields=["code"])
    values = [("N1", "0001", 2024, {"T": 1.5, "K": 2.0, "M": 1.0}), ("N1", "0000", 2024, {"T": 1.0})]
    services.comparisons_import(actor=None, raw=kolada(values))
    quality = services.report_create(actor=world.persona("kvalitetssamordnare"), unit=world.own, year=last_year_data)
    page = new_page(user=world.persona("kvalitetssamordnare"))
    for url, label in (
        (reverse("reports:dashboard"), "översikten"),
        (reverse("reports:overdue"), "försenade avvikelser"),
        (reverse("reports:trends"), "styrdiagram"),
        (reverse("reports:themes"), "teman"),
        (reverse("reports:comparisons") + "?ar=2024", "jämförelser"),
        (reverse("reports:comparisons_upload"), "import av jämförelsetal"),
        (reverse("reports:indicator_edit", args=[ComparisonIndicator.objects.get().pk]), "nyckeltal"),
        (reverse("reports:denominators") + f"?unit={world.sub.pk}&kind=clients&year={last_year_data}", "nämnare"),
        (reverse("reports:report", args=[quality.pk]), "kvalitetsberättelsen"),
    ):
        page.goto(live_server.url + url)
        assert_accessible(page, label)
    page.goto(live_server.url + reverse("reports:trends"))
    page.click("summary:has-text('Visa siffrorna som tabell') >> nth=0")
    assert_accessible(page, "styrdiagrammets tabell")


def test_the_overview_works_on_a_phone(world, new_page, live_server, last_year_data):
    page = new_page(user=world.persona("namndledamot"), viewport=PHONE)
    page.goto(live_server.url + reverse("reports:dashboard"))
    assert page.inner_text("h1") == "Översikt"
    assert_accessible(page, "översikten på mobil")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    desktop = new_page(user=world.persona("namndledamot"), viewport=DESKTOP, javascript=False)
    desktop.goto(live_server.url + reverse("reports:dashboard"))
    assert "Var det blir sämre" in desktop.inner_text("main")
