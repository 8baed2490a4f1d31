"""Every mail Lots sends goes through here, into the queue (lots.notifications.delivery), after commit.

``notify`` queues one mail. Reminder code calls ``send_once`` (or ``send_each_once`` for many) with a key that names
the reason and the day (or step), e.g. ``"feedback:42:reminder:2026-11-23"``: a key already queued or sent queues
nothing, so the daily command can safely run twice, and a key is marked sent only once the mail server took the mail.
During a reminder run with digests on, these calls hand their mails to the day's digest (lots.notifications.digest)
instead, which sends each person one mail.

A write never fails because mail could not be sent: the mail waits in the queue, and the worker tries again later.

A mail's text comes from a template like every other text (``render_mail``): the
first line is the subject, the rest the body. It is written in the recipient's language: ``render_mail(…, to=…)``
(and ``Mail`` with a template) render in the language the person chose in the interface (``recipient_language``),
``mail_language(to=…)`` does the same around text built in Python, and a citizen's mail is written in the language
they used on the form (``language=…``).
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction

from lots.notifications import digest
from lots.notifications.delivery import mail_language, queue_mail, recipient_language, render_mail
from lots.notifications.models import SentNotification

__all__ = [
    "Mail",
    "mail_language",
    "notify",
    "queue_mail",
    "recipient_language",
    "render_mail",
    "send_each_once",
    "send_once",
]

KEY_LENGTH = 200


def send_once(*, key: str, to: str, subject: str, body: str, link: str = "") -> bool:
    """Queue the mail unless ``key`` was queued or sent before; returns whether it was queued (or, during a reminder
    run with digests, handed to the digest). ``link`` names the page the mail is about, for the digest's list."""
    if not to:
        return False
    key = key[:KEY_LENGTH]
    collecting = digest.current()
    if collecting is not None:
        if SentNotification.objects.filter(key=key).exists():
            return False
        return collecting.add(key=key, to=to, subject=subject, body=body, link=link)
    return _queue_once(key=key, to=to, subject=subject, body=body)


def _queue_once(*, key: str, to: str, subject: str, body: str) -> bool:
    try:
        with transaction.atomic():
            SentNotification.objects.create(key=key, recipient=to, subject=subject[:200])
    except IntegrityError:
        return False
    queue_mail(to=to, subject=subject, body=body, keys=[key])
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
    link: str = ""

    def text(self) -> tuple[str, str]:
        return render_mail(self.template, self.context, to=self.to) if self.template else (self.subject, self.body)

    def page(self) -> str:
        """The page the mail is about: ``link``, or the template context's ``link``."""
        return self.link or self.context.get("link", "")


def send_each_once(mails: Iterable[Mail], *, batch: int = 1000, in_digest: bool = True) -> int:
    """``send_once`` for many mails: the keys already used are read with one query per ``batch`` keys, and only the
    others are sent, so a daily job whose reminders have mostly gone out costs a few queries instead of a failed insert
    per mail. Returns how many were queued. Two runs at once are still kept apart by the unique key.

    ``in_digest=False`` queues the mails on their own even during a reminder run: for alarms, not things falling due."""
    mails = [m for m in mails if m.to]
    used: set[str] = set()
    for start in range(0, len(mails), batch):
        keys = [m.key[:KEY_LENGTH] for m in mails[start : start + batch]]
        used.update(SentNotification.objects.filter(key__in=keys).values_list("key", flat=True))
    collecting = digest.current() if in_digest else None
    sent = 0
    for m in mails:
        key = m.key[:KEY_LENGTH]
        if key in used:
            continue
        subject, body = m.text()
        if collecting is not None:
            sent += collecting.add(key=key, to=m.to, subject=subject, body=body, link=m.page())
        else:
            sent += _queue_once(key=key, to=m.to, subject=subject, body=body)
    return sent


def notify(*, to: str, subject: str, body: str) -> None:
    """Queue one mail after the surrounding transaction commits (no de-duplication)."""
    if to:
        queue_mail(to=to, subject=subject, body=body)
