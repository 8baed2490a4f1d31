"""Mail tests against a real SMTP server on loopback (aiosmtpd) that a test stops and starts, and the mail queue
(lots.notifications.delivery) on its database backend, drained by the real worker.

``mail_server`` points Django's SMTP backend at the server and starts it; ``mail_server.stop()`` takes it down (the
port then refuses connections), ``mail_server.start()`` brings it back, ``mail_server.received`` lists what arrived.
``mail_queue`` switches the tasks to the database queue; ``mail_queue.work()`` runs the worker until the queue is
empty, and ``mail_queue.work(later=True)`` first makes the retries that wait for a later time due now.
"""

import email
import email.policy
import socket
from dataclasses import dataclass, field

import pytest
from aiosmtpd.controller import Controller
from django.utils import timezone

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Received:
    to: list[str]
    subject: str
    body: str


@dataclass
class MailServer:
    port: int = field(default_factory=free_port)
    received: list[Received] = field(default_factory=list)
    controller: Controller | None = None

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        body = message.get_content().replace("\r\n", "\n")
        self.received.append(Received(list(envelope.rcpt_tos), str(message["Subject"]).strip(), body))
        return "250 OK"

    def start(self) -> None:
        if self.controller is None:
            self.controller = Controller(self, hostname="127.0.0.1", port=self.port)
            self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


@pytest.fixture
def mail_server(settings):
    server = MailServer()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = server.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_TIMEOUT = 5
    server.start()
    yield server
    server.stop()


class MailQueue:
    def work(self, *, later: bool = False) -> None:
        from django_tasks_db.management.commands.db_worker import Worker
        from django_tasks_db.models import DBTaskResult

        if later:
            DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())
        worker = Worker(
            queue_names=["default"],
            interval=0,
            batch=True,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id="test-worker",
            excluded_queue_names=[],
        )
        worker.run()

    def waiting(self) -> int:
        from django_tasks_db.models import DBTaskResult

        return DBTaskResult.objects.filter(status="READY").count()


@pytest.fixture
def mail_queue(settings):
    settings.TASKS = DATABASE_QUEUE
    return MailQueue()
