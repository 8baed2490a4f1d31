import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from lots.accounts import services
from lots.accounts.models import ApiToken
from lots.audit.models import AuditEntry
from lots.organisation.models import Unit


def bearer(key):
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


@pytest.fixture
def key_for(world):
    def make(role):
        _token, key = services.api_token_create(actor=world.persona(role), name="test")
        return key

    return make


def test_the_openapi_schema_is_served(client, db):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert "/api/v1/units" in schema["paths"] and "/api/v1/me" in schema["paths"]


def test_requests_without_a_valid_token_are_refused(client, world):
    assert client.get("/api/v1/me").status_code == 401
    assert client.get("/api/v1/me", **bearer("lots_not-a-real-token")).status_code == 401


def test_a_token_is_stored_hashed_and_acts_as_its_owner(client, world, key_for):
    key = key_for("enhetschef")
    token = ApiToken.objects.get(user=world.persona("enhetschef"))
    assert key not in (token.key_hash, token.hint) and token.key_hash == ApiToken.hash_key(key)
    me = client.get("/api/v1/me", **bearer(key)).json()
    assert me["username"] == "enhetschef"
    assert [a["role"] for a in me["assignments"]] == ["enhetschef"]


def test_a_revoked_token_stops_working(client, world, key_for):
    key = key_for("enhetschef")
    token = ApiToken.objects.get(user=world.persona("enhetschef"))
    services.api_token_revoke(actor=token.user, token=token)
    assert client.get("/api/v1/me", **bearer(key)).status_code == 401


def test_a_deactivated_persons_token_stops_working(client, world, key_for):
    key = key_for("enhetschef")
    world.persona("enhetschef").__class__.objects.filter(username="enhetschef").update(is_active=False)
    assert client.get("/api/v1/me", **bearer(key)).status_code == 401


def test_units_are_listed_with_exactly_the_owners_access(client, world, key_for):
    names = {u["name"] for u in client.get("/api/v1/units", **bearer(key_for("enhetschef"))).json()}
    assert names == {"Egna avdelningen", "Underenheten"}
    names = {u["name"] for u in client.get("/api/v1/units", **bearer(key_for("medarbetare"))).json()}
    assert names == {"Egna avdelningen"}
    assert client.get("/api/v1/units", **bearer(key_for("extern_utforare"))).json() == []


def test_a_unit_outside_scope_answers_404(client, world, key_for):
    key = key_for("enhetschef")
    assert client.get(f"/api/v1/units/{world.other.pk}", **bearer(key)).status_code == 404
    assert client.get(f"/api/v1/units/{world.sub.pk}", **bearer(key)).status_code == 200


def test_wrong_types_in_query_parameters_answer_422(client, world, key_for):
    response = client.get("/api/v1/units?municipality=inte-ett-tal", **bearer(key_for("enhetschef")))
    assert response.status_code == 422
    assert "detail" in response.json()


def test_creating_a_unit_through_the_api(client, world, key_for):
    key = key_for("kvalitetssamordnare")
    payload = {"parent_id": world.own.pk, "name": "API-gruppen", "kind": "sektion", "code": "api"}
    response = client.post("/api/v1/units", json.dumps(payload), content_type="application/json", **bearer(key))
    assert response.status_code == 201
    unit = Unit.objects.get(code="api")
    assert unit.parent == world.own
    assert AuditEntry.objects.filter(object_id=str(unit.pk), action="create", actor=world.persona("kvalitetssamordnare")).exists()


@pytest.mark.parametrize(
    "payload",
    [
        {"parent_id": 1, "name": "X", "kind": "sektion", "code": "x", "unexpected": True},
        {"parent_id": "ett", "name": "X", "kind": "sektion", "code": "x"},
        {"parent_id": 1, "name": "X", "kind": "planet", "code": "x"},
        {"name": "X"},
    ],
)
def test_unknown_fields_and_wrong_types_answer_422_with_a_description(client, world, key_for, payload):
    response = client.post(
        "/api/v1/units", json.dumps(payload), content_type="application/json", **bearer(key_for("kvalitetssamordnare"))
    )
    assert response.status_code == 422
    assert response.json()["detail"]


