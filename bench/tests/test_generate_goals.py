"""Goals from the bench generator keep the rules their services keep, and the goal tree scenario is built."""

import pytest
from django.utils import timezone

from lots.goals.models import Activity, FollowUp, GoalArea, Plan, ResultGoal
from lots.testing.shared import built_once


def _generate():
    from bench.generate import generate

    return generate("T")


_generated = built_once(_generate)


@pytest.fixture
def ds(_generated, db):
    """The "T" data set, generated once for this module's tests."""
    return _generated


def test_the_goals_of_two_years_serve_decided_goals_and_the_plans_are_established(ds):
    from bench import gen_goals

    years = {timezone.localdate().year - 1, timezone.localdate().year}
    assert set(GoalArea.objects.values_list("year", flat=True)) == years
    assert ResultGoal.objects.exists() and Activity.objects.exists()
    assert not Activity.objects.filter(goals__isnull=True, laws__isnull=True).exists()
    assert not Plan.objects.exclude(state=Plan.State.ESTABLISHED).exists()
    assert FollowUp.objects.filter(period=FollowUp.Period.YEAR).exists()
    names = [s.name for s in gen_goals.scenarios(ds, {"manager": {}}, {"manager": "token"})]
    assert names == ["goals_tree_forvaltning", "goals_index", "api_goals"]
