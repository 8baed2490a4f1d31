"""The monthly follow-up of a municipality's access log: which reads to look at, and the lists of unusual ones.

Everything is counted and picked in SQL: a month of a large municipality's log never passes through Python, only
the sample and the first rows of each list (``LIST_LIMIT``) do.
"""

import datetime
import statistics
import zoneinfo
from dataclasses import dataclass
from functools import cached_property
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.db.models.functions import ExtractHour, ExtractIsoWeekDay, Substr, TruncDate, TruncMonth
from django.urls import reverse
from django.utils import timezone

from lots.access import review
from lots.accounts.models import User
from lots.audit.models import AuditEntry
from lots.lib.dates import add_months
from lots.lib.holidays import days_off_between
from lots.organisation.models import Municipality, Unit

STOCKHOLM = zoneinfo.ZoneInfo("Europe/Stockholm")
READ_ACTIONS = (AuditEntry.Action.VIEW, AuditEntry.Action.EXPORT)
LIST_LIMIT = 100
# How far back unsigned months are shown as tasks and listed on the overview.
MONTHS_BACK = 12


def month_start(year: int, month: int) -> datetime.datetime:
    return datetime.datetime(year, month, 1, tzinfo=STOCKHOLM)


def municipality_reads(municipality: Municipality) -> QuerySet:
    """Every read in the municipality's log: entries of action "Läste" or "Exporterade" on its unit tree."""
    condition = Q(pk__in=[])
    for path in Unit.objects.filter(municipality=municipality, depth=0).values_list("path", flat=True):
        condition |= Q(unit_path__startswith=path)
    return AuditEntry.objects.filter(condition, action__in=READ_ACTIONS)


def months_with_reads(municipality: Municipality, since: datetime.date, until: datetime.date) -> set[tuple[int, int]]:
    """(year, month) of the months from ``since`` up to, not including, ``until`` (first days) with reads. One query."""
    entries = municipality_reads(municipality).filter(
        at__gte=month_start(since.year, since.month), at__lt=month_start(until.year, until.month)
    )
    months = entries.annotate(m=TruncMonth("at", tzinfo=STOCKHOLM)).order_by().values_list("m", flat=True).distinct()
    found = set()
    for value in months:
        value = timezone.localtime(value, STOCKHOLM) if isinstance(value, datetime.datetime) else value
        found.add((value.year, value.month))
    return found


def audit_log_url(entry_or_user, day: datetime.date | None = None, last_day: datetime.date | None = None) -> str:
    """The audit log's search for one person's entries on ``day`` (through ``last_day``)."""
    user = entry_or_user.actor if isinstance(entry_or_user, AuditEntry) else entry_or_user
    query = {"person": user.username if user is not None else ""}
    if day is not None:
        query |= {"date_from": day.isoformat(), "date_to": (last_day or day).isoformat()}
    return reverse("audit:search") + "?" + urlencode(query)


@dataclass
class HeavyReader:
    person: User
    records: int
    requests: int
    url: str


@dataclass
class Month:
    """One month of one municipality's access log, as the quality coordinator follows it up."""

    municipality: Municipality
    year: int
    month: int

    @property
    def first_day(self) -> datetime.date:
        return datetime.date(self.year, self.month, 1)

    @property
    def last_day(self) -> datetime.date:
        return add_months(self.first_day, 1) - datetime.timedelta(days=1)

    @cached_property
    def reads(self) -> QuerySet:
        start = month_start(self.year, self.month)
        following = add_months(self.first_day, 1)
        return municipality_reads(self.municipality).filter(at__gte=start, at__lt=month_start(following.year, following.month))

    @cached_property
    def read_count(self) -> int:
        return self.reads.count()

    def _listed(self, entries: QuerySet) -> QuerySet:
        return entries.select_related("actor", "content_type").order_by("at", "id")

    def sample(self, size: int | None = None) -> list[AuditEntry]:
        """``size`` reads picked at random, the same ones each time: ordered by a part of each entry's hash (an HMAC,
        so unpredictable), where the part to order by depends on the month."""
        size = settings.LOTS_LOG_SAMPLE_SIZE if size is None else size
        offset = (self.year * 12 + self.month) % 48 + 1
        picked = self.reads.annotate(draw=Substr("hash", offset, 16)).order_by("draw", "id")[:size]
        return sorted(picked.select_related("actor", "content_type"), key=lambda e: (e.at, e.pk))

    @cached_property
    def outside_office_hours(self) -> QuerySet:
        """Reads on a weekend, a day off (lots.lib.holidays) or outside office hours on a weekday, in Swedish time."""
        entries = self.reads.annotate(
            local_hour=ExtractHour("at", tzinfo=STOCKHOLM),
            local_weekday=ExtractIsoWeekDay("at", tzinfo=STOCKHOLM),
            local_day=TruncDate("at", tzinfo=STOCKHOLM),
        )
        outside = (
            Q(local_hour__lt=settings.LOTS_OFFICE_HOURS_START)
            | Q(local_hour__gte=settings.LOTS_OFFICE_HOURS_END)
            | Q(local_weekday__gt=5)
        )
        holidays = days_off_between(self.first_day, self.last_day)
        if holidays:
            outside |= Q(local_day__in=holidays)
        return self._listed(entries.filter(outside))

    @cached_property
    def after_leaving(self) -> QuerySet:
        """Reads on a unit the reader no longer held a role on (lots.access.review.reads_after_leaving)."""
        return self._listed(review.reads_after_leaving(self.reads, STOCKHOLM))

    @cached_property
    def _per_person(self) -> list[tuple[int, int, int]]:
        """(person id, records read, requests) per reader this month; one query. An entry that names the one record it
        read without listing it (``lots.audit.services.record_view``) counts as one record."""
        return list(
            self.reads.filter(actor__isnull=False)
            .order_by()
            .values("actor_id")
            .annotate(
                records=Count("reads") + Count("id", filter=Q(reads__isnull=True)),
                requests=Count("id", distinct=True),
            )
            .values_list("actor_id", "records", "requests")
        )

    @cached_property
    def median_records(self) -> float:
        return statistics.median(records for _actor, records, _requests in self._per_person) if self._per_person else 0

    @cached_property
    def heavy_readers(self) -> list[HeavyReader]:
        """People who read more records than ``LOTS_LOG_HEAVY_READER_FACTOR`` times the month's median reader, and at
        least ``LOTS_LOG_HEAVY_READER_MIN``; most first."""
        limit = settings.LOTS_LOG_HEAVY_READER_FACTOR * self.median_records
        heavy = [row for row in self._per_person if row[1] > limit and row[1] >= settings.LOTS_LOG_HEAVY_READER_MIN]
        people = User.objects.in_bulk([actor for actor, _records, _requests in heavy])
        found = [
            HeavyReader(people[actor], records, requests, audit_log_url(people[actor], self.first_day, self.last_day))
            for actor, records, requests in heavy
        ]
        return sorted(found, key=lambda h: (-h.records, h.person.username))

    @cached_property
    def outside_count(self) -> int:
        return self.outside_office_hours.count()

    @cached_property
    def after_leaving_count(self) -> int:
        return self.after_leaving.count()

    @cached_property
    def anomaly_count(self) -> int:
        return self.outside_count + self.after_leaving_count + len(self.heavy_readers)


def recent_months(today: datetime.date, count: int = MONTHS_BACK) -> list[tuple[int, int]]:
    """The current month and the ``count`` months before it, newest first."""
    first = today.replace(day=1)
    return [(d.year, d.month) for d in (add_months(first, -k) for k in range(count + 1))]
