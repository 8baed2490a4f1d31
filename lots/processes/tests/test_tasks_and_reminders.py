import datetime
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from lots.accounts.models import Role
from lots.notifications.models import SentNotification
from lots.processes import reminders, services
from lots.processes.models import Law, Process, Routine, RoutineVersion
from lots.processes.tasks import tasks_for
from lots.processes.tests.helpers import make_law, make_process, make_routine, make_task

TODAY = timezone.localdate()


def titles(user, today=TODAY):
    return sorted(t.title for t in tasks_for(user, today))


def test_calendar_tasks_show_from_their_reminder_window_until_done(world):
    chief = world.persona(Role.ENHETSCHEF)
    soon = make_task(world, world.own, due=TODAY + datetime.timedelta(days=10), title="Snart")
    make_task(world, world.own, due=TODAY + datetime.timedelta(days=40), title="Långt fram")
    late = make_task(world, world.own, due=TODAY - datetime.timedelta(days=3), title="Försenad")
    assert titles(chief) == ["Försenad", "Snart"]
    assert titles(world.persona(Role.AVDELNINGSCHEF)) == []
    services.task_complete(actor=chief, task=late)
    assert titles(chief) == ["Snart"]
    assert next(t for t in tasks_for(chief, TODAY) if t.title == "Snart").url == soon.get_absolute_url()


def test_owners_see_their_reviews_and_staff_see_routines_to_read(world):
    routine = make_routine(world, world.own, title="Skyddsbedömning")
    Routine.objects.filter(pk=routine.pk).update(review_date=TODAY + datetime.timedelta(days=5))
    process = make_process(world, world.own)
    Process.objects.filter(pk=process.pk).update(
        owner=world.persona(Role.ENHETSCHEF), review_date=TODAY - datetime.timedelta(days=1)
    )
    chief_tasks = titles(world.persona(Role.ENHETSCHEF))
    assert "Se över rutinen Skyddsbedömning" in chief_tasks
    assert "Se över processen Mottagning barn och unga" in chief_tasks
    staff = world.persona(Role.MEDARBETARE)
    assert titles(staff) == ["Läs rutinen Skyddsbedömning (version 1)"]
    services.acknowledge(actor=staff, routine=routine)
    assert titles(staff) == []


def test_the_quality_coordinator_is_asked_to_review_the_law_list(world):
    law = make_law(world, world.own)
    coordinator = world.persona(Role.KVALITETSSAMORDNARE)
    assert titles(coordinator) == ["Gå igenom laglistan (1 författningar)"]
    services.law_review(actor=coordinator, law=law, on=TODAY)
    assert titles(coordinator) == []
    Law.objects.filter(pk=law.pk).update(last_reviewed_at=TODAY - datetime.timedelta(days=340))
    assert titles(coordinator) == ["Gå igenom laglistan (1 författningar)"]
    assert titles(world.persona(Role.ENHETSCHEF)) == []


def test_the_start_page_shows_my_tasks(world, client_for):
    make_routine(world, world.own, title="Skyddsbedömning")
    page = client_for(world.persona(Role.MEDARBETARE)).get("/").content.decode()
    assert "Läs rutinen Skyddsbedömning (version 1)" in page


@pytest.fixture
def due_things(world):
    make_task(world, world.own, due=TODAY + datetime.timedelta(days=5), title="Riskanalys")
    make_task(world, world.own, due=TODAY - datetime.timedelta(days=5), title="Arbets- och skyddsrond")
    routine = make_routine(world, world.own, title="Skyddsbedömning")
    services.routine_draft_start(actor=world.persona(Role.ENHETSCHEF), routine=routine)
    Routine.objects.filter(pk=routine.pk).update(review_date=TODAY + datetime.timedelta(days=10))
    RoutineVersion.objects.filter(pk=routine.current_version_id).update(acknowledge_by=TODAY + datetime.timedelta(days=3))
    make_law(world, world.own)


def run(day, capture):
    with capture(execute=True):
        call_command("send_reminders", date=day.isoformat(), stdout=io.StringIO())


