"""API: writing a section's text in a draft quality report, guarded like the page (integrity, versions, access)."""

import pytest

from lots.accounts.services import api_token_create
from lots.audit.models import AuditEntry

BASE = "/api/v1/reports/quality-reports"
NAME_TEXT = "Under året flyttade Kalle Svensson till ett eget boende."


@pytest.fixture
def send(client):
    def call(user, path, payload):
        _token, key = api_token_create(actor=user, name="test")
        return client.put(path, payload, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {key}")

    return call


def _version(client_get, draft, key):
    return next(s for s in client_get.json()["sections"] if s["key"] == key)["narrative_version"]


def test_a_section_text_is_written_with_its_version_and_logged(world, draft, send):
    actor = world.persona("avdelningschef")
    narrative = draft.narratives.get(section="deviations")
    url = f"{BASE}/{draft.pk}/sections/deviations/narrative"
    response = send(actor, url, {"text": "Färre avvikelser än i fjol.", "version": narrative.version})
    assert response.status_code == 200, response.content
    assert response.json()["text"] == "Färre avvikelser än i fjol."
    assert response.json()["version"] == narrative.version + 1
    assert AuditEntry.objects.filter(object_id=str(narrative.pk), action="update", actor=actor).exists()
    stale = send(actor, url, {"text": "Något annat.", "version": narrative.version})
    assert stale.status_code == 409


def test_a_section_text_naming_someone_needs_the_confirmation(world, draft, send):
    actor = world.persona("avdelningschef")
    narrative = draft.narratives.get(section="deviations")
    url = f"{BASE}/{draft.pk}/sections/deviations/narrative"
    refused = send(actor, url, {"text": NAME_TEXT, "version": narrative.version})
    assert refused.status_code == 422
    assert "Kalle Svensson" in refused.json()["detail"]["text"][0]
    narrative.refresh_from_db()
    assert narrative.text != NAME_TEXT
    accepted = send(actor, url, {"text": NAME_TEXT, "version": narrative.version, "integrity_confirmed": True})
    assert accepted.status_code == 200
    narrative.refresh_from_db()
    assert narrative.text == NAME_TEXT


def test_the_detail_gives_the_version_to_send(world, draft, client):
    _token, key = api_token_create(actor=world.persona("avdelningschef"), name="test")
    body = client.get(f"{BASE}/{draft.pk}", HTTP_AUTHORIZATION=f"Bearer {key}").json()
    section = next(s for s in body["sections"] if s["key"] == "deviations")
    assert section["narrative_version"] == draft.narratives.get(section="deviations").version


def test_only_those_who_change_the_report_write_and_unknown_sections_are_not_found(world, draft, make_report, send):
    narrative = draft.narratives.get(section="deviations")
    payload = {"text": "Text", "version": narrative.version}
    chief = world.persona("avdelningschef")
    elsewhere = make_report("other")
    assert send(world.persona("medarbetare"), f"{BASE}/{draft.pk}/sections/deviations/narrative", payload).status_code == 403
    assert send(chief, f"{BASE}/{elsewhere.pk}/sections/deviations/narrative", payload).status_code == 404
    assert send(chief, f"{BASE}/{draft.pk}/sections/okänt/narrative", payload).status_code == 404
    narrative.refresh_from_db()
    assert narrative.text != "Text"
