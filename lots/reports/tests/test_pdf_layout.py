"""The annual report's PDF never loses content: every section of every demo report lies inside the page."""

from django.core.management import call_command

from lots.lib.pdf import text_outside_pages
from lots.reports import documents, services
from lots.reports.models import QualityReport


def test_no_text_of_either_year_of_the_demo_reports_lies_outside_its_page(db):
    call_command("load_demo", "--quiet-logins", verbosity=0)
    reports = list(QualityReport.objects.select_related("unit").order_by("year"))
    assert len({report.year for report in reports}) == 2
    for report in reports:
        data = services.report_data(report)
        assert len(data["sections"]) > 10
        outside = text_outside_pages(documents.pdf_html(report, data))
        assert outside == [], f"{report.year}: {outside[:10]}"


def test_a_table_too_wide_for_the_page_is_found():
    """The check itself: a table of long unbreakable words, laid out without the report's style, runs off the page."""
    cells = "".join(f"<td>{'Överenskommelseskrav' * 2}{n}</td>" for n in range(6))
    html = f"<html lang='sv'><body><table><tr>{cells}</tr></table></body></html>"
    assert text_outside_pages(html)
