"""The demo: monthly imports over fourteen months on the demo units, with overdue visits on named workers."""

import random

import pytest
from django.utils import timezone

from lots.core.demo import DemoContext
from lots.home.my_tasks import tasks_for
from lots.lib import integrity
from lots.watch import demo
from lots.watch.models import Placement, Snapshot


def load_all(today):
    from lots.accounts import demo as accounts_demo
    from lots.organisation import demo as organisation_demo

    ctx = DemoContext(today=today, rng=random.Random(2026))
    organisation_demo.load(ctx)
    accounts_demo.load(ctx)
    demo.load(ctx)
    return ctx


@pytest.mark.django_db
def test_the_demo_puts_overdue_visits_on_the_named_workers_and_is_idempotent():
    today = timezone.localdate()
    ctx = load_all(today)
    counts = (Snapshot.objects.count(), Placement.objects.count())
    load_all(today)
    assert (Snapshot.objects.count(), Placement.objects.count()) == counts
    assert Snapshot.objects.filter(unit=ctx.units["utredning-barn"]).count() >= 12
    current = Placement.objects.current()
    late = {p.worker.username for p in current if p.visit_overdue(today)}
    assert {"ssk-barn1", "ssk-familjehem"} <= late
    assert any(p.reconsideration_overdue(today) for p in current.filter(worker__username="ssk-vuxna"))
    assert any(t.title.startswith("Besök: placering") and t.due < today for t in tasks_for(ctx.people["ssk-barn1"], today))
    assert any(t.module == "Bevakning" for t in tasks_for(ctx.people["ec-buf"], today))
    references = " ".join(Placement.objects.values_list("case_reference", flat=True))
    assert not integrity.find_personal_numbers(references)
