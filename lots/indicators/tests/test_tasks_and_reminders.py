"""'Mina uppgifter' and the daily reminders: values due, and the process owner's task when a value misses its target."""

import datetime

from django.core import mail
from django.test import override_settings

from lots.accounts.models import Role
from lots.indicators import reminders, services, tasks
from lots.indicators.models import Indicator
from lots.processes.tests.helpers import make_process

D = datetime.date
TODAY = D(2026, 4, 3)  # March has ended


def test_the_owner_has_a_task_when_the_last_ended_period_has_no_value(world, make_indicator):
    owner = world.persona(Role.ENHETSCHEF)
    indicator = make_indicator(owner=owner)
    [task] = [t for t in tasks.tasks_for(owner, TODAY) if "Mata in" in t.title]
    assert "mar 2026" in task.title and task.due == D(2026, 4, 10)
    services.value_record(actor=owner, indicator=indicator, period_start=D(2026, 3, 1), total=5, today=TODAY)
    assert [t for t in tasks.tasks_for(owner, TODAY) if "Mata in" in t.title] == []


def test_the_process_owner_has_a_task_while_the_latest_value_misses_the_target(world, make_indicator):
    process = make_process(world, world.own)
    indicator = make_indicator(process=process, owner=world.persona(Role.AVDELNINGSCHEF))
    services.target_set(actor=world.persona(Role.KVALITETSSAMORDNARE), indicator=indicator, year=2026, value=90)
    services.value_record(actor=process.owner, indicator=indicator, period_start=D(2026, 3, 1), total=70, today=TODAY)
    [task] = [t for t in tasks.tasks_for(process.owner, TODAY) if "under målvärdet" in t.title]
    assert indicator.name in task.title
    services.value_record(
        actor=process.owner, indicator=indicator, period_start=D(2026, 3, 1), total=95, today=TODAY, expected_version=None
    )
    assert [t for t in tasks.tasks_for(process.owner, TODAY) if "under målvärdet" in t.title] == []


@override_settings(LOTS_REMINDER_DIGEST=False)
def test_the_owner_is_reminded_when_a_value_is_due_and_once_more_when_late(
    world, make_indicator, django_capture_on_commit_callbacks
):
    owner = world.persona(Role.ENHETSCHEF)
    make_indicator(owner=owner, name="Väntetid till första besök")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        reminders.send_reminders(TODAY)
        reminders.send_reminders(TODAY)
    assert [m.subject for m in mail.outbox] == ["Dags att mata in värdet: Väntetid till första besök (mar 2026)"]
    with django_capture_on_commit_callbacks(execute=True):
        reminders.send_reminders(D(2026, 4, 12))
    assert mail.outbox[-1].subject == "Försenat värde: Väntetid till första besök (mar 2026)"


@override_settings(LOTS_REMINDER_DIGEST=False)
def test_a_computed_process_indicator_off_target_tells_the_manager_once(
    world, make_indicator, django_capture_on_commit_callbacks
):
    process = make_process(world, world.own)
    indicator = make_indicator(
        process=process,
        name="Klagomål avslutade i tid",
        source=Indicator.Source.COMPUTED,
        computed_key="deviations_per_month",
        direction=Indicator.Direction.DOWN,
    )
    # No deviations in March: 0 per month; a target of at most -1 cannot be met, so the value misses it.
    services.target_set(actor=world.persona(Role.KVALITETSSAMORDNARE), indicator=indicator, year=2026, value=-1)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        reminders.send_reminders(TODAY)
        reminders.send_reminders(TODAY)
    sent = [m for m in mail.outbox if "under målvärdet" in m.subject]
    assert len(sent) == 1 and sent[0].to == [services.nearest_manager(indicator).email]
