import datetime

import pytest
from django.db.utils import OperationalError
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from lots.notifications.delivery import deliver
from lots.testing.smtp import DATABASE_QUEUE


@pytest.fixture
def database_queue(settings):
    settings.TASKS = DATABASE_QUEUE
    settings.LOTS_QUEUE_STUCK_SECONDS = 300


def queued(*, minutes_ago: int, run_in_minutes: int | None = None) -> DBTaskResult:
    task = deliver
    if run_in_minutes is not None:
        task = deliver.using(run_after=timezone.now() + datetime.timedelta(minutes=run_in_minutes))
    result = task.enqueue(to="a@example.se", subject="Hej", body="Hej")
    DBTaskResult.objects.filter(pk=result.id).update(enqueued_at=timezone.now() - datetime.timedelta(minutes=minutes_ago))
    return DBTaskResult.objects.get(pk=result.id)


def test_readyz_answers_200_with_the_database_up_and_an_empty_queue(client, db, database_queue):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json()["database"] is True and response.json()["queue"] is True


def test_readyz_answers_200_while_a_task_has_waited_less_than_the_bound(client, db, database_queue):
    queued(minutes_ago=4)
    assert client.get("/readyz").status_code == 200


def test_readyz_answers_503_when_a_task_has_waited_past_the_bound_and_no_worker_is_seen(client, db, database_queue):
    queued(minutes_ago=6)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["queue"] is False
    assert response.json()["oldest_due_seconds"] >= 360


def test_readyz_answers_200_when_a_worker_started_a_task_recently_though_one_waits(client, db, database_queue):
    queued(minutes_ago=6)
    busy = queued(minutes_ago=10)
    DBTaskResult.objects.filter(pk=busy.pk).update(status="RUNNING", started_at=timezone.now() - datetime.timedelta(minutes=1))
    assert client.get("/readyz").status_code == 200


def test_readyz_answers_503_when_the_last_worker_was_seen_long_ago(client, db, database_queue):
    queued(minutes_ago=6)
    old = queued(minutes_ago=60)
    DBTaskResult.objects.filter(pk=old.pk).update(status="SUCCESSFUL", started_at=timezone.now() - datetime.timedelta(minutes=50))
    assert client.get("/readyz").status_code == 503


def test_a_retry_that_is_not_yet_due_does_not_count_as_waiting(client, db, database_queue):
    queued(minutes_ago=60, run_in_minutes=30)
    assert client.get("/readyz").status_code == 200


def test_a_retry_counts_as_waiting_from_when_it_became_due(client, db, database_queue):
    waiting = queued(minutes_ago=60, run_in_minutes=30)
    DBTaskResult.objects.filter(pk=waiting.pk).update(run_after=timezone.now() - datetime.timedelta(minutes=10))
    assert client.get("/readyz").status_code == 503


class UnreachableDatabase:
    def cursor(self):
        raise OperationalError("connection refused")


def test_readyz_answers_503_when_the_database_does_not(client, db, monkeypatch):
    monkeypatch.setattr("lots.core.views.connection", UnreachableDatabase())
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["database"] is False


def test_healthz_stays_200_while_the_queue_is_stuck(client, db, database_queue):
    queued(minutes_ago=60)
    assert client.get("/healthz").status_code == 200
