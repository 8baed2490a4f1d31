import datetime

import pytest

from lots.accounts.models import Role
from lots.reports.providers.base import Scope
from lots.rounds import services
from lots.rounds.lists import ACTIONS, FINDINGS, ROUNDS
from lots.rounds.models import Kind
from lots.rounds.overview_widget import widget
from lots.rounds.report_section import SECTIONS

pytestmark = pytest.mark.django_db


def _count(definition, user, **filters):
    filtered = definition.bind(user, filters)
    assert filtered.is_valid, filtered.errors()
    return filtered.queryset.count()


def test_each_figure_of_the_report_equals_its_list(world, make_round, make_finding, make_action, manager, today):
    first = make_round()
    make_round(unit=world.sub, kind=Kind.FIRE)
    make_round(unit=world.other, kind=Kind.FIRE)  # outside the scope
    make_round(held_on=today.replace(year=today.year - 1))  # another year
    open_finding = make_finding(first)
    closed = make_finding(first)
    make_action(open_finding, today - datetime.timedelta(days=3))
    make_action(open_finding, today + datetime.timedelta(days=30))
    services.finding_update(
        actor=manager,
        finding=closed,
        expected_version=closed.version,
        description=closed.description,
        severity=1,
        probability=1,
        closed_on=today,
    )
    figures = SECTIONS[0].compute(Scope(unit=world.own, year=today.year, today=today))["figures"]
    reader = world.persona(Role.AVDELNINGSCHEF)
    base = {"unit": world.own.pk, "year": today.year}
    assert figures["rounds"] == {"safety": 1, "fire": 1}
    for kind in Kind.values:
        assert figures["rounds"][kind] == _count(ROUNDS, reader, **base, kind=kind)
    assert figures["findings_open"] == _count(FINDINGS, reader, **base, status="open") == 1
    assert figures["findings_closed"] == _count(FINDINGS, reader, **base, status="closed") == 1
    assert figures["actions_overdue"] == _count(ACTIONS, reader, **base, status="overdue") == 1


def test_the_widget_shows_open_findings_and_overdue_actions(world, make_round, make_finding, make_action, manager, today):
    assert widget(manager, world.own, today) is None  # nothing there
    make_action(make_finding(make_round()), today - datetime.timedelta(days=1))
    shown = widget(manager, world.own, today)
    assert [(f.key, f.value) for f in shown.figures] == [("open_findings", 1), ("overdue_actions", 1)]
    assert widget(world.persona(Role.GRANSKARE), world.own, today) is None


def test_the_overview_page_shows_the_widget(world, client_for, make_round, make_finding, make_action, manager, today):
    from django.urls import reverse

    make_action(make_finding(make_round()), today - datetime.timedelta(days=1))
    response = client_for(manager).get(reverse("reports:dashboard"), {"unit": world.own.pk})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Skydds- och brandskyddsronder" in page and "Försenade åtgärder" in page
