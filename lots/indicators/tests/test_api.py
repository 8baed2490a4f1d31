"""The indicators API: reading what the person may read, and writing a period's value idempotently with its version."""

import datetime

import pytest
from django.utils import timezone

from lots.accounts.models import Role
from lots.accounts.services import api_token_create
from lots.indicators.models import Indicator, Value


@pytest.fixture
def api(client):
    def call(user, method, path, **kwargs):
        _token, key = api_token_create(actor=user, name="test")
        kwargs.setdefault("content_type", "application/json")
        return getattr(client, method)(f"/api/v1{path}", HTTP_AUTHORIZATION=f"Bearer {key}", **kwargs)

    return call


def month() -> str:
    return timezone.localdate().replace(day=1).isoformat()


def test_a_value_is_pushed_once_and_the_same_push_again_changes_nothing(world, make_indicator, api):
    indicator = make_indicator(split=Indicator.Split.WOMEN_MEN)
    manager = world.persona(Role.ENHETSCHEF)
    body = {"total": 80, "female": 82, "male": 78}
    first = api(manager, "put", f"/indicators/{indicator.pk}/values/{month()}", data=body)
    assert first.status_code == 200, first.content
    again = api(manager, "put", f"/indicators/{indicator.pk}/values/{month()}", data=body)
    assert again.status_code == 200
    value = Value.objects.get(indicator=indicator)
    assert value.version == 1 and value.origin == Value.Origin.API


def test_changing_a_pushed_value_needs_its_version(world, make_indicator, api):
    indicator = make_indicator()
    manager = world.persona(Role.ENHETSCHEF)
    api(manager, "put", f"/indicators/{indicator.pk}/values/{month()}", data={"total": 10})
    refused = api(manager, "put", f"/indicators/{indicator.pk}/values/{month()}", data={"total": 11})
    assert refused.status_code == 422
    stale = api(manager, "put", f"/indicators/{indicator.pk}/values/{month()}", data={"total": 11, "version": 7})
    assert stale.status_code == 409
    ok = api(manager, "put", f"/indicators/{indicator.pk}/values/{month()}", data={"total": 11, "version": 1})
    assert ok.status_code == 200 and ok.json()["values"][-1]["total"] == 11.0


def test_a_split_value_without_parts_or_reason_is_refused(world, make_indicator, api):
    indicator = make_indicator(split=Indicator.Split.GIRLS_BOYS)
    response = api(world.persona(Role.ENHETSCHEF), "put", f"/indicators/{indicator.pk}/values/{month()}", data={"total": 3})
    assert response.status_code == 422
    assert "flickor och pojkar" in response.content.decode()


def test_a_period_that_does_not_fit_is_refused(world, make_indicator, api):
    indicator = make_indicator()
    day = (timezone.localdate().replace(day=1) + datetime.timedelta(days=1)).isoformat()
    response = api(world.persona(Role.ENHETSCHEF), "put", f"/indicators/{indicator.pk}/values/{day}", data={"total": 3})
    assert response.status_code == 422


def test_the_board_reads_but_may_not_write_and_another_municipality_does_not_see(world, make_indicator, api):
    indicator = make_indicator()
    board = world.persona(Role.NAMNDLEDAMOT)
    assert api(board, "get", f"/indicators/{indicator.pk}/values").status_code == 200
    assert [i["id"] for i in api(board, "get", "/indicators").json()] == [indicator.pk]
    assert api(board, "put", f"/indicators/{indicator.pk}/values/{month()}", data={"total": 1}).status_code == 403
