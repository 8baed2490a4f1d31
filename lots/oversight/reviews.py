"""The yearly access review of a unit: who holds which role there, since when, and when they last signed in."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

from lots.access import review
from lots.accounts.models import RoleAssignment, User
from lots.organisation.models import Unit
from lots.oversight.models import AccessReview


def unused_before(now: datetime.datetime | None = None) -> datetime.datetime:
    """An account whose last sign-in (or, never signed in, its creation) is before this is unused."""
    return (now or timezone.now()) - datetime.timedelta(days=settings.LOTS_UNUSED_ACCOUNT_DAYS)


def last_seen(person: User) -> datetime.datetime:
    """When the account was last used: its last sign-in (password or single sign-on), else when it was made."""
    return person.last_login or person.date_joined


def is_unused(person: User, now: datetime.datetime | None = None) -> bool:
    return last_seen(person) < unused_before(now)


def due_date(year: int) -> datetime.date:
    """The yearly review is due on the last day of ``LOTS_ACCESS_REVIEW_MONTH``."""
    month = settings.LOTS_ACCESS_REVIEW_MONTH
    following = datetime.date(year + month // 12, month % 12 + 1, 1)
    return following - datetime.timedelta(days=1)


@dataclass
class Row:
    assignment: RoleAssignment
    unused: bool
    can_end: bool
    opens_review: bool  # the row's unit has a review of its own the reviewer may open (a unit below theirs)

    @property
    def person(self) -> User:
        return self.assignment.user


@dataclass
class Review:
    """A unit's access review as ``reviewer`` sees it this year."""

    reviewer: User
    unit: Unit
    year: int
    rows: list[Row]
    flagged: list[User]  # unused accounts, each once
    deactivatable: list[User]  # of those, the ones the reviewer may deactivate
    confirmation: AccessReview | None

    @property
    def assignment_count(self) -> int:
        return len(self.rows)


def build(reviewer: User, unit: Unit, today: datetime.date | None = None) -> Review:
    """The review of ``unit`` for ``reviewer`` (who may review it): three queries, whatever the unit's size."""
    now = timezone.now()
    year = (today or timezone.localdate()).year
    assignments = review.review_assignments(reviewer, unit)
    rows = [
        Row(a, is_unused(a.user, now), review.may_end(reviewer, a), a.unit_id != unit.pk and review.may_review(reviewer, a.unit))
        for a in assignments
    ]
    flagged = list({row.person.pk: row.person for row in rows if row.unused}.values())
    allowed = review.deactivatable(reviewer, flagged)
    confirmation = AccessReview.objects.filter(unit=unit, year=year).select_related("confirmed_by").first()
    return Review(reviewer, unit, year, rows, flagged, [p for p in flagged if p.pk in allowed], confirmation)
