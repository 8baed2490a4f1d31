import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction

from lots.goals import services
from lots.goals.models import Activity, FollowUp, GoalAssessment
from lots.goals.report_section import GoalSection
from lots.goals.tests.helpers import YEAR, coordinator, make_activity, make_goal
from lots.reports.providers.base import Scope


@pytest.fixture
def follow_up(world):
    goal = make_goal(world)
    activity = make_activity(world, goals=[goal])
    follow_up = services.follow_up_open(actor=coordinator(world), unit=world.own, year=YEAR, period=FollowUp.Period.T1)
    return follow_up, goal, activity


def _complete(world, follow_up, goal, activity):
    services.assessment_record(
        actor=coordinator(world), follow_up=follow_up, goal=goal, assessment="met", analysis="Målet nåddes för alla."
    )
    services.activity_report_record(actor=coordinator(world), follow_up=follow_up, activity=activity, status="done")


def test_an_assessment_needs_an_analysis(world, follow_up):
    follow_up, goal, _activity = follow_up
    with pytest.raises(ValidationError) as raised:
        services.assessment_record(actor=coordinator(world), follow_up=follow_up, goal=goal, assessment="met", analysis=" ")
    assert "analysis" in raised.value.message_dict
    assert not GoalAssessment.objects.exists()


def test_a_goal_outside_the_follow_ups_plan_is_refused(world, follow_up):
    follow_up, goal, _activity = follow_up
    other = make_goal(world, unit=world.other, title="Annat mål", area=goal.area)
    with pytest.raises(ValidationError) as raised:
        services.assessment_record(actor=coordinator(world), follow_up=follow_up, goal=other, assessment="met", analysis="X")
    assert "goal" in raised.value.message_dict


def test_a_follow_up_with_a_goal_not_assessed_is_not_established(world, follow_up):
    follow_up, _goal, activity = follow_up
    services.activity_report_record(actor=coordinator(world), follow_up=follow_up, activity=activity, status="done")
    with pytest.raises(ValidationError):
        services.follow_up_establish(actor=coordinator(world), follow_up=follow_up, expected_version=None)
    follow_up.refresh_from_db()
    assert not follow_up.is_established


def test_a_follow_up_with_an_activity_not_reported_is_not_established(world, follow_up):
    follow_up, goal, _activity = follow_up
    services.assessment_record(actor=coordinator(world), follow_up=follow_up, goal=goal, assessment="met", analysis="Ja.")
    with pytest.raises(ValidationError):
        services.follow_up_establish(actor=coordinator(world), follow_up=follow_up, expected_version=None)


def test_reporting_an_activitys_status_sets_the_activitys_status(world, follow_up):
    follow_up, _goal, activity = follow_up
    services.activity_report_record(actor=coordinator(world), follow_up=follow_up, activity=activity, status="ongoing")
    activity.refresh_from_db()
    assert activity.status == Activity.Status.ONGOING


def test_establishing_freezes_the_figures_and_nothing_changes_after(world, follow_up):
    follow_up, goal, activity = follow_up
    _complete(world, follow_up, goal, activity)
    services.follow_up_establish(actor=coordinator(world), follow_up=follow_up, expected_version=follow_up.version)
    follow_up.refresh_from_db()
    assert follow_up.is_established
    assert follow_up.snapshot["counts"]["goals_by_assessment"]["met"] == 1
    assert follow_up.snapshot["areas"][0]["goals"][0]["analysis"] == "Målet nåddes för alla."
    assert "indicators" in follow_up.snapshot
    with pytest.raises(ValidationError):
        services.assessment_record(actor=coordinator(world), follow_up=follow_up, goal=goal, assessment="not_met", analysis="Nej")
    with pytest.raises(ValidationError):
        services.activity_report_record(actor=coordinator(world), follow_up=follow_up, activity=activity, status="stopped")
    assert GoalAssessment.objects.get().assessment == "met"


def test_the_database_refuses_to_change_an_established_follow_up(world, follow_up):
    follow_up, goal, activity = follow_up
    _complete(world, follow_up, goal, activity)
    services.follow_up_establish(actor=coordinator(world), follow_up=follow_up, expected_version=None)
    with pytest.raises(DatabaseError), transaction.atomic():
        FollowUp.objects.filter(pk=follow_up.pk).update(snapshot={})


def test_the_report_section_counts_the_same_goals_as_the_established_follow_up(world, follow_up):
    follow_up, goal, activity = follow_up
    _complete(world, follow_up, goal, activity)
    services.follow_up_establish(actor=coordinator(world), follow_up=follow_up, expected_version=None)
    section = GoalSection().compute(Scope(unit=world.own, year=YEAR, today=datetime.date(YEAR, 12, 31)))
    assert section["figures"]["goals"] == 1
    assert section["figures"]["goals_by_assessment"]["met"] == 1
    assert section["figures"]["activities_by_status"]["done"] == 1
    table = next(b for b in section["blocks"] if b.get("id") == "goals_assessed" or b["type"] == "table")
    assert len(table["rows"]) == 1


def test_the_verksamhetsberattelse_of_an_established_follow_up_shows_its_frozen_figures(world, follow_up):
    from lots.goals import documents

    follow_up, goal, activity = follow_up
    _complete(world, follow_up, goal, activity)
    services.follow_up_establish(actor=coordinator(world), follow_up=follow_up, expected_version=None)
    follow_up.refresh_from_db()
    services.result_goal_update(actor=coordinator(world), goal=goal, expected_version=None, title="Ändrad rubrik")
    data = documents.report_data(follow_up, coordinator(world))
    assert data["tree"]["areas"][0]["goals"][0]["title"] == "Fler brukare är nöjda med sitt stöd"
    assert documents.report_pdf(data).startswith(b"%PDF")
    assert documents.report_docx(data).startswith(b"PK")
