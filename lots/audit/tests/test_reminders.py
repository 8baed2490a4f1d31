"""The daily job verifies the log and tells the quality coordinators of a break, once per break."""

import datetime

import pytest
from django.core import mail
from django.db import connection, transaction

from lots.accounts.models import Role
from lots.audit import guard, reminders
from lots.audit import services as audit
from lots.testing.factories import RoleAssignmentFactory, UserFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 3, 2)


@pytest.fixture
def coordinators(world):
    own = world.persona("kvalitetssamordnare")
    other = UserFactory(username="samordnare.andra", email="andra@exempel.se")
    RoleAssignmentFactory(user=other, role=Role.KVALITETSSAMORDNARE, unit=world.foreign.parent.parent)
    return own, other


def _forge(entry):
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL session_replication_role = replica")
        with guard.unlocked():
            cursor.execute("UPDATE audit_auditentry SET note = 'förfalskad' WHERE id = %s", [entry.pk])
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL session_replication_role = DEFAULT")


def test_an_intact_log_sends_nothing(world, coordinators, django_capture_on_commit_callbacks):
    audit.record(actor=None, action="update", obj=world.own)
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders.send_reminders(today=TODAY) == 0
    assert mail.outbox == []


def test_a_break_in_a_municipality_goes_to_its_coordinators_once(world, coordinators, django_capture_on_commit_callbacks):
    own, other = coordinators
    entry = audit.record(actor=None, action="update", obj=world.own)
    _forge(entry)
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders.send_reminders(today=TODAY) == 1
    [message] = mail.outbox
    assert message.to == [own.email]
    assert message.subject == "Loggen är bruten"
    assert f"kedja {entry.chain}, länk {entry.seq} (post-id {entry.pk})" in message.body
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders.send_reminders(today=TODAY + datetime.timedelta(days=1)) == 0
    assert len(mail.outbox) == 1


def test_a_break_in_the_global_chain_goes_to_every_coordinator(world, coordinators, django_capture_on_commit_callbacks):
    entry = audit.record(actor=world.persona("enhetschef"), action="login")
    _forge(entry)
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders.send_reminders(today=TODAY) == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted(c.email for c in coordinators)


def test_a_new_break_is_told_as_well(world, coordinators, django_capture_on_commit_callbacks):
    first = audit.record(actor=None, action="update", obj=world.own)
    _forge(first)
    reminders.send_reminders(today=TODAY)
    second = audit.record(actor=None, action="update", obj=world.foreign)
    _forge(second)
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders.send_reminders(today=TODAY) == 1
    assert mail.outbox[-1].to == [coordinators[1].email]
