"""Computed sources: key figures Lots computes from its own data, per period, for a unit with everything below it.

Each source is read from the data as it stands (a later answer to an old complaint changes the old month's share)
until a follow-up freezes the period's value (``lots.indicators.services.freeze_values``). A source returns one
``Figure`` per period that has begun: the total, and for shares the counts behind it, so a chart can draw a P chart
and a reader can check the arithmetic.

Gender: none of the records these sources count carries the client's gender. Complaints, deviations and placements
are kept without names or personal numbers (pseudonymous case references at most), and routines concern staff.
So every source computes the total only and says why (``GENDER_NOTE``); an indicator about clients that uses one
shows the missing split, with that reason, on every view (``Source.knows_gender`` is there for a source that
one day can split).

Cost: a fixed number of queries per call whatever the number of periods — one grouped query per month for the
complaint and deviation figures, four for the routines, the watch module's own for the placements.
"""

import contextlib
import contextvars
import datetime
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, F, Q
from django.db.models.functions import TruncDate, TruncMonth
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lots.indicators.periods import Period
from lots.lib.dates import day_start
from lots.organisation.models import Unit
from lots.reports.periods import as_local_date

GENDER_NOTE = _("Lots registrerar inte kön för de personer som uppgifterna gäller, så det här måttet kan bara räknas som totalt.")
ONE_DECIMAL = Decimal("0.1")


@dataclass(frozen=True)
class Figure:
    """A source's value for one period. ``numerator``/``denominator`` are the counts behind a share (None for
    counts); ``total`` is None when there was nothing to measure (no complaints to judge, nobody asked to read)."""

    period: Period
    total: Decimal | None
    numerator: int | None = None
    denominator: int | None = None
    partial: bool = False  # the period has not ended: the figure is so far
    female: Decimal | None = None
    male: Decimal | None = None


@dataclass(frozen=True)
class Source:
    key: str
    name: str
    definition: str
    unit_of_measure: str
    direction: str  # the usual good direction: "up" or "down" (the indicator decides its own)
    compute: Callable[[Unit, list[Period], datetime.date], list[Figure]]
    knows_gender: bool = False

    @property
    def gender_note(self) -> str:
        return "" if self.knows_gender else str(GENDER_NOTE)

    def figures(self, unit: Unit, periods: list[Period], *, today: datetime.date | None = None) -> list[Figure]:
        """One figure per period that has begun by ``today``, in the order given."""
        today = today or timezone.localdate()
        begun = [p for p in periods if p.has_begun(today)]
        return self.compute(unit, begun, today) if begun else []


_shared: contextvars.ContextVar[dict | None] = contextvars.ContextVar("indicator_source_rows", default=None)


@contextlib.contextmanager
def shared() -> Iterator[None]:
    """Within this block, sources that group the same records by month for the same unit and dates read them once
    (complaints received and complaints answered in time share one query, as do the two deviation figures)."""
    token = _shared.set({})
    try:
        yield
    finally:
        _shared.reset(token)


def _once(key: tuple, read: Callable[[], dict]) -> dict:
    memo = _shared.get()
    if memo is None:
        return read()
    if key not in memo:
        memo[key] = read()
    return memo[key]


def _share(numerator: int, denominator: int) -> Decimal | None:
    if not denominator:
        return None
    return (Decimal(100 * numerator) / Decimal(denominator)).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


def _within(unit: Unit, field: str = "unit") -> Q:
    return Q(**{f"{field}__path__startswith": unit.path})


