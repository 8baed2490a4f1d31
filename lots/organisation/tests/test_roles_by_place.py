"""The organisation pages and API read roles through lots.access: current roles of active people on open units."""

import datetime

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


def test_the_tree_counts_each_person_with_a_current_role_on_the_unit_once(world, client_for):
    sub = world.sub
    twice = _holder(sub, Role.ENHETSCHEF)
    RoleAssignmentFactory(user=twice, role=Role.KVALITETSSAMORDNARE, unit=sub)
    _holder(sub, Role.MEDARBETARE).assignments.update(ends_on=timezone.localdate() + datetime.timedelta(days=30))
    _holder(sub, Role.MEDARBETARE).assignments.update(ends_on=timezone.localdate() - datetime.timedelta(days=1))
    gone = _holder(sub, Role.MEDARBETARE)
    gone.is_active = False
    gone.save(update_fields=["is_active"])
    client = client_for(world.persona(Role.KVALITETSSAMORDNARE))
    units = {u["unit"].pk: u["unit"] for u in _nodes(client.get(reverse("organisation:tree")).context["groups"])}
    assert units[sub.pk].people == 2  # the one with two roles, and the one whose role ends next month
    _close(sub)
    units = {u["unit"].pk: u["unit"] for u in _nodes(client.get(reverse("organisation:tree") + "?stangda=1").context["groups"])}
    assert units[sub.pk].people == 0


def _nodes(groups):
    def walk(nodes):
        for node in nodes:
            yield node
            yield from walk(node["children"])

    return [node for group in groups for node in walk(group["roots"])]
