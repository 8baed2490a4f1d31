import datetime

import pytest

from lots.accounts import services as account_services
from lots.audit.models import AuditEntry
from lots.risks.models import ControlActivity, Risk, RiskAnalysis
from lots.risks.tests.helpers import (
    make_analysis,
    make_internal_control,
    make_plan,
    make_review_point,
    make_risk,
    review,
)

API = "/api/v1"
YEAR = datetime.date.today().year


def bearer(key):
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


@pytest.fixture
def api(world, client):
    class Api:
        def __init__(self):
            self.keys = {}

        def key(self, role):
            if role not in self.keys:
                self.keys[role] = account_services.api_token_create(actor=world.persona(role), name="test")[1]
            return self.keys[role]

        def get(self, role, path, **params):
            return client.get(API + path, params, **bearer(self.key(role)))

        def post(self, role, path, data):
            return client.post(API + path, data, content_type="application/json", **bearer(self.key(role)))

        def patch(self, role, path, data):
            return client.patch(API + path, data, content_type="application/json", **bearer(self.key(role)))

    return Api()


def test_the_resources_are_in_the_openapi_schema(client, db):
    paths = client.get(API + "/openapi.json").json()["paths"]
    for path in (
        "/risk-analyses",
        "/risk-analyses/{analysis_id}/risks",
        "/risks/{risk_id}",
        "/inspection-plans",
        "/control-points",
        "/inspection-results/{round_id}",
        "/internal-control-plans",
    ):
        assert API + path in paths


def test_analyses_are_listed_by_scope(world, api):
    own, other = make_analysis(world, "own"), make_analysis(world, "other")
    ids = [a["id"] for a in api.get("kvalitetssamordnare", "/risk-analyses").json()]
    assert own.pk in ids and other.pk not in ids
    assert api.get("kvalitetssamordnare", f"/risk-analyses/{other.pk}").status_code == 404
    assert api.get("kvalitetssamordnare", "/risk-analyses", year=YEAR - 1).json() == []


