import datetime

import pytest
from django.utils import timezone

from lots.accounts.models import Role
from lots.rounds import services
from lots.rounds.models import Kind


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def manager(world):
    return world.persona(Role.ENHETSCHEF)


@pytest.fixture
def staff(world):
    return world.persona(Role.MEDARBETARE)


@pytest.fixture
def make_round(world, manager, staff, today):
    def make(unit=None, kind=Kind.SAFETY, held_on=None, **kwargs):
        kwargs.setdefault("safety_rep", staff if kind == Kind.SAFETY else None)
        return services.round_create(
            actor=manager, unit=unit or world.own, kind=kind, held_on=held_on or today - datetime.timedelta(days=3), **kwargs
        )

    return make


@pytest.fixture
def make_finding(manager):
    def make(rnd, severity=3, probability=3, description="Nödutgången i källaren är blockerad av möbler."):
        return services.finding_create(
            actor=manager, round=rnd, description=description, severity=severity, probability=probability
        )

    return make


@pytest.fixture
def make_action(manager):
    def make(finding, due_date, owner=None, what="Flytta möblerna och märk ut utrymningsvägen."):
        return services.action_create(actor=manager, finding=finding, what=what, owner=owner or manager, due_date=due_date)

    return make
