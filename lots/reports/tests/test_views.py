"""The report pages: creating, writing (with the conflict path), establishing, PDF, DOCX and downloads; and the
analysis and data pages."""

import datetime
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from lots.core.forms import CONFLICT_MESSAGE
from lots.deviations.models import Deviation
from lots.feedback.models import FeedbackCase
from lots.reports import services
from lots.reports.models import ComparisonIndicator, ComparisonValue, DenominatorSeries, QualityReport, ReportNarrative
from lots.reports.tests.conftest import kolada


@pytest.fixture
def with_data(world, report):
    """Reports in February, June and October last year, so every chart of last year's report has points (February the
    1st: the whole month counts, so the series has the eleven months a chart needs)."""
    year = timezone.localdate().year - 1
    for month, day in ((2, 1), (6, 5), (10, 9)):
        moment = timezone.make_aware(datetime.datetime(year, month, day, 10))
        report(reported_at=moment, occurred_at=moment - datetime.timedelta(hours=1))
    moment = timezone.make_aware(datetime.datetime(year, 6, 20, 10))
    report(unit=world.sub, possible_lex_sarah=True, reported_at=moment, occurred_at=moment)
    return year


@pytest.fixture
def last_years(world, with_data):
    return services.report_create(actor=world.persona("kvalitetssamordnare"), unit=world.own, year=with_data)


def test_creating_a_report_keeps_the_input_and_shows_errors_at_the_fields(world, client_for, year):
    client = client_for(world.persona("avdelningschef"))
    response = client.post(reverse("reports:report_create"), {"unit": world.own.pk, "year": str(year + 3)})
    assert response.status_code == 422
    html = response.content.decode()
    assert "Välj ett år som har börjat" in html and f'value="{year + 3}"' in html
    assert not QualityReport.objects.exists()
    response = client.post(reverse("reports:report_create"), {"unit": world.other.pk, "year": str(year)})
    assert response.status_code == 422 and "Välj en verksamhet i listan." in response.content.decode()
    response = client.post(reverse("reports:report_create"), {"unit": world.own.pk, "year": str(year)})
    report = QualityReport.objects.get()
    assert response.status_code == 302 and response.url == report.get_absolute_url()


def test_the_index_lists_reports_in_scope_and_offers_the_overview_first(world, client_for, make_report):
    mine = make_report("sub")
    make_report("other")
    response = client_for(world.persona("enhetschef")).get(reverse("reports:index"))
    assert list(response.context["reports"]) == [mine]
    html = response.content.decode()
    assert html.index(reverse("reports:dashboard")) < html.index("Kvalitetsberättelser</h2>")


def test_writing_a_section_saves_it_and_a_lost_race_keeps_the_text(world, client_for, draft):
    client = client_for(world.persona("avdelningschef"))
    url = reverse("reports:section_edit", args=[draft.pk, "deviations"])
    page = client.get(url)
    assert page.status_code == 200
    version = page.context["form"]["version"].value()
    response = client.post(url, {"text": "Färre avvikelser i år.\n\nBra arbete.", "version": version})
    assert response.status_code == 302
    assert ReportNarrative.objects.get(report=draft, section="deviations").text == "Färre avvikelser i år.\n\nBra arbete."
    report_page = client.get(draft.get_absolute_url()).content.decode()
    assert "<p>Färre avvikelser i år.</p>\n<p>Bra arbete.</p>" in report_page

    stale = client.post(url, {"text": "Min egen version", "version": version})
    assert stale.status_code == 409
    html = stale.content.decode()
    assert str(CONFLICT_MESSAGE)[:40] in html and "Min egen version" in html
    assert ReportNarrative.objects.get(report=draft, section="deviations").text == "Färre avvikelser i år.\n\nBra arbete."
    fresh = re.search(r'name="version" value="(\d+)"', html).group(1)
    assert client.post(url, {"text": "Min egen version", "version": fresh}).status_code == 302


def test_markup_in_a_narrative_is_shown_as_text(world, client_for, draft):
    services.narrative_update(
        actor=world.persona("kvalitetssamordnare"),
        report=draft,
        section="focus",
        text="Plan & mål <img src=x onerror=alert(1)>",
        expected_version=None,
    )
    html = client_for(world.persona("kvalitetssamordnare")).get(draft.get_absolute_url()).content.decode()
    assert "Plan &amp; mål" in html and "onerror" not in html


