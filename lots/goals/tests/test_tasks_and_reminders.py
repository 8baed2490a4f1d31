import datetime

import pytest
from django.test import override_settings

from lots.accounts.models import Role
from lots.goals import reminders, services, tasks
from lots.goals.models import FollowUp
from lots.goals.tests.helpers import YEAR, coordinator, make_activity, make_goal
from lots.notifications.models import SentNotification


@pytest.fixture
def plan(world):
    goal = make_goal(world)
    make_activity(world, goals=[goal])
    return services.plan_establish(actor=coordinator(world), unit=world.own, year=YEAR)


def test_the_follow_up_is_asked_for_from_the_periods_last_month_until_it_is_due(world):
    assert [p for _y, p, _d in tasks.due_periods(datetime.date(YEAR, 4, 1))] == ["t1"]
    assert tasks.due_periods(datetime.date(YEAR, 3, 31)) == []
    assert [p for _y, p, _d in tasks.due_periods(datetime.date(YEAR + 1, 1, 20))] == ["year"]


def test_the_unit_manager_has_the_follow_up_on_the_task_list_until_it_is_established(world, plan):
    manager = world.persona(Role.ENHETSCHEF)
    found = tasks.tasks_for(manager, datetime.date(YEAR, 4, 10))
    assert [t for t in found if "Följ upp verksamhetsplanen" in t.title]
    follow_up = services.follow_up_open(actor=manager, unit=world.own, year=YEAR, period=FollowUp.Period.T1)
    tree = services.goal_tree.build(world.own, YEAR, follow_up=follow_up)
    for node in tree.goals:
        services.assessment_record(actor=manager, follow_up=follow_up, goal=node.goal, assessment="met", analysis="Ja.")
    for activity in tree.activities:
        services.activity_report_record(actor=manager, follow_up=follow_up, activity=activity, status="ongoing")
    services.follow_up_establish(actor=manager, follow_up=follow_up, expected_version=None)
    found = tasks.tasks_for(manager, datetime.date(YEAR, 4, 10))
    assert not [t for t in found if "Följ upp verksamhetsplanen" in t.title]


def test_staff_have_no_follow_up_task(world, plan):
    assert tasks.tasks_for(world.persona(Role.MEDARBETARE), datetime.date(YEAR, 4, 10)) == []


@override_settings(LOTS_REMINDER_DIGEST=False)
def test_the_reminder_goes_once_to_those_nearest_the_plan(world, plan):
    sent = reminders.send_reminders(datetime.date(YEAR, 4, 10))
    again = reminders.send_reminders(datetime.date(YEAR, 4, 10))
    assert sent >= 1 and again == 0
    recipients = set(SentNotification.objects.values_list("recipient", flat=True))
    assert world.persona(Role.ENHETSCHEF).email in recipients
    assert world.persona(Role.MEDARBETARE).email not in recipients