def _bounds(periods: list[Period], today: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    first = min(p.start for p in periods)
    last = min(max(p.end for p in periods), today + datetime.timedelta(days=1))
    return day_start(first), day_start(last)


def _by_month(rows) -> dict[datetime.date, dict]:
    """Grouped rows keyed by their local month's first day (the database answers an aware datetime or a date)."""
    return {as_local_date(row.pop("month")).replace(day=1): row for row in rows}


def _months_so_far(period: Period, today: datetime.date) -> int:
    return sum(1 for month in period.months if month <= today)


# --- Complaints ----------------------------------------------------------------------------------


def _complaint_months(unit: Unit, periods: list[Period], today: datetime.date) -> dict[datetime.date, dict]:
    """Per month received: complaints, those closed within the deadline, and those the deadline can be judged on
    (closed, or open past their due date) — as the feedback compilation counts them. Authority reports (IVO, JO,
    auditors) are not complaints to answer and are left out. One query."""
    from lots.feedback.models import FeedbackCase

    start, end = _bounds(periods, today)

    def read() -> dict[datetime.date, dict]:
        tz = timezone.get_current_timezone()
        closed = Q(status=FeedbackCase.Status.CLOSED)
        rows = (
            FeedbackCase.objects.filter(_within(unit), kind=FeedbackCase.Kind.COMPLAINT, authority="")
            .filter(received_at__gte=start, received_at__lt=end)
            .annotate(month=TruncMonth("received_at", tzinfo=tz), closed_on=TruncDate("closed_at", tzinfo=tz))
            .order_by()
            .values("month")
            .annotate(
                received=Count("pk"),
                in_time=Count("pk", filter=closed & Q(closed_on__lte=F("due_date"))),
                decided=Count("pk", filter=closed | Q(due_date__lt=today)),
            )
        )
        return _by_month(rows)

    return _once(("complaints", unit.pk, start, end, today), read)


def complaints_in_time(unit: Unit, periods: list[Period], today: datetime.date) -> list[Figure]:
    months = _complaint_months(unit, periods, today)
    figures = []
    for period in periods:
        found = [months[m] for m in period.months if m in months]
        in_time = sum(r["in_time"] for r in found)
        decided = sum(r["decided"] for r in found)
        figures.append(Figure(period, _share(in_time, decided), in_time, decided, partial=not period.is_over(today)))
    return figures


def complaints_received(unit: Unit, periods: list[Period], today: datetime.date) -> list[Figure]:
    months = _complaint_months(unit, periods, today)
    return [
        Figure(
            period,
            Decimal(sum(months[m]["received"] for m in period.months if m in months)),
            partial=not period.is_over(today),
        )
        for period in periods
    ]


# --- Deviations ----------------------------------------------------------------------------------


def _deviation_months(unit: Unit, periods: list[Period], today: datetime.date) -> dict[datetime.date, dict]:
    from lots.deviations.models import Deviation

    start, end = _bounds(periods, today)

    def read() -> dict[datetime.date, dict]:
        rows = (
            Deviation.objects.filter(_within(unit), reported_at__gte=start, reported_at__lt=end)
            .annotate(month=TruncMonth("reported_at", tzinfo=timezone.get_current_timezone()))
            .order_by()
            .values("month")
            .annotate(reported=Count("pk"), lex_sarah=Count("pk", filter=Q(possible_lex_sarah=True)))
        )
        return _by_month(rows)

    return _once(("deviations", unit.pk, start, end), read)


def _per_month(field: str) -> Callable[[Unit, list[Period], datetime.date], list[Figure]]:
    def compute(unit: Unit, periods: list[Period], today: datetime.date) -> list[Figure]:
        months = _deviation_months(unit, periods, today)
        figures = []
        for period in periods:
            count = sum(months[m][field] for m in period.months if m in months)
            elapsed = _months_so_far(period, today)
            # A month's figure is its count; a tertial's or a year's is the mean per month so far, so that targets
            # read the same whatever the frequency.
            value = Decimal(count) if elapsed == 1 else (Decimal(count) / elapsed).quantize(ONE_DECIMAL, ROUND_HALF_UP)
            figures.append(Figure(period, value, count, elapsed, partial=not period.is_over(today)))
        return figures

    return compute


# --- Routines ------------------------------------------------------------------------------------


def routines_acknowledged(unit: Unit, periods: list[Period], today: datetime.date) -> list[Figure]:
    """Of the read requests on a period's last day (today for the current period), the share confirmed by then.

    A read request is a person holding "routine.acknowledge" on the unit or below, on a unit a routine in force
    applies to (or below it), for the routine's version established by that day; as
    ``lots.processes.acknowledgements`` asks people, but read as it stood that day: role assignments that had
    begun and not ended, routines valid that day, and confirmations given by its end. Four queries.
    """
    from lots.access.policy import roles_with
    from lots.accounts.models import RoleAssignment
    from lots.processes.acknowledgements import PERM
    from lots.processes.models import Acknowledgement, Routine, RoutineVersion

    last = min(max(p.last_day for p in periods), today)
    applies = Q(unit__path__startswith=unit.path) | Q(unit_id__in=unit.ancestor_ids())
    routine_units: dict[int, list[str]] = {}
    validity: dict[int, tuple] = {}
    for routine_id, path, valid_from, valid_until in Routine.units.through.objects.filter(applies).values_list(
        "routine_id", "unit__path", "routine__valid_from", "routine__valid_until"
    ):
        routine_units.setdefault(routine_id, []).append(path)
        validity[routine_id] = (valid_from, valid_until)
    versions: dict[int, list[tuple[datetime.datetime, int]]] = {}
    for routine_id, pk, established_at in (
        RoutineVersion.objects.filter(
            routine_id__in=list(routine_units),
            status=RoutineVersion.Status.ESTABLISHED,
            established_at__lt=day_start(last + datetime.timedelta(days=1)),
        )
        .order_by("established_at", "pk")
        .values_list("routine_id", "pk", "established_at")
    ):
        versions.setdefault(routine_id, []).append((established_at, pk))
    assignments = (
        list(
            RoleAssignment.objects.filter(
                unit__path__startswith=unit.path, role__in=roles_with(PERM), user__is_active=True
            ).values_list("user_id", "unit__path", "created_at", "ends_on", "unit__closed_at")
        )
        if versions
        else []
    )
    confirmed_at: dict[tuple[int, int], datetime.datetime] = {}
    if versions and assignments:
        for version_id, user_id, at in Acknowledgement.objects.filter(
            version_id__in=[pk for found in versions.values() for _at, pk in found],
            user_id__in={a[0] for a in assignments},
        ).values_list("version_id", "user_id", "acknowledged_at"):
            confirmed_at[version_id, user_id] = at

    figures = []
    for period in periods:
        day = min(period.last_day, today)
        limit = day_start(day + datetime.timedelta(days=1))
        asked: set[tuple[int, int]] = set()  # (version, person)
        for routine_id, paths in routine_units.items():
            valid_from, valid_until = validity[routine_id]
            if (valid_from and day < valid_from) or (valid_until and day > valid_until):
                continue
            in_force = [pk for at, pk in versions.get(routine_id, []) if at < limit]
            if not in_force:
                continue
            version = in_force[-1]
            for user_id, path, created_at, ends_on, closed_at in assignments:
                held = created_at < limit and (ends_on is None or ends_on >= day)
                open_then = closed_at is None or closed_at > day
                if held and open_then and any(path.startswith(p) for p in paths):
                    asked.add((version, user_id))
        confirmed = sum(1 for pair in asked if pair in confirmed_at and confirmed_at[pair] < limit)
        figures.append(Figure(period, _share(confirmed, len(asked)), confirmed, len(asked), partial=not period.is_over(today)))
    return figures


# --- Placements (case deadline watch) ------------------------------------------------------------


def placements_on_time(unit: Unit, periods: list[Period], today: datetime.date) -> list[Figure]:
    """The share of placements whose visit and reconsideration were not overdue, as the watch module counts it at
    each month's end; a tertial or year pools its months (placements on time, summed, of placements going on)."""
    from lots.watch.compliance import monthly_compliance

    months = sorted({m for p in periods for m in p.months if m <= today})
    rows = {row.month: row for row in monthly_compliance(unit, months, today=today)}
    figures = []
    for period in periods:
        found = [rows[m] for m in period.months if m in rows]
        on_time = sum(r.on_time for r in found)
        active = sum(r.active for r in found)
        figures.append(Figure(period, _share(on_time, active), on_time, active, partial=not period.is_over(today)))
    return figures


# --- Registry ------------------------------------------------------------------------------------


SOURCES: dict[str, Source] = {
    source.key: source
    for source in (
        Source(
            key="complaints_in_time",
            name=_("Andel klagomål avslutade inom tidsgränsen"),
            definition=_(
                "Klagomål som kommit in under perioden (inte rapporter från myndigheter) och som avslutats senast "
                "sista dagen enligt kommunens tidsgräns (14 dagar om inget annat är inställt), i procent av de "
                "klagomål som avslutats eller passerat sista dagen."
            ),
            unit_of_measure="%",
            direction="up",
            compute=complaints_in_time,
        ),
        Source(
            key="complaints_received",
            name=_("Antal inkomna klagomål"),
            definition=_("Klagomål som kommit in under perioden, utom rapporter från myndigheter."),
            unit_of_measure=_("antal"),
            direction="down",
            compute=complaints_received,
        ),
        Source(
            key="deviations_per_month",
            name=_("Rapporterade avvikelser per månad"),
            definition=_("Avvikelser rapporterade under perioden. För en tertial eller ett år: genomsnittet per månad hittills."),
            unit_of_measure=_("antal per månad"),
            direction="down",
            compute=_per_month("reported"),
        ),
        Source(
            key="lex_sarah_per_month",
            name=_("Avvikelser som kan vara missförhållanden (lex Sarah) per månad"),
            definition=_(
                "Avvikelser rapporterade under perioden som markerats som möjliga missförhållanden. För en tertial "
                "eller ett år: genomsnittet per månad hittills."
            ),
            unit_of_measure=_("antal per månad"),
            direction="down",
            compute=_per_month("lex_sarah"),
        ),
        Source(
            key="routines_acknowledged",
            name=_("Andel läsbekräftade rutiner"),
            definition=_(
                "Av de medarbetare som ska läsa en gällande rutin (den version som gällde periodens sista dag), "
                "andelen som bekräftat att de läst och förstått den senast den dagen."
            ),
            unit_of_measure="%",
            direction="up",
            compute=routines_acknowledged,
        ),
        Source(
            key="placements_on_time",
            name=_("Andel placeringar med besök och övervägande i tid"),
            definition=_(
                "Pågående placeringar vars besök och övervägande eller omprövning inte var försenade vid varje "
                "månads slut, enligt bevakningen av ärenden; för en tertial eller ett år räknas månaderna samman."
            ),
            unit_of_measure="%",
            direction="up",
            compute=placements_on_time,
        ),
    )
}


def choices() -> list[tuple[str, str]]:
    """(key, name) of every source, for a form's select."""
    return [(key, str(source.name)) for key, source in SOURCES.items()]


def get(key: str) -> Source | None:
    return SOURCES.get(key)