@override_settings(LOTS_REMINDER_DIGEST=False)  # each reminder alone, so each subject can be read
def test_running_the_reminders_twice_the_same_day_sends_nothing_twice(world, due_things, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    run(TODAY, django_capture_on_commit_callbacks)
    first = sorted((m.to[0], m.subject) for m in mail.outbox)
    chief = world.persona(Role.ENHETSCHEF).email
    soon, late = TODAY + datetime.timedelta(days=5), TODAY - datetime.timedelta(days=5)
    assert (chief, f"Påminnelse: Riskanalys senast {soon:%Y-%m-%d}") in first
    assert (chief, f"Försenad: Arbets- och skyddsrond senast {late:%Y-%m-%d}") in first
    assert (chief, "Dags för översyn: rutinen Skyddsbedömning") in first
    assert (world.persona(Role.KVALITETSSAMORDNARE).email, "Laglistan behöver gås igenom (1 författning)") in first
    assert any(to == world.persona(Role.MEDARBETARE).email and s.startswith("Läs rutinen Skyddsbedömning") for to, s in first)
    mail.outbox.clear()
    run(TODAY, django_capture_on_commit_callbacks)
    assert mail.outbox == []
    # A week later the overdue task is reminded again; the one-off reminder is not.
    run(TODAY + datetime.timedelta(days=7), django_capture_on_commit_callbacks)
    again = [(m.to[0], m.subject) for m in mail.outbox]
    assert (chief, f"Försenad: Arbets- och skyddsrond senast {late:%Y-%m-%d}") in again
    assert (chief, f"Påminnelse: Riskanalys senast {soon:%Y-%m-%d}") not in again
    assert (chief, f"Försenad: Riskanalys senast {soon:%Y-%m-%d}") in again  # overdue by then
    # Upcoming + overdue for the first task, overdue in two weeks for the second.
    assert SentNotification.objects.filter(key__startswith="calendar:").count() == 4


def test_the_daily_run_creates_the_years_tasks(world):
    rule = services.rule_create(
        actor=None, unit=world.own, title="Revidera", month=2, day=1, responsible_role=Role.ENHETSCHEF, active=False
    )
    rule.active = True
    rule.save(update_fields=["active"])
    call_command("send_reminders", date="2031-12-01", stdout=io.StringIO())
    assert sorted(rule.tasks.values_list("due_date", flat=True)) == [datetime.date(2031, 2, 1), datetime.date(2032, 2, 1)]


def _routine_to_read(world, unit, title):
    routine = make_routine(world, unit, title=title)
    RoutineVersion.objects.filter(pk=routine.current_version_id).update(acknowledge_by=TODAY + datetime.timedelta(days=3))
    return routine


def _reading_queries(django_capture_on_commit_callbacks) -> tuple[int, int]:
    """(mails sent by the first run, queries of a second run the same day, which sends nothing)."""
    with django_capture_on_commit_callbacks(execute=True):
        first = reminders._reading(TODAY)
    with CaptureQueriesContext(connection) as captured, django_capture_on_commit_callbacks(execute=True):
        assert reminders._reading(TODAY) == 0
    return first, len(captured.captured_queries)


def test_the_reading_reminders_take_the_same_queries_however_many_routines(world, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    _routine_to_read(world, world.own, "Skyddsbedömning")
    _routine_to_read(world, world.sub, "Dokumentation")
    first, few = _reading_queries(django_capture_on_commit_callbacks)
    staff = {m.to[0] for m in mail.outbox}
    assert first == len(mail.outbox) > 0 and world.persona(Role.MEDARBETARE).email in staff
    for n in range(6):
        _routine_to_read(world, world.own if n % 2 else world.sub, f"Rutin {n}")
    more, many = _reading_queries(django_capture_on_commit_callbacks)
    assert more > 0 and many == few
    # One query per distinct set of units the routines apply to, not per routine; still one mail per routine and person.
    assert SentNotification.objects.filter(key__startswith="read:").count() == first + more