def test_establishing_needs_the_confirmation_and_locks_the_report(world, client_for, draft):
    client = client_for(world.persona("forvaltningschef"))
    url = reverse("reports:establish", args=[draft.pk])
    page = client.get(url)
    assert page.status_code == 200 and "saknar text" in page.content.decode()
    unconfirmed = client.post(url, {"version": draft.version})
    assert unconfirmed.status_code == 422 and "Bekräfta att du fastställer" in unconfirmed.content.decode()
    assert client.post(url, {"version": draft.version, "confirm": "on"}).status_code == 302
    draft.refresh_from_db()
    assert draft.is_established and draft.snapshot["sections"]
    edit = client.get(reverse("reports:section_edit", args=[draft.pk, "focus"]))
    assert edit.status_code == 302
    html = client.get(draft.get_absolute_url()).content.decode()
    assert "Fastställd" in html and "Skriv text" not in html and "Fastställ</a>" not in html


def test_establishing_a_report_someone_changed_meanwhile_shows_the_conflict(world, client_for, draft):
    client = client_for(world.persona("forvaltningschef"))
    QualityReport.objects.filter(pk=draft.pk).update(version=draft.version + 1)
    response = client.post(reverse("reports:establish", args=[draft.pk]), {"version": draft.version, "confirm": "on"})
    assert response.status_code == 409 and str(CONFLICT_MESSAGE)[:40] in response.content.decode()
    assert not QualityReport.objects.get(pk=draft.pk).is_established


def _pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_the_pdf_has_a_contents_page_numbers_headings_and_the_figures(world, client_for, last_years):
    draft = last_years
    services.narrative_update(
        actor=world.persona("kvalitetssamordnare"),
        report=draft,
        section="deviations",
        text="Analysen av årets avvikelser.",
        expected_version=None,
    )
    response = client_for(world.persona("namndledamot")).get(reverse("reports:report_pdf", args=[draft.pk]))
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = _pdf_text(response.content)
    total = Deviation.objects.filter(unit__path__startswith=world.own.path, reported_at__year=draft.year).count()
    for expected in (
        f"Kvalitetsberättelse {draft.year}",
        "Innehåll",
        "Avvikelser och lex Sarah",
        "Riskanalyser och deras resultat",
        "Laglista",
        "Analysen av årets avvikelser.",
        f"Rapporterade avvikelser {total}",
        "Diagram 1.",
        "Bilaga D. Diagrammens siffror",
        f"Sida 2 av {len(reader.pages)}",
    ):
        assert expected in text, expected
    contents = reader.pages[1].extract_text()
    assert re.search(r"Avvikelser och lex Sarah \.+ ?\d+", contents), contents  # the contents page has page numbers


def test_the_docx_has_headings_tables_and_charts_as_pictures(world, client_for, last_years):
    draft = last_years
    response = client_for(world.persona("kvalitetssamordnare")).get(reverse("reports:report_docx", args=[draft.pk]))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.wordprocessingml")
    document = Document(io.BytesIO(response.content))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert any(h.endswith("Avvikelser och lex Sarah") for h in headings)
    assert any(h.endswith("Laglista") for h in headings)
    # A4, and no heading level skipped (a screen reader's outline and Word's navigation pane stay whole).
    section = document.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    previous = 0
    for paragraph in document.paragraphs:
        if paragraph.style.name == "Title":
            previous = 0
        elif paragraph.style.name.startswith("Heading"):
            level = int(paragraph.style.name.split()[-1])
            assert level <= previous + 1, (paragraph.text, previous, level)
            previous = level
    assert len(document.inline_shapes) >= 2
    cells = {c.text for t in document.tables for row in t.rows for c in row.cells}
    total = Deviation.objects.filter(unit__path__startswith=world.own.path, reported_at__year=draft.year).count()
    assert "Rapporterade avvikelser" in cells and str(total) in cells


def test_in_english_a_draft_reads_in_english_and_an_established_report_stays_the_swedish_record(world, client_for, last_years):
    draft = last_years
    client = client_for(world.persona("kvalitetssamordnare"))
    client.cookies["django_language"] = "en"

    def headings():
        response = client.get(reverse("reports:report_docx", args=[draft.pk]))
        document = Document(io.BytesIO(response.content))
        return [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]

    assert any(h.endswith("Deviations and lex Sarah") for h in headings())
    page = client.get(reverse("reports:report", args=[draft.pk])).content.decode()
    assert "Deviations and lex Sarah" in page and '<div lang="sv">' not in page
    services.report_establish(actor=world.persona("forvaltningschef"), report=draft, expected_version=None)
    assert any(h.endswith("Avvikelser och lex Sarah") for h in headings())
    assert not any(h.endswith("Deviations and lex Sarah") for h in headings())
    page = client.get(reverse("reports:report", args=[draft.pk])).content.decode()
    record = page[page.index('<div lang="sv">') :]
    assert "Avvikelser och lex Sarah" in record and "Deviations and lex Sarah" not in page


