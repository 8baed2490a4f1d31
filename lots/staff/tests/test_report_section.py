import datetime

import pytest
from django.urls import reverse

from lots.reports.providers.base import Scope
from lots.staff import report_section, services
from lots.staff.models import CheckKind, ExtractType, Outcome
from lots.testing.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def mix(world, hr, employ, today, undertaking_text):
    """On "own" (working with children): one finished introduction with the undertaking signed and the record shown,
    one unfinished without either; on the sub-unit one more; on "other" one the scope leaves out."""
    services.unit_setting_save(actor=hr, unit=world.own, works_with_children=True, expected_version=None)
    done = employ(person=UserFactory(username="klar"), starts_on=today - datetime.timedelta(days=3))
    for item in done.introduction.items.all():
        services.item_tick(actor=done.person, item=item, done=True)
    services.undertaking_sign(actor=done.person, employment=done)
    check = done.checks.get(kind=CheckKind.RECORD_EXTRACT)
    services.check_record(
        actor=hr,
        check=check,
        done_on=today,
        extract_type=ExtractType.CHILDREN,
        outcome=Outcome.NO_OBSTACLE,
        expected_version=check.version,
    )
    employ(person=UserFactory(username="ny"), starts_on=today - datetime.timedelta(days=2))
    employ(person=UserFactory(username="under"), unit=world.sub, starts_on=today - datetime.timedelta(days=1))
    employ(person=UserFactory(username="annan"), unit=world.other, starts_on=today - datetime.timedelta(days=1))


def test_the_figures_count_the_years_new_employments_in_the_scope(world, mix, today):
    figures = report_section.figures_for(world.own, today.year)

    assert figures == {
        "started": 3,
        "introduced": 3,
        "intro_finished": 1,
        "intro_unfinished": 2,
        "signed": 1,
        "record_required": 2,
        "record_required_done": 1,
    }


@pytest.mark.parametrize("key", report_section.FIGURES)
def test_each_figure_equals_its_list(world, client_for, mix, today, key):
    figures = report_section.figures_for(world.own, today.year)
    params = {"unit": world.own.pk, "year": today.year, **report_section.list_filters(key)}

    response = client_for(world.persona("forvaltningschef")).get(reverse("staff:index"), params)

    assert response.status_code == 200
    assert response.context["page_obj"].paginator.count == figures[key]


def test_the_section_renders_a_table(world, mix, today):
    result = report_section.StaffSection().compute(Scope(unit=world.own, year=today.year, today=today))

    assert result["blocks"][0]["type"] == "table"
    assert result["figures"]["intro_finished"] == 1
