"""The mail about a newly established routine version: a template through gettext, Swedish or English."""

from django.core import mail
from django.utils import translation

from lots.accounts.models import Role
from lots.processes import services
from lots.processes.tests.helpers import make_routine


def _establish(world, django_capture_on_commit_callbacks):
    routine = make_routine(world, world.own, title='Larm & "natt"', establish=False)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        version = services.routine_establish(actor=world.persona(Role.ENHETSCHEF), draft=routine.versions.get())
    staff = world.persona(Role.MEDARBETARE).email
    return version, next(m for m in mail.outbox if m.to == [staff])


def test_the_new_version_mail_is_plain_swedish_text(world, django_capture_on_commit_callbacks):
    version, message = _establish(world, django_capture_on_commit_callbacks)
    assert message.subject == 'Ny version av rutinen Larm & "natt"'
    assert message.body.startswith(
        'Version 1 av rutinen "Larm & "natt"" är fastställd och gäller för din enhet.\n'
        f"Läs den och bekräfta att du har läst och förstått senast {version.acknowledge_by:%Y-%m-%d}:\nhttp"
    )


def test_the_new_version_mail_reads_in_english_when_english_is_active(world, django_capture_on_commit_callbacks):
    with translation.override("en"):
        version, message = _establish(world, django_capture_on_commit_callbacks)
    assert message.subject == 'New version of the routine Larm & "natt"'
    assert message.body.startswith(
        'Version 1 of the routine "Larm & "natt"" has been established and applies to your unit.\n'
        f"Read it and confirm that you have read and understood it by {version.acknowledge_by:%Y-%m-%d}:\nhttp"
    )
