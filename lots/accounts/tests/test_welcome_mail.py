"""The welcome mail to a new person: a template through gettext, Swedish by default and English when it is active."""

from django.core import mail
from django.utils import translation

from lots.accounts.models import Role
from lots.accounts.services import person_invite


def _invite(world, django_capture_on_commit_callbacks, username):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        person_invite(
            actor=world.persona(Role.KVALITETSSAMORDNARE),
            username=username,
            first_name='Kim & "Alex"',
            last_name="Berg",
            email=f"{username}@example.invalid",
            role=Role.MEDARBETARE,
            unit=world.own,
        )
    [message] = mail.outbox
    return message


def test_the_welcome_mail_is_plain_swedish_text(world, django_capture_on_commit_callbacks):
    message = _invite(world, django_capture_on_commit_callbacks, "kim")
    assert message.subject == "Välkommen till Lots"
    assert message.body.startswith('Hej Kim & "Alex"!\n\n')
    assert "\n\nDitt användarnamn är: kim\nVälj ditt lösenord här (länken fungerar en gång):\nhttp" in message.body


def test_the_welcome_mail_reads_in_english_when_english_is_active(world, django_capture_on_commit_callbacks):
    with translation.override("en"):
        message = _invite(world, django_capture_on_commit_callbacks, "kim")
    assert message.subject == "Welcome to Lots"
    assert message.body.startswith('Hello Kim & "Alex"!\n\n')
    assert "has created an account for you in Lots, the municipality's management system for quality work." in message.body
    assert "\n\nYour username is: kim\nChoose your password here (the link works once):\nhttp" in message.body
