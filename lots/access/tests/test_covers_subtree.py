"""covers_subtree: whether one of the person's assignments reaches a unit together with everything below it."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from lots import access
from lots.accounts.models import Role, RoleAssignment
from lots.testing.factories import UserFactory


def _person(world, place: str, *, subunits: bool, role: str = Role.ENHETSCHEF, **extra):
    user = UserFactory()
    RoleAssignment.objects.create(user=user, role=role, unit=world.unit(place), include_subunits=subunits, **extra)
    return user


@pytest.mark.parametrize(
    ("held_on", "subunits", "covered"),
    [
        ("own", True, {"own", "sub"}),
        ("own", False, set()),
        ("sub", True, {"sub"}),
        ("sub", False, set()),
        ("forvaltning", True, {"own", "sub", "other"}),
        ("forvaltning", False, set()),
    ],
)
def test_it_is_true_only_below_an_assignment_with_sub_units(world, held_on, subunits, covered):
    user = _person(world, held_on, subunits=subunits)
    assert {
        place for place in ("own", "sub", "other", "foreign") if access.covers_subtree(user, "dashboard.view", world.unit(place))
    } == covered


def test_the_personas_without_sub_units_cover_nothing_but_can_see_their_unit(world):
    staff = world.persona(Role.MEDARBETARE)
    assert access.can(staff, "dashboard.view", world.own)
    assert not access.covers_subtree(staff, "dashboard.view", world.own)
    assert access.covers_subtree(world.persona(Role.ENHETSCHEF), "dashboard.view", world.own)
    assert not access.covers_subtree(world.persona(Role.ENHETSCHEF), "dashboard.view", world.other)


def test_only_assignments_holding_the_permission_count(world):
    # A medarbetare with sub-units may report deviations there, but deviation.view is for managers and auditors.
    staff = _person(world, "own", subunits=True, role=Role.MEDARBETARE)
    assert access.covers_subtree(staff, "deviation.report", world.own)
    assert not access.covers_subtree(staff, "deviation.view", world.own)
    assert not access.covers_subtree(world.outsider, "dashboard.view", world.own)


def test_an_assignment_with_sub_units_covers_even_when_another_one_on_the_unit_does_not(world):
    user = _person(world, "own", subunits=False)
    assert not access.covers_subtree(user, "dashboard.view", world.sub)
    RoleAssignment.objects.create(user=user, role=Role.GRANSKARE, unit=world.forvaltning, include_subunits=True)
    user = type(user).objects.get(pk=user.pk)  # a fresh object: the assignments are cached per request
    assert access.covers_subtree(user, "dashboard.view", world.own)
    assert access.covers_subtree(user, "dashboard.view", world.sub)


def test_ended_assignments_and_closed_units_do_not_count(world):
    ended = _person(world, "own", subunits=True, ends_on=timezone.localdate() - datetime.timedelta(days=1))
    assert not access.covers_subtree(ended, "dashboard.view", world.own)
    closing = _person(world, "forvaltning", subunits=True)
    world.forvaltning.closed_at = timezone.now()
    world.forvaltning.save(update_fields=["closed_at"])
    assert not access.covers_subtree(closing, "dashboard.view", world.own)


def test_it_is_decided_without_a_query_once_the_assignments_are_read(world):
    user = world.persona(Role.MEDARBETARE)
    access.assignments_of(user)
    with CaptureQueriesContext(connection) as captured:
        access.covers_subtree(user, "dashboard.view", world.own)
        access.covers_subtree(user, "dashboard.view", world.sub)
    assert captured.captured_queries == []
