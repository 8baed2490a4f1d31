import pytest

from lots.accounts.models import Role
from lots.accounts.services import api_token_create
from lots.improvements.tests.helpers import STEP_CONTENT, make_action


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
        "/api/v1/improvements",
        "/api/v1/improvements/{action_id}",
        "/api/v1/improvements/{action_id}/stage",
        "/api/v1/improvements/{action_id}/close",
    ]:
        assert path in paths


def test_list_create_move_and_close(world, api):
    chief = world.persona(Role.ENHETSCHEF)
    make_action(world, world.other, title="Inte synlig", owner=world.persona(Role.AVDELNINGSCHEF))
    created = api(chief, "post", "/improvements", {"title": "Ny", "unit_id": world.own.pk, "owner_id": chief.pk})
    assert created.status_code == 201
    action = created.json()
    assert [a["title"] for a in api(chief, "get", "/improvements").json()] == ["Ny"]
    moved = api(chief, "post", f"/improvements/{action['id']}/stage", {"stage": "study", "version": action["version"]})
    assert moved.status_code == 422
    version = action["version"]
    for stage in ("do", "study", "act"):
        payload = {"stage": stage, "version": version, **STEP_CONTENT[stage]}
        response = api(chief, "post", f"/improvements/{action['id']}/stage", payload)
        version = response.json()["version"]
    refused = api(
        chief, "post", f"/improvements/{action['id']}/close", {"effect_measure": "", "effect_result": "", "version": version}
    )
    assert refused.status_code == 422 and "effect_result" in refused.json()["detail"]
    closed = api(
        chief, "post", f"/improvements/{action['id']}/close", {"effect_measure": "m", "effect_result": "r", "version": version}
    )
    assert closed.json()["stage"] == "closed"
    stale = api(chief, "patch", f"/improvements/{action['id']}", {"version": 1, "title": "X"})
    assert stale.status_code in (409, 422)


def test_reading_and_writing_follow_the_scope(world, api):
    action = make_action(world, world.own)
    assert api(world.persona(Role.GRANSKARE), "get", f"/improvements/{action.pk}").status_code == 200
    assert (
        api(
            world.persona(Role.GRANSKARE), "patch", f"/improvements/{action.pk}", {"version": action.version, "title": "X"}
        ).status_code
        == 403
    )
    assert api(world.persona(Role.EXTERN_UTFORARE), "get", f"/improvements/{action.pk}").status_code == 404
    assert (
        api(
            world.persona(Role.ENHETSCHEF), "post", "/improvements", {"title": "X", "unit_id": world.other.pk, "owner_id": 1}
        ).status_code
        == 404
    )
