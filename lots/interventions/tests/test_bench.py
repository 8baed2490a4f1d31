"""The bench generator's interventions keep the rules the services keep, and its scenarios answer."""

import random

import pytest
from django.test import Client
from django.utils import timezone

from lots.interventions.models import DATA_FIELDS, Intervention, NeedsReport, Participant, YearCount


@pytest.fixture
def ds(db):
    from bench import gen_interventions
    from bench.generate import SCALES, Dataset, generate_foundation

    ds = Dataset(scale="T", sizes=SCALES["T"], rng=random.Random("lots-bench-T"))
    generate_foundation(ds)
    gen_interventions.generate(ds)
    return ds


def test_the_generated_interventions_keep_the_rules(ds):
    today = timezone.localdate()
    assert Intervention.objects.exists() and Participant.objects.exists()
    for intervention in Intervention.objects.select_related("contract"):
        if intervention.status == Intervention.Status.OFFERED:
            assert intervention.has_contract(today) or intervention.contract.ends_on < today  # ended later, not copied
        assert intervention.keeps_participant_data or not intervention.participants.exists()
    for participant in Participant.objects.all():
        assert all(participant.covers(f) or not getattr(participant, f) for f in DATA_FIELDS)
    assert Intervention.objects.without_contract(today).exists()
    assert NeedsReport.objects.awaiting().exists() and NeedsReport.objects.confirmed().exists()
    for count in YearCount.objects.all():
        registered = Participant.objects.filter(intervention=count.intervention_id, started_on__year=count.year).count()
        assert count.participants == registered


def test_the_scenarios_answer(ds):
    from bench import gen_interventions

    client = Client()
    client.force_login(ds.manager)
    cookies = {"manager": "; ".join(f"{k}={v.value}" for k, v in client.cookies.items())}
    scenarios = gen_interventions.scenarios(ds, cookies, {})
    assert {s.kind for s in scenarios} == {"list", "detail"}
    for scenario in scenarios:
        response = Client().get(scenario.request.path, HTTP_COOKIE=scenario.request.cookies)
        assert response.status_code == 200, scenario.name