def test_tables_and_charts_download_in_each_format(world, client_for, last_years):
    draft = last_years
    client = client_for(world.persona("granskare"))
    xlsx = client.get(reverse("reports:report_table", args=[draft.pk, "deviations", "by_category", "xlsx"]))
    rows = list(load_workbook(io.BytesIO(xlsx.content)).active.iter_rows(values_only=True))
    assert rows[0] == ("Kategori", "Antal") and rows[1] == ("Bemötande", 4)
    csv = client.get(reverse("reports:report_table", args=[draft.pk, "deviations", "control", "csv"]))
    assert csv.content.decode("utf-8-sig").startswith("Månad;Antal")
    svg = client.get(reverse("reports:report_chart", args=[draft.pk, "deviations", "control", "svg"]))
    assert svg["Content-Type"].startswith("image/svg+xml") and b"<title" in svg.content and b"<desc" in svg.content
    png = client.get(reverse("reports:report_chart", args=[draft.pk, "deviations", "by_category", "png"]))
    assert png.content[:8] == b"\x89PNG\r\n\x1a\n"
    assert client.get(reverse("reports:report_chart", args=[draft.pk, "deviations", "by_unit", "png"])).status_code == 404
    assert client.get(reverse("reports:report_table", args=[draft.pk, "deviations", "nothing", "csv"])).status_code == 404
    assert client.get(reverse("reports:report_table", args=[draft.pk, "deviations", "by_unit", "doc"])).status_code == 404


def test_the_trends_page_shows_both_charts_with_tables_and_downloads(world, client_for, with_data):
    client = client_for(world.persona("enhetschef"))
    page = client.get(reverse("reports:trends"), {"unit": world.own.pk})
    assert page.status_code == 200
    html = page.content.decode()
    assert html.count("<svg") == 2 and "Visa siffrorna som tabell" in html
    png = client.get(reverse("reports:trend_chart", args=["run", "png"]), {"unit": world.own.pk})
    assert png.content[:4] == b"\x89PNG"
    table = client.get(reverse("reports:trend_table", args=["xlsx"]), {"unit": world.sub.pk})
    assert load_workbook(io.BytesIO(table.content)).active["A1"].value == "Månad"
    assert client.get(reverse("reports:trend_chart", args=["pie", "png"])).status_code == 404


def test_themes_count_only_the_reports_the_person_may_read_and_link_to_them(world, client_for, report, at_days_ago):
    for days in range(1, 6):
        report(description="Larmet på boendet fungerade inte under natten.", **at_days_ago(days))
        report(unit=world.other, description="Tolken kom inte till mötet och tolken ringde inte.", **at_days_ago(days))
    for days in range(400, 700, 30):
        report(description="Brukaren fick vänta på sitt besök.", **at_days_ago(days))
        report(unit=world.other, description="Brukaren fick vänta på sitt besök.", **at_days_ago(days))
    client = client_for(world.persona("enhetschef"))  # sees own and sub, not other
    start = (timezone.localdate() - datetime.timedelta(days=30)).isoformat()
    page = client.get(
        reverse("reports:themes"), {"unit": world.forvaltning.pk, "start": start, "end": timezone.localdate().isoformat()}
    )
    assert page.status_code == 422  # förvaltningen is not in the enhetschef's scope
    assert page.context["items"] == [] and page.context["n_now"] == 0  # not the themes of the default unit
    refused = client.get(
        reverse("reports:themes_export", args=["csv"]),
        {"unit": world.forvaltning.pk, "start": start, "end": timezone.localdate().isoformat()},
    )
    assert refused.status_code == 302
    page = client.get(reverse("reports:themes"), {"unit": world.own.pk, "start": start, "end": timezone.localdate().isoformat()})
    terms = {item["theme"].term: item for item in page.context["items"]}
    assert terms and not any("tolken" in t for t in terms)
    alarm = next(item for term, item in terms.items() if "boendet" in term)
    alarms = Deviation.objects.filter(unit=world.own, description__startswith="Larmet").order_by("pk")
    assert alarm["cases"] == [(d.number, reverse("deviations:detail", args=[d.pk])) for d in alarms]
    html = page.content.decode()
    assert reverse("deviations:detail", args=[alarms[0].pk]) in html
    export = client.get(
        reverse("reports:themes_export", args=["csv"]),
        {"unit": world.own.pk, "start": start, "end": timezone.localdate().isoformat()},
    )
    assert f"{alarm['theme'].term};5;0" in export.content.decode("utf-8-sig")
    assert client_for(world.persona("namndledamot")).get(reverse("reports:themes")).status_code == 404


