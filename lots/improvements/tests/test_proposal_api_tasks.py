"""The proposal API, "Mina uppgifter" and the reminders about waiting proposals."""

import datetime

import pytest
from django.core import mail
from django.test import override_settings
from django.utils import timezone

from lots.accounts.models import Role
from lots.accounts.services import api_token_create
from lots.improvements import proposal_tasks, tasks
from lots.improvements.models import Proposal
from lots.improvements.tests.proposal_helpers import make_proposal
from lots.testing.factories import RoleAssignmentFactory, UserFactory

TODAY = datetime.date.today()


@pytest.fixture
def api(client):
    def call(user, method, path, payload=None):
        _token, key = api_token_create(actor=user, name="test")
        headers = {"Authorization": f"Bearer {key}"}
        if method == "get":
            return client.get(f"/api/v1{path}", payload or {}, headers=headers)
        return client.post(f"/api/v1{path}", payload or {}, content_type="application/json", headers=headers)

    return call


def test_staff_propose_through_the_api_on_their_first_unit_by_default(world, api):
    staff = world.persona(Role.MEDARBETARE)
    response = api(staff, "post", "/improvement-proposals", {"text": "Bättre schema", "anonymous": True})
    assert response.status_code == 201, response.content
    assert response.json()["unit_id"] == world.own.pk
    assert response.json()["proposer"] == str(staff)
    assert api(staff, "post", "/improvement-proposals", {"text": "X", "unit_id": world.other.pk}).status_code == 422
    assert api(staff, "post", "/improvement-proposals", {"text": "x" * 2001}).status_code == 422
    assert api(staff, "post", "/improvement-proposals", {"text": "X", "extra": 1}).status_code == 422
    assert api(world.persona(Role.GRANSKARE), "post", "/improvement-proposals", {"text": "X"}).status_code == 403


def test_the_api_list_is_scoped_and_keeps_anonymity(world, api):
    make_proposal(world, anonymous=True, text="Anonymt")
    elsewhere = UserFactory(username="annan")
    RoleAssignmentFactory(user=elsewhere, role=Role.MEDARBETARE, unit=world.other, include_subunits=False)
    make_proposal(world, world.other, proposer=elsewhere, text="Annan enhet")
    response = api(world.persona(Role.ENHETSCHEF), "get", "/improvement-proposals")
    assert response.status_code == 200
    assert [(p["text"], p["proposer"]) for p in response.json()] == [("Anonymt", "Anonym")]
    own = api(world.persona(Role.MEDARBETARE), "get", "/improvement-proposals").json()
    assert [p["proposer"] for p in own] == [str(world.persona(Role.MEDARBETARE))]
    assert api(world.persona(Role.GRANSKARE), "get", "/improvement-proposals").json() == []
    assert api(world.persona(Role.ENHETSCHEF), "get", "/improvement-proposals", {"status": "x"}).status_code == 422


def test_a_waiting_proposal_is_a_task_for_the_nearest_line_manager_only(world):
    section_chief = UserFactory(username="sektionschef")
    RoleAssignmentFactory(user=section_chief, role=Role.ENHETSCHEF, unit=world.sub)
    staff = UserFactory(username="handlaggare")
    RoleAssignmentFactory(user=staff, role=Role.MEDARBETARE, unit=world.sub, include_subunits=False)
    proposal = make_proposal(world, world.sub, proposer=staff, text="Kortare möten")
    found = tasks.tasks_for(section_chief, TODAY)
    assert [(t.title, t.due) for t in found] == [
        ("Besvara förbättringsförslag: Kortare möten", TODAY + datetime.timedelta(days=14))
    ]
    assert tasks.tasks_for(world.persona(Role.ENHETSCHEF), TODAY) == []
    Proposal.objects.filter(pk=proposal.pk).update(status="declined", answer="Nej", triaged_at=timezone.now())
    assert tasks.tasks_for(section_chief, TODAY) == []


@override_settings(LOTS_REMINDER_DIGEST=False)
def test_reminders_go_after_14_days_once_a_week(world, django_capture_on_commit_callbacks):
    section_chief = UserFactory(username="sektionschef")
    RoleAssignmentFactory(user=section_chief, role=Role.ENHETSCHEF, unit=world.sub)
    proposal = make_proposal(world, world.sub, proposer=world.persona(Role.AVDELNINGSCHEF))
    with django_capture_on_commit_callbacks(execute=True):
        assert proposal_tasks.send_reminders(TODAY + datetime.timedelta(days=13)) == 0
        assert proposal_tasks.send_reminders(TODAY + datetime.timedelta(days=14)) == 1
        assert proposal_tasks.send_reminders(TODAY + datetime.timedelta(days=14)) == 0
    assert [m.to for m in mail.outbox] == [[section_chief.email]]
    assert "Förbättringsförslag väntar på svar" in mail.outbox[0].subject
    Proposal.objects.filter(pk=proposal.pk).update(status="declined", answer="Nej", triaged_at=timezone.now())
    assert proposal_tasks.send_reminders(TODAY + datetime.timedelta(days=30)) == 0
