"""API: the overview's figures, the control-chart data and the quality reports, within the person's scope."""

import datetime

import pytest
from django.utils import timezone

from lots.accounts.services import api_token_create
from lots.deviations.models import Deviation
from lots.reports import services

BASE = "/api/v1/reports"


@pytest.fixture
def api(client):
    def as_user(user):
        _token, key = api_token_create(actor=user, name="test")
        client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {key}"
        return client

    return as_user


def test_the_dashboard_figures_for_a_unit(world, api, report, at_days_ago):
    report(**at_days_ago(3))
    report(unit=world.sub, **at_days_ago(2))
    report(unit=world.other, **at_days_ago(2))
    body = api(world.persona("avdelningschef")).get(f"{BASE}/dashboard", {"unit": world.sub.pk}).json()
    assert body["unit_id"] == world.sub.pk
    deviations = next(w for w in body["widgets"] if w["key"] == "deviations")
    figures = {f["key"]: f["value"] for f in deviations["figures"]}
    assert figures["open"] == Deviation.objects.open().filter(unit=world.sub).count() == 1
    assert {w["key"] for w in body["widgets"]} == {"deviations", "signals", "feedback", "improvements", "risks", "inspection"}


def test_units_outside_the_scope_are_not_found(world, api):
    client = api(world.persona("enhetschef"))
    assert client.get(f"{BASE}/dashboard", {"unit": world.other.pk}).status_code == 404
    assert client.get(f"{BASE}/control-charts", {"unit": world.foreign.pk}).status_code == 404
    assert api(world.persona("extern_utforare")).get(f"{BASE}/dashboard").status_code == 404


def test_the_control_chart_data_per_unit(world, api, report):
    last_month = timezone.localdate().replace(day=1) - datetime.timedelta(days=1)
    moment = timezone.make_aware(datetime.datetime.combine(last_month.replace(day=2), datetime.time(10)))
    for _ in range(3):
        report(unit=world.sub, reported_at=moment, occurred_at=moment)
    early = (moment - datetime.timedelta(days=200)).replace(day=1)  # on the 1st: the first month counts in full
    report(unit=world.sub, reported_at=early, occurred_at=early)
    body = api(world.persona("kvalitetssamordnare")).get(f"{BASE}/control-charts", {"unit": world.own.pk}).json()
    assert [s["unit_id"] for s in body][0] == world.own.pk
    sub = next(s for s in body if s["unit_id"] == world.sub.pk)
    assert sub["chart"] == "I" and sub["counts"][-1] == 3 and sum(sub["counts"]) == 4
    assert len(sub["upper"]) == len(sub["months"]) == len(sub["counts"])
    assert sub["centre"] == pytest.approx(sum(sub["counts"]) / len(sub["counts"]))


def test_quality_reports_and_their_figures(world, api, year):
    mine = services.report_create(actor=world.persona("kvalitetssamordnare"), unit=world.own, year=year)
    services.report_create(actor=world.persona("kvalitetssamordnare"), unit=world.other, year=year)
    client = api(world.persona("enhetschef"))
    assert [r["id"] for r in client.get(f"{BASE}/quality-reports").json()] == [mine.pk]
    detail = client.get(f"{BASE}/quality-reports/{mine.pk}").json()
    assert detail["status"] == "draft"
    organisation = next(s for s in detail["sections"] if s["key"] == "organisation")
    assert organisation["figures"]["units_total"] == 2
    assert detail["missing"] == []
    assert "feedback" in [s["key"] for s in detail["sections"]]
    other = services.report_create(actor=world.persona("kvalitetssamordnare"), unit=world.foreign, year=year)
    assert client.get(f"{BASE}/quality-reports/{other.pk}").status_code == 404
