import pytest

from lots.accounts.models import Role
from lots.testing.factories import RoleAssignmentFactory, UnitFactory


@pytest.fixture
def enforced(settings):
    """The second factor as production has it (the test settings switch it off for everyone else's tests)."""
    settings.LOTS_SECOND_FACTOR_ENFORCED = True
    settings.LOTS_SECOND_FACTOR_ENROLMENT_REQUIRED = True
    return settings


@pytest.fixture
def unit(db):
    return UnitFactory()


@pytest.fixture
def manager(unit):
    """An enhetschef: reads confidential case records, so needs a second factor."""
    return RoleAssignmentFactory(role=Role.ENHETSCHEF, unit=unit).user


@pytest.fixture
def staff(unit):
    """A medarbetare: reads no case records, so signs in with a password alone."""
    return RoleAssignmentFactory(role=Role.MEDARBETARE, unit=unit, include_subunits=False).user
