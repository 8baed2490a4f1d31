"""With a read replica configured, the overview, the control charts and the quality report read from it; the
report's own pages where people write keep reading from the primary."""

import datetime

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from lots.accounts.services import api_token_create
from lots.core.tests.replica import replica_database, with_replica  # noqa: F401 (fixtures)
from lots.reports.services import report_create

pytestmark = [
    pytest.mark.django_db(transaction=True, databases=["default", "replica"]),
    pytest.mark.usefixtures("with_replica"),
]


def _sql(context) -> str:
    return " ".join(q["sql"] for q in context.captured_queries)


@pytest.mark.parametrize("name", ["reports:dashboard", "reports:trends"])
def test_the_statistics_pages_count_cases_on_the_replica(world, report, client_for, name):
    report()
    report(unit=world.sub)
    client = client_for(world.persona("forvaltningschef"))
    with (
        CaptureQueriesContext(connections["replica"]) as on_replica,
        CaptureQueriesContext(connections["default"]) as on_primary,
    ):
        response = client.get(reverse(name), {"unit": world.own.pk})
    assert response.status_code == 200
    assert "deviations_deviation" in _sql(on_replica)
    assert "deviations_deviation" not in _sql(on_primary)


def test_the_api_control_charts_are_computed_on_the_replica(world, report, client):
    last_month = timezone.localdate().replace(day=1) - datetime.timedelta(days=1)
    moment = timezone.make_aware(datetime.datetime.combine(last_month.replace(day=2), datetime.time(10)))
    report(reported_at=moment, occurred_at=moment)
    _token, key = api_token_create(actor=world.persona("forvaltningschef"), name="test")
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {key}"
    with (
        CaptureQueriesContext(connections["replica"]) as on_replica,
        CaptureQueriesContext(connections["default"]) as on_primary,
    ):
        response = client.get("/api/v1/reports/control-charts", {"unit": world.own.pk})
    assert response.status_code == 200
    assert sum(response.json()[0]["counts"]) == 1
    assert "deviations_deviation" in _sql(on_replica)
    assert "deviations_deviation" not in _sql(on_primary)


def test_the_report_pdf_is_computed_on_the_replica_and_its_page_on_the_primary(world, report, client_for):
    report()
    person = world.persona("forvaltningschef")
    quality_report = report_create(actor=person, unit=world.own, year=timezone.localdate().year)
    client = client_for(person)
    with CaptureQueriesContext(connections["replica"]) as on_replica:
        page = client.get(reverse("reports:report", args=[quality_report.pk]))
    assert page.status_code == 200
    assert on_replica.captured_queries == []
    with CaptureQueriesContext(connections["replica"]) as on_replica:
        pdf = client.get(reverse("reports:report_pdf", args=[quality_report.pk]))
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert "deviations_deviation" in _sql(on_replica)
