"""The lists cost the same number of queries for a few placements as for many (no query per row)."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lots.accounts.services import api_token_create


def queries(client, url, **headers) -> int:
    client.get(url, **headers)  # content types and other caches are filled by the first request
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, **headers).status_code == 200
    return len(captured.captured_queries)


def test_the_due_list_and_mina_bevakningar_do_not_grow_with_the_rows(world, place, client_for, worker):
    place([{"case_reference": f"BU-{i}", "start_date": datetime.date(2025, 1, 1)} for i in range(3)])
    manager = client_for(world.persona("enhetschef"))
    key = {"HTTP_AUTHORIZATION": "Bearer " + api_token_create(actor=world.persona("enhetschef"), name="t")[1]}
    few = (queries(manager, reverse("watch:index")), queries(manager, "/api/v1/watch/placements", **key))
    place([{"case_reference": f"BU-{i}", "start_date": datetime.date(2025, 1, 1)} for i in range(30)])
    many = (queries(manager, reverse("watch:index")), queries(manager, "/api/v1/watch/placements", **key))
    assert few == many
    own = client_for(worker)
    assert queries(own, reverse("watch:mine")) == queries(own, reverse("watch:mine"))
