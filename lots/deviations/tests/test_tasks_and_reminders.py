"""Overdue steps on "Mina uppgifter", reminders to the responsible manager, escalation to the next level.

The clock is moved, never slept.
"""

import datetime
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from lots.accounts.models import Role
from lots.deviations import services
from lots.deviations.models import Deviation, LexSarahInvestigation
from lots.deviations.reminders import send_reminders
from lots.deviations.tasks import tasks_for
from lots.testing.factories import RoleAssignmentFactory, UserFactory

S = Deviation.State


@pytest.fixture
def boss(world):
    """A förvaltningschef above the personas (who all sit on "own"): the next level for escalation."""
    user = UserFactory(username="chefen-ovanfor")
    RoleAssignmentFactory(user=user, role=Role.FORVALTNINGSCHEF, unit=world.forvaltning, include_subunits=True)
    return user


def reported_days_ago(report, days, **kwargs):
    moment = timezone.now() - datetime.timedelta(days=days)
    return report(reported_at=moment, occurred_at=moment - datetime.timedelta(hours=1), **kwargs)


def test_the_responsible_manager_gets_the_step_as_a_task(world, report):
    deviation = report()
    tasks = tasks_for(world.persona("enhetschef"), timezone.localdate())
    assert [(t.title, t.due, t.url) for t in tasks] == [
        (
            f"Ta emot rapporten: avvikelse {deviation.number}",
            timezone.localdate() + datetime.timedelta(days=2),
            deviation.get_absolute_url(),
        )
    ]
    assert tasks_for(world.persona("avdelningschef"), timezone.localdate()) == []


def test_a_lex_sarah_report_is_due_for_receipt_the_next_day(world, report):
    report(possible_lex_sarah=True)
    (task,) = [t for t in tasks_for(world.persona("enhetschef"), timezone.localdate()) if "Ta emot" in t.title]
    assert task.due == timezone.localdate() + datetime.timedelta(days=1)


def test_an_unsent_ivo_notification_is_a_task_with_its_target_date(world, report):
    deviation = report(possible_lex_sarah=True)
    services.investigation_update(
        actor=None,
        investigation=deviation.lex_sarah,
        expected_version=None,
        data={"classification": LexSarahInvestigation.Classification.SERIOUS},
    )
    titles = {t.title: t.due for t in tasks_for(world.persona("enhetschef"), timezone.localdate())}
    assert titles[f"Skicka anmälan till IVO: avvikelse {deviation.number}"] == deviation.ivo_notification.due_date


def test_closed_reports_give_no_tasks(world, report):
    deviation = report()
    for state in (S.RECEIVED, S.INVESTIGATING, S.RESOLVED, S.CLOSED):
        services.deviation_transition(actor=None, deviation=deviation, to_state=state, comment="Klart")
    assert tasks_for(world.persona("enhetschef"), timezone.localdate()) == []


def test_tasks_use_a_fixed_number_of_queries(world, report, django_assert_num_queries):
    for _ in range(5):
        report(possible_lex_sarah=True)
    with django_assert_num_queries(2):
        tasks_for(world.persona("enhetschef"), timezone.localdate())


def test_the_start_page_lists_the_overdue_step(world, report, client_for):
    deviation = reported_days_ago(report, 5)
    content = client_for(world.persona("enhetschef")).get(reverse("home:start")).content.decode()
    assert f"Ta emot rapporten: avvikelse {deviation.number}" in content
    assert "Försenad" in content


def test_nothing_is_sent_before_the_step_is_due(world, report, boss):
    report()
    assert send_reminders(today=timezone.localdate() + datetime.timedelta(days=2)) == 0
    assert mail.outbox == []


def test_an_overdue_step_is_mailed_once_to_the_responsible_manager(world, report, boss, django_capture_on_commit_callbacks):
    deviation = report()
    later = timezone.localdate() + datetime.timedelta(days=3)
    with django_capture_on_commit_callbacks(execute=True):
        assert send_reminders(today=later) == 1
        assert send_reminders(today=later) == 0
        assert send_reminders(today=later + datetime.timedelta(days=1)) == 0
    assert [m.to for m in mail.outbox] == [[world.persona("enhetschef").email]]
    assert deviation.number in mail.outbox[0].subject


def test_after_the_escalation_time_the_next_level_is_told(world, report, boss, django_capture_on_commit_callbacks):
    report()
    due = timezone.localdate() + datetime.timedelta(days=2)
    with django_capture_on_commit_callbacks(execute=True):
        send_reminders(today=due + datetime.timedelta(days=4))
    assert [m.to[0] for m in mail.outbox] == [world.persona("enhetschef").email]
    with django_capture_on_commit_callbacks(execute=True):
        send_reminders(today=due + datetime.timedelta(days=5))
    assert [m.to[0] for m in mail.outbox] == [world.persona("enhetschef").email, boss.email]
    assert "närmast ovanför" in mail.outbox[1].body


def test_the_escalation_time_is_a_setting(world, report, boss, django_capture_on_commit_callbacks):
    services.settings_update(actor=None, municipality=world.m1, expected_version=None, escalation_days=1)
    report()
    with django_capture_on_commit_callbacks(execute=True):
        send_reminders(today=timezone.localdate() + datetime.timedelta(days=3))
    assert sorted(m.to[0] for m in mail.outbox) == sorted([world.persona("enhetschef").email, boss.email])


def test_a_handled_step_is_not_reminded(world, report, boss, django_capture_on_commit_callbacks):
    deviation = report()
    services.deviation_transition(actor=None, deviation=deviation, to_state=S.RECEIVED)
    with django_capture_on_commit_callbacks(execute=True):
        assert send_reminders(today=timezone.localdate() + datetime.timedelta(days=3)) == 0


def test_the_daily_command_runs_with_a_moved_clock(world, report, boss, django_capture_on_commit_callbacks):
    report()
    later = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders", date=later, stdout=io.StringIO())
    assert [m.to[0] for m in mail.outbox if "Försenat" in m.subject + m.body] == [world.persona("enhetschef").email]


def test_a_run_with_everything_already_sent_takes_the_same_queries_however_many_reports(
    world, report, boss, django_capture_on_commit_callbacks
):
    escalated = timezone.localdate() + datetime.timedelta(days=10)  # every report's first step is past its escalation

    def second_run_queries() -> int:
        with django_capture_on_commit_callbacks(execute=True):
            assert send_reminders(today=escalated) > 0
        with CaptureQueriesContext(connection) as captured:
            assert send_reminders(today=escalated) == 0
        return len(captured.captured_queries)

    report()
    few = second_run_queries()
    for _ in range(5):
        report()
    assert second_run_queries() == few
    # Each report still reminded its manager and escalated to the next level once.
    assert sorted({m.to[0] for m in mail.outbox}) == sorted({world.persona("enhetschef").email, boss.email})
    assert len(mail.outbox) == 2 * 6
