"""The daily reminders of the yearly access review and the monthly log follow-up."""

import datetime

from django.core import mail
from django.test import override_settings

from lots.accounts.models import Role
from lots.oversight import reminders, services


@override_settings(LOTS_ACCESS_REVIEW_MONTH=10)
def test_a_manager_hears_of_the_review_two_weeks_before_and_weekly_when_overdue_until_confirmed(
    world, django_capture_on_commit_callbacks
):
    manager = world.persona(Role.ENHETSCHEF)
    manager.email = "chef@example.invalid"
    manager.save(update_fields=["email"])

    def run(day):
        with django_capture_on_commit_callbacks(execute=True):
            reminders.send_reminders(day)
        return [m for m in mail.outbox if m.to == ["chef@example.invalid"]]

    assert run(datetime.date(2026, 10, 16)) == []
    assert len(run(datetime.date(2026, 10, 17))) == 1
    assert len(run(datetime.date(2026, 10, 18))) == 1
    overdue = run(datetime.date(2026, 11, 2))
    assert len(overdue) == 2 and "skulle ha varit klar 2026-10-31" in overdue[-1].body
    assert len(run(datetime.date(2026, 11, 3))) == 2
    services.access_review_confirm(actor=manager, unit=world.own, year=2026, note="", assignment_count=1, flagged_count=0)
    assert len(run(datetime.date(2026, 11, 9))) == 2
