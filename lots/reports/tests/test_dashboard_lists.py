"""The overview's risk, self-inspection/internal-control and deviation figures: each links to a list that shows
exactly as many rows as the figure says, which is also what the test data says by hand; the list's export has
those rows; and people without access to the list get the figure without a link."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from lots.accounts.models import Role
from lots.deviations import services as deviation_services
from lots.deviations.models import Deviation
from lots.reports import dashboard
from lots.risks.tests.listdata import (
    DEFAULT_LEVELS,
    build_activities,
    build_risks,
    build_rounds,
    expected_progress,
    expected_risks_by_level,
)
from lots.testing.factories import RoleAssignmentFactory, UserFactory

ROLES = ["kvalitetssamordnare", "forvaltningschef", "enhetschef"]
EXPORTS = {
    reverse("risks:risk_list"): "risks:risk_export",
    reverse("risks:rounds"): "risks:round_export",
    reverse("risks:activities"): "risks:activity_export",
}


def figures(widget) -> dict:
    return {f.key: f for f in widget.figures}


def listed(client, url: str) -> int:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.context["page_obj"].paginator.count


def exported(client, url: str) -> int:
    path, query = url.split("?")
    response = client.get(reverse(EXPORTS[path], args=["csv"]) + "?" + query)
    assert response["Content-Type"].startswith("text/csv")
    return len(list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))) - 1


@pytest.mark.parametrize("role", ROLES)
def test_each_risk_level_equals_the_risk_list_it_links_to(world, client_for, role):
    build_risks(world)
    user = world.persona(role)
    client = client_for(user)
    widget = dashboard.risks_widget(user, world.own, timezone.localdate())
    by_hand = expected_risks_by_level()
    assert by_hand == {"Låg": 2, "Måttlig": 2, "Hög": 2, "Mycket hög": 2}
    levels = [f for f in widget.figures if f.key.startswith("level-")]
    assert [f.label for f in levels] == [name for name, _low, _high in DEFAULT_LEVELS]
    for figure in levels:
        assert figure.url, figure.label
        assert figure.value == by_hand[figure.label] == listed(client, figure.url) == exported(client, figure.url)


@pytest.mark.parametrize("role", ROLES)
def test_each_inspection_figure_equals_the_list_it_links_to(world, client_for, role):
    rounds, activities = build_rounds(world), build_activities(world)
    user = world.persona(role)
    client = client_for(user)
    widget = figures(dashboard.inspection_widget(user, world.own, timezone.localdate()))
    for prefix, specs in (("rounds", rounds), ("activities", activities)):
        by_hand = expected_progress(specs)
        assert (by_hand["total"], by_hand["done"]) == (8, 3)
        for suffix, state in (("", "total"), ("_done", "done"), ("_overdue", "overdue")):
            figure = widget[prefix + suffix]
            assert figure.url, figure.key
            assert figure.value == by_hand[state] == listed(client, figure.url) == exported(client, figure.url), figure.key


def _days_ago(days: int) -> dict:
    moment = timezone.now() - datetime.timedelta(days=days)
    return {"reported_at": moment, "occurred_at": moment - datetime.timedelta(hours=1)}


@pytest.mark.parametrize("role", ROLES)
def test_the_overdue_deviations_figure_equals_the_filtered_deviation_list(world, client_for, report, role):
    late = [report(**_days_ago(5)), report(unit=world.sub, possible_lex_sarah=True, **_days_ago(3))]
    received = report(**_days_ago(40))
    deviation_services.deviation_transition(actor=None, deviation=received, to_state=Deviation.State.RECEIVED)
    late.append(received)
    report(**_days_ago(0))  # in time
    report(unit=world.other, **_days_ago(9))  # late, but outside the unit
    closed = report(**_days_ago(60))
    for state in ("received", "investigating", "resolved", "closed"):
        deviation_services.deviation_transition(actor=None, deviation=closed, to_state=state, comment="Klart")
    user = world.persona(role)
    client = client_for(user)
    figure = figures(dashboard.deviations_widget(user, world.own, timezone.localdate()))["overdue"]
    assert figure.url.startswith(reverse("deviations:index")) and "overdue=1" in figure.url
    response = client.get(figure.url)
    assert {d.pk for d in response.context["page_obj"]} == {d.pk for d in late}
    assert figure.value == len(late) == response.context["page_obj"].paginator.count
    widget = dashboard.deviations_widget(user, world.own, timezone.localdate())
    steps = client.get(widget.more_url)
    assert {d.pk for d in steps.context["page_obj"]} == {d.pk for d in late}


def test_people_who_cannot_open_the_lists_get_the_figures_without_links(world):
    today = timezone.localdate()
    elsewhere = UserFactory(username="annan")
    RoleAssignmentFactory(user=elsewhere, role=Role.KVALITETSSAMORDNARE, unit=world.other, include_subunits=True)
    for widget in (
        dashboard.risks_widget(elsewhere, world.own, today),
        dashboard.inspection_widget(elsewhere, world.own, today),
        dashboard.deviations_widget(elsewhere, world.own, today),
    ):
        assert all(f.url is None for f in widget.figures), widget.key
    mine = dashboard.risks_widget(elsewhere, world.other, today)
    assert all(f.url for f in mine.figures)


def test_the_overview_page_links_the_figures(world, client_for):
    build_risks(world)
    build_rounds(world)
    client = client_for(world.persona("kvalitetssamordnare"))
    html = client.get(reverse("reports:dashboard"), {"unit": world.own.pk}).content.decode()
    assert reverse("risks:risk_list") + f"?unit={world.own.pk}&amp;level=H%C3%B6g" in html
    assert reverse("risks:rounds") + f"?unit={world.own.pk}&amp;year={timezone.localdate().year}&amp;status=overdue" in html
    assert "Listorna visar alla planer" not in html
