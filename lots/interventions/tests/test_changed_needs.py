"""Changed needs: the participant is reported to the unit exercising authority, their service ends, and the report
is a task with reminders for the people there until one of them confirms receipt."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from lots.accounts.models import Role
from lots.interventions import reminders, services, tasks
from lots.interventions.models import NeedsReport, Participant
from lots.testing.factories import RoleAssignmentFactory, UserFactory

from .conftest import TODAY

pytestmark = pytest.mark.django_db


@pytest.fixture
def receiver(world):
    """A social worker at the unit exercising authority ("other")."""
    person = UserFactory(username="handlaggare", email="handlaggare@example.invalid")
    RoleAssignmentFactory(user=person, role=Role.MEDARBETARE, unit=world.other, include_subunits=False)
    return person


@pytest.fixture
def send(register, staff, world):
    def make(participant=None, *, sent_on=TODAY, **data):
        participant = participant or register()
        return services.needs_report_send(
            actor=staff,
            participant=participant,
            expected_version=participant.version,
            to_unit=data.pop("to_unit", world.other),
            kind=NeedsReport.Kind.NOTIFICATION,
            grounds=data.pop("grounds", "Behovet av stöd är större än insatsen kan ge."),
            sent_on=sent_on,
            **data,
        )

    return make


def _mails_to(address: str) -> int:
    return len([m for m in mail.outbox if m.to == [address]])


def test_a_report_ends_the_participant_s_service(send, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        report = send()
    participant = Participant.objects.get()
    assert participant.status == Participant.Status.ENDED
    assert participant.ended_on == TODAY
    assert participant.end_reason == Participant.EndReason.CHANGED_NEEDS
    assert report.participant == participant and report.participant_reference == participant.reference
    assert not report.is_confirmed


def test_the_people_at_the_receiving_unit_get_a_mail_once_it_is_sent(send, receiver, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        send()
    assert _mails_to(receiver.email) == 1
    assert "bekräfta" in mail.outbox[-1].body.lower()


def test_the_report_is_a_task_for_the_receiving_unit_until_confirmed(send, receiver, staff):
    report = send()
    [task] = tasks.tasks_for(receiver, TODAY)
    assert task.url == reverse("interventions:report", args=[report.pk])
    assert task.due == TODAY + tasks.CONFIRM_WITHIN
    assert "G-1" not in task.title  # the task list does not name the participant
    assert tasks.tasks_for(staff, TODAY) == []  # the sender has nothing to confirm
    services.needs_report_confirm(actor=receiver, report=report, expected_version=report.version)
    assert tasks.tasks_for(receiver, TODAY) == []


def test_reminders_go_weekly_to_the_receiving_unit_until_confirmed(send, register, receiver, django_capture_on_commit_callbacks):
    report = send(register(on=TODAY - datetime.timedelta(days=20)), sent_on=TODAY - datetime.timedelta(days=10))

    def run(day):
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            reminders.send_reminders(day)
        return _mails_to(receiver.email)

    assert run(TODAY) == 1
    assert "väntar på bekräftelse" in mail.outbox[-1].subject
    assert run(TODAY) == 0  # once a week
    assert run(TODAY + datetime.timedelta(days=7)) == 1
    report.refresh_from_db()
    services.needs_report_confirm(actor=receiver, report=report, expected_version=report.version)
    assert run(TODAY + datetime.timedelta(days=14)) == 0


def test_no_reminder_before_the_confirmation_is_due(send, receiver, django_capture_on_commit_callbacks):
    send()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        reminders.send_reminders(TODAY)
    assert _mails_to(receiver.email) == 0


def test_a_report_goes_to_another_open_unit_of_the_municipality(send, register, world):
    participant = register()
    with pytest.raises(ValidationError) as error:
        send(participant, to_unit=world.foreign)
    assert "to_unit" in error.value.message_dict
    with pytest.raises(ValidationError, match="inte till den egna enheten"):
        send(participant, to_unit=world.own)
    assert Participant.objects.get().status == Participant.Status.ACTIVE


def test_a_report_naming_others_is_flagged(send):
    with pytest.raises(ValidationError) as error:
        send(grounds="Pappan Kalle Svensson dricker.")
    assert error.value.error_dict["grounds"][0].code == "integrity"
    assert not NeedsReport.objects.exists()


def test_an_ended_participant_cannot_be_reported_again(send):
    report = send()
    participant = Participant.objects.get(pk=report.participant_id)
    with pytest.raises(ValidationError, match="redan avslutat"):
        send(participant)


def test_only_someone_at_the_receiving_unit_confirms(send, receiver, staff, client_for):
    report = send()
    address = reverse("interventions:report", args=[report.pk])
    assert client_for(staff).get(address).status_code == 200  # the sender sees it
    assert client_for(staff).post(address, {"version": report.version}).status_code == 403
    response = client_for(receiver).post(address, {"version": report.version})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.confirmed_by == receiver


def test_a_report_cannot_be_confirmed_twice(send, receiver, client_for):
    report = send()
    services.needs_report_confirm(actor=receiver, report=report, expected_version=report.version)
    response = client_for(receiver).post(reverse("interventions:report", args=[report.pk]), {"version": report.version})
    assert response.status_code == 422
    assert "redan bekräftad" in response.content.decode()


def test_the_report_form_sends_and_ends_the_service(register, staff, world, client_for):
    participant = register()
    data = {"to_unit": world.other.pk, "kind": "application", "grounds": "Behöver mer stöd.", "version": participant.version}
    response = client_for(staff).post(reverse("interventions:report_create", args=[participant.pk]), data)
    report = NeedsReport.objects.get()
    assert response.status_code == 302 and response.url == reverse("interventions:report", args=[report.pk])
    participant.refresh_from_db()
    assert participant.status == Participant.Status.ENDED


def test_the_report_form_keeps_the_text_when_the_unit_is_missing(register, staff, client_for):
    participant = register()
    data = {"kind": "notification", "grounds": "Behöver mer stöd än gruppen ger.", "version": participant.version}
    response = client_for(staff).post(reverse("interventions:report_create", args=[participant.pk]), data)
    assert response.status_code == 422
    assert "Behöver mer stöd än gruppen ger." in response.content.decode()
    assert not NeedsReport.objects.exists()


def test_the_task_shows_on_the_receiver_s_start_page(send, receiver, client_for):
    report = send()
    page = client_for(receiver).get(reverse("home:start")).content.decode()
    assert reverse("interventions:report", args=[report.pk]) in page


def test_the_mail_to_the_receiving_unit_is_written_in_the_language_each_person_chose(
    send, receiver, django_capture_on_commit_callbacks
):
    receiver.language = "en"
    receiver.save(update_fields=["language"])
    with django_capture_on_commit_callbacks(execute=True):
        send()
    [sent] = [m for m in mail.outbox if m.to == [receiver.email]]
    assert "Confirm that it has been received:" in sent.body
    assert " to confirm" in sent.subject
