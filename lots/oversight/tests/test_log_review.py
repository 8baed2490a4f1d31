"""The monthly log follow-up: the sample, the three lists of unusual reads, the signed sign-off and who sees it."""

import datetime

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from lots.accounts.models import AuditGrant, Role
from lots.audit.models import AuditEntry
from lots.lib.dates import add_months
from lots.oversight import services, tasks
from lots.oversight.logs import Month
from lots.oversight.models import LogReview
from lots.oversight.tests.conftest import LONG_AGO, at
from lots.testing.factories import RoleAssignmentFactory, UserFactory
from lots.testing.world import ALL_ROLES

APRIL = (2026, 4)  # Good Friday 3 April, Easter Monday 6 April


def april(world):
    return Month(world.m1, *APRIL)


def reader(username, unit, **role):
    person = UserFactory(username=username)
    RoleAssignmentFactory(user=person, role=Role.ENHETSCHEF, unit=unit, created_at=LONG_AGO, **role)
    return person


# --- Reads outside office hours -------------------------------------------------------------------------------------


@override_settings(LOTS_OFFICE_HOURS_START=7, LOTS_OFFICE_HOURS_END=18)
def test_reads_before_seven_from_six_pm_on_weekends_and_on_holidays_are_outside_office_hours(world, read):
    person = reader("nattuggla", world.own)
    inside = [at("2026-04-07", "07:00"), at("2026-04-07", "17:59"), at("2026-04-08", "12:00")]
    outside = [
        at("2026-04-07", "06:59"),
        at("2026-04-07", "18:00"),
        at("2026-04-04", "12:00"),  # Saturday
        at("2026-04-03", "12:00"),  # Good Friday
        at("2026-04-06", "10:00"),  # Easter Monday
        at("2026-04-30", "23:30"),  # 21:30 UTC, still April in Sweden
    ]
    found = {read(person, world.own, when).pk: when for when in inside + outside}
    listed = [found[e.pk] for e in april(world).outside_office_hours]
    assert listed == sorted(outside)
    assert april(world).outside_count == len(outside)


def test_the_month_is_read_in_swedish_time_and_only_in_the_municipality(world, read):
    person = reader("gräns", world.own)
    read(person, world.own, at("2026-05-01", "00:30"))  # 30 April 22:30 UTC, May in Sweden
    read(person, world.foreign, at("2026-04-07", "12:00"))
    read(person, world.own, at("2026-04-07", "12:00"))
    assert april(world).read_count == 1


# --- Unusually many reads ------------------------------------------------------------------------------------------


@override_settings(LOTS_LOG_HEAVY_READER_FACTOR=3, LOTS_LOG_HEAVY_READER_MIN=50)
def test_a_person_reading_more_than_three_times_the_median_and_at_least_the_minimum_is_listed(world, read):
    when = at("2026-04-08", "10:00")
    for n, count in enumerate([10, 12, 14]):
        read(reader(f"vanlig{n}", world.own), world.own, when, records=count)
    heavy = reader("storläsare", world.own)
    read(heavy, world.own, when, records=60)
    read(heavy, world.own, when, records=1)
    below_minimum = reader("flitig", world.own)
    read(below_minimum, world.own, when, records=45)
    month = april(world)
    assert month.median_records == 14
    assert [(h.person, h.records, h.requests) for h in month.heavy_readers] == [(heavy, 61, 2)]
    assert "person=storl%C3%A4sare" in month.heavy_readers[0].url
    with override_settings(LOTS_LOG_HEAVY_READER_MIN=40):
        assert [h.person for h in Month(world.m1, *APRIL).heavy_readers] == [heavy, below_minimum]
    with override_settings(LOTS_LOG_HEAVY_READER_MIN=1):
        assert [h.person for h in Month(world.m1, *APRIL).heavy_readers] == [heavy, below_minimum]


def test_a_read_of_one_named_record_without_a_list_counts_as_one_record(world, read):
    person = reader("detaljläsare", world.own)
    read(person, world.own, at("2026-04-08", "10:00"), records=0)
    read(person, world.own, at("2026-04-08", "10:05"), records=4)
    assert april(world)._per_person == [(person.pk, 5, 2)]


# --- Reads on a unit the person has left ---------------------------------------------------------------------------


def test_a_read_after_the_readers_role_on_the_unit_ended_is_listed(world, read):
    mover = reader("flyttad", world.sub, ends_on=datetime.date(2026, 4, 5))
    RoleAssignmentFactory(user=mover, role=Role.ENHETSCHEF, unit=world.other, created_at=LONG_AGO)
    last_day = read(mover, world.sub, at("2026-04-05", "16:00"))
    after = read(mover, world.sub, at("2026-04-07", "09:00"))
    on_new_unit = read(mover, world.other, at("2026-04-07", "09:30"))
    reporter = UserFactory(username="rapportör")
    read(reporter, world.sub, at("2026-04-07", "11:00"))  # no role ever: not someone who left
    listed = list(april(world).after_leaving)
    assert listed == [after]
    assert last_day not in listed and on_new_unit not in listed


