"""Figures about the mail queue for health checks and operators: what waits, for how long, and what was given up."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Min
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from lots.notifications.delivery import deliver

GIVEN_UP_WINDOW = datetime.timedelta(days=1)


@dataclass(frozen=True)
class MailQueueState:
    waiting: int
    oldest_waiting_seconds: int
    given_up_last_day: int

    @property
    def healthy(self) -> bool:
        """False once a mail was given up on in the last day: the mail server needs looking at."""
        return self.given_up_last_day == 0


def mail_queue_state() -> MailQueueState:
    """Two queries over the database queue; with another tasks backend the figures are zero."""
    mails = DBTaskResult.objects.filter(task_path=deliver.module_path)
    waiting = mails.filter(status="READY").aggregate(count=Count("pk"), oldest=Min("enqueued_at"))
    oldest = waiting["oldest"]
    given_up = mails.failed().filter(finished_at__gte=timezone.now() - GIVEN_UP_WINDOW).count()
    return MailQueueState(
        waiting=waiting["count"],
        oldest_waiting_seconds=int((timezone.now() - oldest).total_seconds()) if oldest else 0,
        given_up_last_day=given_up,
    )
