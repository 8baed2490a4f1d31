"""The consequence statement opens for everyone who reads a förvaltning's or avdelning's documents, from below too,
and its links are shown exactly to those it opens for."""

import datetime

from django.urls import reverse

from lots.accounts.models import Role
from lots.improvements.models import ImprovementAction
from lots.risks.tests.helpers import completed_analysis
from lots.testing.factories import RoleAssignmentFactory, UserFactory

PAGE = reverse("risks:consequence")
LINK = f'href="{PAGE}"'


def _person(world, place: str, role: str, *, subunits: bool = True):
    user = UserFactory()
    RoleAssignmentFactory(user=user, role=role, unit=world.unit(place), include_subunits=subunits)
    return user


def test_a_unit_manager_below_reads_the_statement_of_the_forvaltning(world, client_for):
    manager = _person(world, "sub", Role.ENHETSCHEF)
    client = client_for(manager)
    assert LINK in client.get(reverse("risks:index")).content.decode()
    assert client.get(PAGE).status_code == 200
    year = datetime.date.today().year
    assert client.get(reverse("risks:consequence_pdf", args=[world.forvaltning.pk, year])).status_code == 200


def test_the_statement_shows_the_analyses_the_reader_may_open(world, client_for):
    above = completed_analysis(world, "forvaltning", title="Förvaltningens analys")
    completed_analysis(world, "other", title="Grannavdelningens analys")
    client = client_for(_person(world, "sub", Role.ENHETSCHEF))
    text = client.get(PAGE, {"unit": world.forvaltning.pk, "year": above.performed_on.year}).content.decode()
    assert "Förvaltningens analys" in text
    assert "Grannavdelningens analys" not in text


def test_actions_link_only_for_those_who_may_open_them(world, client_for):
    analysis = completed_analysis(world, "forvaltning", title="Förvaltningens analys")
    action = ImprovementAction.objects.get()
    url = reverse("improvements:detail", args=[action.pk])
    below = client_for(_person(world, "sub", Role.ENHETSCHEF))
    statement = below.get(PAGE, {"unit": world.forvaltning.pk, "year": analysis.performed_on.year}).content.decode()
    assert action.title in statement and url not in statement
    page = below.get(reverse("risks:analysis", args=[analysis.pk])).content.decode()
    assert action.title in page and url not in page
    assert below.get(url).status_code == 404
    above = client_for(_person(world, "forvaltning", Role.FORVALTNINGSCHEF))
    assert url in above.get(reverse("risks:analysis", args=[analysis.pk])).content.decode()
    assert above.get(url).status_code == 200


def test_without_a_forvaltning_or_avdelning_in_reach_there_is_no_link_and_no_page(world, client_for):
    board_member = _person(world, "namnd", Role.NAMNDLEDAMOT, subunits=False)
    client = client_for(board_member)
    index = client.get(reverse("risks:index"))
    assert index.status_code == 200
    assert LINK not in index.content.decode()
    assert LINK not in client.get(reverse("risks:analyses")).content.decode()
    assert client.get(PAGE).status_code == 404
