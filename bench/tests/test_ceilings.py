"""The database ceiling counts a page's SQL once and replays it without keeping what it writes."""

from types import SimpleNamespace

import pytest

from bench import ceilings
from bench.loadgen import Request
from bench.run import session_cookies
from lots.organisation.models import Municipality
from lots.testing.factories import MunicipalityFactory, UserFactory


def test_statements_the_floor_also_sends_are_left_out_once_each():
    page = [("session", [1]), ("user", [2]), ("user", [3]), ("rows", [4])]
    floor = [("session", [9]), ("user", [9]), ("save", [9])]
    assert ceilings.beyond_floor(page, floor) == [("user", [3]), ("rows", [4])]


def test_a_replayed_write_is_timed_but_not_kept(db):
    municipality = MunicipalityFactory()
    statements = [(f"DELETE FROM {Municipality._meta.db_table} WHERE id = %s", [municipality.pk])]
    timings = ceilings.time_statements(statements, repeats=3)
    assert len(timings) == 3
    assert Municipality.objects.filter(pk=municipality.pk).exists()


@pytest.mark.urls("bench.urls")
def test_a_pages_statements_are_captured_from_a_warm_request_with_its_session(db, settings):
    settings.ALLOWED_HOSTS = ["127.0.0.1"]
    user = UserFactory()
    cookie = session_cookies(SimpleNamespace(manager=user, coordinator=user, extra={"unit_manager": user}))["manager"]
    statements = ceilings.page_statements(Request("GET", "/bench/minimal-inloggad", cookies=cookie))
    sql = " ".join(s for s, _params in statements)
    assert "django_session" in sql
    assert "accounts_user" in sql
    anonymous = ceilings.page_statements(Request("GET", "/bench/minimal"))
    assert anonymous == []


def test_a_replayed_write_the_request_already_made_is_timed_and_the_replay_goes_on(db):
    statements = ceilings.captured(lambda: MunicipalityFactory(slug="en-gang"))
    statements += [(f"SELECT id FROM {Municipality._meta.db_table}", [])]
    timings = ceilings.time_statements(statements, repeats=3)  # the insert repeats a unique slug every time
    assert len(timings) == 3
    assert Municipality.objects.filter(slug="en-gang").count() == 1
