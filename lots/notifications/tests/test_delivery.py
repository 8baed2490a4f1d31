"""The mail queue against a real SMTP server on loopback: nothing is lost while the server is down, nothing is sent
twice once it is back, and a mail that never gets through is given up on visibly."""

import datetime
import importlib
import logging
import socket
import time

import pytest
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from lots.notifications.delivery import deliver, retry_delay
from lots.notifications.models import SentNotification
from lots.notifications.queue import mail_queue_state
from lots.notifications.services import notify, send_once

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_mail_waits_in_the_queue_until_the_worker_sends_it(mail_server, mail_queue):
    notify(to="person@example.se", subject="Ämne", body="Text med å, ä och ö.\n")
    assert mail_server.received == []
    assert mail_queue.waiting() == 1
    mail_queue.work()
    assert [(m.to, m.subject, m.body) for m in mail_server.received] == [
        (["person@example.se"], "Ämne", "Text med å, ä och ö.\n")
    ]
    assert mail_queue.waiting() == 0


def test_a_mail_is_queued_only_when_the_write_commits(mail_server, mail_queue):
    with pytest.raises(RuntimeError), transaction.atomic():
        notify(to="person@example.se", subject="Ämne", body="Text")
        raise RuntimeError("the write failed")
    assert mail_queue.waiting() == 0


def test_a_mail_is_handed_to_the_tasks_backend_only_after_commit_whatever_the_backend(mail_server):
    with transaction.atomic():
        notify(to="person@example.se", subject="Ämne", body="Text")
        assert mail_server.received == []  # the test backend runs a task as soon as it is enqueued
    assert [m.subject for m in mail_server.received] == ["Ämne"]


def test_with_the_server_down_the_mail_is_tried_again_later_and_arrives_once(mail_server, mail_queue):
    mail_server.stop()
    send_once(key="reminder:1", to="person@example.se", subject="Påminnelse", body="Text")
    mail_queue.work()
    assert SentNotification.objects.sent().count() == 0
    assert SentNotification.objects.waiting().count() == 1
    retry = DBTaskResult.objects.get(status="READY")
    assert retry.args_kwargs["kwargs"]["attempt"] == 2 and retry.run_after > retry.enqueued_at
    mail_queue.work()  # the retry is not due yet
    assert DBTaskResult.objects.filter(status="READY").count() == 1
    mail_server.start()
    mail_queue.work(later=True)
    assert [m.subject for m in mail_server.received] == ["Påminnelse"]
    assert SentNotification.objects.sent().get().key == "reminder:1"
    mail_queue.work(later=True)
    send_once(key="reminder:1", to="person@example.se", subject="Påminnelse", body="Text")
    mail_queue.work(later=True)
    assert len(mail_server.received) == 1


def test_a_mail_is_given_up_after_the_last_attempt_visibly_and_its_key_is_freed(mail_server, mail_queue, settings, caplog):
    settings.LOTS_MAIL_ATTEMPTS = 2
    mail_server.stop()
    send_once(key="reminder:2", to="person@example.se", subject="Påminnelse", body="Text")
    mail_queue.work()
    assert mail_queue_state().given_up_last_day == 0
    with caplog.at_level(logging.ERROR, logger="lots.notifications.delivery"):
        mail_queue.work(later=True)
    assert "given up after 2 attempts (ConnectionRefusedError); 1 reminder keys released" in caplog.text
    assert "person@example.se" not in caplog.text
    assert not SentNotification.objects.filter(key="reminder:2").exists()
    assert mail_queue.waiting() == 0
    state = mail_queue_state()
    assert state.given_up_last_day == 1 and not state.healthy
    mail_server.start()
    assert send_once(key="reminder:2", to="person@example.se", subject="Påminnelse", body="Text") is True
    mail_queue.work()
    assert [m.subject for m in mail_server.received] == ["Påminnelse"]


def test_the_queue_state_counts_what_waits_and_since_when(mail_server, mail_queue):
    mail_server.stop()
    assert mail_queue_state().waiting == 0 and mail_queue_state().healthy
    notify(to="a@example.se", subject="A", body="Text")
    notify(to="b@example.se", subject="B", body="Text")
    state = mail_queue_state()
    assert state.waiting == 2 and state.oldest_waiting_seconds >= 0
    mail_queue.work()
    assert mail_queue_state().waiting == 2  # the retries, for later


def test_a_server_that_accepts_and_never_answers_holds_an_attempt_only_until_the_timeout(mail_server, mail_queue, settings):
    settings.EMAIL_TIMEOUT = 1
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        settings.EMAIL_PORT = silent.getsockname()[1]
        started = time.monotonic()
        assert deliver.call(to="person@example.se", subject="Ämne", body="Text") == "retry"
        waited = time.monotonic() - started
    assert waited < 10
    assert mail_queue.waiting() == 1


def test_each_retry_waits_twice_as_long_up_to_the_ceiling(settings):
    settings.LOTS_MAIL_RETRY_SECONDS = 60
    settings.LOTS_MAIL_RETRY_MAX_SECONDS = 3600
    waits = [retry_delay(attempt) for attempt in (1, 2, 3, 7, 8, 30, 500)]
    minutes = [int(w / datetime.timedelta(minutes=1)) for w in waits]
    assert minutes == [1, 2, 4, 60, 60, 60, 60]


def test_the_mail_timeout_and_retries_are_read_from_the_environment(monkeypatch):
    import config.settings

    monkeypatch.delenv("EMAIL_TIMEOUT", raising=False)
    assert importlib.reload(config.settings).EMAIL_TIMEOUT == 15
    monkeypatch.setenv("EMAIL_TIMEOUT", "30")
    monkeypatch.setenv("LOTS_MAIL_ATTEMPTS", "5")
    reloaded = importlib.reload(config.settings)
    assert reloaded.EMAIL_TIMEOUT == 30 and reloaded.LOTS_MAIL_ATTEMPTS == 5
    monkeypatch.undo()
    importlib.reload(config.settings)


def test_a_queue_that_cannot_take_the_mail_after_commit_is_logged_and_does_not_fail_the_write(
    mail_queue, monkeypatch, caplog
):
    from django.db import DatabaseError
    from django_tasks_db.backend import DatabaseBackend

    def broken(*args, **kwargs):
        raise DatabaseError("the queue's table is locked")

    monkeypatch.setattr(DatabaseBackend, "enqueue", broken)
    with caplog.at_level(logging.ERROR), transaction.atomic():
        notify(to="person@example.se", subject="Ämne", body="Text")
    assert "the queue's table is locked" in caplog.text
