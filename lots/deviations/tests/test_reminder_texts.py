"""The reminder mails' texts come from a template through gettext: Swedish by default, English when it is active."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from lots.accounts.models import Role
from lots.deviations.reminders import send_reminders
from lots.testing.factories import RoleAssignmentFactory, UserFactory


@pytest.fixture
def boss(world):
    user = UserFactory(username="chefen-ovanfor")
    RoleAssignmentFactory(user=user, role=Role.FORVALTNINGSCHEF, unit=world.forvaltning, include_subunits=True)
    return user


def _escalated(report, django_capture_on_commit_callbacks):
    """A report whose first step is overdue past the escalation time: (report, {recipient: mail})."""
    deviation = report()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        send_reminders(today=timezone.localdate() + datetime.timedelta(days=7))
    return deviation, {m.to[0]: m for m in mail.outbox}


def test_the_reminder_and_the_escalation_are_plain_swedish_text(world, report, boss, django_capture_on_commit_callbacks):
    deviation, sent = _escalated(report, django_capture_on_commit_callbacks)
    reminder, escalation = sent[world.persona("enhetschef").email], sent[boss.email]
    assert reminder.subject.startswith("Försenat: ") and reminder.subject.endswith(f" för avvikelse {deviation.number}")
    assert reminder.body.startswith(f"Avvikelse {deviation.number} på {world.own.name} väntar: ")
    assert reminder.body.rstrip().endswith(deviation.get_absolute_url())
    assert "närmast ovanför" not in reminder.body
    why = f"Du får det här eftersom steget är försenat och du är chef närmast ovanför {deviation.responsible}."
    assert why in escalation.body


def test_the_reminder_and_the_escalation_read_in_english_when_english_is_active(
    world, report, boss, django_capture_on_commit_callbacks
):
    # Each mail is written in its recipient's language, whatever the language of the run.
    for person in (world.persona("enhetschef"), boss):
        person.language = "en"
        person.save(update_fields=["language"])
    deviation, sent = _escalated(report, django_capture_on_commit_callbacks)
    reminder, escalation = sent[world.persona("enhetschef").email], sent[boss.email]
    assert reminder.subject.startswith("Overdue: ") and reminder.subject.endswith(f" for deviation {deviation.number}")
    assert reminder.body.startswith(f"Deviation {deviation.number} at {world.own.name} is waiting: ")
    assert (
        f"You receive this because the step is overdue and you are the manager directly above {deviation.responsible}."
        in escalation.body
    )
