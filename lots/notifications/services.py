"""Sending e-mail through Django's mail backend, at most once per reason.

Reminder code calls ``send_once`` with a key that names the reason and the day
(or step), e.g. ``"feedback:42:reminder:2026-11-23"``. A second call with the same
key sends nothing, so the daily command can safely run twice.
"""

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction

from lots.notifications.models import SentNotification


def send_once(*, key: str, to: str, subject: str, body: str) -> bool:
    """Send unless ``key`` was sent before; returns whether a mail was queued. The mail leaves after commit."""
    if not to:
        return False
    try:
        with transaction.atomic():
            SentNotification.objects.create(key=key[:200], recipient=to, subject=subject[:200])
    except IntegrityError:
        return False
    transaction.on_commit(lambda: send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [to], fail_silently=False))
    return True


def notify(*, to: str, subject: str, body: str) -> None:
    """Send one mail after the surrounding transaction commits (no de-duplication)."""
    if to:
        transaction.on_commit(lambda: send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [to], fail_silently=False))
