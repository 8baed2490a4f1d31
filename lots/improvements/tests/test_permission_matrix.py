"""Role × place × (view, change) for improvement actions, through the real views. Expected answers written out here."""

import pytest
from django.urls import reverse

from lots.accounts.models import Role
from lots.improvements.tests.helpers import make_action
from lots.testing.factories import RoleAssignmentFactory, UserFactory

MANAGERS = {"forvaltningschef", "avdelningschef", "enhetschef", "verksamhetsledare"}
READERS = MANAGERS | {"medarbetare", "kvalitetssamordnare", "granskare", "namndledamot"}
CHANGERS = MANAGERS | {"kvalitetssamordnare"}
ALL = READERS | {"extern_utforare"}
WITH_SUBUNITS = READERS - {"medarbetare"}


def expected_view(role, place):
    if place == "own":
        return 200 if role in READERS else 404
    if place == "sub":
        return 200 if role in WITH_SUBUNITS else 404
    return 404


def expected_change(role, place):
    view = expected_view(role, place)
    return view if view == 404 else (200 if role in CHANGERS else 403)


@pytest.fixture
def outside_owner(world):
    """The owner is someone else, so that owning an action does not widen any persona's rights here."""
    user = UserFactory(username="agare")
    for unit in (world.own, world.foreign):
        RoleAssignmentFactory(user=user, role=Role.MEDARBETARE, unit=unit, include_subunits=False)
    return user


@pytest.mark.parametrize("place", ["own", "sub", "other", "foreign"])
@pytest.mark.parametrize("role", sorted(ALL))
def test_improvement_view_and_change(world, client_for, outside_owner, role, place):
    action = make_action(world, world.unit(place), owner=outside_owner, stage="act")
    client = client_for(world.persona(role))
    assert client.get(reverse("improvements:detail", args=[action.pk])).status_code == expected_view(role, place)
    change = expected_change(role, place)
    assert client.get(reverse("improvements:edit", args=[action.pk])).status_code == change
    assert client.get(reverse("improvements:close", args=[action.pk])).status_code == change
    move = client.post(reverse("improvements:move", args=[action.pk]), {"stage": "plan", "version": action.version})
    assert move.status_code == (302 if change == 200 else change)


@pytest.mark.parametrize("role", sorted(ALL))
def test_listing_and_creating(world, client_for, outside_owner, role):
    make_action(world, world.own, owner=outside_owner, title="Egen åtgärd")
    make_action(world, world.other, owner=outside_owner, title="Annans åtgärd")
    client = client_for(world.persona(role))
    listing = client.get(reverse("improvements:index"))
    assert listing.status_code == (200 if role in READERS else 404)
    if listing.status_code == 200:
        assert "Egen åtgärd" in listing.content.decode()
        assert "Annans åtgärd" not in listing.content.decode()
    assert client.get(reverse("improvements:create")).status_code == (
        200 if role in CHANGERS else 403 if role in READERS else 404
    )


def test_the_owner_sees_and_moves_their_own_action_without_the_change_permission(world, client_for):
    staff = world.persona(Role.MEDARBETARE)
    action = make_action(world, world.sub, owner=staff)  # "sub" is outside the medarbetare's own scope
    client = client_for(staff)
    assert client.get(reverse("improvements:detail", args=[action.pk])).status_code == 200
    plan = {"description": "Införa en checklista.", "expected_effect": "Färre missade steg.", "version": action.version}
    assert client.post(reverse("improvements:advance", args=[action.pk, "do"]), plan).status_code == 302
    action.refresh_from_db()
    assert action.stage == "do"
