"""Who may own an improvement action started from a case: people with a current role in the case's municipality."""

import datetime

from django.utils import timezone

from lots.accounts.models import Role
from lots.feedback.forms import ImprovementForm
from lots.testing.factories import RoleAssignmentFactory, UserFactory

TODAY = timezone.localdate()


def _holder(unit, **extra):
    person = UserFactory()
    RoleAssignmentFactory(user=person, role=Role.ENHETSCHEF, unit=unit, **extra)
    return person


def test_the_owners_are_people_with_a_current_role_in_the_municipality(world, make_case):
    leaving = _holder(world.other, ends_on=TODAY + datetime.timedelta(days=30))
    left = _holder(world.other, ends_on=TODAY - datetime.timedelta(days=1))
    foreign = _holder(world.foreign)
    owners = set(ImprovementForm(case=make_case(world.own)).fields["owner"].queryset)
    assert leaving in owners and world.persona(Role.MEDARBETARE) in owners
    assert not {left, foreign, world.outsider} & owners


def test_a_role_on_a_closed_unit_makes_nobody_an_owner(world, make_case):
    former = _holder(world.other)
    world.other.closed_at = TODAY
    world.other.save(update_fields=["closed_at"])
    assert former not in ImprovementForm(case=make_case(world.own)).fields["owner"].queryset
