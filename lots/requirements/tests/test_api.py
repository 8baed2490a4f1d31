import datetime
import json

import pytest

from lots.accounts import services as account_services
from lots.requirements import services
from lots.requirements.models import Assessment, DemandedAction
from lots.requirements.tests.conftest import A, M, assess_all


def bearer(key):
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


@pytest.fixture
def key_for(world):
    def make(role):
        _token, key = account_services.api_token_create(actor=world.persona(role), name="test")
        return key

    return make


def patch(client, url, payload, key):
    return client.patch(url, json.dumps(payload), content_type="application/json", **bearer(key))


def test_catalogues_versions_and_their_changes(client, world, key_for, catalogue_version):
    key = key_for("enhetschef")
    catalogues = client.get("/api/v1/catalogues", **bearer(key)).json()
    assert [(c["key"], [v["number"] for v in c["versions"]]) for c in catalogues] == [("liten", [1])]
    version = client.get(f"/api/v1/catalogue-versions/{catalogue_version.pk}", **bearer(key)).json()
    assert [s["title"] for s in version["sections"]] == ["Ledning", "Egenkontroll", "Personal"]
    assert version["sections"][0]["requirements"][1]["references"] == ["5 kap. 1 § SOSFS 2011:9"]
    assert client.get(f"/api/v1/catalogue-versions/{catalogue_version.pk}/changes", **bearer(key)).json() == []
    foreign = services.catalogue_import(
        actor=None,
        municipality=world.m2,
        data={"title": "Främmande", "sections": [{"title": "A", "requirements": ["Någon ska göra något."]}]},
    )[0]
    assert client.get(f"/api/v1/catalogues/{foreign.pk}", **bearer(key)).status_code == 404


def test_follow_ups_and_assessments_for_the_municipality(client, world, key_for, completed_follow_up):
    key = key_for("granskare")
    listed = client.get("/api/v1/follow-ups", **bearer(key)).json()
    assert [f["id"] for f in listed] == [completed_follow_up.pk]
    detail = client.get(f"/api/v1/follow-ups/{completed_follow_up.pk}", **bearer(key)).json()
    assert (detail["score"], detail["counts"]["not_met"], detail["summary"]) == (70, 1, "Två brister.")
    assert [(s["title"], s["score"]) for s in detail["sections"]] == [("Ledning", 75), ("Egenkontroll", 100), ("Personal", 50)]
    rows = client.get(f"/api/v1/follow-ups/{completed_follow_up.pk}/assessments", **bearer(key)).json()
    assert [(r["status"], r["demanded_action"]) for r in rows][:2] == [(A.MET, None), (A.PARTLY, "Åtgärda krav 1")]
    assert client.get("/api/v1/follow-ups?status=planned", **bearer(key)).json() == []
    assert client.get("/api/v1/follow-ups?status=okand", **bearer(key)).status_code == 422


def test_an_external_provider_token_sees_its_own_follow_up_without_the_municipalitys_assessment(
    client, world, key_for, make_follow_up
):
    from lots.testing.factories import ProviderFactory

    mine = make_follow_up()
    assess_all(mine, {0: A.NOT_MET}, actor=None)
    other = make_follow_up(ProviderFactory(municipality=world.m1, organisation_number="556036-0793"))
    key = key_for("extern_utforare")
    assert [f["id"] for f in client.get("/api/v1/follow-ups", **bearer(key)).json()] == [mine.pk]
    assert client.get(f"/api/v1/follow-ups/{other.pk}", **bearer(key)).status_code == 404
    detail = client.get(f"/api/v1/follow-ups/{mine.pk}", **bearer(key)).json()
    assert (detail["score"], detail["counts"], detail["summary"]) == (None, None, None)
    rows = client.get(f"/api/v1/follow-ups/{mine.pk}/assessments", **bearer(key)).json()
    assert {(r["status"], r["comment"], r["demanded_action"]) for r in rows} == {(None, None, None)}


def test_assessing_through_the_api_with_versions(client, world, key_for, make_follow_up):
    follow_up = make_follow_up()
    assessment = follow_up.assessments.order_by("requirement__position").first()
    url = f"/api/v1/assessments/{assessment.pk}"
    key = key_for("kvalitetssamordnare")
    missing = patch(client, url, {"version": assessment.version, "status": A.NOT_MET}, key)
    assert missing.status_code == 422 and "action_text" in missing.json()["detail"]
    ok = patch(
        client,
        url,
        {
            "version": assessment.version,
            "status": A.NOT_MET,
            "comment": "Saknas.",
            "action_text": "Skriv rutin.",
            "action_due": "2030-01-01",
        },
        key,
    )
    assert ok.status_code == 200 and ok.json()["demanded_action"] == "Skriv rutin."
    assert DemandedAction.objects.get().due_date == datetime.date(2030, 1, 1)
    stale = patch(client, url, {"version": assessment.version, "status": A.MET}, key)
    assert stale.status_code == 409
    assert patch(client, url, {"version": 2, "status": A.MET, "unknown": 1}, key).status_code == 422
    assert patch(client, url, {"version": 2, "status": A.MET}, key_for("enhetschef")).status_code == 403
    assert patch(client, url, {"version": 2, "status": A.MET}, key_for("medarbetare")).status_code == 404


def test_the_provider_self_assesses_through_the_api_only_while_it_is_open(client, world, key_for, make_follow_up):
    follow_up = make_follow_up(methods=(M.DOCUMENTS, M.SELF_ASSESSMENT))
    assessment = follow_up.assessments.first()
    url = f"/api/v1/assessments/{assessment.pk}/self"
    key = key_for("extern_utforare")
    assert patch(client, url, {"version": assessment.version, "self_status": A.MET}, key).status_code == 403
    services.follow_up_start_self_assessment(actor=None, follow_up=follow_up)
    response = patch(client, url, {"version": assessment.version, "self_status": A.PARTLY, "self_comment": "Nästan."}, key)
    assert response.status_code == 200 and response.json()["self_status"] == A.PARTLY
    assessment.refresh_from_db()
    assert (assessment.self_status, assessment.self_comment, assessment.status) == (A.PARTLY, "Nästan.", A.NOT_ASSESSED)
    assert (
        patch(client, url, {"version": assessment.version, "self_status": A.MET}, key_for("kvalitetssamordnare")).status_code
        == 404
    )
    assert Assessment.objects.filter(self_status=A.MET).count() == 0
