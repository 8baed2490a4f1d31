import datetime

import pytest
from django.utils import timezone

from lots.accounts.models import Role
from lots.staff import services
from lots.staff.models import UndertakingText
from lots.testing.factories import RoleAssignmentFactory, UserFactory


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def hr(world):
    return world.persona(Role.HR)


@pytest.fixture
def manager(world):
    return world.persona(Role.ENHETSCHEF)


@pytest.fixture
def employee(world):
    """The medarbetare persona (own unit only)."""
    return world.persona(Role.MEDARBETARE)


@pytest.fixture
def other_manager(world):
    user = UserFactory(username="chef-andra", first_name="Andra", last_name="Chef")
    RoleAssignmentFactory(user=user, role=Role.ENHETSCHEF, unit=world.other, include_subunits=True)
    return user


@pytest.fixture
def employ(world, hr, today):
    """``employ(person=…, unit=…, starts_on=…)``: a new employment through the service, with its introduction and
    checks."""

    def make(person=None, unit=None, starts_on=None, **kwargs):
        return services.employment_start(
            actor=hr,
            person=person or world.persona(Role.MEDARBETARE),
            unit=unit or world.own,
            starts_on=starts_on or today - datetime.timedelta(days=10),
            **kwargs,
        )

    return make


@pytest.fixture
def employment(employ):
    return employ()


@pytest.fixture
def undertaking_text(world, hr):
    return UndertakingText.objects.create(
        municipality=world.m1, version=1, body="Jag förbinder mig att iaktta sekretess och tystnadsplikt.", published_by=hr
    )


@pytest.fixture
def api(client):
    """``api(user, method, path, **kwargs)``: a JSON call to /api/v1 with a fresh API key of ``user``."""
    from lots.accounts.services import api_token_create

    def call(user, method, path, **kwargs):
        _token, key = api_token_create(actor=user, name="test")
        kwargs.setdefault("content_type", "application/json")
        return getattr(client, method)(f"/api/v1{path}", HTTP_AUTHORIZATION=f"Bearer {key}", **kwargs)

    return call