def test_malformed_json_does_not_cause_a_server_error(client, world, key_for):
    response = client.post(
        "/api/v1/units", "{not json", content_type="application/json", **bearer(key_for("kvalitetssamordnare"))
    )
    assert response.status_code in (400, 422)


def test_service_validation_errors_answer_422(client, world, key_for):
    payload = {"parent_id": world.own.pk, "name": "Dubblett", "kind": "enhet", "code": "sub"}
    response = client.post(
        "/api/v1/units", json.dumps(payload), content_type="application/json", **bearer(key_for("kvalitetssamordnare"))
    )
    assert response.status_code == 422
    assert "Koden används redan" in json.dumps(response.json(), ensure_ascii=False)


def test_people_who_may_see_but_not_change_get_403(client, world, key_for):
    payload = {"parent_id": world.own.pk, "name": "X", "kind": "sektion", "code": "x"}
    response = client.post("/api/v1/units", json.dumps(payload), content_type="application/json", **bearer(key_for("enhetschef")))
    assert response.status_code == 403
    payload["parent_id"] = world.other.pk
    response = client.post("/api/v1/units", json.dumps(payload), content_type="application/json", **bearer(key_for("enhetschef")))
    assert response.status_code == 404


def test_renaming_with_a_stale_version_answers_409(client, world, key_for):
    key = key_for("kvalitetssamordnare")
    url = f"/api/v1/units/{world.own.pk}"
    ok = client.patch(
        url, json.dumps({"version": world.own.version, "name": "Nytt"}), content_type="application/json", **bearer(key)
    )
    assert ok.status_code == 200 and ok.json()["name"] == "Nytt"
    stale = client.patch(
        url, json.dumps({"version": world.own.version, "name": "Gammalt"}), content_type="application/json", **bearer(key)
    )
    assert stale.status_code == 409


def test_the_command_prints_a_working_token(client, world):
    out = StringIO()
    call_command("create_api_token", "granskare", stdout=out)
    key = out.getvalue().strip()
    assert client.get("/api/v1/me", **bearer(key)).json()["username"] == "granskare"


def test_the_command_refuses_an_unknown_user(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("create_api_token", "ingen-sadan")


def test_a_person_creates_a_token_for_themself_and_sees_it_once(client, world):
    person = world.persona("enhetschef")
    client.force_login(person)
    response = client.post(reverse("accounts:token_create"), {"name": "Statistik", "scope": "read", "expires_on": "2099-01-01"})
    assert response.status_code == 422  # more than a year ahead
    response = client.post(
        reverse("accounts:token_create"),
        {"name": "Statistik", "scope": "read", "expires_on": response.context["form"]["expires_on"].initial},
    )
    assert response.status_code == 302
    first = client.get(reverse("accounts:profile")).content.decode()
    token = ApiToken.objects.get(user=person)
    assert token.hint in first
    shown = first.split('id="new-key">')[1].split("<")[0]
    assert ApiToken.hash_key(shown) == token.key_hash
    assert shown not in client.get(reverse("accounts:profile")).content.decode()


def test_a_token_needs_a_name(client, world):
    client.force_login(world.persona("enhetschef"))
    response = client.post(reverse("accounts:token_create"), {"name": ""})
    assert response.status_code == 422
    assert "Detta fält måste fyllas i" in response.content.decode()


def test_a_person_cannot_revoke_someone_elses_token(client, world):
    token, _key = services.api_token_create(actor=world.persona("enhetschef"), name="x")
    client.force_login(world.persona("kvalitetssamordnare"))
    assert client.post(reverse("accounts:token_revoke", args=[token.pk])).status_code == 404
    token.refresh_from_db()
    assert token.is_active
