"""Pages the benchmark measures use a number of queries that does not grow with the data (no N+1).

Each page is rendered with a few rows and again with many; the second rendering must
use exactly as many queries as the first. (The list page has its own test in test_view_list.)
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from lots.accounts.services import api_token_create
from lots.deviations import services
from lots.deviations.models import Deviation

S = Deviation.State


def _count(fn) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = fn()
    assert response.status_code == 200, response.status_code
    return len(captured.captured_queries)


def _handle(world, deviation, states=(S.RECEIVED, S.INVESTIGATING, S.RESOLVED, S.CLOSED)):
    manager = world.persona("enhetschef")
    for state in states:
        services.deviation_transition(actor=manager, deviation=deviation, to_state=state, comment="Gjort")


def _many(report, world, n, **kwargs):
    for i in range(n):
        report(unit=world.sub if i % 2 else world.own, **kwargs)


@pytest.fixture
def this_year(world):
    today = timezone.localdate()
    return {"unit": world.own.pk, "start": today.replace(month=1, day=1).isoformat(), "end": today.isoformat()}


def test_the_compilation_page(world, report, client_for, this_year):
    client = client_for(world.persona("forvaltningschef"))
    url = reverse("deviations:compilation")
    client.get(url, this_year)
    for deviation in [report() for _ in range(5)]:
        _handle(world, deviation)
    few = _count(lambda: client.get(url, this_year))
    _many(report, world, 45, possible_lex_sarah=True)
    for deviation in Deviation.objects.filter(state=S.REPORTED, possible_lex_sarah=False):
        _handle(world, deviation, (S.RECEIVED,))
    many = _count(lambda: client.get(url, this_year))
    assert Deviation.objects.count() == 50
    assert many == few


def test_the_case_page_with_a_long_history(world, report, client_for):
    client = client_for(world.persona("enhetschef"))
    short = report(possible_lex_sarah=True)
    long = report(possible_lex_sarah=True)
    manager = world.persona("enhetschef")
    for investigation in (short.lex_sarah, long.lex_sarah):
        services.investigation_update(
            actor=manager, investigation=investigation, expected_version=None, data={"classification": "serious"}
        )
    _handle(world, long, (S.RECEIVED, S.INVESTIGATING))
    for i in range(4):
        services.deviation_action_create(actor=manager, deviation=long, title=f"Åtgärd {i}", owner=manager)
    few = _count(lambda: client.get(reverse("deviations:detail", args=[short.pk])))
    many = _count(lambda: client.get(reverse("deviations:detail", args=[long.pk])))
    assert long.events.count() == 3 and short.events.count() == 1
    assert many == few


def test_the_api_list(world, report, client):
    _token, key = api_token_create(actor=world.persona("enhetschef"), name="test")
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {key}"
    url = "/api/v1/deviations"
    client.get(url)
    _many(report, world, 5, possible_lex_sarah=True)
    few = _count(lambda: client.get(url))
    _many(report, world, 45, possible_lex_sarah=True)
    many = _count(lambda: client.get(url))
    assert len(client.get(url).json()) == 50
    assert many == few


def test_the_start_page_with_many_tasks(world, report, client_for):
    client = client_for(world.persona("enhetschef"))
    client.get(reverse("home:start"))
    yesterday = timezone.now() - datetime.timedelta(days=1)
    _many(report, world, 5, reported_at=yesterday, occurred_at=yesterday)
    few = _count(lambda: client.get(reverse("home:start")))
    _many(report, world, 45, reported_at=yesterday, occurred_at=yesterday)
    many = _count(lambda: client.get(reverse("home:start")))
    assert len(client.get(reverse("home:start")).context["tasks"]) >= 50
    assert many == few
