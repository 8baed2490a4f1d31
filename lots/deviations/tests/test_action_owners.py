"""Who may be made owner of an action on a report: people whose role reaches the report's unit or a unit below it."""

from django.urls import reverse
from django.utils import timezone

from lots.accounts.models import Role
from lots.testing.factories import RoleAssignmentFactory, UserFactory


def _holder(unit, role=Role.ENHETSCHEF, *, subunits=True):
    person = UserFactory()
    RoleAssignmentFactory(user=person, role=role, unit=unit, include_subunits=subunits)
    return person


def _offered(world, client_for, deviation):
    client = client_for(world.persona(Role.ENHETSCHEF))
    response = client.get(reverse("deviations:action_create", args=[deviation.pk]))
    assert response.status_code == 200
    return set(response.context["form"].fields["owner"].queryset)


def test_owners_are_those_on_the_unit_below_it_and_above_it_with_sub_units(world, report, client_for):
    below = _holder(world.sub, Role.MEDARBETARE, subunits=False)
    above = _holder(world.namnd, Role.NAMNDLEDAMOT)
    above_alone = _holder(world.namnd, Role.NAMNDLEDAMOT, subunits=False)
    beside = _holder(world.other)
    offered = _offered(world, client_for, report(unit=world.own))
    assert {below, above, world.persona(Role.MEDARBETARE)} <= offered
    assert not {above_alone, beside, world.persona(Role.EXTERN_UTFORARE), world.outsider} & offered


def test_a_role_on_a_closed_unit_makes_nobody_an_owner(world, report, client_for):
    below = _holder(world.sub)
    world.sub.closed_at = timezone.localdate()
    world.sub.save(update_fields=["closed_at"])
    assert below not in _offered(world, client_for, report(unit=world.own))
