"""The report section's figures are the lists' counts with the unit and year as filters."""

import datetime

import pytest
from django.urls import reverse

from lots.accounts.models import Role
from lots.competence import report_section
from lots.competence.models import Student, Supervision
from lots.reports.providers.base import Scope

pytestmark = pytest.mark.django_db

YEAR = 2025


@pytest.fixture
def mix(world, employ, appraise, plan_for):
    """On "own" and its sub-unit: four staff at the end of 2025 (one appraised and planned, one appraised only, one
    overdue, one who left during the year); on "other" one the scope leaves out."""
    both = employ()
    appraise(both, datetime.date(YEAR, 3, 1))
    plan_for(both, year=YEAR)
    only = employ(unit=world.sub)
    appraise(only, datetime.date(YEAR, 10, 1))
    late = employ()
    appraise(late, datetime.date(YEAR - 2, 5, 1))
    plan_for(late, year=YEAR - 1)
    left = employ(ends_on=datetime.date(YEAR, 6, 30))
    appraise(left, datetime.date(YEAR, 2, 1))
    appraise(employ(unit=world.other), datetime.date(YEAR, 2, 1))
    Supervision.objects.create(
        unit=world.own, form="group", given_by="Psykolog", frequency="Månadsvis", starts_on=datetime.date(YEAR - 1, 1, 1)
    )
    Supervision.objects.create(
        unit=world.own, form="individual", given_by="X", frequency="Vid behov", starts_on=datetime.date(YEAR + 1, 1, 1)
    )
    Student.objects.create(
        unit=world.sub,
        name="Tolvan",
        programme="Socionom",
        school="Högskolan",
        starts_on=datetime.date(YEAR, 9, 1),
        ends_on=datetime.date(YEAR, 11, 1),
        supervisor=only,
    )


def test_the_figures(world, mix):
    assert report_section.figures_for(world.own, YEAR) == {
        "staff": 3,
        "appraised": 2,
        "with_plan": 1,
        "overdue": 1,
        "supervision": 1,
        "students": 1,
    }


def test_each_figure_equals_its_list(world, mix, client_for):
    figures = report_section.figures_for(world.own, YEAR)
    client = client_for(world.persona(Role.HR))
    pages = dict.fromkeys(report_section.STAFF_FIGURES, "competence:index")
    pages.update({"supervision": "competence:supervision", "students": "competence:students"})
    for key, url in pages.items():
        response = client.get(reverse(url), report_section.list_filters(key, world.own, YEAR))
        assert response.status_code == 200, key
        assert response.context["page_obj"].paginator.count == figures[key], key


def test_the_section_renders_a_table(world, mix):
    section = report_section.SECTIONS[0]
    result = section.compute(Scope(unit=world.own, year=YEAR, today=datetime.date(YEAR + 1, 2, 1)))
    rows = result["blocks"][0]
    assert result["figures"]["staff"] == 3
    assert rows


def test_the_overview_widget_counts_the_status_list(world, employ, appraise):
    from lots.competence import overview_widget

    late = employ()
    appraise(late, datetime.date(2020, 1, 1))
    today = datetime.date.today()
    assert overview_widget.widget(world.persona(Role.MEDARBETARE), world.own, today) is None
    found = overview_widget.widget(world.persona(Role.ENHETSCHEF), world.own, today)
    assert {f.key: f.value for f in found.figures} == {"staff": 1, "overdue": 1, "no_plan": 1}
