import datetime

import pytest
from django.core.exceptions import ValidationError

from lots.accounts.models import Role
from lots.audit.models import AuditEntry
from lots.deviations import services as deviations
from lots.deviations.models import Deviation
from lots.feedback.models import FeedbackCase
from lots.privacy import services
from lots.privacy.models import LegalHold, RetentionPeriod

pytestmark = pytest.mark.django_db

# Closed on 2020-03-02 (conftest): with the default five years the period passes on 2025-03-02.
LAST_DAY_KEPT = datetime.date(2025, 3, 2)
FIRST_DAY_CULLED = datetime.date(2025, 3, 3)


def test_a_closed_deviation_is_kept_until_its_period_has_passed_and_culled_the_day_after(closed_deviation):
    deviation = closed_deviation()

    assert services.retention_cull(today=LAST_DAY_KEPT) == 0
    assert Deviation.objects.filter(pk=deviation.pk).exists()

    assert services.retention_cull(today=FIRST_DAY_CULLED) == 1
    assert not Deviation.objects.filter(pk=deviation.pk).exists()


def test_an_open_deviation_is_never_culled(world, closed_deviation):
    deviation = closed_deviation()
    Deviation.objects.filter(pk=deviation.pk).update(state=Deviation.State.INVESTIGATING, closed_at=None)

    services.retention_cull(today=datetime.date(2090, 1, 1))

    assert Deviation.objects.filter(pk=deviation.pk).exists()


def test_a_closed_feedback_case_is_culled_after_its_period(closed_case):
    case = closed_case()

    services.retention_cull(today=LAST_DAY_KEPT)
    assert FeedbackCase.objects.filter(pk=case.pk).exists()

    services.retention_cull(today=FIRST_DAY_CULLED)
    assert not FeedbackCase.objects.filter(pk=case.pk).exists()


def test_the_municipality_setting_decides_the_period_for_its_own_records_only(world, closed_case):
    ours, theirs = closed_case(), closed_case(unit=world.foreign)
    RetentionPeriod.objects.create(municipality=world.m1, record_type="feedback", years=2)

    services.retention_cull(today=datetime.date(2022, 3, 3))

    assert not FeedbackCase.objects.filter(pk=ours.pk).exists()
    assert FeedbackCase.objects.filter(pk=theirs.pk).exists()


def test_an_open_lex_sarah_investigation_keeps_the_deviation(world, closed_deviation):
    deviation = closed_deviation()
    deviations.lex_sarah_start(actor=world.persona(Role.KVALITETSSAMORDNARE), deviation=deviation, notify_people=False)

    services.retention_cull(today=FIRST_DAY_CULLED)

    assert Deviation.objects.filter(pk=deviation.pk).exists()


def test_an_ivo_notification_not_yet_sent_keeps_the_deviation(world, closed_deviation):
    deviation = closed_deviation()
    deviations.ivo_notification_start(actor=world.persona(Role.KVALITETSSAMORDNARE), deviation=deviation)

    services.retention_cull(today=FIRST_DAY_CULLED)

    assert Deviation.objects.filter(pk=deviation.pk).exists()


def test_a_legal_hold_keeps_the_record_until_it_is_released(world, coordinator, closed_deviation):
    deviation = closed_deviation()
    hold = services.legal_hold_place(
        actor=coordinator, municipality=world.m1, record_type="deviation", record_id=deviation.pk, reason=LegalHold.Reason.IVO
    )

    services.retention_cull(today=FIRST_DAY_CULLED)
    assert Deviation.objects.filter(pk=deviation.pk).exists()

    services.legal_hold_release(actor=coordinator, hold=hold)
    services.retention_cull(today=FIRST_DAY_CULLED)
    assert not Deviation.objects.filter(pk=deviation.pk).exists()


