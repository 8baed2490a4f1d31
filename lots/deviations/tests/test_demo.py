import datetime
import random

import pytest
from django.utils import timezone

from lots.core.demo import DemoContext
from lots.deviations import demo
from lots.deviations.models import Deviation, DeviationEvent, IvoNotification, LexSarahInvestigation
from lots.improvements.models import ImprovementAction


def load_all(today):
    from lots.accounts import demo as accounts_demo
    from lots.organisation import demo as organisation_demo

    ctx = DemoContext(today=today, rng=random.Random(2026))
    organisation_demo.load(ctx)
    accounts_demo.load(ctx)
    demo.load(ctx)
    return ctx


def snapshot():
    return (
        Deviation.objects.count(),
        DeviationEvent.objects.count(),
        LexSarahInvestigation.objects.count(),
        IvoNotification.objects.count(),
        ImprovementAction.objects.count(),
        sorted(Deviation.objects.values_list("external_reference", "state", "unit__code")),
    )


@pytest.mark.django_db
def test_the_demo_spreads_reports_over_two_years_and_is_idempotent(monkeypatch):
    monkeypatch.setattr(demo, "COUNT", 60)
    today = timezone.localdate()
    load_all(today)
    first = snapshot()
    load_all(today)
    assert snapshot() == first
    reports = Deviation.objects.all()
    assert reports.count() == 62  # and the two fixed walk-through cases
    assert reports.filter(reported_at__lt=timezone.now() - datetime.timedelta(days=365)).exists()
    assert reports.values("unit").distinct().count() > 5
    assert reports.filter(state=Deviation.State.CLOSED).exists() and reports.exclude(state=Deviation.State.CLOSED).exists()
    assert "19121212" not in " ".join(reports.values_list("description", flat=True))
