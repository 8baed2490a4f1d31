import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction

from lots.audit.models import AuditEntry
from lots.goals import services
from lots.goals.models import Activity, GoalArea, Plan, PlanChange, ResultGoal
from lots.goals.tests.helpers import YEAR, coordinator, make_activity, make_area, make_goal, make_law


def test_an_activity_serving_neither_a_goal_nor_a_law_is_refused_at_the_goals_field(world):
    with pytest.raises(ValidationError) as raised:
        make_activity(world)
    assert "goals" in raised.value.message_dict
    assert not Activity.objects.exists()


def test_an_activity_serving_a_law_requirement_alone_is_planned(world):
    activity = make_activity(world, laws=[make_law(world)])
    assert list(activity.laws.values_list("number", flat=True)) == ["2025:400"]


def test_an_activity_serving_a_goal_is_planned_and_audited(world):
    goal = make_goal(world)
    activity = make_activity(world, goals=[goal])
    assert list(activity.goals.all()) == [goal]
    assert AuditEntry.objects.filter(object_id=str(activity.pk), action="create").exists()


def test_an_update_that_removes_every_goal_and_law_is_refused(world):
    activity = make_activity(world, goals=[make_goal(world)])
    with pytest.raises(ValidationError) as raised:
        services.activity_update(actor=coordinator(world), activity=activity, expected_version=activity.version, goals=[])
    assert "goals" in raised.value.message_dict
    assert activity.goals.count() == 1


@pytest.mark.parametrize(
    "starts_on, ends_on, field",
    [
        (datetime.date(YEAR - 1, 12, 1), datetime.date(YEAR, 3, 1), "starts_on"),
        (datetime.date(YEAR, 2, 1), datetime.date(YEAR + 1, 1, 31), "ends_on"),
        (datetime.date(YEAR, 6, 1), datetime.date(YEAR, 5, 1), "ends_on"),
    ],
)
def test_an_activity_outside_its_budget_year_or_ending_before_it_starts_is_refused_at_the_field(world, starts_on, ends_on, field):
    with pytest.raises(ValidationError) as raised:
        make_activity(world, laws=[make_law(world)], starts_on=starts_on, ends_on=ends_on)
    assert field in raised.value.message_dict


def test_an_activity_of_another_year_than_its_goals_is_refused(world):
    goal = make_goal(world)
    with pytest.raises(ValidationError) as raised:
        make_activity(world, goals=[goal], year=YEAR + 1)
    assert "goals" in raised.value.message_dict


def test_a_goal_takes_its_areas_year_and_cannot_move_to_an_area_of_another_year(world):
    goal = make_goal(world)
    assert goal.year == YEAR
    later = make_area(world, year=YEAR + 1)
    with pytest.raises(ValidationError) as raised:
        services.result_goal_update(actor=coordinator(world), goal=goal, expected_version=goal.version, area=later)
    assert "area" in raised.value.message_dict


def test_two_goal_areas_of_a_year_cannot_share_a_name(world):
    make_area(world)
    with pytest.raises(ValidationError) as raised:
        make_area(world, name="omsorg och trygghet")
    assert "name" in raised.value.message_dict


def test_a_goal_needs_a_title(world):
    with pytest.raises(ValidationError) as raised:
        make_goal(world, title="  ")
    assert "title" in raised.value.message_dict


# --- The established plan ---------------------------------------------------------------------------------------


@pytest.fixture
def established(world):
    goal = make_goal(world)
    activity = make_activity(world, goals=[goal])
    plan = services.plan_establish(actor=coordinator(world), unit=world.own, year=YEAR)
    return plan, goal, activity


def test_establishing_a_plan_keeps_version_one_with_its_tree(world, established):
    plan, goal, activity = established
    plan.refresh_from_db()
    assert plan.is_established and plan.version_number == 1
    version = plan.changes.get()
    titles = [g["title"] for area in version.snapshot["areas"] for g in area["goals"]]
    assert titles == [goal.title]
    assert version.snapshot["areas"][0]["goals"][0]["activities"][0]["title"] == activity.title


def test_a_plan_with_nothing_in_it_is_not_established(world):
    with pytest.raises(ValidationError):
        services.plan_establish(actor=coordinator(world), unit=world.other, year=YEAR)
    assert not Plan.objects.filter(unit=world.other, state="established").exists()