def test_a_read_still_covered_by_another_role_or_an_audit_grant_is_not_listed(world, read):
    promoted = reader("befordrad", world.sub, ends_on=datetime.date(2026, 4, 1))
    RoleAssignmentFactory(user=promoted, role=Role.AVDELNINGSCHEF, unit=world.own, created_at=LONG_AGO)
    read(promoted, world.sub, at("2026-04-07", "09:00"))
    auditor = UserFactory(username="revisor")
    RoleAssignmentFactory(
        user=auditor, role=Role.GRANSKARE, unit=world.sub, created_at=LONG_AGO, ends_on=datetime.date(2026, 4, 1)
    )
    AuditGrant.objects.create(
        auditor=auditor,
        unit=world.own,
        purpose="Granskning av ärendehanteringen",
        valid_from=datetime.date(2026, 4, 1),
        valid_until=datetime.date(2026, 4, 30),
        granted_by=world.persona(Role.KVALITETSSAMORDNARE),
        granted_at=LONG_AGO,
    )
    read(auditor, world.sub, at("2026-04-07", "10:00"))
    late = reader("sen", world.sub, ends_on=datetime.date(2026, 4, 1))
    RoleAssignmentFactory(user=late, role=Role.AVDELNINGSCHEF, unit=world.own, created_at=at("2026-04-20"))
    too_early = read(late, world.sub, at("2026-04-07", "09:00"))
    assert list(april(world).after_leaving) == [too_early]


# --- The sample ----------------------------------------------------------------------------------------------------


def test_the_sample_is_random_yet_the_same_each_time_and_of_the_set_size(world, read):
    person = reader("läsare", world.own)
    entries = [read(person, world.own, at("2026-04-08", f"{8 + n // 6:02d}:{n % 6 * 10:02d}")) for n in range(30)]
    first = april(world).sample(size=20)
    assert len(first) == 20 and first == Month(world.m1, *APRIL).sample(size=20)
    assert first != sorted(entries, key=lambda e: e.pk)[:20]
    assert [e.at for e in first] == sorted(e.at for e in first)
    with override_settings(LOTS_LOG_SAMPLE_SIZE=5):
        assert len(Month(world.m1, *APRIL).sample()) == 5


# --- Signing off ---------------------------------------------------------------------------------------------------


def page(world, year=APRIL[0], month=APRIL[1]):
    return reverse("oversight:log_month", args=[world.m1.pk, year, month])


def test_signing_off_needs_a_note_and_keeps_what_was_typed(world, coordinator, client_for):
    response = client_for(coordinator).post(page(world), {"note": "   "})
    assert response.status_code == 422
    assert response.context["form"].errors["note"] == ["Skriv vad du har kontrollerat och vad du kom fram till."]
    assert not LogReview.objects.exists()


def test_the_sign_off_is_logged_and_cannot_be_changed_afterwards(world, coordinator, client_for, read):
    read(reader("läsare", world.own), world.own, at("2026-04-04", "12:00"))
    client = client_for(coordinator)
    assert client.post(page(world), {"note": "Stickprovet kontrollerat, inga avvikelser."}).status_code == 302
    signed = LogReview.objects.get()
    assert (signed.signed_by, signed.read_count, signed.sample_count, signed.anomaly_count) == (coordinator, 1, 1, 1)
    entry = AuditEntry.objects.get(action="create", content_type__model="logreview")
    assert entry.actor == coordinator and entry.unit_id == world.namnd.pk and entry.changes["note"] == [None, {"chars": 42}]
    again = client.post(page(world), {"note": "Ändrad text"})
    assert again.status_code == 422
    assert "redan signerad" in again.content.decode()
    signed.refresh_from_db()
    assert signed.note == "Stickprovet kontrollerat, inga avvikelser." and LogReview.objects.count() == 1


def test_a_month_that_has_not_ended_cannot_be_signed(world, coordinator, client_for):
    today = timezone.localdate()
    response = client_for(coordinator).post(page(world, today.year, today.month), {"note": "För tidigt"})
    assert response.status_code == 422
    assert "först när den är slut" in response.content.decode()
    with pytest.raises(services.ValidationError):
        services.log_review_sign(
            actor=coordinator, municipality=world.m1, year=today.year, month=today.month, note="x", read_count=0,
            sample_count=0, anomaly_count=0,
        )  # fmt: skip


def test_an_unsigned_past_month_with_reads_is_a_task_until_signed(world, coordinator, client_for, read):
    today = timezone.localdate()
    last = add_months(today.replace(day=1), -1)
    read(reader("läsare", world.own), world.own, at(last.isoformat(), "12:00"))
    url = page(world, last.year, last.month)
    assert [t.url for t in tasks.tasks_for(coordinator, today) if "logg" in t.url] == [url]
    client_for(coordinator).post(url, {"note": "Kontrollerat."})
    assert [t.url for t in tasks.tasks_for(coordinator, today) if "logg" in t.url] == []


# --- Who sees it ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ALL_ROLES)
def test_only_a_municipality_wide_quality_coordinator_follows_up_the_log(world, client_for, role):
    client = client_for(world.persona(role))
    assert client.get(reverse("oversight:logs")).status_code == 404
    assert client.get(page(world)).status_code == 404


def test_the_coordinator_sees_her_municipality_and_gets_404_for_others_and_for_odd_months(world, coordinator, client_for, read):
    read(reader("läsare", world.own), world.own, at("2026-04-04", "12:00"))
    client = client_for(coordinator)
    overview = client.get(reverse("oversight:logs"))
    assert overview.status_code == 200 and "Testkommun" in overview.content.decode()
    month = client.get(page(world))
    assert month.status_code == 200 and "Visa i loggen" in month.content.decode()
    next_month = add_months(timezone.localdate().replace(day=1), 1)
    for url in (
        reverse("oversight:log_month", args=[world.m2.pk, *APRIL]),
        page(world, 2026, 13),
        page(world, 1999, 12),
        page(world, next_month.year, next_month.month),
    ):
        assert client.get(url).status_code == 404


def test_the_month_page_reads_a_fixed_number_of_queries(world, coordinator, client_for, read, django_assert_max_num_queries):
    for n in range(5):
        person = reader(f"läsare{n}", world.own)
        read(person, world.own, at("2026-04-04", "12:00"), records=3)
    client = client_for(coordinator)
    client.get(page(world))
    with django_assert_max_num_queries(20):
        client.get(page(world))
