"""What the demo must hold for safety rounds; run against the whole demo by lots/core/tests/test_demo.py."""

from lots.rounds.models import Action, DepartmentPlan, Finding, Kind, Round, YearlyFollowUp


def check_open_actions_a_fire_safety_round_and_a_decided_plan(ctx):
    assert Round.objects.filter(kind=Kind.FIRE).count() == 1
    assert Round.objects.filter(kind=Kind.SAFETY).count() == 2
    assert Action.objects.not_done().exists()
    assert Finding.objects.filter(improvement__isnull=False).count() == 1
    plan = DepartmentPlan.objects.get()
    assert plan.is_decided and plan.unit.name == "Myndighetsavdelningen"
    followup = YearlyFollowUp.objects.get()
    assert followup.plan_item is not None and followup.year == ctx.today.year
