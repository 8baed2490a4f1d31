"""Role × place × (view, change) for agreements, through the real views. Expected answers written out here.

Readers see an agreement on their units, above them (it governs them) and below where their role reaches; the quality
coordinator and line managers change it on their units."""

import pytest
from django.urls import reverse

from lots.accounts.models import Role
from lots.agreements.tests.helpers import make_agreement
from lots.testing.factories import RoleAssignmentFactory, UserFactory

READERS = {
    "forvaltningschef",
    "avdelningschef",
    "enhetschef",
    "verksamhetsledare",
    "medarbetare",
    "kvalitetssamordnare",
    "granskare",
    "namndledamot",
}
CHANGERS = {"forvaltningschef", "avdelningschef", "enhetschef", "kvalitetssamordnare"}
ALL = READERS | {"extern_utforare", "hr", "registrator"}
WITH_SUBUNITS = READERS - {"medarbetare"}


def expected_view(role, place):
    if place in ("own", "forvaltning"):
        return 200 if role in READERS else 404
    if place == "sub":
        return 200 if role in WITH_SUBUNITS else 404
    return 404


def expected_change(role, place):
    view = expected_view(role, place)
    if view == 404:
        return 404
    return 200 if role in CHANGERS and place in ("own", "sub") else 403


@pytest.fixture
def outside_owner(world):
    """The owner is someone else, with a role in both municipalities."""
    user = UserFactory(username="agare")
    for unit in (world.own, world.foreign):
        RoleAssignmentFactory(user=user, role=Role.MEDARBETARE, unit=unit, include_subunits=False)
    return user


@pytest.mark.parametrize("place", ["own", "sub", "forvaltning", "other", "foreign"])
@pytest.mark.parametrize("role", sorted(ALL))
def test_agreement_view_and_change(world, client_for, outside_owner, role, place):
    unit = world.forvaltning if place == "forvaltning" else world.unit(place)
    agreement = make_agreement(world, [unit], owner=outside_owner)
    client = client_for(world.persona(role))
    assert client.get(reverse("agreements:detail", args=[agreement.pk])).status_code == expected_view(role, place)
    change = expected_change(role, place)
    assert client.get(reverse("agreements:edit", args=[agreement.pk])).status_code == change
    assert client.get(reverse("agreements:review", args=[agreement.pk])).status_code == change
    assert client.get(reverse("agreements:assess", args=[agreement.pk])).status_code == change
    ended = client.post(reverse("agreements:end", args=[agreement.pk]), {"version": agreement.version})
    assert ended.status_code == (302 if change == 200 else change)


@pytest.mark.parametrize("role", sorted(ALL))
def test_listing_and_creating(world, client_for, role):
    make_agreement(world, [world.own], title="Egen överenskommelse")
    make_agreement(world, [world.other], title="Annans överenskommelse")
    client = client_for(world.persona(role))
    listing = client.get(reverse("agreements:index"))
    assert listing.status_code == (200 if role in READERS else 404)
    if listing.status_code == 200:
        assert "Egen överenskommelse" in listing.content.decode()
        assert "Annans överenskommelse" not in listing.content.decode()
    assert client.get(reverse("agreements:create")).status_code == (200 if role in CHANGERS else 403 if role in READERS else 404)
