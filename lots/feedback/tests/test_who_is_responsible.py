"""Who answers for feedback on a unit: the nearest line managers, else the quality coordinators above it."""

from django.utils import timezone

from lots.accounts.models import Role
from lots.feedback import services
from lots.testing.factories import RoleAssignmentFactory, UserFactory


def _holder(unit, role, *, subunits=True, **user):
    person = UserFactory(**user)
    RoleAssignmentFactory(user=person, role=role, unit=unit, include_subunits=subunits)
    return person


def test_manager_levels_run_from_the_unit_upward_each_level_by_name(world):
    above = world.foreign.parent
    near_b = _holder(world.foreign, Role.ENHETSCHEF, last_name="Berg")
    near_a = _holder(world.foreign, Role.ENHETSCHEF, last_name="Alm")
    chief = _holder(above, Role.FORVALTNINGSCHEF)
    _holder(above, Role.AVDELNINGSCHEF, subunits=False)
    assert services.manager_levels(world.foreign) == [(world.foreign.pk, [near_a, near_b]), (above.pk, [chief])]


def test_a_quality_coordinator_counts_on_the_unit_and_above_it_with_sub_units(world):
    coordinator = _holder(world.foreign.parent, Role.KVALITETSSAMORDNARE)
    _holder(world.foreign.parent, Role.KVALITETSSAMORDNARE, subunits=False)
    assert services.quality_coordinators(world.foreign) == [coordinator]
    assert services.responsible_managers(world.foreign) == [coordinator]


def test_a_closed_unit_gives_its_quality_coordinator_no_cases(world):
    above = world.foreign.parent
    _holder(above, Role.KVALITETSSAMORDNARE)
    above.closed_at = timezone.localdate()
    above.save(update_fields=["closed_at"])
    assert services.quality_coordinators(world.foreign) == []
    assert services.municipality_quality_coordinators(world.m2) == []
