"""The passkey ceremony addresses: only for a signed-in person, failures logged, and the scripts' texts in Swedish."""

import pytest
from django.urls import reverse

from lots.audit.models import AuditEntry

pytestmark = pytest.mark.usefixtures("enforced")


def test_nobody_signs_in_with_a_passkey_alone(client, db):
    response = client.post(reverse("mfa:passkey_auth_begin"), content_type="application/json")
    assert response.status_code in (401, 403) and response.json()["code"]


def test_a_failed_passkey_answer_is_refused_as_json_and_logged(client, manager):
    client.force_login(manager)
    response = client.post(reverse("mfa:passkey_auth_complete"), {"id": "x"}, content_type="application/json")
    assert response.status_code == 400 and response.json()["code"] == "invalid_state"
    assert AuditEntry.objects.filter(actor=manager, action="second_factor_failed", note="Nyckel").exists()


def test_malformed_json_is_a_json_error_not_a_crash(client, manager):
    client.force_login(manager)
    response = client.post(reverse("mfa:passkey_register_complete"), "{not json", content_type="application/json")
    assert response.status_code == 400


def test_the_passkey_scripts_speak_swedish(client, manager):
    client.force_login(manager)
    catalog = client.get(reverse("mfa:jsi18n")).content.decode()
    assert "Nyckeln \\u00e4r tillagd." in catalog or "Nyckeln är tillagd." in catalog
