"""The reminder mails' texts come from templates through gettext: Swedish by default, English when it is active."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from lots.accounts.models import Role
from lots.processes import reminders
from lots.processes.models import Process, Routine, RoutineVersion
from lots.processes.tests.helpers import make_law, make_process, make_routine, make_task

TODAY = timezone.localdate()


@pytest.fixture
def due_things(world):
    """A task coming due and one overdue, a routine to review and to read, a law to review, a process overdue for review."""
    make_task(world, world.own, due=TODAY + datetime.timedelta(days=5), title="Riskanalys")
    make_task(world, world.own, due=TODAY - datetime.timedelta(days=5), title="Arbets- och skyddsrond")
    routine = make_routine(world, world.own, title="Skyddsbedömning")
    Routine.objects.filter(pk=routine.pk).update(review_date=TODAY + datetime.timedelta(days=10))
    RoutineVersion.objects.filter(pk=routine.current_version_id).update(acknowledge_by=TODAY + datetime.timedelta(days=3))
    make_law(world, world.own)
    process = make_process(world, world.own, name="Mottagning")
    overdue = TODAY - datetime.timedelta(days=1)
    Process.objects.filter(pk=process.pk).update(review_date=overdue, owner=world.persona(Role.ENHETSCHEF))


def _send(django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        reminders.send_reminders(TODAY)
    return {(m.to[0], m.subject): m.body for m in mail.outbox}


def test_the_reminders_are_plain_swedish_text(world, due_things, django_capture_on_commit_callbacks):
    sent = _send(django_capture_on_commit_callbacks)
    chief, staff = world.persona(Role.ENHETSCHEF).email, world.persona(Role.MEDARBETARE).email
    late = TODAY - datetime.timedelta(days=5)
    body = sent[(chief, f"Försenad: Arbets- och skyddsrond senast {late:%Y-%m-%d}")]
    assert body.startswith(f"Arbets- och skyddsrond för {world.own.name} ska vara klar senast {late:%Y-%m-%d}.\n")
    assert "\n\nMarkera den som klar i årshjulet:\nhttp" in body
    reading = next(body for (to, subject), body in sent.items() if to == staff and subject.startswith("Läs rutinen"))
    assert reading.startswith('Version 1 av rutinen "Skyddsbedömning" gäller för din enhet.')
    laws = sent[(world.persona(Role.KVALITETSSAMORDNARE).email, "Laglistan behöver gås igenom (1 författning)")]
    assert laws.startswith(f"1 författning i laglistan för {world.m1.name} har inte gåtts igenom det senaste året.\n")


def test_the_reminders_read_in_english_for_people_who_chose_english(world, due_things, django_capture_on_commit_callbacks):
    for role in (Role.ENHETSCHEF, Role.MEDARBETARE, Role.KVALITETSSAMORDNARE):
        person = world.persona(role)
        person.language = "en"
        person.save(update_fields=["language"])
    sent = _send(django_capture_on_commit_callbacks)
    chief, staff = world.persona(Role.ENHETSCHEF).email, world.persona(Role.MEDARBETARE).email
    soon, late = TODAY + datetime.timedelta(days=5), TODAY - datetime.timedelta(days=5)
    assert (chief, f"Reminder: Riskanalys, due {soon:%Y-%m-%d}") in sent
    body = sent[(chief, f"Overdue: Arbets- och skyddsrond, due {late:%Y-%m-%d}")]
    assert body.startswith(f"Arbets- och skyddsrond for {world.own.name} is due by {late:%Y-%m-%d}.\n")
    assert "Mark it done in the yearly calendar:" in body
    review = sent[(chief, "Time to review: the routine Skyddsbedömning")]
    assert review.startswith("The review of the routine Skyddsbedömning is due by ")
    assert sent[(chief, "Overdue review: the process Mottagning")].startswith("The review of the process Mottagning is due by ")
    reading = next(body for (to, subject), body in sent.items() if to == staff and subject.startswith("Read the routine"))
    assert reading.startswith('Version 1 of the routine "Skyddsbedömning" applies to your unit.')
    laws = sent[(world.persona(Role.KVALITETSSAMORDNARE).email, "The law list needs a review (1 law)")]
    assert laws.startswith(f"1 law in the law list of {world.m1.name} has not been reviewed in the last year.\n")
