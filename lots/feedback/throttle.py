"""Per-address rate limit for the public forms, kept in the database so every worker process sees it.

Settings (read at call time, so tests and deployments can change them):
``LOTS_FEEDBACK_RATE_LIMIT`` submissions per address (default 5) within
``LOTS_FEEDBACK_RATE_WINDOW_MINUTES`` (default 60).
"""

import datetime
import hashlib
import hmac

from django.conf import settings
from django.utils import timezone

from lots.feedback.models import SubmissionAttempt
from lots.lib.clientaddr import client_address

DEFAULT_LIMIT = 5
DEFAULT_WINDOW_MINUTES = 60


def limit() -> int:
    return int(getattr(settings, "LOTS_FEEDBACK_RATE_LIMIT", DEFAULT_LIMIT))


def window() -> datetime.timedelta:
    return datetime.timedelta(minutes=int(getattr(settings, "LOTS_FEEDBACK_RATE_WINDOW_MINUTES", DEFAULT_WINDOW_MINUTES)))


def address_of(request) -> str:
    return client_address(request) or "unknown"


def _hash(address: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), address.encode(), hashlib.sha256).hexdigest()


def is_limited(address: str, purpose: str, *, now: datetime.datetime | None = None) -> bool:
    """Whether ``address`` has used up its submissions for ``purpose`` in the current window."""
    now = now or timezone.now()
    SubmissionAttempt.objects.filter(at__lt=now - max(window(), datetime.timedelta(days=1))).delete()
    recent = SubmissionAttempt.objects.filter(address_hash=_hash(address), purpose=purpose, at__gte=now - window())
    return recent.count() >= limit()


def record_attempt(address: str, purpose: str, *, now: datetime.datetime | None = None) -> None:
    SubmissionAttempt.objects.create(address_hash=_hash(address), purpose=purpose, at=now or timezone.now())
