import datetime

import pytest

from lots.notifications.models import SentNotification
from lots.rounds import reminders, services, tasks

pytestmark = pytest.mark.django_db


def test_an_overdue_action_is_a_task_for_its_owner(make_round, make_finding, make_action, manager, staff, today):
    action = make_action(make_finding(make_round()), today - datetime.timedelta(days=2))
    found = [t for t in tasks.tasks_for(manager, today) if t.title.startswith("Åtgärd från rond")]
    assert len(found) == 1 and found[0].is_overdue(today)
    assert not [t for t in tasks.tasks_for(staff, today) if t.title.startswith("Åtgärd från rond")]
    services.action_update(
        actor=manager,
        action=action,
        expected_version=1,
        what=action.what,
        owner=manager,
        due_date=action.due_date,
        status="done",
        done_on=today,
    )
    assert not [t for t in tasks.tasks_for(manager, today) if t.title.startswith("Åtgärd från rond")]


def test_an_action_far_ahead_is_not_a_task_yet(make_round, make_finding, make_action, manager, today):
    make_action(make_finding(make_round()), today + datetime.timedelta(days=60))
    assert not [t for t in tasks.tasks_for(manager, today) if t.title.startswith("Åtgärd från rond")]


def test_a_missing_yearly_followup_is_a_task_for_the_manager(world, manager, staff):
    january = datetime.date(2026, 1, 10)
    found = [t for t in tasks.tasks_for(manager, january) if "Årlig uppföljning" in t.title]
    assert [t.url for t in found] == [f"/ronder/uppfoljning/{world.own.pk}/2025/"]
    assert found[0].due == datetime.date(2026, 1, 31)
    assert not [t for t in tasks.tasks_for(staff, january) if "Årlig uppföljning" in t.title]
    services.followup_save(
        actor=manager,
        unit=world.own,
        year=2025,
        done=True,
        what_worked="Bra",
        what_to_change="Inget",
        plan_item=None,
        followed_up_on=january,
        expected_version=None,
    )
    assert not [t for t in tasks.tasks_for(manager, january) if "Årlig uppföljning" in t.title]
    assert not [t for t in tasks.tasks_for(manager, datetime.date(2026, 6, 1)) if "Årlig uppföljning" in t.title]


def test_reminders_go_out_once_for_an_overdue_action(make_round, make_finding, make_action, manager, today):
    make_action(make_finding(make_round()), today - datetime.timedelta(days=1))
    assert reminders.send_reminders(today) >= 1
    sent = SentNotification.objects.filter(key__startswith="rounds:").count()
    assert reminders.send_reminders(today) == 0
    assert SentNotification.objects.filter(key__startswith="rounds:").count() == sent


def test_an_undecided_department_plan_with_actions_is_a_task_for_the_department_head(
    world, make_round, make_finding, make_action, today
):
    from lots.accounts.models import Role

    head = world.persona(Role.AVDELNINGSCHEF)
    assert not [t for t in tasks.tasks_for(head, today) if t.title.startswith("Besluta handlingsplanen")]
    rnd = make_round(held_on=today - datetime.timedelta(days=40))
    make_action(make_finding(rnd), today)
    found = [t for t in tasks.tasks_for(head, today) if t.title.startswith("Besluta handlingsplanen")]
    assert [t.url for t in found] == [f"/ronder/handlingsplaner/{world.own.pk}/{rnd.held_on.year}/"]
    services.plan_decide(
        actor=head, department=world.own, year=rnd.held_on.year, decided_on=today, decision_note="", expected_version=None
    )
    assert not [t for t in tasks.tasks_for(head, today) if t.title.startswith("Besluta handlingsplanen")]


def test_the_start_page_lists_the_overdue_action(client_for, make_round, make_finding, make_action, manager, today):
    from django.urls import reverse

    make_action(make_finding(make_round()), today - datetime.timedelta(days=2))
    page = client_for(manager).get(reverse("home:start")).content.decode()
    assert "Åtgärd från rond: Flytta möblerna" in page


def test_a_reminder_is_written_in_the_language_its_recipient_chose(
    make_round, make_finding, make_action, manager, today, django_capture_on_commit_callbacks
):
    from django.core import mail

    manager.language = "en"
    manager.save(update_fields=["language"])
    make_action(make_finding(make_round()), today - datetime.timedelta(days=1))
    with django_capture_on_commit_callbacks(execute=True):
        reminders.send_reminders(today)
    sent = [m for m in mail.outbox if m.to == [manager.email]]
    assert sent and sent[0].subject.startswith("Action from inspection: ")
    assert "should have been done by" in sent[0].body
