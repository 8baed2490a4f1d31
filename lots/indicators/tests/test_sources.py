"""The computed sources: each counts a unit with everything below it, per period, as the owning module counts it."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from lots.accounts.models import Role, RoleAssignment
from lots.deviations import services as deviation_services
from lots.feedback import services as feedback_services
from lots.feedback.models import FeedbackCase
from lots.indicators import sources
from lots.indicators.periods import MONTH, TERTIAL, YEAR, Period, periods_in_year
from lots.processes import acknowledgements
from lots.processes.models import Acknowledgement, RoutineVersion
from lots.processes.services import routines as routine_services
from lots.processes.tests.helpers import make_routine
from lots.testing.factories import RoleAssignmentFactory, UserFactory
from lots.watch import services as watch_services
from lots.watch.models import ImportBatch, PlacementKind

D = datetime.date
C = FeedbackCase


def at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def months(*starts) -> list[Period]:
    return [Period(start, MONTH) for start in starts]


def totals(figures) -> list:
    return [(f.period.start, f.total, f.numerator, f.denominator) for f in figures]


# --- Complaints ----------------------------------------------------------------------------------


@pytest.fixture
def complaint(world):
    """``complaint(received, unit=…, closed=…, due=…, **fields)``: a complaint registered by staff, then placed in
    time (received, due and closed dates) as if it had been handled then."""

    def make(received: datetime.date, *, unit=None, closed: datetime.date | None = None, due=None, **fields):
        values = {
            "kind": C.Kind.COMPLAINT,
            "sender_role": C.SenderRole.RELATIVE,
            "channel": C.Channel.PHONE,
            "description": "Ingen ringde tillbaka om hemtjänsten.",
            "received_at": at(received),
            "notify_people": False,
        }
        values.update(fields)
        case = feedback_services.feedback_register(actor=world.persona("enhetschef"), unit=unit or world.own, **values)
        changes = {"due_date": due or received + datetime.timedelta(days=14)}
        if closed:
            changes |= {"status": C.Status.CLOSED, "closed_at": at(closed, 15), "category": C.Category.TREATMENT}
        C.objects.filter(pk=case.pk).update(**changes)
        return case

    return make


@pytest.fixture
def complaints(world, complaint):
    """January on "own": one closed in time, one closed a day late, one open past its due date, one open and not yet
    due. February on "sub" (below "own"): one closed on its last day. Not counted for "own": an IVO decision, an
    opinion, and a complaint on "other"."""
    complaint(D(2026, 1, 5), closed=D(2026, 1, 12))
    complaint(D(2026, 1, 7), closed=D(2026, 1, 22))
    complaint(D(2026, 1, 20), due=D(2026, 2, 3))
    complaint(D(2026, 1, 30), due=D(2026, 2, 28))
    complaint(D(2026, 2, 2), unit=world.sub, closed=D(2026, 2, 16))
    complaint(D(2026, 1, 8), authority=C.Authority.IVO, sender_role=C.SenderRole.AUTHORITY, channel=C.Channel.LETTER)
    complaint(D(2026, 1, 9), kind=C.Kind.OPINION)
    complaint(D(2026, 1, 9), unit=world.other, closed=D(2026, 1, 10))


def test_complaints_in_time_are_those_closed_by_their_due_date_of_those_closed_or_late(world, complaints):
    source = sources.get("complaints_in_time")
    figures = source.figures(world.own, months(D(2026, 1, 1), D(2026, 2, 1)), today=D(2026, 2, 10))
    assert totals(figures) == [
        (D(2026, 1, 1), Decimal("33.3"), 1, 3),
        (D(2026, 2, 1), Decimal("100.0"), 1, 1),
    ]


def test_a_tertial_pools_its_months_counts_rather_than_averaging_their_shares(world, complaints):
    [figure] = sources.get("complaints_in_time").figures(world.own, [Period(D(2026, 1, 1), TERTIAL)], today=D(2026, 3, 10))
    # January 1 of 4 (the complaint due 28 February is late by 10 March), February 1 of 1.
    assert (figure.total, figure.numerator, figure.denominator, figure.partial) == (Decimal("40.0"), 2, 5, True)


def test_a_unit_below_counts_only_its_own_complaints(world, complaints):
    figures = sources.get("complaints_in_time").figures(world.sub, months(D(2026, 1, 1), D(2026, 2, 1)), today=D(2026, 3, 1))
    assert totals(figures) == [(D(2026, 1, 1), None, 0, 0), (D(2026, 2, 1), Decimal("100.0"), 1, 1)]


def test_complaints_received_counts_complaints_but_not_authority_reports_or_opinions(world, complaints):
    figures = sources.get("complaints_received").figures(world.own, months(D(2026, 1, 1), D(2026, 2, 1)), today=D(2026, 3, 1))
    assert [f.total for f in figures] == [Decimal(4), Decimal(1)]


# --- Deviations ----------------------------------------------------------------------------------


@pytest.fixture
def deviations(world):
    reporter = world.persona("medarbetare")

    def report(day, unit=None, **fields):
        return deviation_services.deviation_report(
            actor=reporter,
            unit=unit or world.own,
            occurred_at=at(day, 8),
            reported_at=at(day),
            description="Brukaren fick fel dos vid kvällsbesöket.",
            notify_people=False,
            **fields,
        )

    report(D(2026, 1, 3))
    report(D(2026, 1, 31))
    report(D(2026, 2, 14), unit=world.sub, possible_lex_sarah=True)
    report(D(2026, 3, 1))
    report(D(2026, 1, 10), unit=world.other)


def test_deviations_are_counted_per_month_with_the_units_below(world, deviations):
    figures = sources.get("deviations_per_month").figures(
        world.own, months(D(2026, 1, 1), D(2026, 2, 1), D(2026, 3, 1), D(2026, 4, 1)), today=D(2026, 4, 30)
    )
    assert [f.total for f in figures] == [Decimal(2), Decimal(1), Decimal(1), Decimal(0)]


def test_a_tertial_of_deviations_is_the_mean_per_month_so_far(world, deviations):
    [figure] = sources.get("deviations_per_month").figures(world.own, [Period(D(2026, 1, 1), TERTIAL)], today=D(2026, 3, 5))
    assert (figure.total, figure.numerator, figure.denominator, figure.partial) == (Decimal("1.3"), 4, 3, True)


def test_possible_lex_sarah_reports_are_counted_on_their_own(world, deviations):
    figures = sources.get("lex_sarah_per_month").figures(world.own, months(D(2026, 1, 1), D(2026, 2, 1)), today=D(2026, 3, 1))
    assert [f.total for f in figures] == [Decimal(0), Decimal(1)]


# --- Routines ------------------------------------------------------------------------------------


def test_the_current_share_of_routines_acknowledged_equals_the_routines_read_report(world):
    routine = make_routine(world, world.own)
    asked = acknowledgements.people_asked(routine)
    assert len(asked) >= 2
    routine_services.acknowledge(actor=asked[0], routine=routine)
    today = timezone.localdate()
    [figure] = sources.get("routines_acknowledged").figures(world.own, [Period(today.replace(day=1), MONTH)], today=today)
    confirmed, total = acknowledgements.totals(acknowledgements.status_by_unit(routine))
    assert (figure.numerator, figure.denominator) == (confirmed, total) == (1, len(asked))


def test_a_routine_is_read_as_it_stood_on_the_periods_last_day(world):
    routine = make_routine(world, world.own)
    person = acknowledgements.people_asked(routine)[0]
    ack = routine_services.acknowledge(actor=person, routine=routine)
    RoleAssignment.objects.update(created_at=at(D(2025, 1, 1)))
    RoutineVersion.objects.filter(routine=routine).update(established_at=at(D(2026, 1, 20)))
    Acknowledgement.objects.filter(pk=ack.pk).update(acknowledged_at=at(D(2026, 2, 3)))
    figures = sources.get("routines_acknowledged").figures(
        world.own, months(D(2025, 12, 1), D(2026, 1, 1), D(2026, 2, 1)), today=D(2026, 3, 1)
    )
    asked = len(acknowledgements.people_asked(routine))
    # December: not yet established, nobody asked. January: asked, nobody had confirmed. February: one had.
    assert totals(figures) == [
        (D(2025, 12, 1), None, 0, 0),
        (D(2026, 1, 1), Decimal("0.0"), 0, asked),
        (D(2026, 2, 1), sources._share(1, asked), 1, asked),
    ]


def test_a_person_whose_role_ended_before_the_period_is_not_asked(world):
    newcomer = UserFactory(username="ny", first_name="Ny", last_name="Medarbetare")
    assignment = RoleAssignmentFactory(user=newcomer, role=Role.MEDARBETARE, unit=world.sub, include_subunits=False)
    routine = make_routine(world, world.own)
    today = timezone.localdate()
    period = [Period(today.replace(day=1), MONTH)]
    assert newcomer in acknowledgements.people_asked(routine)  # asked while the role lasts
    [before] = sources.get("routines_acknowledged").figures(world.own, period, today=today)
    RoleAssignment.objects.filter(pk=assignment.pk).update(ends_on=today - datetime.timedelta(days=40))
    [after] = sources.get("routines_acknowledged").figures(world.own, period, today=today)
    assert after.denominator == before.denominator - 1


def test_a_routine_of_a_unit_above_asks_the_staff_below_and_one_of_another_unit_does_not(world):
    make_routine(world, world.forvaltning, title="Dokumentation i journal")
    make_routine(world, world.other, title="Nyckelhantering")
    today = timezone.localdate()
    [figure] = sources.get("routines_acknowledged").figures(world.own, [Period(today.replace(day=1), MONTH)], today=today)
    staff_on_own = {a.user_id for a in acknowledgements._staff_assignments([world.own])}
    assert figure.denominator == len(staff_on_own)


# --- Placements ----------------------------------------------------------------------------------


def test_placements_on_time_pool_the_months_of_a_tertial(world):
    importer = UserFactory(username="importor")
    RoleAssignmentFactory(user=importer, role=Role.KVALITETSSAMORDNARE, unit=world.forvaltning, include_subunits=True)
    rows = [
        {"case_reference": "BU-1", "start_date": D(2025, 10, 10)},
        {"case_reference": "BU-2", "start_date": D(2025, 10, 10), "last_visit_date": D(2026, 1, 1)},
    ]
    full = [
        {
            "line": line,
            "unit": world.own,
            "worker": world.persona("medarbetare"),
            "kind": PlacementKind.CHILD_SOL_HVB,
            "last_visit_date": None,
            "last_reconsideration_date": None,
            "end_date": None,
            **row,
        }
        for line, row in enumerate(rows, start=2)
    ]
    watch_services.placements_import(
        actor=importer, municipality=world.m1, rows=full, source=ImportBatch.Source.CSV, at=at(D(2026, 1, 5))
    )
    source = sources.get("placements_on_time")
    january, february = source.figures(world.own, months(D(2026, 1, 1), D(2026, 2, 1)), today=D(2026, 2, 20))
    # BU-1's visit was due 10 January: overdue at both months' ends; BU-2 was visited on 1 January.
    assert (january.total, february.total) == (Decimal("50.0"), Decimal("50.0"))
    [tertial] = source.figures(world.own, [Period(D(2026, 1, 1), TERTIAL)], today=D(2026, 2, 20))
    assert (tertial.numerator, tertial.denominator) == (2, 4)


# --- Every source ------------------------------------------------------------------------------------


@pytest.mark.parametrize("key", list(sources.SOURCES))
def test_every_source_gives_one_figure_per_begun_period_even_for_an_empty_unit(world, key):
    periods = periods_in_year(2026, MONTH)
    figures = sources.get(key).figures(world.sub, periods, today=D(2026, 3, 15))
    assert [f.period for f in figures] == periods[:3]
    assert [f.partial for f in figures] == [False, False, True]


@pytest.mark.parametrize("key", list(sources.SOURCES))
def test_a_source_without_the_clients_gender_says_so_and_gives_no_split(world, key):
    source = sources.get(key)
    assert not source.knows_gender
    assert "kön" in source.gender_note
    [figure] = source.figures(world.own, [Period(D(2026, 1, 1), YEAR)], today=D(2026, 6, 1))
    assert figure.female is None and figure.male is None


def test_an_unknown_key_has_no_source_and_the_choices_name_every_source():
    assert sources.get("nope") is None
    assert [key for key, _name in sources.choices()] == list(sources.SOURCES)
