"""Is the task queue moving? Part of the readiness check (/readyz).

A worker takes a due task within seconds. The queue counts as stuck when a task has been due for longer than
``LOTS_QUEUE_STUCK_SECONDS`` and no worker has started anything within that time either, so one long report
that keeps a worker busy does not take the site out of service.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Max, Min
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max


@dataclass(frozen=True)
class QueueState:
    oldest_due_seconds: int
    last_started_seconds: int | None

    @property
    def moving(self) -> bool:
        bound = settings.LOTS_QUEUE_STUCK_SECONDS
        worker_seen = self.last_started_seconds is not None and self.last_started_seconds <= bound
        return self.oldest_due_seconds <= bound or worker_seen


def _seconds_since(moment: datetime.datetime | None, now: datetime.datetime) -> int | None:
    return None if moment is None else max(0, int((now - moment).total_seconds()))


def queue_state() -> QueueState:
    now = timezone.now()
    ready = DBTaskResult.objects.filter(status="READY")
    # A task without a run_after is due since it was queued; a delayed one (a mail's retry) since its run_after.
    due_since = [
        ready.filter(run_after=get_date_max()).aggregate(at=Min("enqueued_at"))["at"],
        ready.filter(run_after__lte=now).exclude(run_after=get_date_max()).aggregate(at=Min("run_after"))["at"],
    ]
    oldest = min((moment for moment in due_since if moment is not None), default=None)
    last_started = DBTaskResult.objects.aggregate(at=Max("started_at"))["at"]
    return QueueState(
        oldest_due_seconds=_seconds_since(oldest, now) or 0,
        last_started_seconds=_seconds_since(last_started, now),
    )
