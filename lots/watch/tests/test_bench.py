"""The bench generator writes placements through the import service, with a history of monthly snapshots."""

import random

import pytest
from django.utils import timezone

from bench import gen_watch
from bench.generate import SCALES, Dataset, generate_foundation
from lots.audit.models import AuditEntry
from lots.watch.models import ImportBatch, Placement, Snapshot


@pytest.fixture
def ds(db):
    ds = Dataset(scale="T", sizes=SCALES["T"], rng=random.Random("lots-bench-T"))
    generate_foundation(ds)
    gen_watch.generate(ds)
    return ds


def test_the_bench_has_its_placements_current_and_a_history_of_imports(ds):
    current = Placement.objects.current()
    assert 0 < current.count() <= gen_watch.PLACEMENTS["T"]
    assert Snapshot.objects.filter(is_current=False).exists()
    assert ImportBatch.objects.count() == AuditEntry.objects.filter(content_type__model="importbatch").count()
    assert current.overdue_on(timezone.localdate()).exists()
    assert current.exclude(unit__municipality__in=ds.municipalities).count() == 0


def test_the_scenarios_name_the_due_list_the_compliance_page_and_a_placement(ds):
    names = [s.name for s in gen_watch.scenarios(ds, {"manager": {}}, {"manager": "x"})]
    assert {"watch_due_list", "watch_compliance", "watch_detail"} <= set(names)
