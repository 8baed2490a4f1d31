"""The API: pushing placements (same checks as the CSV, all or nothing), the due list, one placement, compliance."""

import pytest

from lots.accounts.services import api_token_create
from lots.watch.models import ImportBatch, Placement
from lots.watch.tests.conftest import TEST_IDENTITY

BASE = "/api/v1/watch"


@pytest.fixture
def api(client):
    def as_user(user):
        _token, key = api_token_create(actor=user, name="test")
        client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {key}"
        return client

    return as_user


def row(**overrides):
    data = {
        "case_reference": "BU-2026-0001",
        "unit_code": "own",
        "worker": "medarbetare",
        "kind": "barn_lvu_hvb",
        "start_date": "2026-01-10",
        "last_visit_date": "2026-02-01",
    }
    data.update(overrides)
    return data


def test_a_push_imports_the_rows_as_one_snapshot_per_unit(world, api, importer):
    response = api(importer).post(
        f"{BASE}/imports", {"rows": [row(), row(case_reference="BU-2", unit_code="sub")]}, content_type="application/json"
    )
    assert response.status_code == 201, response.content
    assert response.json()["row_count"] == 2 and response.json()["unit_count"] == 2
    assert ImportBatch.objects.get().source == "api"
    assert Placement.objects.get(case_reference="BU-2026-0001").visit_due.isoformat() == "2026-05-01"


def test_a_bad_row_is_422_with_the_row_named_and_nothing_imported(world, api, importer):
    response = api(importer).post(
        f"{BASE}/imports",
        {"rows": [row(), row(case_reference=TEST_IDENTITY), row(case_reference="BU-3", worker="okand")]},
        content_type="application/json",
    )
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert set(detail) == {"rows.1", "rows.2"}
    assert any("personnummer" in m for m in detail["rows.1"])
    assert not Placement.objects.exists()


@pytest.mark.parametrize(
    "change",
    [{"kind": "okand"}, {"start_date": "10/1"}, {"case_reference": "x" * 41}, {"extra": 1}, {"start_date": "0001-01-01"}],
)
def test_values_outside_the_schema_are_422(world, api, importer, change):
    response = api(importer).post(f"{BASE}/imports", {"rows": [row(**change)]}, content_type="application/json")
    assert response.status_code == 422


def test_people_without_the_import_permission_get_403(world, api):
    response = api(world.persona("medarbetare")).post(f"{BASE}/imports", {"rows": [row()]}, content_type="application/json")
    assert response.status_code == 403


def test_the_list_and_the_detail_are_scoped(world, api, place, importer):
    place([{"case_reference": "BU-1"}])
    place([{"case_reference": "BU-9"}], unit=world.other)
    response = api(world.persona("enhetschef")).get(f"{BASE}/placements")
    assert [p["case_reference"] for p in response.json()] == ["BU-1"]
    assert response["X-Total-Count"] == "1"
    other = Placement.objects.get(case_reference="BU-9")
    assert api(world.persona("enhetschef")).get(f"{BASE}/placements/{other.pk}").status_code == 404


def test_compliance_for_a_unit_in_scope(world, api, place):
    place([{"case_reference": "BU-1"}])
    response = api(world.persona("enhetschef")).get(f"{BASE}/compliance", {"unit_id": world.own.pk, "months": 2})
    assert response.status_code == 200 and len(response.json()["months"]) == 2
    assert response.json()["unit_id"] == world.own.pk
    assert api(world.persona("enhetschef")).get(f"{BASE}/compliance", {"unit_id": world.other.pk}).status_code == 404
