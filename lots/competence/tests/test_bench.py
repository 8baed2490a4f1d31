"""The bench generator writes competence records the pages read as the services' own, and its scenarios answer."""

import pytest
from django.utils import timezone

from lots.competence.models import Appraisal, IndividualPlan, UnitPlan
from lots.competence.status import staff_status
from lots.staff.models import Employment

pytestmark = pytest.mark.django_db


def test_the_bench_data_and_scenarios(client):
    from bench import gen_competence
    from bench.generate import generate

    ds = generate("T")
    assert Appraisal.objects.exists() and IndividualPlan.objects.exists() and UnitPlan.objects.exists()
    assert not Appraisal.objects.exclude(unit_id__in=Employment.objects.values("unit_id")).exists()
    statuses = staff_status(list(Employment.objects.current()), timezone.localdate())
    assert any(s.appraisal_overdue for s in statuses.values()) and any(s.has_plan for s in statuses.values())
    client.force_login(ds.manager)
    found = gen_competence.scenarios(ds, {"manager": ""}, {})
    assert [s.name for s in found] == ["competence_status", "competence_person"]
    for scenario in found:
        response = client.get(scenario.request.path)
        assert response.status_code == 200, scenario.name
