"""The bench generator for rounds keeps the rules of the services, and its scenarios answer."""

import random

import pytest

from lots.rounds.models import Action, DepartmentPlan, Finding, Round

pytestmark = pytest.mark.django_db


@pytest.fixture
def ds():
    from bench.generate import SCALES, Dataset, generate_foundation

    ds = Dataset(scale="T", sizes=SCALES["T"], rng=random.Random("lots-bench-T"))
    generate_foundation(ds)
    return ds


def test_the_generator_writes_rounds_through_the_services_and_the_scenarios_answer(ds, client):
    from bench import gen_rounds

    gen_rounds.generate(ds)
    assert Round.objects.exists() and Finding.objects.exists() and Action.objects.exists()
    for rnd in Round.objects.prefetch_related("items"):
        assert rnd.items.exists()
    for finding in Finding.objects.all():
        assert finding.value == finding.severity * finding.probability
    assert not Action.objects.filter(status="done", done_on__isnull=True).exists()
    assert DepartmentPlan.objects.filter(decided_on__isnull=True).count() == 0
    client.force_login(ds.manager)
    scenarios = gen_rounds.scenarios(ds, {"manager": ""}, {"manager": "x"})
    assert {s.kind for s in scenarios} >= {"list", "detail"}
    for scenario in scenarios:
        if scenario.kind != "api":
            assert client.get(scenario.request.path).status_code == 200, scenario.name
