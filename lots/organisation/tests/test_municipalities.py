"""Municipalities are created in the interface by the installation's administrator, and a unit that serves another
municipality is seen by that municipality's people in their tree."""

from django.urls import reverse

from lots.accounts.demo import LOGINS, PEOPLE
from lots.accounts.models import Role
from lots.audit.models import AuditEntry
from lots.organisation import services
from lots.organisation.models import Municipality, Unit
from lots.testing.factories import RoleAssignmentFactory, UserFactory

NEW = {
    "name": "Nyby kommun",
    "slug": "nyby",
    "code": "9903",
    "board_name": "Socialnämnden i Nyby",
    "local_passwords_allowed": "on",
}


def admin():
    return UserFactory(username="admin", is_superuser=True, is_staff=True)


def test_the_administrator_creates_a_municipality_with_its_settings_and_board(client, world):
    client.force_login(admin())
    assert client.get(reverse("organisation:municipality_create")).status_code == 200
    response = client.post(reverse("organisation:municipality_create"), {**NEW, "second_factor_for_all": "on"})
    assert response.status_code == 302
    municipality = Municipality.objects.get(slug="nyby")
    assert (municipality.name, municipality.code) == ("Nyby kommun", "9903")
    assert municipality.local_passwords_allowed and municipality.second_factor_for_all
    (board,) = Unit.objects.filter(municipality=municipality)
    assert (board.name, board.kind, board.parent) == ("Socialnämnden i Nyby", Unit.Kind.NAMND, None)
    assert AuditEntry.objects.filter(object_id=str(municipality.pk), action="create").exists()


def test_a_taken_name_or_short_name_is_refused_next_to_the_field(client, world):
    client.force_login(admin())
    response = client.post(reverse("organisation:municipality_create"), {**NEW, "name": world.m1.name, "slug": world.m1.slug})
    assert response.status_code == 422
    form = response.context["form"]
    assert form.errors["name"] == ["Det finns redan en kommun med det namnet."]
    assert form.errors["slug"] == ["Kortnamnet används redan av en annan kommun."]
    assert "Socialnämnden i Nyby" in response.content.decode()


def test_a_bad_municipality_code_is_refused(client, world):
    client.force_login(admin())
    response = client.post(reverse("organisation:municipality_create"), {**NEW, "code": "12a"})
    assert response.context["form"].errors["code"] == ["Kommunkoden är fyra siffror."]
    assert not Municipality.objects.filter(slug="nyby").exists()


def test_only_the_administrator_creates_municipalities(client, world):
    client.force_login(world.persona(Role.KVALITETSSAMORDNARE))
    assert client.get(reverse("organisation:municipality_create")).status_code == 404
    assert client.post(reverse("organisation:municipality_create"), NEW).status_code == 404
    assert not Municipality.objects.filter(slug="nyby").exists()
    assert "Ny kommun" not in client.get(reverse("organisation:tree")).content.decode()


def shared_unit(world):
    unit = services.unit_create(
        actor=None,
        municipality=world.m1,
        name="Budget- och skuldrådgivningen",
        kind=Unit.Kind.ENHET,
        code="budget",
        parent=world.forvaltning,
    )
    services.unit_update(
        actor=None,
        unit=unit,
        expected_version=unit.version,
        name=unit.name,
        public_name="",
        code=unit.code,
        kind=unit.kind,
        serves=[world.m2],
    )
    return unit


def m2_person(world, role=Role.KVALITETSSAMORDNARE, whole=True):
    person = UserFactory(username=f"m2-{role}")
    root = Unit.objects.get(municipality=world.m2, parent__isnull=True)
    RoleAssignmentFactory(user=person, role=role, unit=root, include_subunits=whole)
    return person


def test_the_served_municipalitys_people_see_the_shared_unit_in_their_tree_and_can_open_it(client, world):
    unit = shared_unit(world)
    client.force_login(m2_person(world))
    tree = client.get(reverse("organisation:tree")).content.decode()
    assert "Budget- och skuldrådgivningen" in tree
    assert reverse("organisation:unit", args=[unit.pk]) in tree
    assert client.get(reverse("organisation:unit", args=[unit.pk])).status_code == 200
    assert client.get(reverse("organisation:unit_edit", args=[unit.pk])).status_code in (403, 404)


def test_a_unit_that_does_not_serve_them_stays_hidden(client, world):
    unit = shared_unit(world)
    unit.refresh_from_db()
    services.unit_update(
        actor=None,
        unit=unit,
        expected_version=unit.version,
        name=unit.name,
        public_name="",
        code=unit.code,
        kind=unit.kind,
        serves=[],
    )
    client.force_login(m2_person(world))
    assert "Budget- och skuldrådgivningen" not in client.get(reverse("organisation:tree")).content.decode()
    assert client.get(reverse("organisation:unit", args=[unit.pk])).status_code == 404


def test_the_demo_prints_the_second_municipalitys_logins():
    printed = {username for _label, username in LOGINS}
    grannby = {username for username, *_rest in PEOPLE if username.startswith("grannby-")}
    assert grannby and grannby <= printed
