"""PDSA stages ask for their content before the action moves on: the plan before Göra, what was done before Studera,
what the study measured and showed before Agera."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from lots.accounts.services import api_token_create
from lots.improvements import services
from lots.improvements.models import ImprovementAction
from lots.improvements.tests.helpers import STEP_CONTENT, make_action


@pytest.mark.parametrize(
    ("stage", "to", "missing"),
    [
        ("plan", "do", {"description", "expected_effect"}),
        ("do", "study", {"done_notes"}),
        ("study", "act", {"effect_measure", "effect_result"}),
    ],
)
def test_moving_on_without_the_stages_content_is_refused_next_to_each_field(world, stage, to, missing):
    action = make_action(world, world.own, stage=stage)
    ImprovementAction.objects.filter(pk=action.pk).update(**dict.fromkeys(missing, ""))
    action.refresh_from_db()
    with pytest.raises(ValidationError) as refused:
        services.improvement_move(actor=action.owner, action=action, stage=to)
    assert set(refused.value.message_dict) == missing
    action.refresh_from_db()
    assert action.stage == stage


def test_the_content_given_with_the_move_is_saved(world):
    action = make_action(world, world.own, stage="do")
    services.improvement_move(
        actor=action.owner, action=action, stage="study", content={"done_notes": "Checklistan används sedan mars."}
    )
    action.refresh_from_db()
    assert (action.stage, action.done_notes) == ("study", "Checklistan används sedan mars.")


def test_moving_back_needs_no_content(world):
    action = make_action(world, world.own, stage="do")
    services.improvement_move(actor=action.owner, action=action, stage="plan")
    action.refresh_from_db()
    assert action.stage == "plan"


def test_the_forward_button_leads_to_a_page_that_asks_for_the_content(world, client):
    action = make_action(world, world.own, stage="do")
    client.force_login(action.owner)
    detail = client.get(reverse("improvements:detail", args=[action.pk])).content.decode()
    advance = reverse("improvements:advance", args=[action.pk, "study"])
    assert f'href="{advance}"' in detail
    page = client.get(advance)
    assert page.status_code == 200
    assert 'name="done_notes"' in page.content.decode()
    response = client.post(advance, {"version": action.version, "done_notes": ""})
    assert response.status_code == 422
    assert "Beskriv vad ni har gjort innan åtgärden går vidare till Studera." in response.content.decode()
    response = client.post(advance, {"version": action.version, "done_notes": "Införd på alla arbetslag."})
    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.stage, action.done_notes) == ("study", "Införd på alla arbetslag.")


def test_a_plain_forward_post_without_content_is_sent_to_the_page_that_asks_for_it(world, client):
    action = make_action(world, world.own, stage="do")
    client.force_login(action.owner)
    response = client.post(reverse("improvements:move", args=[action.pk]), {"stage": "study", "version": action.version})
    assert response.status_code == 302
    assert response["Location"] == reverse("improvements:advance", args=[action.pk, "study"])


def test_the_api_takes_the_content_with_the_move_and_refuses_a_move_without_it(world, client):
    action = make_action(world, world.own, stage="study")
    ImprovementAction.objects.filter(pk=action.pk).update(effect_measure="", effect_result="")
    _token, key = api_token_create(actor=action.owner, name="test")
    headers = {"Authorization": f"Bearer {key}"}
    url = f"/api/v1/improvements/{action.pk}/stage"
    refused = client.post(url, {"version": action.version, "stage": "act"}, content_type="application/json", headers=headers)
    assert refused.status_code == 422
    moved = client.post(
        url,
        {"version": action.version, "stage": "act", **STEP_CONTENT["act"]},
        content_type="application/json",
        headers=headers,
    )
    assert moved.status_code == 200, moved.content
    assert moved.json()["effect_result"] == STEP_CONTENT["act"]["effect_result"]
