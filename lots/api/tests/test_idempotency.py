"""Idempotency-Key: a retried creating request creates nothing twice (lots.api.idempotency)."""

import datetime
import hashlib
import json

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from lots.accounts.services import api_token_create
from lots.api.models import IdempotentRequest
from lots.feedback.models import FeedbackCase


@pytest.fixture
def post(client, world):
    keys = {}

    def send(user, body, key, path="/api/v1/feedback"):
        if user not in keys:
            keys[user] = api_token_create(actor=user, name="test")[1]
        headers = {"HTTP_AUTHORIZATION": f"Bearer {keys[user]}"}
        if key is not None:
            headers["HTTP_IDEMPOTENCY_KEY"] = key
        return client.post(path, json.dumps(body), content_type="application/json", **headers)

    return send


def _case(world, text="Ring oftare."):
    return {"unit_id": world.own.pk, "kind": "synpunkt", "channel": "telefon", "description": text}


def test_a_retry_with_the_same_key_returns_the_same_case_and_creates_one(world, post):
    staff = world.persona("enhetschef")
    first = post(staff, _case(world), "retry-1")
    again = post(staff, _case(world), "retry-1")
    assert first.status_code == again.status_code == 201
    assert again.json()["id"] == first.json()["id"]
    assert again["Idempotent-Replayed"] == "true"
    assert FeedbackCase.objects.count() == 1


def test_without_a_key_each_request_creates(world, post):
    staff = world.persona("enhetschef")
    post(staff, _case(world), None)
    post(staff, _case(world), None)
    assert FeedbackCase.objects.count() == 2


def test_the_same_key_with_another_body_is_refused(world, post):
    staff = world.persona("enhetschef")
    post(staff, _case(world), "retry-2")
    response = post(staff, _case(world, "Något annat."), "retry-2")
    assert response.status_code == 422
    assert "Idempotency-Key" in response.json()["detail"]
    assert FeedbackCase.objects.count() == 1


def test_the_same_key_on_another_endpoint_is_refused(world, post):
    staff = world.persona("enhetschef")
    post(staff, _case(world), "retry-3")
    response = post(staff, _case(world), "retry-3", path="/api/v1/deviations")
    assert response.status_code == 422


def test_two_people_may_use_the_same_key(world, post):
    post(world.persona("enhetschef"), _case(world), "shared")
    response = post(world.persona("kvalitetssamordnare"), _case(world), "shared")
    assert response.status_code == 201
    assert FeedbackCase.objects.count() == 2


def test_a_request_still_running_with_the_key_makes_a_second_wait_with_409(world, post):
    staff = world.persona("enhetschef")
    fingerprint = hashlib.sha256(json.dumps(_case(world)).encode()).hexdigest()
    IdempotentRequest.objects.create(user=staff, key="running", endpoint="/api/v1/feedback", fingerprint=fingerprint)
    response = post(staff, _case(world), "running")
    assert response.status_code == 409
    assert not FeedbackCase.objects.exists()


def test_a_failed_request_keeps_no_answer_so_it_can_be_sent_again(world, post):
    staff = world.persona("enhetschef")
    refused = post(staff, {**_case(world), "unit_id": world.foreign.pk}, "after-fix")
    assert refused.status_code == 404
    assert not IdempotentRequest.objects.exists()


def test_an_answer_is_kept_for_a_day(world, post):
    staff = world.persona("enhetschef")
    post(staff, _case(world), "old")
    IdempotentRequest.objects.update(created_at=timezone.now() - datetime.timedelta(hours=25))
    response = post(staff, _case(world), "old")
    assert response.status_code == 201
    assert FeedbackCase.objects.count() == 2


def test_an_overlong_key_is_refused(world, post):
    response = post(world.persona("enhetschef"), _case(world), "x" * 256)
    assert response.status_code == 422
    assert not FeedbackCase.objects.exists()


def test_the_key_is_described_in_the_openapi_schema(client, db):
    assert "Idempotency-Key" in client.get("/api/v1/openapi.json").json()["info"]["description"]


def test_the_database_lets_one_of_two_requests_with_a_key_reserve_it(world):
    staff = world.persona("enhetschef")
    IdempotentRequest.objects.create(user=staff, key="once", endpoint="/api/v1/feedback", fingerprint="a")
    with pytest.raises(IntegrityError), transaction.atomic():
        IdempotentRequest.objects.create(user=staff, key="once", endpoint="/api/v1/feedback", fingerprint="a")
