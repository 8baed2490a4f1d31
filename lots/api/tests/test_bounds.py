"""Values a client sends are bounded at the edge (lots.api.schemas, lots.core.lists): an id that no database could
hold, a year outside 1900–2999, a date no query survives or an endless id list answers 422 naming the field, never a
server error."""

import json

import pytest

from lots.accounts.services import api_token_create
from lots.improvements.models import ImprovementAction


@pytest.fixture
def api(client, world):
    key = api_token_create(actor=world.persona("kvalitetssamordnare"), name="test")[1]
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {key}"
    return client


def _post(api, path, body):
    return api.post(f"/api/v1{path}", json.dumps(body), content_type="application/json")


@pytest.mark.parametrize(
    ("path", "field"),
    [
        ("/calendar/tasks?year=99999999999999999999", "year"),
        ("/risk-analyses?year=0", "year"),
        ("/inspection-results?year=-1", "year"),
        ("/control-points?plan=99999999999999999999", "plan"),
        ("/deviations?offset=99999999999999999999", "offset"),
        ("/deviations?start=0422-01-01", "start"),
        ("/deviations?unit=99999999999999999999", "unit"),
        ("/units/99999999999999999999", "unit_id"),
        ("/deviations/0", "deviation_id"),
    ],
)
def test_out_of_range_query_and_path_values_answer_422_naming_the_field(api, path, field):
    response = api.get(f"/api/v1{path}")
    assert response.status_code == 422, response.content
    assert field in response.json()["detail"]


def test_a_plan_for_a_negative_year_is_refused(api, world):
    response = _post(api, "/inspection-plans", {"unit_id": world.own.pk, "year": -5})
    assert response.status_code == 422
    assert "year" in response.json()["detail"]


def test_a_process_with_an_endless_list_of_units_is_refused_before_any_query(api, world, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):  # the token's look-up and its last-used touch, nothing for the units
        response = _post(api, "/processes", {"name": "Stor", "unit_ids": list(range(1, 5002))})
    assert response.status_code == 422
    assert "unit_ids" in response.json()["detail"]


def test_an_id_no_database_could_hold_is_refused_inside_a_body(api, world):
    response = _post(api, "/processes", {"name": "Stor", "unit_ids": [2**64]})
    assert response.status_code == 422
    assert "unit_ids.0" in response.json()["detail"]


def test_null_for_an_improvement_field_that_cannot_be_empty_leaves_it_as_it_is(api, world):
    coordinator = world.persona("kvalitetssamordnare")
    created = _post(api, "/improvements", {"title": "Överlämning", "unit_id": world.own.pk, "owner_id": coordinator.pk})
    assert created.status_code == 201, created.content
    action = created.json()
    response = api.patch(
        f"/api/v1/improvements/{action['id']}",
        json.dumps({"version": action["version"], "title": None, "description": None, "due_date": None}),
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert ImprovementAction.objects.get(pk=action["id"]).title == "Överlämning"
