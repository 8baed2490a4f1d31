"""Text from the API is cleaned at the edge: control and bidirectional characters never reach the data, so one
record cannot break an export for everyone; one e-mail address is one address."""

import datetime

import pytest
from django.utils import timezone

from lots.accounts.services import api_token_create
from lots.deviations.models import Deviation
from lots.deviations.tests.conftest import category, reporter  # noqa: F401
from lots.feedback.models import FeedbackCase
from lots.testing.spreadsheets import xlsx_rows


@pytest.fixture
def api(client):
    def as_user(user):
        _token, key = api_token_create(actor=user, name="test")
        client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {key}"
        return client

    return as_user


def test_control_characters_sent_to_the_api_are_not_stored_and_the_export_still_works(world, api, reporter, category, client_for):  # noqa: F811
    data = {
        "unit_id": world.own.pk,
        "occurred_at": (timezone.now() - datetime.timedelta(hours=1)).isoformat(),
        "description": "Larmet\x07 gick\x00 av\u202e igen",
        "category_id": category.pk,
    }
    response = api(reporter).post("/api/v1/deviations", data, content_type="application/json")
    assert response.status_code == 201, response.content
    assert Deviation.objects.get().description == "Larmet gick av igen"
    manager = client_for(world.persona("enhetschef"))
    rows = xlsx_rows(manager.get("/avvikelser/export.xlsx"))
    assert any("Larmet gick av igen" in (cell or "") for row in rows[1:] for cell in row if isinstance(cell, str))


def _feedback(email):
    return {
        "unit_id": None,
        "kind": "synpunkt",
        "channel": "telefon",
        "description": "Ring oftare.",
        "reply": "e_post",
        "contact_email": email,
    }


@pytest.mark.parametrize("email", ["a@example.com, victim@example.org", "a@example.com\nBcc: b@example.org", "inte-en-adress"])
def test_the_api_refuses_anything_but_one_e_mail_address(world, api, email):
    data = {**_feedback(email), "unit_id": world.own.pk}
    response = api(world.persona("medarbetare")).post("/api/v1/feedback", data, content_type="application/json")
    assert response.status_code == 422, response.content
    assert "contact_email" in response.json()["detail"]
    assert not FeedbackCase.objects.exists()


def test_one_valid_address_is_accepted(world, api):
    data = {**_feedback("anhorig@example.org"), "unit_id": world.own.pk}
    response = api(world.persona("medarbetare")).post("/api/v1/feedback", data, content_type="application/json")
    assert response.status_code == 201, response.content
    assert FeedbackCase.objects.get().contact_email == "anhorig@example.org"
