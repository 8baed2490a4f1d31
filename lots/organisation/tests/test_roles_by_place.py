"""The organisation pages and API read roles through lots.access: current roles of active people on open units."""

from django.urls import reverse
from django.utils import timezone

from lots.accounts import services as accounts
from lots.accounts.models import Role
from lots.testing.factories import RoleAssignmentFactory, UserFactory


def _close(unit):
    unit.closed_at = timezone.localdate()
    unit.save(update_fields=["closed_at"])


def _holder(unit, role=Role.KVALITETSSAMORDNARE):
    person = UserFactory()
    RoleAssignmentFactory(user=person, role=role, unit=unit)
    return person


def test_the_unit_page_lists_the_roles_held_on_the_unit_itself(world, client_for):
    below = _holder(world.sub, Role.ENHETSCHEF)
    client = client_for(world.persona(Role.KVALITETSSAMORDNARE))
    people = [a.user for a in client.get(reverse("organisation:unit", args=[world.own.pk])).context["people"]]
    assert world.persona(Role.ENHETSCHEF) in people and world.persona(Role.MEDARBETARE) in people
    assert below not in people


def test_a_role_on_a_closed_unit_gives_no_municipality_to_register_providers_in(world, client_for):
    coordinator = _holder(world.foreign)
    _close(world.foreign)
    client = client_for(coordinator)
    assert client.get(reverse("organisation:provider_create", args=["andra"])).status_code == 404
    coordinator_here = client_for(world.persona(Role.KVALITETSSAMORDNARE))
    assert coordinator_here.get(reverse("organisation:providers")).context["create_in"] == [world.m1]


def test_the_municipality_api_answers_only_where_the_person_holds_an_open_role(world, client):
    person = _holder(world.foreign, Role.ENHETSCHEF)
    _token, key = accounts.api_token_create(actor=person, name="test")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    assert client.get(f"/api/v1/municipalities/{world.m2.pk}", **auth).status_code == 200
    assert client.get(f"/api/v1/municipalities/{world.m1.pk}", **auth).status_code == 404
    _close(world.foreign)
    assert client.get(f"/api/v1/municipalities/{world.m2.pk}", **auth).status_code == 404
