"""A refused login is logged with the user name tried, never the password."""

import json

import pytest
from django.urls import reverse

from lots.audit.models import AuditEntry

pytestmark = pytest.mark.django_db

LOGIN = reverse("accounts:login")


def test_a_wrong_password_is_logged_against_the_account_tried(world, client):
    person = world.persona("enhetschef")
    response = client.post(LOGIN, {"username": person.username, "password": "hemligt-fel-lösen"})
    assert response.status_code == 200
    entry = AuditEntry.objects.get(action=AuditEntry.Action.LOGIN_FAILED)
    assert (entry.actor, entry.note) == (person, f"Användarnamn: {person.username}")
    assert "hemligt" not in json.dumps([entry.note, entry.changes, entry.object_repr, entry.actor_name])


def test_an_unknown_user_name_is_logged_without_a_person(world, client):
    client.post(LOGIN, {"username": "ingen.sadan", "password": "x" * 12})
    entry = AuditEntry.objects.get(action=AuditEntry.Action.LOGIN_FAILED)
    assert (entry.actor, entry.note) == (None, "Användarnamn: ingen.sadan")


def test_an_empty_form_is_not_a_login_attempt(world, client):
    assert client.post(LOGIN, {"username": "", "password": ""}).status_code == 200
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.LOGIN_FAILED).exists()


def test_a_locked_out_account_still_logs_each_attempt(world, client, settings):
    person = world.persona("enhetschef")
    attempts = settings.AXES_FAILURE_LIMIT + 1
    for _ in range(attempts):
        client.post(LOGIN, {"username": person.username, "password": "fel-fel-fel-fel"})
    assert AuditEntry.objects.filter(action=AuditEntry.Action.LOGIN_FAILED, actor=person).count() == attempts


def test_a_successful_login_logs_no_failure(world, client):
    person = world.persona("enhetschef")
    person.set_password("rätt-lösenord-2026")
    person.save()
    assert client.post(LOGIN, {"username": person.username, "password": "rätt-lösenord-2026"}).status_code == 302
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.LOGIN_FAILED).exists()
    assert AuditEntry.objects.filter(action=AuditEntry.Action.LOGIN, actor=person).exists()
