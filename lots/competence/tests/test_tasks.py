"""A unit manager gets a task, and a weekly reminder, when a staff member has gone more than twelve months without an
appraisal (or since the employment started); not before."""

import datetime

import pytest
from django.core import mail

from lots.accounts.models import Role
from lots.competence import reminders, tasks
from lots.testing.factories import RoleAssignmentFactory, UserFactory

pytestmark = pytest.mark.django_db

LAST = datetime.date(2025, 3, 10)


def titles(user, today):
    return [t.title for t in tasks.tasks_for(user, today)]


def test_the_task_appears_the_day_after_twelve_months(world, employ, appraise):
    employment = employ()
    appraise(employment, LAST)
    manager = world.persona(Role.ENHETSCHEF)
    assert titles(manager, datetime.date(2026, 3, 10)) == []
    found = tasks.tasks_for(manager, datetime.date(2026, 3, 11))
    assert [t.title for t in found] == [f"Medarbetarsamtal med {employment.person.get_full_name()} är försenat"]
    assert found[0].due == datetime.date(2026, 3, 10)
    assert found[0].is_overdue(datetime.date(2026, 3, 11))
    assert found[0].url == f"/kompetens/anstalld/{employment.pk}/"


def test_a_new_employee_counts_from_the_start_date(world, employ):
    employ(starts_on=datetime.date(2025, 8, 1))
    manager = world.persona(Role.ENHETSCHEF)
    assert titles(manager, datetime.date(2026, 8, 1)) == []
    assert len(titles(manager, datetime.date(2026, 8, 2))) == 1


def test_a_new_appraisal_clears_the_task(world, employ, appraise):
    employment = employ()
    appraise(employment, LAST)
    appraise(employment, datetime.date(2026, 4, 1))
    assert titles(world.persona(Role.ENHETSCHEF), datetime.date(2026, 4, 2)) == []


def test_only_the_units_manager_gets_it(world, employ, appraise):
    appraise(employ(unit=world.sub), LAST)
    appraise(employ(unit=world.other), LAST)
    day = datetime.date(2026, 6, 1)
    assert len(titles(world.persona(Role.ENHETSCHEF), day)) == 1  # own with sub-units: the sub unit's staff member
    for role in (Role.HR, Role.AVDELNINGSCHEF, Role.MEDARBETARE, Role.KVALITETSSAMORDNARE):
        assert titles(world.persona(role), day) == []


def test_an_ended_employment_gives_no_task(world, employ, appraise):
    appraise(employ(ends_on=datetime.date(2026, 1, 31)), LAST)
    assert titles(world.persona(Role.ENHETSCHEF), datetime.date(2026, 6, 1)) == []


def test_the_manager_gets_no_task_about_themselves(world, employ):
    employ(person=world.persona(Role.ENHETSCHEF))
    assert titles(world.persona(Role.ENHETSCHEF), datetime.date(2026, 6, 1)) == []


def test_the_reminder_goes_weekly_while_overdue_and_names_no_one(world, employ, appraise, django_capture_on_commit_callbacks):
    manager = UserFactory(email="chef@example.invalid")
    RoleAssignmentFactory(user=manager, role=Role.ENHETSCHEF, unit=world.other, include_subunits=False)
    employment = employ(unit=world.other)
    appraise(employment, LAST)

    def run(day):
        with django_capture_on_commit_callbacks(execute=True):
            reminders.send_reminders(day)
        return [m for m in mail.outbox if m.to == ["chef@example.invalid"]]

    assert run(datetime.date(2026, 3, 10)) == []
    sent = run(datetime.date(2026, 3, 11))
    assert len(sent) == 1
    assert "1 medarbetarsamtal är försenat" in sent[0].subject
    assert employment.person.last_name not in sent[0].body
    assert len(run(datetime.date(2026, 3, 12))) == 1
    assert len(run(datetime.date(2026, 3, 16))) == 2
    appraise(employment, datetime.date(2026, 3, 17))
    assert len(run(datetime.date(2026, 3, 23))) == 2


def test_the_reminder_is_written_in_the_language_the_manager_chose(world, employ, appraise, django_capture_on_commit_callbacks):
    manager = UserFactory(email="chef@example.invalid", language="en")
    RoleAssignmentFactory(user=manager, role=Role.ENHETSCHEF, unit=world.other, include_subunits=False)
    appraise(employ(unit=world.other), LAST)

    with django_capture_on_commit_callbacks(execute=True):
        reminders.send_reminders(datetime.date(2026, 3, 11))
    [sent] = [m for m in mail.outbox if m.to == ["chef@example.invalid"]]
    assert sent.subject == "1 appraisal is overdue"
    assert "Appraisals are held at least once a year." in sent.body
