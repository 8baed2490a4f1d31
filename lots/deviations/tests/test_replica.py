"""With a read replica configured, the board's compilation reads from it; case pages keep reading from the primary."""

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from lots.core.tests.replica import replica_database, with_replica  # noqa: F401 (fixtures)

pytestmark = [
    pytest.mark.django_db(transaction=True, databases=["default", "replica"]),
    pytest.mark.usefixtures("with_replica"),
]


def _sql(context) -> str:
    return " ".join(q["sql"] for q in context.captured_queries)


def _query(world):
    today = timezone.localdate()
    return {"unit": world.own.pk, "start": today.replace(month=1, day=1).isoformat(), "end": today.isoformat()}


def test_the_compilation_is_computed_on_the_replica(world, report, client_for):
    report()
    report(unit=world.sub)
    client = client_for(world.persona("namndledamot"))
    with (
        CaptureQueriesContext(connections["replica"]) as on_replica,
        CaptureQueriesContext(connections["default"]) as on_primary,
    ):
        response = client.get(reverse("deviations:compilation"), _query(world))
    assert response.status_code == 200
    assert response.context["result"].total == 2
    assert "deviations_deviation" in _sql(on_replica)
    assert "deviations_deviation" not in _sql(on_primary)


def test_the_case_list_reads_from_the_primary(world, report, client_for):
    report()
    client = client_for(world.persona("enhetschef"))
    with CaptureQueriesContext(connections["replica"]) as on_replica:
        response = client.get(reverse("deviations:index"))
    assert response.status_code == 200
    assert response.context["page_obj"].paginator.count == 1
    assert on_replica.captured_queries == []
