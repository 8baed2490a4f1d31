"""The demo: a real signal in last year's established report, a draft this year, and loading twice changes nothing."""

import random

import pytest
from django.utils import timezone

from lots.core.demo import DemoContext
from lots.deviations import demo as deviation_demo
from lots.deviations.models import Deviation
from lots.reports import demo
from lots.reports.models import ComparisonValue, DenominatorSeries, QualityReport, ReportNarrative


def load_all(today):
    from lots.accounts import demo as accounts_demo
    from lots.organisation import demo as organisation_demo

    ctx = DemoContext(today=today, rng=random.Random(2026))
    organisation_demo.load(ctx)
    accounts_demo.load(ctx)
    deviation_demo.load(ctx)
    demo.load(ctx)
    return ctx


def snapshot():
    return (
        Deviation.objects.count(),
        DenominatorSeries.objects.count(),
        ComparisonValue.objects.count(),
        sorted(QualityReport.objects.values_list("year", "status", "version")),
        sorted(ReportNarrative.objects.values_list("section", "version")),
    )


@pytest.mark.django_db
def test_the_demo_has_a_real_signal_an_established_report_and_a_draft_and_is_idempotent(monkeypatch):
    monkeypatch.setattr(deviation_demo, "COUNT", 60)
    today = timezone.localdate()
    ctx = load_all(today)
    first = snapshot()
    load_all(today)
    assert snapshot() == first

    established = QualityReport.objects.get(unit=ctx.unit("socialforvaltning"), year=today.year - 1)
    assert established.is_established and established.established_by.username == "forvaltningschef"
    sections = {s["key"]: s for s in established.snapshot["sections"]}
    signals = [s["text"] for s in sections["trends"]["figures"]["signals"]]
    assert any("Ovanligt många avvikelser" in text and "mars" in text and "Vallmovillan HVB" in text for text in signals)
    assert all(sections[key]["narrative"] for key in ("organisation", "deviations", "trends", "focus"))
    total = Deviation.objects.filter(
        unit__path__startswith=ctx.unit("socialforvaltning").path, reported_at__year=today.year - 1
    ).count()
    assert sections["deviations"]["figures"]["total"] == total
    assert sections["comparisons"]["figures"]["indicators"]

    draft = QualityReport.objects.get(unit=ctx.unit("socialforvaltning"), year=today.year)
    assert not draft.is_established and draft.narratives.exclude(text="").count() == 1
    assert "19121212" not in " ".join(Deviation.objects.values_list("description", flat=True))