def test_an_analysis_with_its_risks_is_created_through_the_api_and_audited(world, api):
    response = api.post(
        "avdelningschef",
        "/risk-analyses",
        {
            "unit_id": world.own.pk,
            "title": "Via API",
            "trigger": "staff_turnover",
            "performed_on": "2026-03-01",
            "participants": "Vi",
            "q_mission": "Uppdraget",
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["answers"]["q_mission"] == "Uppdraget" and body["risks"] == []
    analysis = RiskAnalysis.objects.get(pk=body["id"])
    assert AuditEntry.objects.filter(object_id=str(analysis.pk), action="create", actor=world.persona("avdelningschef")).exists()
    response = api.post(
        "avdelningschef",
        f"/risk-analyses/{analysis.pk}/risks",
        {
            "description": "Nya medarbetare kan inte rutinerna",
            "client_consequence": "Felaktiga beslut",
            "severity": 3,
            "probability": 3,
        },
    )
    assert response.status_code == 201
    assert response.json()["value"] == 9 and response.json()["level"] == "Hög" and response.json()["label"] == "R1"
    risk = Risk.objects.get()
    response = api.patch(
        "avdelningschef",
        f"/risks/{risk.pk}",
        {
            "version": risk.version,
            "description": risk.description,
            "client_consequence": "Felaktiga beslut",
            "severity": 3,
            "probability": 3,
            "residual_severity": 5,
            "residual_probability": 1,
        },
    )
    assert response.status_code == 422 and "residual_severity" in response.json()["detail"]
    response = api.patch(
        "avdelningschef",
        f"/risks/{risk.pk}",
        {"version": 99, "description": "x", "client_consequence": "y", "severity": 1, "probability": 1},
    )
    assert response.status_code == 409


def test_writes_are_refused_outside_the_change_scope_and_unknown_fields_are_refused(world, api):
    data = {
        "unit_id": world.own.pk,
        "title": "X",
        "trigger": "other",
        "trigger_note": "N",
        "performed_on": "2026-03-01",
        "participants": "Vi",
    }
    assert api.post("medarbetare", "/risk-analyses", data).status_code == 403
    assert api.post("avdelningschef", "/risk-analyses", {**data, "unit_id": world.other.pk}).status_code == 404
    assert api.post("avdelningschef", "/risk-analyses", {**data, "colour": "red"}).status_code == 422
    analysis = make_analysis(world)
    assert (
        api.patch("granskare", f"/risk-analyses/{analysis.pk}", {"version": analysis.version, "title": "Ny"}).status_code == 403
    )
    response = api.patch("enhetschef", f"/risk-analyses/{analysis.pk}", {"version": analysis.version, "title": "Ny rubrik"})
    assert response.status_code == 200 and response.json()["title"] == "Ny rubrik"


def test_risks_of_an_analysis_are_read_with_their_level(world, api):
    analysis = make_analysis(world)
    make_risk(analysis, severity=4, probability=4)
    risks = api.get("namndledamot", f"/risk-analyses/{analysis.pk}/risks").json()
    assert [(r["label"], r["value"], r["level"]) for r in risks] == [("R1", 16, "Mycket hög")]


def test_plans_control_points_and_results_with_compliance(world, api):
    responsible = world.persona("enhetschef")
    plan = make_plan(world)
    point = make_review_point(plan, responsible=responsible, sample_size=2)
    round_ = point.rounds.get()
    review(point, round_, {"A-1": ["met", "not_met", "na"], "A-2": ["met", "met", "met"]})
    plans = api.get("granskare", "/inspection-plans", year=YEAR).json()
    assert [p["id"] for p in plans] == [plan.pk]
    detail = api.get("granskare", f"/inspection-plans/{plan.pk}").json()
    assert detail["control_points"][0]["criteria"][0] == "Aktualiseringen är dokumenterad"
    assert api.get("granskare", "/control-points", plan=plan.pk).json()[0]["due_dates"] == [f"{YEAR}-10-31"]
    result = api.get("granskare", f"/inspection-results/{round_.pk}").json()
    # 4 met, 1 not met, 1 not applicable → 4/5 = 80 %; criterion 2: 1 of 2 = 50 %.
    assert (result["met"], result["not_met"], result["not_applicable"], result["percent_met"]) == (4, 1, 1, 80.0)
    assert [c["percent_met"] for c in result["criteria"]] == [100.0, 50.0, 100.0]
    assert result["records"][0] == {
        "reference": "A-1",
        "answers": {
            "Aktualiseringen är dokumenterad": "met",
            "Barnets uppfattning är dokumenterad": "not_met",
            "Beslutet är motiverat": "na",
        },
    }
    assert api.get("granskare", "/inspection-results", done=True).json() == []
    assert api.get("extern_utforare", f"/inspection-results/{round_.pk}").status_code == 404


def test_creating_a_plan_and_a_control_point_through_the_api(world, api):
    response = api.post("enhetschef", "/inspection-plans", {"unit_id": world.sub.pk, "year": YEAR})
    assert response.status_code == 201
    plan_id = response.json()["id"]
    point = {
        "title": "Brukarenkät",
        "method": "survey",
        "frequency": 1,
        "responsible_id": world.outsider.pk,
        "first_due": f"{YEAR}-09-30",
        "criteria": ["Svarsfrekvens över 50 procent"],
    }
    response = api.post("enhetschef", f"/inspection-plans/{plan_id}/control-points", point)
    assert response.status_code == 422 and "responsible_id" in response.json()["detail"]
    point["responsible_id"] = world.persona("medarbetare").pk  # holds a role on the department only, not below it
    assert api.post("enhetschef", f"/inspection-plans/{plan_id}/control-points", point).status_code == 422
    point["responsible_id"] = world.persona("verksamhetsledare").pk
    response = api.post("enhetschef", f"/inspection-plans/{plan_id}/control-points", point)
    assert response.status_code == 201 and response.json()["due_dates"] == [f"{YEAR}-09-30"]
    assert api.post("enhetschef", "/inspection-plans", {"unit_id": world.sub.pk, "year": YEAR}).status_code == 422


def test_internal_control_results_are_read_and_recorded(world, api):
    plan, activity = make_internal_control(world, responsible=world.persona("enhetschef"))
    plans = api.get("namndledamot", "/internal-control-plans").json()
    assert plans[0]["activities"][0]["status"] == "planned"
    data = {
        "version": activity.version,
        "performed_on": datetime.date.today().isoformat(),
        "result": "Inga fel",
        "conclusion": "no_remarks",
    }
    assert api.post("verksamhetsledare", f"/control-activities/{activity.pk}/result", data).status_code == 403
    response = api.post("enhetschef", f"/control-activities/{activity.pk}/result", data)
    assert response.status_code == 200 and response.json()["status"] == "done"
    assert ControlActivity.objects.get(pk=activity.pk).result == "Inga fel"
    assert AuditEntry.objects.filter(object_id=str(activity.pk), note="Resultat", actor=world.persona("enhetschef")).exists()
