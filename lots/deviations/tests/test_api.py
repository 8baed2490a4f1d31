import datetime

import pytest
from django.utils import timezone

from lots.accounts.services import api_token_create
from lots.audit.models import AuditEntry
from lots.deviations.models import Deviation
from lots.deviations.tests.conftest import TEST_IDENTITY
from lots.testing.grants import audit_grant

BASE = "/api/v1/deviations"


@pytest.fixture
def api(client):
    def as_user(user):
        _token, key = api_token_create(actor=user, name="test")
        client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {key}"
        return client

    return as_user


def payload(world, category, **overrides):
    data = {
        "unit_id": world.own.pk,
        "occurred_at": (timezone.now() - datetime.timedelta(hours=1)).isoformat(),
        "description": "Besöket blev inställt.",
        "category_id": category.pk,
    }
    data.update(overrides)
    return data


def test_a_staff_member_reports_through_the_api(world, api, reporter, category):
    response = api(reporter).post(BASE, payload(world, category, possible_lex_sarah=True), content_type="application/json")
    assert response.status_code == 201
    body = response.json()
    deviation = Deviation.objects.get()
    assert body["number"] == deviation.number and body["state"] == "reported" and body["possible_lex_sarah"]
    assert deviation.reported_by == reporter and deviation.lex_sarah.is_open


def test_the_integrity_guard_applies_to_the_api(world, api, reporter, category):
    client = api(reporter)
    text = f"Gäller {TEST_IDENTITY}."
    response = client.post(BASE, payload(world, category, description=text), content_type="application/json")
    assert response.status_code == 422
    assert "personnummer" in str(response.json()["detail"]["description"])
    assert not Deviation.objects.exists()
    confirmed = client.post(
        BASE, payload(world, category, description=text, integrity_confirmed=True), content_type="application/json"
    )
    assert confirmed.status_code == 201
    assert Deviation.objects.get().integrity_confirmed


@pytest.mark.parametrize(
    ("change", "field"),
    [({"unit_id": 0}, "unit_id"), ({"category_id": 0}, "category_id"), ({"occurred_at": "2026-01-01T10:00:00"}, "occurred_at")],
)
def test_bad_input_is_refused_with_the_field_named(world, api, reporter, category, change, field):
    response = api(reporter).post(BASE, payload(world, category, **change), content_type="application/json")
    assert response.status_code == 422
    assert field in response.json()["detail"]


def test_unknown_fields_are_refused(world, api, reporter, category):
    response = api(reporter).post(BASE, payload(world, category, priority="hög"), content_type="application/json")
    assert response.status_code == 422


def test_people_without_a_staff_role_cannot_report(world, api, category):
    response = api(world.persona("granskare")).post(BASE, payload(world, category), content_type="application/json")
    assert response.status_code == 403


def test_the_list_is_scoped_and_includes_ones_own_reports(world, api, report, reporter):
    own = report()
    report(unit=world.other, actor=world.persona("medarbetare"))
    theirs = report(actor=world.persona("medarbetare"))
    assert {d["number"] for d in api(reporter).get(BASE).json()} == {own.number}
    managers = {d["number"] for d in api(world.persona("enhetschef")).get(BASE).json()}
    assert managers == {own.number, theirs.number}


def test_the_list_filters_by_state_and_lex_sarah(world, api, report):
    plain = report()
    lex = report(possible_lex_sarah=True)
    client = api(world.persona("kvalitetssamordnare"))
    assert [d["number"] for d in client.get(BASE, {"lex_sarah": "ja"}).json()] == [lex.number]
    assert [d["number"] for d in client.get(BASE, {"state": "reported", "lex_sarah": "nej"}).json()] == [plain.number]


def test_detail_is_access_logged_and_hidden_from_others(world, api, report):
    deviation = report()
    audit_grant(world)
    assert api(world.persona("verksamhetsledare")).get(f"{BASE}/{deviation.pk}").status_code == 404
    response = api(world.persona("granskare")).get(f"{BASE}/{deviation.pk}")
    assert response.status_code == 200 and response.json()["version"] == deviation.version
    assert AuditEntry.objects.filter(action="view", object_id=str(deviation.pk), actor=world.persona("granskare")).exists()


def test_a_transition_through_the_api(world, api, report):
    deviation = report()
    client = api(world.persona("enhetschef"))
    response = client.post(
        f"{BASE}/{deviation.pk}/transitions",
        {"to_state": "received", "comment": "Läst", "version": deviation.version},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert response.json()["state"] == "received"
    history = client.get(f"{BASE}/{deviation.pk}/transitions").json()
    assert [(h["from_state"], h["to_state"], h["comment"]) for h in history] == [
        ("", "reported", ""),
        ("reported", "received", "Läst"),
    ]


def test_transition_errors(world, api, report, reporter):
    deviation = report()
    url = f"{BASE}/{deviation.pk}/transitions"
    manager = api(world.persona("enhetschef"))
    stale = manager.post(url, {"to_state": "received", "version": deviation.version + 5}, content_type="application/json")
    assert stale.status_code == 409
    skip = manager.post(
        url, {"to_state": "closed", "comment": "x", "version": deviation.version}, content_type="application/json"
    )
    assert skip.status_code == 422
    audit_grant(world)
    assert (
        api(world.persona("granskare"))
        .post(url, {"to_state": "received", "version": 1}, content_type="application/json")
        .status_code
        == 403
    )
    assert api(reporter).post(url, {"to_state": "received", "version": 1}, content_type="application/json").status_code == 403


def test_the_reporter_sees_history_without_comments(world, api, report, reporter):
    from lots.deviations import services

    deviation = report()
    services.deviation_transition(actor=world.persona("enhetschef"), deviation=deviation, to_state="received", comment="Intern")
    history = api(reporter).get(f"{BASE}/{deviation.pk}/transitions").json()
    assert [h["comment"] for h in history] == ["", ""]