def test_a_legal_hold_on_one_type_does_not_keep_a_record_of_another_type_with_the_same_number(
    world, coordinator, closed_deviation, closed_case
):
    deviation, case = closed_deviation(), closed_case()
    services.legal_hold_place(
        actor=coordinator, municipality=world.m1, record_type="deviation", record_id=deviation.pk, reason=LegalHold.Reason.JO
    )
    LegalHold.objects.filter(record_type="deviation").update(record_id=case.pk)

    services.retention_cull(today=FIRST_DAY_CULLED)

    assert not FeedbackCase.objects.filter(pk=case.pk).exists()


def test_a_culling_is_logged_with_counts_and_ids_and_no_content(world, closed_deviation):
    first, second = closed_deviation(), closed_deviation()

    services.retention_cull(today=FIRST_DAY_CULLED)

    entry = AuditEntry.objects.get(action=AuditEntry.Action.DELETE, note=services.CULL_NOTE)
    assert entry.changes == {
        "record_type": [None, "deviation"],
        "municipality": [None, "testkommun"],
        "years": [None, 5],
        "count": [None, 2],
        "ids": [None, sorted([first.pk, second.pk])],
    }
    assert entry.object_repr == ""
    assert "vänta" not in str(entry.changes) + entry.note
    assert entry.unit_id == world.namnd.pk


def test_a_culling_with_nothing_to_cull_writes_no_log_row(closed_deviation):
    closed_deviation()

    services.retention_cull(today=LAST_DAY_KEPT)

    assert not AuditEntry.objects.filter(note=services.CULL_NOTE).exists()


CASES = {"deviation", "feedback"}


def test_the_dry_run_counts_what_would_be_culled_and_what_is_held_without_deleting(world, closed_deviation, closed_case):
    held, due = closed_deviation(), closed_deviation()
    closed_case(unit=world.foreign)
    deviations.lex_sarah_start(actor=world.persona(Role.KVALITETSSAMORDNARE), deviation=held, notify_people=False)

    rows = services.retention_plan(today=FIRST_DAY_CULLED)

    # The case records' rules (the other modules' rules count nothing here: they have no records).
    counts = {(row.municipality.slug, row.rule.key): (row.due, row.held) for row in rows if row.rule.key in CASES}
    assert all((row.due, row.held) == (0, 0) for row in rows if row.rule.key not in CASES)
    assert counts == {
        ("testkommun", "deviation"): (1, 1),
        ("testkommun", "feedback"): (0, 0),
        ("andra", "deviation"): (0, 0),
        ("andra", "feedback"): (1, 0),
    }
    assert Deviation.objects.filter(pk__in=[held.pk, due.pk]).count() == 2


def test_a_culling_on_29_february_counts_back_to_28_february_in_a_common_year(closed_case):
    case = closed_case(closed_on=datetime.date(2019, 2, 27))

    services.retention_cull(today=datetime.date(2024, 2, 29))

    assert not FeedbackCase.objects.filter(pk=case.pk).exists()


@pytest.mark.parametrize("years", [0, 101])
def test_the_service_refuses_a_period_out_of_range_from_any_caller(world, coordinator, years):
    with pytest.raises(ValidationError) as error:
        services.retention_periods_save(actor=coordinator, municipality=world.m1, years={"feedback": years})

    assert error.value.message_dict.keys() == {"feedback"}
    assert not RetentionPeriod.objects.exists()


def test_a_legal_hold_is_placed_on_a_record_whose_municipality_is_its_units(world, coordinator):
    """Personnel records know their municipality through their unit: a hold finds the record there, and refuses a
    record of another municipality."""
    from lots.staff.models import Employment
    from lots.testing.factories import UserFactory

    employment = Employment.objects.create(
        person=UserFactory(), unit=world.own, starts_on=datetime.date(2020, 1, 1), ends_on=datetime.date(2021, 1, 1)
    )
    hold = {"record_type": "staff_employment", "record_id": employment.pk, "reason": LegalHold.Reason.JO}
    assert services.legal_hold_place(actor=coordinator, municipality=world.m1, **hold).record_id == employment.pk
    with pytest.raises(ValidationError):
        services.legal_hold_place(actor=coordinator, municipality=world.m2, **hold)
