"""A routine draft sent for approval is a mail and a task for the nearest managers who may establish it, and the
comparison page carries their approve button."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from lots.accounts.models import Role
from lots.audit.models import AuditEntry
from lots.home.my_tasks import tasks_for
from lots.processes import services
from lots.processes.models import RoutineVersion
from lots.processes.tests.helpers import make_routine
from lots.testing.factories import RoleAssignmentFactory, UserFactory


@pytest.fixture
def draft(world):
    routine = make_routine(world, world.own)
    return services.routine_draft_start(actor=world.persona(Role.KVALITETSSAMORDNARE), routine=routine)


@pytest.fixture
def boss(world):
    """A förvaltningschef above the unit: may establish too, but is not the nearest manager."""
    user = UserFactory(username="chefen-ovanfor", email="chefen-ovanfor@exempel.invalid")
    RoleAssignmentFactory(user=user, role=Role.FORVALTNINGSCHEF, unit=world.forvaltning, include_subunits=True)
    return user


def approval_tasks(user):
    return [t for t in tasks_for(user, timezone.localdate()) if t.title.startswith("Fastställ rutinen")]


def test_sending_a_draft_mails_the_nearest_manager_who_may_establish_it(world, draft, boss, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.routine_draft_submit(actor=world.persona(Role.KVALITETSSAMORDNARE), draft=draft)
    recipients = {m.to[0] for m in mail.outbox}
    assert world.persona(Role.ENHETSCHEF).email in recipients
    assert boss.email not in recipients
    (message,) = [m for m in mail.outbox if m.to == [world.persona(Role.ENHETSCHEF).email]]
    assert message.subject == f"Rutinen {draft.routine.title} väntar på att fastställas"
    assert reverse("processes:compare", args=[draft.routine_id]) in message.body
    assert AuditEntry.objects.filter(object_id=str(draft.pk), note__startswith="Skickad för fastställelse").exists()


def test_the_draft_is_the_approvers_task_until_it_is_established(world, draft, boss):
    chief = world.persona(Role.ENHETSCHEF)
    assert approval_tasks(chief) == []
    services.routine_draft_submit(actor=world.persona(Role.KVALITETSSAMORDNARE), draft=draft)
    (task,) = approval_tasks(chief)
    assert task.url == reverse("processes:compare", args=[draft.routine_id])
    assert approval_tasks(boss) == []
    assert approval_tasks(world.persona(Role.MEDARBETARE)) == []
    services.routine_establish(actor=chief, draft=draft)
    assert approval_tasks(chief) == []


def test_sending_twice_mails_once(world, draft, django_capture_on_commit_callbacks):
    sender = world.persona(Role.KVALITETSSAMORDNARE)
    with django_capture_on_commit_callbacks(execute=True):
        services.routine_draft_submit(actor=sender, draft=draft)
    assert mail.outbox
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.routine_draft_submit(actor=sender, draft=draft)
    assert mail.outbox == []


def test_a_draft_that_cannot_be_established_is_not_sent(world):
    routine = make_routine(world, world.own, establish=False, no_collaboration_reason="")
    draft = routine.versions.get()
    with pytest.raises(Exception) as refused:
        services.routine_draft_submit(actor=world.persona(Role.KVALITETSSAMORDNARE), draft=draft)
    assert "samverkan" in str(refused.value).lower()
    draft.refresh_from_db()
    assert draft.submitted_at is None


def test_the_comparison_page_carries_the_approve_button_for_the_approver(world, draft, client):
    client.force_login(world.persona(Role.ENHETSCHEF))
    page = client.get(reverse("processes:compare", args=[draft.routine_id])).content.decode()
    establish = reverse("processes:routine_establish", args=[draft.routine_id])
    assert f'action="{establish}"' in page
    assert "Fastställ versionen" in page
    response = client.post(establish)
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == RoutineVersion.Status.ESTABLISHED


def test_someone_who_may_not_establish_sends_the_draft_from_the_comparison_page(world, draft, client):
    client.force_login(world.persona(Role.KVALITETSSAMORDNARE))
    page = client.get(reverse("processes:compare", args=[draft.routine_id])).content.decode()
    assert "Fastställ versionen" not in page
    submit = reverse("processes:draft_submit", args=[draft.routine_id])
    assert f'action="{submit}"' in page
    response = client.post(submit, follow=True)
    assert "Utkastet är skickat för fastställelse till" in response.content.decode()
    draft.refresh_from_db()
    assert draft.submitted_by == world.persona(Role.KVALITETSSAMORDNARE)


def test_staff_cannot_send_a_draft(world, draft, client):
    client.force_login(world.persona(Role.MEDARBETARE))
    assert client.post(reverse("processes:draft_submit", args=[draft.routine_id])).status_code in (403, 404)
    draft.refresh_from_db()
    assert draft.submitted_at is None
