"""The integrity guard on improvement actions: their texts are read by others and end up in reports."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from lots.accounts.models import Role
from lots.improvements import services
from lots.improvements.models import ImprovementAction
from lots.improvements.tests.helpers import make_action

NAME_TEXT = "Rutinen ska hjälpa kalle att få sin medicin."


@pytest.mark.parametrize("field", services.TEXTS)
def test_creating_an_action_with_a_name_is_refused_unless_confirmed(world, field):
    with pytest.raises(ValidationError) as raised:
        make_action(world, world.own, **{field: NAME_TEXT})
    assert list(raised.value.error_dict) == [field]
    assert not ImprovementAction.objects.exists()
    assert getattr(make_action(world, world.own, integrity_confirmed=True, **{field: NAME_TEXT}), field) == NAME_TEXT


@pytest.mark.parametrize("field", services.TEXTS)
def test_changing_an_actions_text_to_a_name_is_refused_unless_confirmed(world, field):
    action = make_action(world, world.own)
    actor = world.persona(Role.KVALITETSSAMORDNARE)
    with pytest.raises(ValidationError) as raised:
        services.improvement_update(actor=actor, action=action, expected_version=None, **{field: NAME_TEXT})
    assert list(raised.value.error_dict) == [field]
    services.improvement_update(actor=actor, action=action, expected_version=None, integrity_confirmed=True, **{field: NAME_TEXT})
    action.refresh_from_db()
    assert getattr(action, field) == NAME_TEXT


def test_the_edit_page_warns_at_the_field_and_saves_once_confirmed(world, client_for):
    action = make_action(world, world.own)
    client = client_for(world.persona(Role.KVALITETSSAMORDNARE))
    url = reverse("improvements:edit", args=[action.pk])
    form = client.get(url).context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    data.update(description=NAME_TEXT)
    response = client.post(url, data)
    assert response.status_code == 422
    assert "ett namn: kalle" in response.context["form"].errors["description"][0]
    assert client.post(url, {**data, "integrity_confirmed": "on"}).status_code == 302
    action.refresh_from_db()
    assert action.description == NAME_TEXT


@pytest.mark.parametrize("field", services.CLOSING_TEXTS)
def test_closing_with_a_name_in_the_evaluation_is_refused_unless_confirmed(world, field):
    action = make_action(world, world.own, stage="act")
    texts = {"effect_measure": "Antal avvikelser", "effect_result": "Från 6 till 1", "conclusion": "Införs.", field: NAME_TEXT}
    with pytest.raises(ValidationError) as raised:
        services.improvement_close(actor=action.owner, action=action, **texts)
    assert list(raised.value.error_dict) == [field]
    action.refresh_from_db()
    assert not action.is_closed
    services.improvement_close(actor=action.owner, action=action, integrity_confirmed=True, **texts)
    action.refresh_from_db()
    assert action.is_closed and getattr(action, field) == NAME_TEXT


def test_the_close_page_warns_at_the_field_and_closes_once_confirmed(world, client_for):
    action = make_action(world, world.own, stage="act")
    client = client_for(action.owner)
    url = reverse("improvements:close", args=[action.pk])
    data = {"effect_measure": "Antal avvikelser", "effect_result": NAME_TEXT, "conclusion": "", "version": action.version}
    response = client.post(url, data)
    assert response.status_code == 422 and "kalle" in response.context["form"].errors["effect_result"][0]
    assert NAME_TEXT in response.content.decode()
    assert client.post(url, {**data, "integrity_confirmed": "on"}).status_code == 302
    action.refresh_from_db()
    assert action.is_closed
