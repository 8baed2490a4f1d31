import pytest
from django.urls import reverse

from lots.accounts.models import Role
from lots.staff import overview_widget, services

pytestmark = pytest.mark.django_db


def test_the_widget_counts_what_its_links_list(world, client_for, manager, employee, employment, undertaking_text, today):
    services.undertaking_sign(actor=employee, employment=employment)

    widget = overview_widget.widget(manager, world.own, today)

    figures = {f.key: f for f in widget.figures}
    assert (figures["current"].value, figures["intro_unfinished"].value, figures["unsigned"].value) == (1, 1, 0)
    client = client_for(manager)
    for figure in widget.figures:
        assert client.get(figure.url).context["page_obj"].paginator.count == figure.value, figure.key


def test_no_widget_for_those_who_may_not_read_staff_or_where_there_is_none(world, employment, today):
    assert overview_widget.widget(world.persona(Role.MEDARBETARE), world.own, today) is None
    assert overview_widget.widget(world.persona(Role.ENHETSCHEF), world.other, today) is None


def test_the_reports_overview_shows_it(world, client_for, manager, employment):
    response = client_for(manager).get(reverse("reports:dashboard"), {"unit": world.own.pk})

    assert "Introduktion och kontroller vid anställning" in response.content.decode()
