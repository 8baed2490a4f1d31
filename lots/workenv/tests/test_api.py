import pytest

from lots.accounts.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(client):
    from lots.accounts.models import ApiToken

    def as_user(user):
        key = ApiToken.generate_key()
        ApiToken.objects.create(user=user, name="test", key_hash=ApiToken.hash_key(key), hint=key[:8])
        return lambda path, **params: client.get(f"/api/v1{path}", params, HTTP_AUTHORIZATION=f"Bearer {key}")

    return as_user


def test_the_list_is_scoped_and_filtered(api, world, line, in_force):
    get = api(line.coordinator)
    response = get("/work-delegations")
    assert response.status_code == 200 and response["X-Total-Count"] == "1"
    assert response.json()[0]["reference"] == in_force.reference
    assert get("/work-delegations", state="pending").json() == []
    assert get("/work-delegations", state="nonsense").status_code == 422
    assert api(world.persona(Role.AVDELNINGSCHEF))("/work-delegations", unit=world.other.pk).status_code == 422


def test_the_detail_holds_the_contents_and_is_hidden_from_others(api, world, line, in_force):
    body = api(line.ac)(f"/work-delegations/{in_force.pk}").json()
    assert body["state"] == "in_force" and len(body["tasks"]) == 3 and body["competence"]
    foreign = api(world.persona(Role.MEDARBETARE))(f"/work-delegations/{in_force.pk}")
    assert foreign.status_code == 404


def test_there_is_no_signing_nor_declining_in_the_api(client, world, line):
    schema = client.get("/api/v1/openapi.json").json()
    paths = {path: set(methods) for path, methods in schema["paths"].items() if "/work-" in path}
    assert set(paths) == {"/api/v1/work-delegations", "/api/v1/work-delegations/{delegation_id}", "/api/v1/work-tasks"}
    assert all(methods == {"get"} for methods in paths.values())
