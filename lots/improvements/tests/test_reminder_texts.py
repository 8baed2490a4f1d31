"""The reminder mails' texts come from templates through gettext: Swedish by default, English when it is active."""

import datetime

from django.core import mail
from django.utils import translation

from lots.accounts.models import Role
from lots.improvements import reminders
from lots.improvements.tests.helpers import make_action

TODAY = datetime.date.today()


def _send(django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        reminders.send_reminders(TODAY)
    return {(m.to[0], m.subject): m.body for m in mail.outbox}


def test_the_reminders_are_plain_swedish_text(world, django_capture_on_commit_callbacks):
    owner = world.persona(Role.MEDARBETARE)
    due = TODAY + datetime.timedelta(days=3)
    action = make_action(world, world.own, owner=owner, title='Larm & "nattrutin"', due=due)
    sent = _send(django_capture_on_commit_callbacks)
    body = sent[(owner.email, f'Förbättringsåtgärd ska vara klar {due:%Y-%m-%d}: Larm & "nattrutin"')]
    assert body.startswith(f'Åtgärden "Larm & "nattrutin"" (planera) ska vara klar senast {due:%Y-%m-%d}.\n')
    assert body.rstrip().endswith(action.get_absolute_url())


def test_the_reminders_read_in_english_when_english_is_active(world, django_capture_on_commit_callbacks):
    owner = world.persona(Role.MEDARBETARE)
    due = TODAY - datetime.timedelta(days=2)
    make_action(world, world.own, owner=owner, title="Larm", due=due)
    with translation.override("en"):
        sent = _send(django_capture_on_commit_callbacks)
    assert sent[(owner.email, "Overdue improvement action: Larm")].startswith(
        f'The action "Larm" was due {due:%Y-%m-%d}. You are responsible for it.\n'
    )
    manager = world.persona(Role.ENHETSCHEF)
    assert sent[(manager.email, "Overdue improvement action: Larm")].startswith(f'The action "Larm" at {world.own.name}, with ')
