"""The API: ledgers and entries, read and written with the same rules as the pages."""

import pytest
from django.utils import timezone

from lots.accounts.services import api_token_create
from lots.ledger import services
from lots.ledger.models import LedgerEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(client):
    def call(person, method, url, body=None, **params):
        _token, key = api_token_create(actor=person, name="test")
        headers = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
        if method == "post":
            return client.post(f"/api/v1{url}", body or {}, content_type="application/json", **headers)
        return client.get(f"/api/v1{url}", params, **headers)

    return call


def test_the_list_has_the_pages_filters_and_the_total(world, staff, ledger, api):
    response = api(staff["entrant"], "get", "/ledgers")
    assert response.status_code == 200 and response["X-Total-Count"] == "1"
    [row] = response.json()
    assert (row["reference"], row["balance"], row["unit_name"]) == ("EM-2026-001", 0, world.own.name)
    response = api(staff["entrant"], "get", "/ledgers", status="nonsense")
    assert response.status_code == 422 and "status" in response.json()["detail"]


def test_a_ledger_out_of_scope_is_not_found(world, ledger, api):
    assert api(world.persona("kvalitetssamordnare"), "get", f"/ledgers/{ledger.pk}").status_code == 404
    assert api(world.persona("enhetschef"), "get", "/ledgers/999999").status_code == 404


def test_entering_and_attesting_through_the_api(staff, ledger, api):
    today = str(timezone.localdate())
    response = api(
        staff["entrant"], "post", f"/ledgers/{ledger.pk}/entries", {"date": today, "description": "In", "amount": 5_000}
    )
    assert response.status_code == 201, response.content
    entry_id = response.json()["id"]
    response = api(staff["entrant"], "post", f"/ledgers/{ledger.pk}/entries/{entry_id}/attest", {})
    assert response.status_code == 422 and "annan person" in str(response.json()["detail"])
    response = api(staff["attester"], "post", f"/ledgers/{ledger.pk}/entries/{entry_id}/attest", {})
    assert response.status_code == 200 and response.json()["attested_by_id"] == staff["attester"].pk
    response = api(staff["entrant"], "get", f"/ledgers/{ledger.pk}/entries")
    assert [row["balance_after"] for row in response.json()] == [5_000]


def test_a_payment_above_the_balance_is_refused_through_the_api(staff, ledger, api):
    services.entry_add(actor=staff["entrant"], ledger=ledger, date=timezone.localdate(), description="In", amount=1_000)
    response = api(
        staff["entrant"],
        "post",
        f"/ledgers/{ledger.pk}/entries",
        {"date": str(timezone.localdate()), "description": "Ut", "amount": -1_001},
    )
    assert response.status_code == 422 and "amount" in response.json()["detail"]
    assert LedgerEntry.objects.count() == 1


def test_out_of_bounds_values_are_refused_by_the_schema(staff, ledger, api):
    for body in (
        {"date": "2026-01-01", "description": "x", "amount": 10**15},
        {"date": "2026-01-01", "description": "", "amount": 1},
        {"date": "2026-01-01", "description": "x", "amount": 1, "extra": 1},
    ):
        assert api(staff["entrant"], "post", f"/ledgers/{ledger.pk}/entries", body).status_code == 422


def test_a_person_without_the_ledger_in_scope_cannot_enter(world, ledger, api):
    reader = world.persona("granskare")
    body = {"date": str(timezone.localdate()), "description": "In", "amount": 100}
    assert api(reader, "post", f"/ledgers/{ledger.pk}/entries", body).status_code == 404
