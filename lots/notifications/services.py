"""Sending e-mail through Django's mail backend, at most once per reason.

Reminder code calls ``send_once`` with a key that names the reason and the day
(or step), e.g. ``"feedback:42:reminder:2026-11-23"``. A second call with the same
key sends nothing, so the daily command can safely run twice.

A mail's text comes from a template like every other text (``render_mail``): the
first line is the subject, the rest the body, in the active language.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template import Context, engines

from lots.notifications.models import SentNotification

KEY_LENGTH = 200


def render_mail(template_name: str, context: dict) -> tuple[str, str]:
    """``(subject, body)`` from a plain-text mail template whose first line is the subject.

    Rendered without HTML escaping, since the mail is plain text, and in the active language.
    """
    template = engines["django"].engine.get_template(template_name)
    subject, _newline, body = template.render(Context(context, autoescape=False)).partition("\n")
    return subject.strip(), body


def send_once(*, key: str, to: str, subject: str, body: str) -> bool:
    """Send unless ``key`` was sent before; returns whether a mail was queued. The mail leaves after commit."""
    if not to:
        return False
    try:
        with transaction.atomic():
            SentNotification.objects.create(key=key[:KEY_LENGTH], recipient=to, subject=subject[:200])
    except IntegrityError:
        return False
    transaction.on_commit(lambda: send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [to], fail_silently=False))
    return True


@dataclass(frozen=True)
class Mail:
    """One mail for ``send_each_once``: the subject and body given, or ``template`` rendered with ``context``
    (``render_mail``) only when the mail is actually sent."""

    key: str
    to: str
    subject: str = ""
    body: str = ""
    template: str = ""
    context: dict = field(default_factory=dict)

    def text(self) -> tuple[str, str]:
        return render_mail(self.template, self.context) if self.template else (self.subject, self.body)


def send_each_once(mails: Iterable[Mail], *, batch: int = 1000) -> int:
    """``send_once`` for many mails: the keys already used are read with one query per ``batch`` keys, and only the
    others are sent, so a daily job whose reminders have mostly gone out costs a few queries instead of a failed insert
    per mail. Returns how many were queued. Two runs at once are still kept apart by the unique key."""
    mails = [m for m in mails if m.to]
    used: set[str] = set()
    for start in range(0, len(mails), batch):
        keys = [m.key[:KEY_LENGTH] for m in mails[start : start + batch]]
        used.update(SentNotification.objects.filter(key__in=keys).values_list("key", flat=True))
    sent = 0
    for m in mails:
        if m.key[:KEY_LENGTH] not in used:
            subject, body = m.text()
            sent += send_once(key=m.key, to=m.to, subject=subject, body=body)
    return sent


def notify(*, to: str, subject: str, body: str) -> None:
    """Send one mail after the surrounding transaction commits (no de-duplication)."""
    if to:
        transaction.on_commit(lambda: send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [to], fail_silently=False))
