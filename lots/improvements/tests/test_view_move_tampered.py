"""A tampered stage value is a clear 400 (the page) or 422 (the API), never a server error."""

import pytest
from django.core.exceptions import ValidationError

from lots.accounts.services import api_token_create
from lots.improvements import services
from lots.improvements.models import ImprovementAction


@pytest.fixture
def action(world):
    manager = world.persona("enhetschef")
    return services.improvement_create(actor=manager, unit=world.own, title="Tydligare rutin", owner=manager)


@pytest.mark.parametrize("stage", ["finns-inte", "", "planera' OR 1=1"])
def test_an_unknown_stage_from_the_page_is_a_bad_request(world, client_for, action, stage):
    client = client_for(world.persona("enhetschef"))
    response = client.post(f"/forbattringar/{action.pk}/steg/", {"stage": stage, "version": action.version})
    assert response.status_code == 400
    assert "Felaktig förfrågan" in response.content.decode()
    action.refresh_from_db()
    assert action.stage == ImprovementAction.Stage.PLAN


def test_an_unknown_stage_is_refused_by_the_service(world, action):
    with pytest.raises(ValidationError) as refused:
        services.improvement_move(actor=world.persona("enhetschef"), action=action, stage="finns-inte")
    assert "stage" in refused.value.message_dict


def test_an_unknown_stage_through_the_api_is_a_422(world, client, action):
    _token, key = api_token_create(actor=world.persona("enhetschef"), name="test")
    response = client.post(
        f"/api/v1/improvements/{action.pk}/stage",
        {"stage": "finns-inte", "version": action.version},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {key}",
    )
    assert response.status_code == 422
