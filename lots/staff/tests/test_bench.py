"""bench/gen_staff.py writes what the services would: the hub and the employee page read it like any other data."""

import random

import pytest
from django.urls import reverse

from lots.staff.lists import EMPLOYMENTS
from lots.staff.models import Employment, HiringCheck, IntroductionItem

pytestmark = pytest.mark.django_db


def test_the_bench_generator_writes_staff_the_pages_can_show(client_for):
    from bench import gen_staff
    from bench.generate import SCALES, Dataset, generate_foundation

    ds = Dataset(scale="T", sizes=SCALES["T"], rng=random.Random("t"))
    generate_foundation(ds)
    gen_staff.generate(ds)

    assert Employment.objects.count() == gen_staff.PER_UNIT["T"] * len(ds.leaf_units)
    assert HiringCheck.objects.count() == 4 * Employment.objects.count()
    assert IntroductionItem.objects.outstanding().exists()
    client = client_for(ds.manager)
    found = gen_staff.scenarios(ds, {"manager": ""}, {})
    assert [s.kind for s in found] == ["list", "detail"]
    for scenario in found:
        assert client.get(scenario.request.path).status_code == 200
    assert EMPLOYMENTS.bind(ds.manager, {}).queryset.exists()
    page = client.get(reverse("staff:index"))
    assert page.context["page_obj"].paginator.count > 0
