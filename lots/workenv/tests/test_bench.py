import random

import pytest

from bench import gen_workenv
from bench.generate import SCALES, Dataset, generate_foundation
from lots.workenv.models import Delegation, TaskReturn

pytestmark = pytest.mark.django_db


def test_the_bench_data_keeps_the_rules_and_its_pages_answer(client):
    ds = Dataset(scale="T", sizes=SCALES["T"], rng=random.Random("t"))
    generate_foundation(ds)
    gen_workenv.generate(ds)
    assert Delegation.objects.in_force().exists() and not Delegation.objects.needs_owner().exists()
    assert TaskReturn.objects.unanswered().exists() and TaskReturn.objects.answered().exists()
    client.force_login(ds.manager)
    for scenario in gen_workenv.scenarios(ds, {"manager": ""}, {}):
        assert client.get(scenario.request.path).status_code == 200, scenario.name