def test_a_change_to_an_established_plan_without_a_reason_is_refused_at_the_reason_field(world, established):
    _plan, goal, activity = established
    with pytest.raises(ValidationError) as raised:
        services.result_goal_update(actor=coordinator(world), goal=goal, expected_version=goal.version, title="Nytt")
    assert "reason" in raised.value.message_dict
    with pytest.raises(ValidationError) as raised:
        services.activity_update(actor=coordinator(world), activity=activity, expected_version=activity.version, title="Nytt")
    assert "reason" in raised.value.message_dict
    with pytest.raises(ValidationError) as raised:
        make_activity(world, goals=[goal], title="Ny aktivitet")
    assert "reason" in raised.value.message_dict
    goal.refresh_from_db()
    assert goal.title != "Nytt"


def test_a_change_with_a_reason_makes_a_new_version_and_leaves_the_established_one_as_it_was(world, established):
    plan, goal, _activity = established
    services.result_goal_update(
        actor=coordinator(world),
        goal=goal,
        expected_version=goal.version,
        title="Alla brukare är nöjda",
        reason="Nämndens beslut § 12",
    )
    plan.refresh_from_db()
    assert plan.version_number == 2
    first, second = plan.changes.order_by("version_number")
    assert first.snapshot["areas"][0]["goals"][0]["title"] == "Fler brukare är nöjda med sitt stöd"
    assert second.snapshot["areas"][0]["goals"][0]["title"] == "Alla brukare är nöjda"
    assert second.reason == "Nämndens beslut § 12"


def test_the_status_of_an_activity_changes_without_a_reason_and_without_a_version(world, established):
    plan, _goal, activity = established
    services.activity_update(
        actor=coordinator(world), activity=activity, expected_version=activity.version, status=Activity.Status.ONGOING
    )
    plan.refresh_from_db()
    assert plan.version_number == 1


def test_the_database_refuses_to_change_a_plan_version(world, established):
    plan, _goal, _activity = established
    with pytest.raises(DatabaseError), transaction.atomic():
        PlanChange.objects.filter(plan=plan).update(reason="Ändrad i efterhand")


def test_a_draft_plan_changes_freely(world):
    goal = make_goal(world)
    services.result_goal_update(actor=coordinator(world), goal=goal, expected_version=goal.version, title="Nytt")
    assert not PlanChange.objects.exists()


# --- Copying into next year -------------------------------------------------------------------------------------


def test_copying_carries_goals_and_unfinished_activities_into_next_year_remembering_their_origin(world):
    goal = make_goal(world)
    ongoing = make_activity(world, goals=[goal], starts_on=datetime.date(YEAR, 2, 28))
    make_activity(world, goals=[goal], title="Klar redan", status=Activity.Status.DONE)
    counts = services.plan_copy(actor=coordinator(world), unit=world.forvaltning, year=YEAR)
    assert counts == {"areas": 1, "goals": 1, "activities": 1, "skipped_units": 0}
    copy = ResultGoal.objects.get(year=YEAR + 1)
    assert (copy.copied_from, copy.area.year, copy.area.copied_from) == (goal, YEAR + 1, goal.area)
    activity = Activity.objects.get(year=YEAR + 1)
    assert activity.copied_from == ongoing
    assert activity.starts_on == datetime.date(YEAR + 1, 2, 28)
    assert activity.status == Activity.Status.NOT_STARTED
    assert list(activity.goals.all()) == [copy]
    assert ResultGoal.objects.filter(year=YEAR).count() == 1  # this year's stay as they were


def test_copying_twice_copies_nothing_the_second_time(world):
    goal = make_goal(world)
    make_activity(world, goals=[goal])
    services.plan_copy(actor=coordinator(world), unit=world.own, year=YEAR)
    again = services.plan_copy(actor=coordinator(world), unit=world.own, year=YEAR)
    assert (again["goals"], again["activities"]) == (0, 0)


def test_copying_leaves_out_units_whose_next_plan_is_already_established(world):
    goal = make_goal(world)
    make_activity(world, goals=[goal])
    next_area = GoalArea.objects.create(municipality=world.m1, year=YEAR + 1, name="Utbildning")
    make_goal(world, area=next_area, title="Redan beslutat")
    services.plan_establish(actor=coordinator(world), unit=world.own, year=YEAR + 1)
    counts = services.plan_copy(actor=coordinator(world), unit=world.forvaltning, year=YEAR)
    assert counts["skipped_units"] == 1 and counts["goals"] == 0
    assert not ResultGoal.objects.filter(year=YEAR + 1, copied_from__isnull=False).exists()
