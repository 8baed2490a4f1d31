"""The people list, its export and the person page show only the roles held where the viewer may see people."""

from django.urls import reverse

from lots.accounts.models import Role, RoleAssignment
from lots.testing.factories import UserFactory
from lots.testing.spreadsheets import csv_rows


def _person_on_own_and_other(world):
    person = UserFactory(username="tvaroller", first_name="Två", last_name="Roller")
    RoleAssignment.objects.create(user=person, role=Role.MEDARBETARE, unit=world.own, include_subunits=False)
    RoleAssignment.objects.create(user=person, role=Role.ENHETSCHEF, unit=world.other, include_subunits=True)
    return person


def test_the_list_shows_only_the_roles_on_units_the_viewer_sees(world, client_for):
    _person_on_own_and_other(world)
    page = client_for(world.persona(Role.AVDELNINGSCHEF)).get(reverse("accounts:people"), {"q": "tvaroller"}).content.decode()
    assert "Medarbetare, Egna avdelningen" in page
    assert "Andra avdelningen" not in page


def test_a_viewer_over_both_units_sees_both_roles(world, client_for):
    _person_on_own_and_other(world)
    viewer = UserFactory(username="ks-forv")
    RoleAssignment.objects.create(user=viewer, role=Role.KVALITETSSAMORDNARE, unit=world.forvaltning, include_subunits=True)
    page = client_for(viewer).get(reverse("accounts:people"), {"q": "tvaroller"}).content.decode()
    assert "Medarbetare, Egna avdelningen" in page and "Enhetschef, Andra avdelningen" in page


def test_the_export_has_the_same_roles_as_the_list(world, client_for):
    _person_on_own_and_other(world)
    url = reverse("accounts:people_export", args=["csv"])
    rows = csv_rows(client_for(world.persona(Role.AVDELNINGSCHEF)).get(url, {"q": "tvaroller"}))
    assert rows[1][-1] == "Medarbetare, Egna avdelningen"


def test_the_person_page_shows_only_the_roles_on_units_the_viewer_sees(world, client_for):
    person = _person_on_own_and_other(world)
    page = client_for(world.persona(Role.AVDELNINGSCHEF)).get(reverse("accounts:person", args=[person.pk])).content.decode()
    assert "Egna avdelningen" in page
    assert "Andra avdelningen" not in page
