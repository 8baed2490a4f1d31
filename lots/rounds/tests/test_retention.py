import datetime

import pytest

from lots.privacy import services as privacy_services
from lots.rounds.models import Finding, Round, RoundItem

pytestmark = pytest.mark.django_db


def test_a_round_is_culled_with_its_checklist_and_findings_ten_years_after_it_was_held(
    world, make_round, make_finding, make_action, today
):
    old = make_round(held_on=datetime.date(2010, 5, 1))
    make_action(make_finding(old), datetime.date(2010, 6, 1))
    recent = make_round()
    plan = privacy_services.retention_plan(today=today, municipalities=[world.m1])
    row = next(r for r in plan if r.rule.key == "safety_round")
    assert (row.due, row.held) == (1, 0)
    privacy_services.retention_cull(today=today)
    assert list(Round.objects.all()) == [recent]
    assert not RoundItem.objects.filter(round_id=old.pk).exists() and not Finding.objects.filter(round_id=old.pk).exists()
