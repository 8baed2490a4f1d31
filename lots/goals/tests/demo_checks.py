"""The demo: Katrineholm's seven goal areas and eight result goals for two years, some 25 activities, last year's plan
established with a second version and followed up, this year's copied from it and established, next year empty.

Run against the whole demo by lots/core/tests/test_demo.py."""

from lots.goals.models import Activity, FollowUp, GoalArea, Plan, ResultGoal


def check_goals_for_two_years(ctx):
    this_year, last_year = ctx.today.year, ctx.today.year - 1
    assert GoalArea.objects.filter(municipality=ctx.municipality, year=last_year).count() == 7
    assert ResultGoal.objects.filter(year=last_year).count() == 8
    assert ResultGoal.objects.filter(year=this_year, copied_from__isnull=False).count() == 8
    assert Activity.objects.filter(year=last_year).count() == 25
    copied = Activity.objects.filter(year=this_year)
    assert copied.exists() and not copied.filter(copied_from__isnull=True).exists()
    assert not Activity.objects.filter(goals__isnull=True, laws__isnull=True).exists()
    last_plan = Plan.objects.get(unit=ctx.unit("socialforvaltning"), year=last_year)
    assert last_plan.is_established and last_plan.version_number == 2
    assert Plan.objects.get(unit=ctx.unit("socialforvaltning"), year=this_year).is_established
    assert not ResultGoal.objects.filter(year=this_year + 1).exists()  # next year is planned by copying
    assert FollowUp.objects.filter(year=last_year).count() == 3
    assert ResultGoal.objects.filter(year=last_year, assessments__assessment="not_met").exists()  # some off target
