"""Who reads a delegation, by role and by where it is: workenv.view in scope (down only), and its own two managers."""

import pytest
from django.urls import reverse

from lots.accounts.models import Role
from lots.testing.world import ALL_ROLES, PLACES
from lots.workenv.models import Delegation

pytestmark = pytest.mark.django_db

READERS = {Role.FORVALTNINGSCHEF, Role.AVDELNINGSCHEF, Role.ENHETSCHEF, Role.VERKSAMHETSLEDARE, Role.HR, Role.KVALITETSSAMORDNARE}
DELEGATORS = {Role.FORVALTNINGSCHEF, Role.AVDELNINGSCHEF, Role.ENHETSCHEF}


def _delegation(world, line, place) -> Delegation:
    # Written directly: the matrix is about reading, and the foreign municipality has no line of managers here.
    return Delegation.objects.create(
        unit=world.unit(place),
        activity="a",
        delegator=line.fc,
        delegator_role=Role.FORVALTNINGSCHEF,
        receiver=line.ec,
        receiver_role=Role.ENHETSCHEF,
        competence="c",
        authority="b",
        resources="r",
        return_procedure="x",
        created_by=line.fc,
    )


@pytest.mark.parametrize("place", PLACES)
@pytest.mark.parametrize("role", ALL_ROLES)
def test_who_reads_a_delegation(client_for, world, line, role, place):
    delegation = _delegation(world, line, place)
    client = client_for(world.persona(role))
    expected = 200 if role in READERS and place in ("own", "sub") else 404
    assert client.get(reverse("workenv:detail", args=[delegation.pk])).status_code == expected
    listed = client.get(reverse("workenv:list"))
    if expected == 200:
        assert delegation.reference in listed.content.decode()
    else:
        assert listed.status_code == 404 or delegation.reference not in listed.content.decode()


@pytest.mark.parametrize("place", PLACES)
def test_the_two_managers_always_read_their_own(client_for, world, line, place):
    delegation = _delegation(world, line, place)
    for person in (line.fc, line.ec):
        assert client_for(person).get(reverse("workenv:detail", args=[delegation.pk])).status_code == 200


@pytest.mark.parametrize("role", ALL_ROLES)
def test_who_may_draw_up_a_delegation(client_for, world, role):
    expected = 200 if role in DELEGATORS else 404
    assert client_for(world.persona(role)).get(reverse("workenv:new")).status_code == expected


def test_a_manager_may_not_delegate_on_a_unit_outside_their_scope(client_for, world, line):
    response = client_for(line.ec).get(reverse("workenv:new"), {"enhet": world.other.pk})
    assert response.status_code == 422


def test_only_the_delegator_edits_or_ends(client_for, world, line, in_force):
    for person in (line.ac, line.coordinator):
        client = client_for(person)
        assert client.post(reverse("workenv:end", args=[in_force.pk]), {"end-reason": "x"}).status_code == 403
    assert client_for(line.ac).get(reverse("workenv:edit", args=[in_force.pk])).status_code == 403
