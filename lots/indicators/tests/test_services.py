"""Indicator writes: the gender-split rule, periods that fit the frequency, frozen values, the off-target mail."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import override_settings

from lots.accounts.models import Role
from lots.audit.models import AuditEntry
from lots.audit.versioning import ConcurrentEditError
from lots.goals.models import FollowUp
from lots.indicators import selectors, services
from lots.indicators.models import Indicator, Value
from lots.processes.tests.helpers import make_process

D = datetime.date
TODAY = D(2026, 6, 15)
S = Indicator.Split


MARCH = D(2026, 3, 1)


def record(indicator, actor, period=MARCH, **fields):
    return services.value_record(actor=actor, indicator=indicator, period_start=period, today=TODAY, **fields)


def test_a_value_is_recorded_with_its_audit_entry(world, make_indicator):
    indicator = make_indicator()
    value = record(indicator, world.persona(Role.ENHETSCHEF), total="87,5")
    assert value.total == Decimal("87.50")
    assert AuditEntry.objects.filter(object_id=str(value.pk), action="create").exists()


def test_a_split_indicator_refuses_a_value_without_both_parts_or_a_reason(world, make_indicator):
    indicator = make_indicator(split=S.WOMEN_MEN)
    with pytest.raises(ValidationError) as error:
        record(indicator, world.persona(Role.ENHETSCHEF), total=80, female=82)
    assert "kvinnor och män" in error.value.message_dict["split_missing_reason"][0]
    assert not Value.objects.exists()


def test_a_split_indicator_takes_both_parts_or_a_stated_reason(world, make_indicator):
    indicator = make_indicator(split=S.GIRLS_BOYS)
    both = record(indicator, world.persona(Role.ENHETSCHEF), total=80, female=82, male=78)
    assert (both.female, both.male, both.split_missing_reason) == (Decimal(82), Decimal(78), "")
    reasoned = record(
        indicator, world.persona(Role.ENHETSCHEF), period=D(2026, 4, 1), total=75, split_missing_reason="Systemet saknar kön."
    )
    assert reasoned.split_missing and reasoned.split_missing_reason == "Systemet saknar kön."


def test_the_gap_shows_on_the_indicators_year_with_or_without_a_reason(world, make_indicator):
    indicator = make_indicator(split=S.WOMEN_MEN)
    record(indicator, world.persona(Role.ENHETSCHEF), total=80, female=82, male=78)
    [year] = selectors.years_of([indicator], 2026, today=TODAY)
    assert not year.split_gap
    record(indicator, world.persona(Role.ENHETSCHEF), period=D(2026, 4, 1), total=75, split_missing_reason="Saknas i källan.")
    [year] = selectors.years_of([indicator], 2026, today=TODAY)
    assert year.split_gap and year.gap_reasons[0][1] == "Saknas i källan."


def test_an_unsplit_indicator_keeps_no_parts(world, make_indicator):
    value = record(make_indicator(), world.persona(Role.ENHETSCHEF), total=10, female=4, male=6)
    assert (value.female, value.male) == (None, None)


@pytest.mark.parametrize(
    ("frequency", "period", "ok"),
    [
        (Indicator.Frequency.MONTH, D(2026, 3, 1), True),
        (Indicator.Frequency.MONTH, D(2026, 3, 2), False),
        (Indicator.Frequency.TERTIAL, D(2026, 5, 1), True),
        (Indicator.Frequency.TERTIAL, D(2026, 3, 1), False),
        (Indicator.Frequency.YEAR, D(2026, 1, 1), True),
        (Indicator.Frequency.MONTH, D(2026, 7, 1), False),  # has not begun on TODAY
    ],
)
def test_the_period_must_fit_the_frequency_and_have_begun(world, make_indicator, frequency, period, ok):
    indicator = make_indicator(frequency=frequency)
    if ok:
        record(indicator, world.persona(Role.ENHETSCHEF), period=period, total=1)
    else:
        with pytest.raises(ValidationError) as error:
            record(indicator, world.persona(Role.ENHETSCHEF), period=period, total=1)
        assert "period_start" in error.value.message_dict


def test_bad_numbers_get_a_swedish_message_next_to_the_field(world, make_indicator):
    with pytest.raises(ValidationError) as error:
        record(make_indicator(), world.persona(Role.ENHETSCHEF), total="åttio")
    assert error.value.message_dict["total"] == ["Skriv ett tal, till exempel 85 eller 12,5."]


def test_recording_the_same_period_again_changes_the_value_and_checks_the_version(world, make_indicator):
    indicator = make_indicator()
    first = record(indicator, world.persona(Role.ENHETSCHEF), total=10)
    again = record(indicator, world.persona(Role.ENHETSCHEF), total=12, expected_version=first.version)
    assert again.pk == first.pk and again.total == Decimal(12)
    with pytest.raises(ConcurrentEditError):
        record(indicator, world.persona(Role.ENHETSCHEF), total=14, expected_version=first.version)


def _follow_up(world, unit, period=FollowUp.Period.T1):
    return FollowUp.objects.create(unit=unit, year=2026, period=period)


def test_freezing_stores_the_computed_values_and_marks_every_value_of_the_periods(world, make_indicator):
    manual = make_indicator()
    record(manual, world.persona(Role.ENHETSCHEF), total=10)
    record(manual, world.persona(Role.ENHETSCHEF), period=D(2026, 5, 1), total=11)
    computed = make_indicator(name="Avvikelser", source=Indicator.Source.COMPUTED, computed_key="deviations_per_month")
    follow_up = _follow_up(world, world.forvaltning)
    frozen = services.freeze_values(follow_up=follow_up, actor=world.persona(Role.KVALITETSSAMORDNARE), today=TODAY)
    assert Value.objects.filter(indicator=computed, frozen_in=follow_up).count() == 4  # January to April
    assert Value.objects.get(indicator=manual, period_start=D(2026, 3, 1)).frozen_in == follow_up
    assert Value.objects.get(indicator=manual, period_start=D(2026, 5, 1)).frozen_in is None  # after T1
    assert frozen == 5


def test_a_frozen_value_is_never_changed(world, make_indicator):
    indicator = make_indicator()
    record(indicator, world.persona(Role.ENHETSCHEF), total=10)
    services.freeze_values(follow_up=_follow_up(world, world.own), actor=world.persona(Role.KVALITETSSAMORDNARE), today=TODAY)
    with pytest.raises(ValidationError) as error:
        record(indicator, world.persona(Role.ENHETSCHEF), total=99)
    assert "fastställt" in error.value.messages[0]
    assert Value.objects.get(indicator=indicator).total == Decimal(10)


@override_settings(LOTS_REMINDER_DIGEST=False)
def test_a_process_value_off_target_tells_the_owners_nearest_manager_once(
    world, make_indicator, django_capture_on_commit_callbacks
):
    process = make_process(world, world.own)
    owner = process.owner
    indicator = make_indicator(process=process, direction=Indicator.Direction.UP)
    services.target_set(actor=world.persona(Role.KVALITETSSAMORDNARE), indicator=indicator, year=2026, value=90)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        record(indicator, world.persona(Role.ENHETSCHEF), total=95)
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        record(indicator, world.persona(Role.ENHETSCHEF), period=D(2026, 4, 1), total=70)
    assert mail.outbox == []  # April is older than the last ended month (May): filled in late, it is no news
    with django_capture_on_commit_callbacks(execute=True):
        record(indicator, world.persona(Role.ENHETSCHEF), period=D(2026, 5, 1), total=70)
    manager = services.nearest_manager(indicator)
    assert manager is not None and manager != owner
    [sent] = mail.outbox
    assert sent.to == [manager.email] and "under målvärdet" in sent.subject
    with django_capture_on_commit_callbacks(execute=True):
        record(indicator, world.persona(Role.ENHETSCHEF), period=D(2026, 5, 1), total=60)
    assert len(mail.outbox) == 1


def test_a_computed_indicator_needs_a_known_source(world, make_indicator):
    with pytest.raises(ValidationError) as error:
        make_indicator(source=Indicator.Source.COMPUTED, computed_key="okand")
    assert "computed_key" in error.value.message_dict


def test_a_target_is_set_once_per_year_and_then_changed(world, make_indicator):
    indicator = make_indicator()
    actor = world.persona(Role.KVALITETSSAMORDNARE)
    target = services.target_set(actor=actor, indicator=indicator, year=2026, value="85")
    services.target_set(actor=actor, indicator=indicator, year=2026, value="90", expected_version=target.version)
    assert indicator.targets.get(year=2026).value == Decimal(90)
