"""Reminders before the deadline and escalation after it, with a moved clock (never a sleep)."""

import datetime
import io

from django.core import mail
from django.core.management import call_command

from lots.audit.models import AuditEntry
from lots.feedback import services
from lots.feedback.models import FeedbackCase, FeedbackSettings
from lots.feedback.reminders import send_reminders
from lots.feedback.tests.conftest import aware

C = FeedbackCase
RECEIVED = datetime.date(2026, 3, 2)  # due 2026-03-16 with the default 14 days


def test_nothing_is_sent_while_the_deadline_is_far_away(world, sub_manager, make_case):
    make_case(world.sub, received_at=aware(RECEIVED))
    mail.outbox.clear()
    assert send_reminders(today=datetime.date(2026, 3, 12)) == 0
    assert mail.outbox == []


def test_the_handler_is_reminded_before_the_deadline_once(world, sub_manager, make_case, django_capture_on_commit_callbacks):
    case = make_case(world.sub, received_at=aware(RECEIVED))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert send_reminders(today=datetime.date(2026, 3, 13)) == 1
        assert send_reminders(today=datetime.date(2026, 3, 14)) == 0
    assert [m.to for m in mail.outbox] == [[sub_manager.email]]
    assert case.reference in mail.outbox[0].subject
    assert "om 3 dagar" in mail.outbox[0].body


def test_the_reminder_follows_the_municipality_setting(world, sub_manager, make_case):
    FeedbackSettings.objects.create(municipality=world.m1, deadline_days=14, reminder_days_before=1)
    make_case(world.sub, received_at=aware(RECEIVED))
    assert send_reminders(today=datetime.date(2026, 3, 13)) == 0
    assert send_reminders(today=datetime.date(2026, 3, 15)) == 1


def test_an_overdue_case_escalates_to_the_next_level_once(world, sub_manager, make_case, django_capture_on_commit_callbacks):
    case = make_case(world.sub, received_at=aware(RECEIVED))
    services.feedback_receive(actor=sub_manager, case=case)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        sent = send_reminders(today=datetime.date(2026, 3, 17))
    next_level = sorted(world.persona(r).email for r in ("avdelningschef", "enhetschef", "forvaltningschef"))
    escalations = sorted(m.to[0] for m in mail.outbox if "Försenat ärende" in m.subject)
    assert escalations == next_level
    assert [m.to for m in mail.outbox if "Tidsfristen har passerat" in m.subject] == [[sub_manager.email]]
    assert sent == 4
    case.refresh_from_db()
    assert case.escalated_at.date() == datetime.date(2026, 3, 17)
    assert case.escalated_to.email in next_level
    assert AuditEntry.objects.filter(object_id=str(case.pk), note="Eskalerat: tidsfristen har passerat", actor=None).count() == 1
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert send_reminders(today=datetime.date(2026, 3, 18)) == 0
    assert mail.outbox == []


def test_a_case_that_stays_overdue_escalates_up_the_whole_line(
    world, sub_manager, make_case, django_capture_on_commit_callbacks
):
    from lots.accounts.models import Role
    from lots.testing.factories import RoleAssignmentFactory, UserFactory

    chief = UserFactory(username="fc-forv", first_name="Fia", last_name="Förvaltning")
    RoleAssignmentFactory(user=chief, role=Role.FORVALTNINGSCHEF, unit=world.forvaltning, include_subunits=True)
    case = make_case(world.sub, received_at=aware(RECEIVED))
    services.feedback_receive(actor=sub_manager, case=case)

    def escalated_on(day):
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            send_reminders(today=day)
        return sorted(m.to[0] for m in mail.outbox if "Försenat ärende" in m.subject)

    own_level = sorted(world.persona(r).email for r in ("avdelningschef", "enhetschef", "forvaltningschef"))
    assert escalated_on(datetime.date(2026, 3, 17)) == own_level
    assert escalated_on(datetime.date(2026, 3, 23)) == []
    assert escalated_on(datetime.date(2026, 3, 24)) == [chief.email]
    case.refresh_from_db()
    assert case.escalated_to == chief
    assert case.escalated_at.date() == datetime.date(2026, 3, 17)
    assert escalated_on(datetime.date(2026, 3, 31)) == [world.persona("kvalitetssamordnare").email]
    assert escalated_on(datetime.date(2026, 4, 30)) == []
    notes = AuditEntry.objects.filter(object_id=str(case.pk), content_type__model="feedbackcase", action="transition")
    assert notes.filter(note="Eskalerat vidare: ärendet är fortfarande försenat").count() == 2


def test_with_nobody_above_the_quality_coordinator_receives_the_escalation(world, make_case, django_capture_on_commit_callbacks):
    case = make_case(world.own, received_at=aware(RECEIVED))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        send_reminders(today=datetime.date(2026, 3, 20))
    escalations = [m.to[0] for m in mail.outbox if "Försenat ärende" in m.subject]
    assert escalations == [world.persona("kvalitetssamordnare").email]
    case.refresh_from_db()
    assert case.escalated_to == world.persona("kvalitetssamordnare")


def test_a_closed_case_is_neither_reminded_nor_escalated(world, sub_manager, make_case):
    case = make_case(world.sub, received_at=aware(RECEIVED))
    services.feedback_receive(actor=sub_manager, case=case)
    services.feedback_close(
        actor=sub_manager, case=case, expected_version=None, category=C.Category.OTHER, at=aware(datetime.date(2026, 3, 10))
    )
    assert send_reminders(today=datetime.date(2026, 3, 15)) == 0
    assert send_reminders(today=datetime.date(2026, 3, 30)) == 0
    case.refresh_from_db()
    assert case.escalated_at is None


def test_the_daily_command_escalates_for_a_given_date(world, sub_manager, make_case):
    case = make_case(world.sub, received_at=aware(RECEIVED))
    out = io.StringIO()
    call_command("send_reminders", "--date", "2026-03-20", stdout=out)
    # Three line managers one level up, and the overdue notice to the handler.
    assert "Synpunkter och klagomål: 4" in out.getvalue()
    case.refresh_from_db()
    assert case.escalated_at is not None
