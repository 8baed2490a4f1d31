"""Who may be chosen as owner of a new follow-up plan: people with a current role in the creator's municipalities."""

import datetime

from django.urls import reverse
from django.utils import timezone

from lots.accounts.models import Role
from lots.testing.factories import RoleAssignmentFactory, UserFactory


def _offered(world, client_for):
    response = client_for(world.persona(Role.KVALITETSSAMORDNARE)).get(reverse("risks:followup_create"))
    assert response.status_code == 200
    return set(response.context["form"].fields["owner"].queryset)


def test_the_owners_offered_are_people_with_a_current_role_in_the_municipality(world, client_for):
    colleague = UserFactory()
    RoleAssignmentFactory(user=colleague, role=Role.ENHETSCHEF, unit=world.other)
    foreign = UserFactory()
    RoleAssignmentFactory(user=foreign, role=Role.ENHETSCHEF, unit=world.foreign)
    offered = _offered(world, client_for)
    assert colleague in offered and world.persona(Role.MEDARBETARE) in offered
    assert foreign not in offered and world.outsider not in offered


def test_an_ended_role_or_a_closed_unit_offers_nobody(world, client_for):
    former = UserFactory()
    RoleAssignmentFactory(
        user=former, role=Role.ENHETSCHEF, unit=world.other, ends_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    moved_on = UserFactory()
    RoleAssignmentFactory(user=moved_on, role=Role.ENHETSCHEF, unit=world.sub)
    world.sub.closed_at = timezone.localdate()
    world.sub.save(update_fields=["closed_at"])
    assert not {former, moved_on} & _offered(world, client_for)
