"""The list pages and the round page read a fixed number of queries, however many rows they show."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

pytestmark = pytest.mark.django_db

PAGES = ["rounds:index", "rounds:findings", "rounds:actions"]


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_lists_and_the_round_page_do_not_grow_with_their_rows(client_for, manager, make_round, make_finding, make_action, today):
    client = client_for(manager)
    first = make_round()
    make_action(make_finding(first), today)
    detail = reverse("rounds:detail", args=[first.pk])
    before = {name: _queries(client, reverse(name)) for name in PAGES}
    before_detail = _queries(client, detail)
    for n in range(4):
        rnd = make_round(held_on=today - datetime.timedelta(days=10 + n))
        make_action(make_finding(rnd), today)
        make_action(make_finding(first), today)
    assert {name: _queries(client, reverse(name)) for name in PAGES} == before
    assert _queries(client, detail) == before_detail
