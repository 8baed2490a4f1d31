"""A fuzz run against the published OpenAPI schema: no operation answers with a server error or with a response its
own schema does not describe (status, content type, headers, body).

Schemathesis generates requests from /api/v1/openapi.json and sends them to the real application in-process (WSGI),
with a quality coordinator's API token, over a small organisation with one record of each kind the API creates; a
path id is sometimes one of those records, so the detail and change operations answer with real bodies too. The run
is bounded and repeatable: derandomised (a fixed seed), a few examples per operation, no shrinking, no example
database. Select it with ``-m fuzz``; it runs in ``make test`` like every other test.
"""

import datetime
import json
import time

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.utils import timezone
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from lots.accounts.services import api_token_create

pytestmark = pytest.mark.fuzz

EXAMPLES = 3
# Per operation: examples left when this is spent pass without a request, so a slow machine shortens the run
# instead of lengthening CI.
SECONDS_PER_OPERATION = 4.0
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
# The ids of the records made for the run, by path parameter name.
known_ids: dict[str, list[int]] = {}


@schema.hook
def map_path_parameters(context, path_parameters):
    """Every other generated id becomes one of the run's records, so the operations answer with real records too."""
    if not path_parameters:
        return path_parameters
    mapped = dict(path_parameters)
    for name, value in path_parameters.items():
        ids = known_ids.get(name)
        if ids and isinstance(value, int) and value % 2 == 0:
            mapped[name] = ids[value // 2 % len(ids)]
    return mapped


@pytest.fixture
def token(world, client):
    """A quality coordinator's token, with the run's records made. While the fuzz run uses it, the WSGI handler
    leaves the test's database connection open, as Django's test client does for its own requests (which is why the
    records are made first: the test client connects the handler's closing again when it is done)."""
    coordinator = world.persona("kvalitetssamordnare")
    key = api_token_create(actor=coordinator, name="fuzz")[1]
    _make_records(client, world, key)
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield key
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def _make_records(client, world, key):
    """One record of each kind through the API itself, as a client would make them."""

    def post(path, body, name):
        response = client.post(
            f"/api/v1{path}", json.dumps(body), content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {key}"
        )
        assert response.status_code == 201, (path, response.content)
        known_ids[name] = [response.json()["id"]]
        return response.json()

    known_ids.clear()
    known_ids["unit_id"] = [world.own.pk, world.sub.pk]
    known_ids["municipality_id"] = [world.m1.pk]
    coordinator = world.persona("kvalitetssamordnare")
    today = timezone.localdate()
    post(
        "/deviations",
        {
            "unit_id": world.own.pk,
            "occurred_at": (timezone.now() - datetime.timedelta(hours=2)).isoformat(),
            "description": "Larmet gick inte.",
        },
        "deviation_id",
    )
    post(
        "/feedback",
        {"unit_id": world.own.pk, "kind": "synpunkt", "channel": "telefon", "description": "Ring oftare."},
        "case_id",
    )
    post("/improvements", {"title": "Bättre överlämning", "unit_id": world.own.pk, "owner_id": coordinator.pk}, "action_id")
    post("/processes", {"name": "Introduktion", "unit_ids": [world.own.pk]}, "process_id")
    post(
        "/risk-analyses",
        {
            "unit_id": world.own.pk,
            "title": "Inför sommaren",
            "trigger": "new_method",
            "performed_on": str(today),
            "participants": "Alla",
        },
        "analysis_id",
    )
    plan = post("/inspection-plans", {"unit_id": world.own.pk, "year": today.year}, "plan_id")
    known_ids["plan_id"] = [plan["id"]]


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    derandomize=True,
    database=None,
    deadline=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
def test_no_operation_answers_with_a_server_error_or_outside_its_schema(case, token, request):
    started = request.node.stash.setdefault(_STARTED, time.monotonic())
    if time.monotonic() - started > SECONDS_PER_OPERATION:
        return
    case.call_and_validate(headers={"Authorization": f"Bearer {token}"}, checks=CHECKS)


_STARTED = pytest.StashKey[float]()
