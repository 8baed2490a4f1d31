"""The API answers the integrity guard like the forms: a text naming someone gives 422 with the warning at the field,
and the same request with ``integrity_confirmed: true`` is saved."""

import pytest

from lots.accounts.models import Role
from lots.accounts.services import api_token_create
from lots.improvements.models import ImprovementAction
from lots.improvements.tests.helpers import make_action

NAME_TEXT = "Rutinen ska hjälpa kalle att få sin medicin."


@pytest.fixture
def send(client):
    def call(user, method, path, payload):
        _token, key = api_token_create(actor=user, name="test")
        return getattr(client, method)(
            f"/api/v1{path}", payload, content_type="application/json", headers={"Authorization": f"Bearer {key}"}
        )

    return call


@pytest.mark.parametrize("field", ["title", "description", "expected_effect"])
def test_creating_an_action_naming_someone_needs_the_confirmation(world, send, field):
    chief = world.persona(Role.ENHETSCHEF)
    payload = {"title": "Ny rutin", "unit_id": world.own.pk, "owner_id": chief.pk, field: NAME_TEXT}
    refused = send(chief, "post", "/improvements", payload)
    assert refused.status_code == 422
    assert "ett namn: kalle" in refused.json()["detail"][field][0]
    assert not ImprovementAction.objects.exists()
    accepted = send(chief, "post", "/improvements", {**payload, "integrity_confirmed": True})
    assert accepted.status_code == 201
    assert accepted.json()[field] == NAME_TEXT


def test_changing_an_actions_text_to_a_name_needs_the_confirmation(world, send):
    action = make_action(world, world.own)
    coordinator = world.persona(Role.KVALITETSSAMORDNARE)
    payload = {"version": action.version, "description": NAME_TEXT}
    refused = send(coordinator, "patch", f"/improvements/{action.pk}", payload)
    assert refused.status_code == 422
    assert list(refused.json()["detail"]) == ["description"]
    action.refresh_from_db()
    assert action.description != NAME_TEXT
    accepted = send(coordinator, "patch", f"/improvements/{action.pk}", {**payload, "integrity_confirmed": True})
    assert accepted.status_code == 200
    assert accepted.json()["description"] == NAME_TEXT
