"""The list's "Endast försenade" filter: the same reports as the steps' own due dates say, by each municipality's
time limits, in the list, its export and the API."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from lots.accounts.models import Role
from lots.accounts.services import api_token_create
from lots.deviations import services
from lots.deviations.models import Deviation, DeviationSettings
from lots.deviations.steps import pending_steps
from lots.testing.factories import RoleAssignmentFactory, UserFactory

S = Deviation.State


def _days_ago(days: int) -> dict:
    moment = timezone.now() - datetime.timedelta(days=days)
    return {"reported_at": moment, "occurred_at": moment - datetime.timedelta(hours=1)}


@pytest.fixture
def late_and_in_time(world, report):
    """Reports on own, sub, other and foreign, late and in time; the other municipality gives 20 days to receive."""
    DeviationSettings.objects.create(municipality=world.m2, receive_days=20)
    received = report(**_days_ago(40))
    services.deviation_transition(actor=None, deviation=received, to_state=S.RECEIVED)
    closed = report(**_days_ago(40))
    for state in (S.RECEIVED, S.INVESTIGATING, S.RESOLVED, S.CLOSED):
        services.deviation_transition(actor=None, deviation=closed, to_state=state, comment="Klart")
    return {
        "own_late": report(**_days_ago(5)),  # not received in 2 days
        "own_new": report(**_days_ago(0)),
        "sub_lex_late": report(unit=world.sub, possible_lex_sarah=True, **_days_ago(2)),  # lex Sarah: next day
        "received_late": received,  # 40 days of handling, 30 allowed
        "closed": closed,
        "other_late": report(unit=world.other, **_days_ago(6)),
        "foreign_in_time": report(unit=world.foreign, **_days_ago(6)),  # 6 of the other municipality's 20 days
        "foreign_late": report(unit=world.foreign, **_days_ago(25)),
    }


def _late_by_steps(deviations) -> set[int]:
    """Independently of the filter: the reports with a pending step past its due date, by their own municipality."""
    today = timezone.localdate()
    late = set()
    for d in deviations:
        steps = pending_steps(d, DeviationSettings.for_municipality(d.unit.municipality))
        if any(s.due is not None and s.due < today for s in steps):
            late.add(d.pk)
    return late


def _everywhere(world):
    user = UserFactory(username="tvakommuner")
    for unit in (world.namnd, world.foreign.parent.parent):
        RoleAssignmentFactory(user=user, role=Role.KVALITETSSAMORDNARE, unit=unit, include_subunits=True)
    return user


def test_the_filter_follows_each_municipalitys_time_limits(world, client_for, late_and_in_time):
    response = client_for(_everywhere(world)).get(reverse("deviations:index"), {"overdue": "1"})
    assert response.status_code == 200
    shown = {d.pk for d in response.context["page_obj"]}
    expected = {late_and_in_time[k].pk for k in ("own_late", "sub_lex_late", "received_late", "other_late", "foreign_late")}
    assert shown == expected == _late_by_steps(Deviation.objects.select_related("unit__municipality"))


def test_the_filter_combines_with_the_unit_and_stays_in_scope(world, client_for, late_and_in_time):
    client = client_for(world.persona("enhetschef"))
    everything = client.get(reverse("deviations:index"), {"overdue": "on"})
    assert {d.pk for d in everything.context["page_obj"]} == {
        late_and_in_time[k].pk for k in ("own_late", "sub_lex_late", "received_late")
    }
    sub = client.get(reverse("deviations:index"), {"overdue": "1", "unit": world.sub.pk})
    assert {d.pk for d in sub.context["page_obj"]} == {late_and_in_time["sub_lex_late"].pk}


def test_the_export_has_exactly_the_overdue_reports(world, client_for, late_and_in_time):
    client = client_for(world.persona("kvalitetssamordnare"))
    response = client.get(reverse("deviations:export", args=["xlsx"]), {"overdue": "1", "unit": world.own.pk})
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))[1:]
    expected = {late_and_in_time[k].number for k in ("own_late", "sub_lex_late", "received_late")}
    assert sorted(r[0] for r in rows) == sorted(expected)


def test_the_api_filters_overdue_reports(world, client, late_and_in_time):
    _token, key = api_token_create(actor=world.persona("kvalitetssamordnare"), name="test")
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {key}"
    late = client.get("/api/v1/deviations", {"overdue": "true"}).json()
    assert {d["id"] for d in late} == {late_and_in_time[k].pk for k in ("own_late", "sub_lex_late", "received_late")}
    assert len(client.get("/api/v1/deviations").json()) == 5  # own_new and closed as well
    assert client.get("/api/v1/deviations", {"overdue": "kanske"}).status_code == 422


def test_an_unticked_box_shows_every_report(world, client_for, late_and_in_time):
    response = client_for(world.persona("kvalitetssamordnare")).get(reverse("deviations:index"), {"overdue": "false"})
    assert response.status_code == 200
    assert response.context["page_obj"].paginator.count == 5  # own, sub and their received and closed reports
