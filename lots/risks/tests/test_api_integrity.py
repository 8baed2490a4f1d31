"""The risk-analysis API answers the integrity guard like the forms: a text naming someone gives 422 with the warning
at the field, and the same request with ``integrity_confirmed: true`` is saved."""

import pytest

from lots.accounts import services as account_services
from lots.risks.models import Risk, RiskAnalysis
from lots.risks.tests.helpers import make_analysis, make_risk

API = "/api/v1"
NAME_TEXT = "Kalle Svensson blev utan insats i tre veckor."


@pytest.fixture
def send(world, client):
    def call(method, path, payload):
        key = account_services.api_token_create(actor=world.persona("avdelningschef"), name="test")[1]
        return getattr(client, method)(API + path, payload, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {key}")

    return call


def test_an_analysis_naming_someone_needs_the_confirmation(world, send):
    payload = {
        "unit_id": world.own.pk,
        "title": "Personalomsättning",
        "trigger": "staff_turnover",
        "performed_on": "2026-03-01",
        "participants": "Avdelningschef och medarbetare",
        "q_risks_seen": NAME_TEXT,
    }
    refused = send("post", "/risk-analyses", payload)
    assert refused.status_code == 422
    assert "Kalle Svensson" in refused.json()["detail"]["q_risks_seen"][0]
    assert not RiskAnalysis.objects.exists()
    accepted = send("post", "/risk-analyses", {**payload, "integrity_confirmed": True})
    assert accepted.status_code == 201
    assert accepted.json()["answers"]["q_risks_seen"] == NAME_TEXT


def test_changing_an_analysis_to_name_someone_needs_the_confirmation(world, send):
    analysis = make_analysis(world)
    payload = {"version": analysis.version, "trigger_note": NAME_TEXT}
    refused = send("patch", f"/risk-analyses/{analysis.pk}", payload)
    assert refused.status_code == 422
    assert list(refused.json()["detail"]) == ["trigger_note"]
    accepted = send("patch", f"/risk-analyses/{analysis.pk}", {**payload, "integrity_confirmed": True})
    assert accepted.status_code == 200
    analysis.refresh_from_db()
    assert analysis.trigger_note == NAME_TEXT


def test_a_risk_naming_someone_needs_the_confirmation(world, send):
    analysis = make_analysis(world)
    payload = {"description": "Insatsen dröjer", "client_consequence": NAME_TEXT, "severity": 3, "probability": 2}
    refused = send("post", f"/risk-analyses/{analysis.pk}/risks", payload)
    assert refused.status_code == 422
    assert list(refused.json()["detail"]) == ["client_consequence"]
    assert not Risk.objects.exists()
    accepted = send("post", f"/risk-analyses/{analysis.pk}/risks", {**payload, "integrity_confirmed": True})
    assert accepted.status_code == 201


def test_changing_a_risk_to_name_someone_needs_the_confirmation(world, send):
    risk = make_risk(make_analysis(world))
    payload = {
        "version": risk.version,
        "description": NAME_TEXT,
        "client_consequence": risk.client_consequence,
        "severity": risk.severity,
        "probability": risk.probability,
    }
    refused = send("patch", f"/risks/{risk.pk}", payload)
    assert refused.status_code == 422
    assert list(refused.json()["detail"]) == ["description"]
    accepted = send("patch", f"/risks/{risk.pk}", {**payload, "integrity_confirmed": True})
    assert accepted.status_code == 200
    risk.refresh_from_db()
    assert risk.description == NAME_TEXT
