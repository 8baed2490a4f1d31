"""'Mina uppgifter' from the agreement register: the owner's coming and overdue reviews, and the agreements a member
of staff is asked to read and has not confirmed."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lots.agreements import acknowledgements
from lots.agreements.models import REVIEW_NOTICE_DAYS, Agreement
from lots.home.my_tasks import Task

MODULE = gettext_lazy("Samverkansöverenskommelser")
# The time a member of staff is given to read an agreement that has started to apply.
READ_WITHIN_DAYS = 30


def _reviews(user, today: datetime.date) -> list[Task]:
    due = Agreement.objects.review_due_by(today + datetime.timedelta(days=REVIEW_NOTICE_DAYS)).filter(owner=user)
    return [
        Task(
            _("Översyn av samverkansöverenskommelse: %(title)s") % {"title": a.title},
            a.review_date,
            a.get_absolute_url(),
            str(MODULE),
        )
        for a in due.order_by("review_date", "pk")
    ]


def _reading(user) -> list[Task]:
    return [
        Task(
            _("Läs samverkansöverenskommelsen: %(title)s") % {"title": a.title},
            timezone.localdate(a.activated_at) + datetime.timedelta(days=READ_WITHIN_DAYS)
            if a.activated_at
            else timezone.localdate(),
            a.get_absolute_url(),
            str(MODULE),
        )
        for a in acknowledgements.pending_for(user)
    ]


def tasks_for(user, today: datetime.date) -> list[Task]:
    if not getattr(user, "is_authenticated", False):
        return []
    return _reviews(user, today) + _reading(user)
