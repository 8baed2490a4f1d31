import datetime

import pytest

from lots.accounts.models import Role
from lots.processes.calendar import module_link
from lots.processes.models import CalendarRule, CalendarTask
from lots.rounds import services, tasks
from lots.rounds.calendar_links import DEPARTMENT_PLAN, YEARLY_FOLLOWUP

pytestmark = pytest.mark.django_db


def _task(world, link: str, due: datetime.date) -> CalendarTask:
    rule = CalendarRule.objects.create(
        unit=world.own, title="Årlig uppföljning", month=due.month, day=due.day, responsible_role=Role.ENHETSCHEF, link=link
    )
    return CalendarTask.objects.create(
        rule=rule, unit=world.own, title=rule.title, due_date=due, responsible_role=Role.ENHETSCHEF
    )


def test_saving_the_followup_completes_the_calendar_task_which_links_to_it(world, manager):
    task = _task(world, YEARLY_FOLLOWUP, datetime.date(2025, 12, 15))
    assert module_link(task) == f"/ronder/uppfoljning/{world.own.pk}/2025/"
    # The calendar's task is the reminder: the module's own task is not given as well.
    assert not [
        t for t in tasks.tasks_for(manager, datetime.date(2025, 12, 20)) if "Årlig uppföljning" in t.title and "2025" in t.title
    ]
    services.followup_save(
        actor=manager,
        unit=world.own,
        year=2025,
        done=True,
        what_worked="Bra",
        what_to_change="Inget",
        plan_item=None,
        followed_up_on=datetime.date(2025, 12, 20),
        expected_version=None,
    )
    task.refresh_from_db()
    assert task.done_by == manager


def test_the_department_heads_decision_completes_the_plan_task(world, today):
    task = _task(world, DEPARTMENT_PLAN, today)
    assert module_link(task) == f"/ronder/handlingsplaner/{world.own.pk}/{today.year}/"
    head = world.persona(Role.AVDELNINGSCHEF)
    services.plan_decide(
        actor=head, department=world.own, year=today.year, decided_on=today, decision_note="", expected_version=None
    )
    task.refresh_from_db()
    assert task.done_by == head
