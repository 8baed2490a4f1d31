import datetime

import pytest
from django.utils import timezone

from lots.accounts.models import Role
from lots.deviations import services
from lots.deviations.models import DeviationCategory
from lots.testing.factories import RoleAssignmentFactory, UserFactory

TEST_IDENTITY = "19121212-1212"  # Tolvan Tolvansson, the published test identity


@pytest.fixture
def reporter(world):
    """A second staff member on "own", so the personas' own visibility is not the reporter's."""
    user = UserFactory(username="rapportor", first_name="Rapportör", last_name="Persona")
    RoleAssignmentFactory(user=user, role=Role.MEDARBETARE, unit=world.own, include_subunits=False)
    return user


@pytest.fixture
def category(world):
    services.categories_ensure(municipality=world.m1)
    return DeviationCategory.objects.get(municipality=world.m1, name="Bemötande")


@pytest.fixture
def report(world, reporter, category):
    """``report(unit=..., **overrides)`` registers a deviation through the service."""

    def make(unit=None, actor=None, **kwargs):
        fields = {
            "occurred_at": timezone.now() - datetime.timedelta(hours=2),
            "description": "Brukaren fick vänta en timme på sitt besök.",
            "category": category if (unit or world.own).municipality_id == world.m1.pk else None,
        }
        fields.update(kwargs)
        return services.deviation_report(actor=actor or reporter, unit=unit or world.own, **fields)

    return make
