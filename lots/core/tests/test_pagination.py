import datetime

import pytest
from django.core.paginator import Paginator
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from lots.audit.models import AuditEntry
from lots.core.pagination import DeferredRows, list_query


@pytest.fixture
def entries(db):
    """23 log entries, several sharing a timestamp, so the primary key must break ties."""
    start = timezone.now() - datetime.timedelta(days=1)
    for i in range(23):
        AuditEntry.objects.create(action="view", at=start + datetime.timedelta(minutes=i // 3), note=f"rad {i}")
    return AuditEntry.objects.order_by("-at", "-id")


@pytest.mark.parametrize("per_page", [5, 7, 23, 50])
def test_every_page_holds_the_same_rows_as_plain_pagination(entries, per_page):
    plain = Paginator(entries, per_page)
    deferred = Paginator(DeferredRows(entries), per_page)
    assert deferred.count == plain.count == 23
    assert deferred.num_pages == plain.num_pages
    for number in plain.page_range:
        assert [e.pk for e in deferred.page(number)] == [e.pk for e in plain.page(number)], number


def test_a_late_page_is_read_from_the_end_without_skipping_the_rows_before_it(entries):
    rows = DeferredRows(entries)
    with CaptureQueriesContext(connection) as captured:
        last = Paginator(rows, 5).page(5)
    assert [e.note for e in last] == ["rad 2", "rad 1", "rad 0"]
    ids_query = captured.captured_queries[1]["sql"]
    assert "OFFSET" not in ids_query.upper()  # the last rows are the first ones backwards
    assert '"at" ASC' in ids_query and '"id" ASC' in ids_query
    assert len(captured.captured_queries) == 3  # count, ids, rows


def test_rows_are_loaded_with_the_given_relations_in_one_query(entries, django_assert_num_queries):
    rows = DeferredRows(entries, load=lambda qs: qs.select_related("actor"))
    rows.count()
    with django_assert_num_queries(2):
        page = rows[0:5]
        assert [e.actor for e in page] == [None] * 5


def test_slices_outside_the_list_are_empty_and_unordered_querysets_are_refused(entries):
    rows = DeferredRows(entries)
    assert rows[30:40] == []
    assert len(rows[20:40]) == 3
    with pytest.raises(ValueError):
        DeferredRows(AuditEntry.objects.order_by())
    with pytest.raises(TypeError):
        rows[3]


def test_without_reading_from_the_end_no_count_is_needed(entries, django_assert_num_queries):
    rows = DeferredRows(entries, from_end=False)
    with django_assert_num_queries(2):
        page = rows[20:25]
    assert [e.note for e in page] == ["rad 2", "rad 1", "rad 0"]


def test_list_query_keeps_the_filters_and_drops_the_page():
    request = RequestFactory().get("/lista/", {"unit": "3", "page": "4", "q": "a&b"})
    assert list_query(request) == "unit=3&q=a%26b"
    assert list_query(RequestFactory().get("/lista/", {"page": "2"})) == ""
