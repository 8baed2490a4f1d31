import pytest
from django.test.utils import override_settings
from django.utils import timezone

from lots.core.demo import DemoContext, app_name, demo_modules
from lots.rounds.models import Action, DepartmentPlan, Finding, Kind, Round, YearlyFollowUp

pytestmark = pytest.mark.django_db


def _load_up_to_rounds() -> None:
    """The demo modules rounds depends on, then rounds itself, twice (the demo is idempotent)."""
    wanted = {"lots.organisation", "lots.accounts", "lots.processes", "lots.improvements", "lots.risks", "lots.rounds"}
    ctx = DemoContext(today=timezone.localdate())
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
        for module in demo_modules():
            if app_name(module) in wanted:
                module.load(ctx)
        for module in demo_modules():
            if app_name(module) == "lots.rounds":
                module.load(ctx)


def test_the_demo_has_open_actions_a_fire_safety_round_and_a_decided_plan():
    _load_up_to_rounds()
    today = timezone.localdate()
    assert Round.objects.filter(kind=Kind.FIRE).count() == 1
    assert Round.objects.filter(kind=Kind.SAFETY).count() == 2
    assert Action.objects.not_done().exists()
    assert Finding.objects.filter(improvement__isnull=False).count() == 1
    plan = DepartmentPlan.objects.get()
    assert plan.is_decided and plan.unit.name == "Myndighetsavdelningen"
    followup = YearlyFollowUp.objects.get()
    assert followup.plan_item is not None and followup.year == today.year
