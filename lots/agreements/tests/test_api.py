import pytest

from lots.accounts.models import Role
from lots.accounts.services import api_token_create
from lots.agreements.models import Agreement, AgreementAcknowledgement
from lots.agreements.tests.helpers import TODAY, make_agreement


@pytest.fixture
def api(client):
    def call(user, method, path, payload=None):
        _token, key = api_token_create(actor=user, name="test")
        headers = {"Authorization": f"Bearer {key}"}
        if method == "get":
            return client.get(f"/api/v1{path}", payload or {}, headers=headers)
        return getattr(client, method)(f"/api/v1{path}", payload or {}, content_type="application/json", headers=headers)

    return call


def test_the_resources_are_in_the_openapi_schema(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path in [
        "/api/v1/agreements",
        "/api/v1/agreements/{agreement_id}",
        "/api/v1/agreements/{agreement_id}/legal-assessment",
        "/api/v1/agreements/{agreement_id}/activate",
        "/api/v1/agreements/{agreement_id}/reviews",
        "/api/v1/agreements/{agreement_id}/acknowledge",
    ]:
        assert path in paths


def test_list_and_detail_are_scoped(world, api):
    make_agreement(world, [world.own], title="Synlig")
    hidden = make_agreement(world, [world.other], title="Inte synlig")
    chief = world.persona(Role.ENHETSCHEF)
    listed = api(chief, "get", "/agreements")
    assert [a["title"] for a in listed.json()] == ["Synlig"] and listed["X-Total-Count"] == "1"
    assert api(chief, "get", f"/agreements/{hidden.pk}").status_code == 404
    assert api(chief, "get", "/agreements", {"state": "nonsens"}).status_code == 422


def test_create_assess_activate_and_acknowledge(world, api):
    chief = world.persona(Role.ENHETSCHEF)
    created = api(
        chief,
        "post",
        "/agreements",
        {
            "title": "Med polisen",
            "area": "Barn",
            "purpose": "Samråd",
            "unit_ids": [world.own.pk],
            "owner_id": chief.pk,
            "review_date": TODAY.replace(year=TODAY.year + 1).isoformat(),
            "parties": [{"name": "Polisen", "kind": "police", "responsibility": "Förhör"}],
        },
    )
    assert created.status_code == 201, created.content
    body = created.json()
    refused = api(chief, "post", f"/agreements/{body['id']}/activate", {"version": body["version"]})
    assert refused.status_code == 422
    assessed = api(
        chief,
        "post",
        f"/agreements/{body['id']}/legal-assessment",
        {
            "version": body["version"],
            "assessed_by_id": chief.pk,
            "assessed_on": TODAY.isoformat(),
            "conclusion": "no_obstacle",
            "reasoning": "Sekretessen prövad.",
        },
    )
    assert assessed.status_code == 200, assessed.content
    active = api(chief, "post", f"/agreements/{body['id']}/activate", {"version": assessed.json()["version"]})
    assert active.status_code == 200 and active.json()["status"] == "active"
    stale = api(chief, "post", f"/agreements/{body['id']}/activate", {"version": body["version"]})
    assert stale.status_code == 409
    staff = world.persona(Role.MEDARBETARE)
    assert api(staff, "post", f"/agreements/{body['id']}/acknowledge").status_code == 201
    assert AgreementAcknowledgement.objects.filter(user=staff).exists()
    assert api(world.persona(Role.NAMNDLEDAMOT), "post", f"/agreements/{body['id']}/acknowledge").status_code == 403


def test_a_reader_may_not_write(world, api):
    agreement = make_agreement(world, [world.own], active=False)
    response = api(world.persona(Role.MEDARBETARE), "patch", f"/agreements/{agreement.pk}", {"version": 1, "title": "X"})
    assert response.status_code == 403
    assert Agreement.objects.get(pk=agreement.pk).title != "X"
