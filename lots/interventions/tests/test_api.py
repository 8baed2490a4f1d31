"""The API: the register's list and one intervention, the offers, and participants for those who handle them."""

import pytest

from lots.accounts.models import Role
from lots.accounts.services import api_token_create

pytestmark = pytest.mark.django_db


def _get(client, user, path, params=None):
    _token, key = api_token_create(actor=user, name="test")
    return client.get(f"/api/v1{path}", params or {}, HTTP_AUTHORIZATION=f"Bearer {key}")


def test_the_list_has_the_register_s_rows_and_total(world, make_intervention, client):
    make_intervention(provider=world.provider, offered=False, name="Extern utan avtal")
    make_intervention(name="Egen grupp")
    response = _get(client, world.persona(Role.ENHETSCHEF), "/interventions", {"avtal": "saknas"})
    assert response.status_code == 200
    assert [row["name"] for row in response.json()] == ["Extern utan avtal"]
    assert response.json()[0]["has_contract"] is False
    assert response["X-Total-Count"] == "1"


def test_an_invalid_filter_answers_422(world, client):
    response = _get(client, world.persona(Role.ENHETSCHEF), "/interventions", {"avtal": "kanske"})
    assert response.status_code == 422
    assert "avtal" in response.json()["detail"]


def test_one_intervention_and_404_outside_the_scope(world, make_intervention, client):
    own = make_intervention()
    other = make_intervention(unit=world.foreign, name="Främmande")
    user = world.persona(Role.MEDARBETARE)
    response = _get(client, user, f"/interventions/{own.pk}")
    assert response.status_code == 200 and response.json()["offerable"] is True
    assert _get(client, user, f"/interventions/{other.pk}").status_code == 404
    assert _get(client, user, "/interventions/99999999999999999999").status_code == 422


def test_the_offers_leave_out_an_external_intervention_without_a_contract(world, make_intervention, client):
    make_intervention(provider=world.provider, offered=False, name="Extern utan avtal")
    offered = make_intervention(name="Egen grupp")
    response = _get(client, world.persona(Role.MEDARBETARE), "/interventions/offers")
    assert [row["id"] for row in response.json()] == [offered.pk]


def test_without_a_token_the_api_answers_401(client):
    assert client.get("/api/v1/interventions").status_code == 401
