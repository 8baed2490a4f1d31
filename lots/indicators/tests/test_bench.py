"""The bench generator makes indicators through the services, with two years of monthly values in bulk."""

import random

import pytest

from bench import gen_indicators
from bench.generate import SCALES, Dataset, generate_foundation
from lots.indicators.models import Indicator, Target, Value


@pytest.fixture
def ds(db):
    ds = Dataset(scale="T", sizes=SCALES["T"], rng=random.Random("lots-bench-T"))
    generate_foundation(ds)
    gen_indicators.generate(ds)
    return ds


def test_the_bench_has_indicators_with_targets_and_split_values(ds):
    assert Indicator.objects.filter(source=Indicator.Source.COMPUTED).exists()
    assert Target.objects.count() == 2 * Indicator.objects.count()
    split = Value.objects.exclude(indicator__split=Indicator.Split.NONE)
    assert split.exists()
    assert not split.filter(female__isnull=True, split_missing_reason="").exists()


def test_the_scenarios_name_the_list_of_a_forvaltning_and_a_chart(ds):
    names = [s.name for s in gen_indicators.scenarios(ds, {"manager": {}}, {"manager": "x"})]
    assert {"indicators_list_forvaltning", "indicators_chart", "api_indicators"} <= set(names)