def test_themes_in_feedback_link_to_the_feedback_cases(world, client_for, make_case):
    now = timezone.now()
    for days in range(1, 5):
        make_case(
            description="Ingen ringde tillbaka om hemtjänsten trots löfte.", received_at=now - datetime.timedelta(days=days)
        )
    for days in range(400, 600, 40):
        make_case(description="Bemötandet var bra.", received_at=now - datetime.timedelta(days=days))
    client = client_for(world.persona("kvalitetssamordnare"))
    page = client.get(reverse("reports:themes"), {"kalla": "synpunkter"})
    assert page.status_code == 200 and page.context["items"]
    first = page.context["items"][0]
    recent = FeedbackCase.objects.filter(description__startswith="Ingen ringde").order_by("pk")
    assert first["cases"] == [(c.reference, reverse("feedback:detail", args=[c.pk])) for c in recent]


def test_the_trends_page_charts_feedback_too(world, client_for, make_case):
    now = timezone.now()
    for days in (35, 70, 100):
        make_case(received_at=now - datetime.timedelta(days=days))
    page = client_for(world.persona("enhetschef")).get(reverse("reports:trends"), {"unit": world.own.pk, "matt": "feedback"})
    assert page.status_code == 200
    assert page.context["series"].measure.key == "feedback"
    assert page.context["rows"][0]["recent"] == 3  # the table counts all twelve months; the chart starts at the first full month
    assert "synpunkter och klagomål" in page.content.decode()


def test_the_comparison_upload_reads_a_kolada_file_and_refuses_others(world, client_for):
    world.m1.code = "0001"
    world.m1.save(update_fields=["code"])
    client = client_for(world.persona("kvalitetssamordnare"))
    url = reverse("reports:comparisons_upload")
    bad = client.post(url, {"file": SimpleUploadedFile("x.json", b"{nej", content_type="application/json")})
    assert bad.status_code == 422 and "inte giltig JSON" in bad.content.decode()
    good = kolada([("N00945", "0001", 2024, {"T": 12.3, "K": 11.0, "M": 13.6}), ("N00945", "0000", 2024, {"T": 10.5})]).encode()
    response = client.post(url, {"file": SimpleUploadedFile("kolada.json", good, content_type="application/json")})
    assert response.status_code == 302 and ComparisonValue.objects.count() == 4
    page = client.get(reverse("reports:comparisons"), {"ar": 2024}).content.decode()
    assert "12,3" in page and "11" in page and "13,6" in page and "Riket" in page and "10,5" in page
    indicator = ComparisonIndicator.objects.get()
    edit = reverse("reports:indicator_edit", args=[indicator.pk])
    assert client.post(edit, {"title": "Väntetid i dagar", "version": indicator.version}).status_code == 302
    assert "Väntetid i dagar" in client.get(reverse("reports:comparisons"), {"ar": 2024}).content.decode()
    for bad_year in ("förra", "1900"):  # explained at the field, with no other year's figures under it
        refused = client.get(reverse("reports:comparisons"), {"ar": bad_year})
        assert refused.status_code == 422 and refused.context["rows"] == []
        assert "Välj ett år i listan." in refused.content.decode() and "12,3" not in refused.content.decode()
        assert client.get(reverse("reports:comparisons_export", args=["csv"]), {"ar": bad_year}).status_code == 302
    exported = client.get(reverse("reports:comparisons_export", args=["csv"]), {"ar": 2024}).content.decode("utf-8-sig")
    assert "12,3" in exported
    stale = client.post(edit, {"title": "Gammal", "version": indicator.version})
    assert stale.status_code == 409 and "Gammal" in stale.content.decode()
    assert client_for(world.persona("enhetschef")).post(url, {}).status_code == 404


def test_denominators_are_entered_per_unit_kind_and_year(world, client_for):
    client = client_for(world.persona("kvalitetssamordnare"))
    url = reverse("reports:denominators")
    query = f"?unit={world.sub.pk}&kind=clients&year=2025"
    page = client.get(url + query)
    assert page.status_code == 200 and "Januari" in page.content.decode()
    data = {f"m{m}": "10" for m in range(1, 13)} | {"m2": "12,5", "version": "0"}
    assert client.post(url + query, data).status_code == 302
    assert DenominatorSeries.objects.get().values[:2] == [10.0, 12.5]
    stale = client.post(url + query, data | {"m1": "99"})
    current = DenominatorSeries.objects.get().version
    assert stale.status_code == 409 and f'name="version" value="{current}"' in stale.content.decode()
    assert DenominatorSeries.objects.get().values[0] == 10.0
    bad = client.post(url + query, data | {"m3": "-1", "version": str(DenominatorSeries.objects.get().version)})
    assert bad.status_code == 422 and "större än noll" in bad.content.decode()
    other = client.get(url + f"?unit={world.foreign.pk}&kind=clients&year=2025")
    assert other.status_code == 422 and "Välj en enhet i listan." in other.content.decode()
    assert client_for(world.persona("enhetschef")).get(url).status_code == 404
