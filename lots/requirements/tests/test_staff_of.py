"""Who can lead or join a follow-up: people with a current role on an open unit of the municipality."""

import datetime

from django.utils import timezone

from lots.accounts.models import Role
from lots.requirements.forms import staff_of
from lots.testing.factories import RoleAssignmentFactory, UserFactory


def _holder(unit, **extra):
    person = UserFactory()
    RoleAssignmentFactory(user=person, role=Role.KVALITETSSAMORDNARE, unit=unit, **extra)
    return person


def test_staff_are_those_with_a_current_role_on_an_open_unit_of_the_municipality(world):
    current = _holder(world.other)
    ended = _holder(world.other, ends_on=timezone.localdate() - datetime.timedelta(days=1))
    foreign = _holder(world.foreign)
    staff = set(staff_of(world.m1))
    assert current in staff and world.persona(Role.ENHETSCHEF) in staff
    assert not {ended, foreign, world.outsider, world.persona(Role.EXTERN_UTFORARE)} & staff
    world.other.closed_at = timezone.localdate()
    world.other.save(update_fields=["closed_at"])
    assert current not in staff_of(world.m1)
