"""The annual report's PDF never loses content: every section of both years' demo reports lies inside the page.

Run against the whole demo by lots/core/tests/test_demo.py."""

from lots.lib.pdf import text_outside_pages
from lots.reports import documents, services
from lots.reports.models import QualityReport


def check_no_text_of_either_years_report_lies_outside_its_page(ctx):
    reports = list(QualityReport.objects.select_related("unit").order_by("year"))
    assert len({report.year for report in reports}) == 2
    for report in reports:
        data = services.report_data(report)
        assert len(data["sections"]) > 10
        outside = text_outside_pages(documents.pdf_html(report, data))
        assert outside == [], f"{report.year}: {outside[:10]}"
