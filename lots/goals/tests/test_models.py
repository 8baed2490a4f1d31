import datetime

import pytest
from django.db import IntegrityError, transaction

from lots.accounts.models import Role
from lots.goals.models import Activity, FollowUp, Plan, PlanChange


def _activity(world, **fields):
    values = {
        "unit": world.own,
        "year": 2026,
        "title": "Aktivitet",
        "owner": world.persona(Role.ENHETSCHEF),
        "starts_on": datetime.date(2026, 2, 1),
        "ends_on": datetime.date(2026, 11, 30),
    }
    values.update(fields)
    return Activity.objects.create(**values)


def test_an_activity_within_its_year_is_stored(world):
    assert _activity(world).pk


@pytest.mark.parametrize(
    "starts_on, ends_on",
    [
        (datetime.date(2025, 12, 1), datetime.date(2026, 3, 1)),
        (datetime.date(2026, 2, 1), datetime.date(2027, 1, 10)),
        (datetime.date(2026, 5, 1), datetime.date(2026, 4, 30)),
    ],
)
def test_the_database_refuses_an_activity_outside_its_year_or_ending_before_it_starts(world, starts_on, ends_on):
    with pytest.raises(IntegrityError), transaction.atomic():
        _activity(world, starts_on=starts_on, ends_on=ends_on)


def test_a_plan_change_needs_a_reason(world):
    plan = Plan.objects.create(unit=world.own, year=2026)
    with pytest.raises(IntegrityError), transaction.atomic():
        PlanChange.objects.create(plan=plan, version_number=1, reason="", actor=world.persona(Role.ENHETSCHEF))


def test_a_follow_up_period_ends_on_the_last_day_of_its_last_month(world):
    follow_up = FollowUp(unit=world.own, year=2026, period=FollowUp.Period.T2)
    assert (follow_up.period_start, follow_up.period_end) == (datetime.date(2026, 5, 1), datetime.date(2026, 8, 31))
