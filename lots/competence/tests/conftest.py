import datetime

import pytest

from lots.accounts.models import Role
from lots.competence.models import Appraisal, IndividualPlan
from lots.staff.models import Employment
from lots.testing.factories import UserFactory

TODAY = datetime.date(2026, 6, 15)


@pytest.fixture
def employ(world):
    """``employ(unit=…, starts_on=…, person=…)``: an employment on the unit (the own unit by default)."""

    def make(unit=None, starts_on=datetime.date(2020, 1, 1), person=None, ends_on=None):
        person = person or UserFactory()
        return Employment.objects.create(person=person, unit=unit or world.own, starts_on=starts_on, ends_on=ends_on)

    return make


@pytest.fixture
def staff_member(world, employ):
    """The medarbetare persona's employment on the own unit."""
    return employ(person=world.persona(Role.MEDARBETARE))


@pytest.fixture
def appraise(world):
    """``appraise(employment, held_on)``: an appraisal recorded directly (the services are tested on their own)."""

    def make(employment, held_on):
        return Appraisal.objects.create(
            employment=employment, unit=employment.unit, held_on=held_on, held_by=world.persona(Role.ENHETSCHEF)
        )

    return make


@pytest.fixture
def plan_for(world):
    def make(employment, year=TODAY.year, goals="Stärka dokumentationen."):
        return IndividualPlan.objects.create(employment=employment, unit=employment.unit, year=year, goals=goals)

    return make
