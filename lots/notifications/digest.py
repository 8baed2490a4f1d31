"""The daily digest: each person gets at most one reminder mail a day, listing everything due, grouped by module.

The reminder run (``manage.py send_reminders``) opens a digest with ``collecting``; while it is open, the modules'
``send_once`` and ``send_each_once`` calls hand their mails to it instead of queueing them. ``Digest.send`` then
queues one mail per address: the reminder itself when there is one, otherwise a list of every reminder's subject,
first line and link. The day's digest has a key of its own (``digest_key``), so a second run the same day
sends nobody a second mail: what came due since waits for the next day's digest. The reminders' own keys are marked
sent with the digest once it has gone.
"""

import contextvars
import datetime
import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction

from lots.notifications.delivery import queue_mail, render_mail
from lots.notifications.models import SentNotification

_current: contextvars.ContextVar["Digest | None"] = contextvars.ContextVar("lots_reminder_digest", default=None)


@dataclass(frozen=True)
class Item:
    key: str
    module: str
    subject: str
    body: str
    link: str

    @property
    def summary(self) -> str:
        """The body's first line that is not the link itself."""
        for line in self.body.splitlines():
            if line.strip() and line.strip() != self.link:
                return line.strip()
        return ""


@dataclass
class Digest:
    day: datetime.date
    module: str = ""
    items: dict[str, dict[str, Item]] = field(default_factory=dict)
    addresses: dict[str, str] = field(default_factory=dict)

    def add(self, *, key: str, to: str, subject: str, body: str, link: str) -> bool:
        """Take one reminder for ``to``; returns False for a key this run already took."""
        if any(key in items for items in self.items.values()):
            return False
        address = to.strip().lower()
        self.addresses.setdefault(address, to)
        self.items.setdefault(address, {})[key] = Item(key, self.module, subject, body, link)
        return True

    def send(self) -> int:
        """Queue each person's mail for the day; returns how many mails were queued."""
        queued = 0
        for address, items in self.items.items():
            to = self.addresses[address]
            key = digest_key(address, self.day)
            subject, body = self._text(list(items.values()), to)
            try:
                with transaction.atomic():
                    SentNotification.objects.create(key=key, recipient=to, subject=subject[:200])
                    SentNotification.objects.bulk_create(
                        [SentNotification(key=k, recipient=to, subject=i.subject[:200]) for k, i in items.items()],
                        ignore_conflicts=True,
                    )
            except IntegrityError:
                continue
            queue_mail(to=to, subject=subject, body=body, keys=[key, *items])
            queued += 1
        return queued

    def _text(self, items: list[Item], to: str | None = None) -> tuple[str, str]:
        if len(items) == 1:
            return items[0].subject, items[0].body
        groups: dict[str, list[Item]] = {}
        for item in items:
            groups.setdefault(item.module, []).append(item)
        context = {"count": len(items), "groups": list(groups.items()), "day": self.day}
        return render_mail("notifications/mail/digest.txt", context, to=to)


def digest_key(address: str, day: datetime.date) -> str:
    """The day's digest key for an address; the address is hashed, since keys are logged."""
    return f"digest:{hashlib.sha256(address.encode()).hexdigest()[:24]}:{day.isoformat()}"


def current() -> Digest | None:
    """The digest open in this run, if any."""
    return _current.get()


@contextmanager
def collecting(day: datetime.date) -> Iterator[Digest]:
    token = _current.set(Digest(day))
    try:
        yield _current.get()
    finally:
        _current.reset(token)
