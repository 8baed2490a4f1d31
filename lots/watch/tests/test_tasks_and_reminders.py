"""Overdue and coming deadlines on the responsible worker's and the unit manager's task lists, with reminders."""

import datetime

import pytest
from django.core import mail

from lots.home.my_tasks import tasks_for
from lots.notifications.models import SentNotification
from lots.testing.factories import RoleAssignmentFactory, UserFactory
from lots.watch import reminders
from lots.watch.models import PlacementKind

TODAY = datetime.date(2026, 6, 15)


@pytest.fixture
def colleague(world):
    user = UserFactory(username="kollega", email="kollega@example.org")
    RoleAssignmentFactory(user=user, role="medarbetare", unit=world.sub, include_subunits=False)
    return user


@pytest.fixture
def sub_manager(world):
    user = UserFactory(username="underchef", email="underchef@example.org")
    RoleAssignmentFactory(user=user, role="enhetschef", unit=world.sub, include_subunits=False)
    return user


@pytest.fixture
def placed(world, place, worker, colleague):
    """On "own", the worker's child placement with a visit overdue (due 2026-06-01) and an adult placement due
    within the month; on "sub" the colleague's child placement overdue, and one that is fine."""
    place(
        [
            {"case_reference": "BU-1", "start_date": datetime.date(2026, 1, 1), "last_visit_date": datetime.date(2026, 3, 1)},
            {"case_reference": "VU-2", "kind": PlacementKind.ADULT_VOLUNTARY, "start_date": datetime.date(2026, 4, 1)},
        ]
    )
    place(
        [
            {"case_reference": "BU-3", "worker": colleague, "start_date": datetime.date(2025, 6, 1)},
            {"case_reference": "BU-4", "worker": colleague, "start_date": datetime.date(2026, 6, 1)},
        ],
        unit=world.sub,
    )


def titles(user) -> list[tuple[str, datetime.date]]:
    return [(t.title, t.due) for t in tasks_for(user, TODAY) if t.module == "Bevakning"]


def test_the_overdue_visit_is_on_the_responsible_workers_task_list(world, placed, worker):
    assert titles(worker) == [
        ("Besök: placering BU-1", datetime.date(2026, 6, 1)),
        ("Övervägande/omprövning: placering BU-1", datetime.date(2026, 7, 1)),
        ("Övervägande/omprövning: placering VU-2", datetime.date(2026, 7, 1)),
    ]


def test_another_workers_placement_is_not_on_the_list(world, placed, colleague):
    assert [t for t, _d in titles(colleague)] == ["Besök: placering BU-3", "Övervägande/omprövning: placering BU-3"]


def test_the_unit_manager_gets_one_task_per_unit_with_overdue_placements(world, placed, sub_manager):
    [(title, due)] = titles(sub_manager)
    assert (title, due) == ("1 försenade bevakningar av placeringar", datetime.date(2025, 9, 1))


def test_the_manager_above_with_sub_units_gets_each_unit(world, placed):
    assert titles(world.persona("enhetschef")) == [
        ("1 försenade bevakningar av placeringar", datetime.date(2025, 9, 1)),
        ("1 försenade bevakningar av placeringar", datetime.date(2026, 6, 1)),
    ]


def test_people_who_are_not_managers_get_no_unit_tasks(world, placed):
    assert titles(world.persona("kvalitetssamordnare")) == []


def test_reminders_go_to_the_worker_and_the_nearest_manager_once(world, placed, worker, colleague, sub_manager, settings):
    reminders.send_reminders(TODAY)
    keys = set(SentNotification.objects.values_list("key", flat=True))
    assert any(k.startswith(f"watch:{world.own.pk}:BU-1:visit:2026-06-01:{worker.pk}:overdue") for k in keys)
    assert any(k.startswith(f"watch:{world.own.pk}:BU-1:reconsideration:2026-07-01") for k in keys) is False
    assert any(k.startswith(f"watch:{world.sub.pk}:BU-3:visit") for k in keys)
    assert any(k.startswith(f"watch:unit:{world.sub.pk}:{sub_manager.pk}:") for k in keys)
    assert not any(k.startswith(f"watch:unit:{world.sub.pk}:{world.persona('enhetschef').pk}:") for k in keys)
    assert any(k.startswith(f"watch:unit:{world.own.pk}:{world.persona('enhetschef').pk}:") for k in keys)
    count = SentNotification.objects.count()
    assert reminders.send_reminders(TODAY) == 0
    assert SentNotification.objects.count() == count


def test_a_deadline_two_weeks_ahead_is_reminded_as_due(world, placed, worker):
    reminders.send_reminders(datetime.date(2026, 6, 17))
    keys = set(SentNotification.objects.values_list("key", flat=True))
    assert any(k.startswith(f"watch:{world.own.pk}:BU-1:reconsideration:2026-07-01:{worker.pk}:due") for k in keys)
    assert mail.outbox == [] or all("Lots" in m.subject or m.subject for m in mail.outbox)


def test_the_workers_reminder_is_written_in_the_language_the_worker_chose(
    world, placed, worker, django_capture_on_commit_callbacks
):
    worker.language = "en"
    worker.save(update_fields=["language"])
    with django_capture_on_commit_callbacks(execute=True):
        reminders.send_reminders(TODAY)
    sent = [m for m in mail.outbox if m.to == [worker.email]]
    assert any(m.subject == "Visit: placement BU-1" and "should have been done by 2026-06-01" in m.body for m in sent)
