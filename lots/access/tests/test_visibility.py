"""governing_q and can_read_governing: governing documents are read on the units in scope and on every unit above."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lots import access
from lots.accounts.models import Role, RoleAssignment
from lots.organisation.models import Unit
from lots.testing.factories import UserFactory

PLACES = ("namnd", "forvaltning", "own", "sub", "other", "foreign")


def _person(world, place: str, *, subunits: bool, role: str = Role.ENHETSCHEF):
    user = UserFactory()
    RoleAssignment.objects.create(user=user, role=role, unit=world.unit(place), include_subunits=subunits)
    return user


def _read(world, user) -> set[str]:
    ids = set(access.governing_units(user, "risk.view").values_list("pk", flat=True))
    return {place for place in PLACES if world.unit(place).pk in ids}


@pytest.mark.parametrize(
    ("held_on", "subunits", "reads"),
    [
        ("own", True, {"namnd", "forvaltning", "own", "sub"}),
        ("own", False, {"namnd", "forvaltning", "own"}),
        ("sub", True, {"namnd", "forvaltning", "own", "sub"}),
        ("forvaltning", True, {"namnd", "forvaltning", "own", "sub", "other"}),
        ("forvaltning", False, {"namnd", "forvaltning"}),
        ("namnd", False, {"namnd"}),
        ("foreign", True, {"foreign"}),
    ],
)
def test_a_person_reads_the_documents_of_their_units_and_every_unit_above(world, held_on, subunits, reads):
    user = _person(world, held_on, subunits=subunits)
    assert _read(world, user) == reads
    assert {place for place in PLACES if access.can_read_governing(user, "risk.view", world.unit(place))} == reads


def test_the_foreign_municipalitys_tree_above_is_read_from_there_only(world):
    user = _person(world, "foreign", subunits=True)
    above = set(Unit.objects.filter(pk__in=world.foreign.ancestor_ids()).values_list("pk", flat=True))
    assert set(access.governing_units(user, "risk.view").values_list("pk", flat=True)) == above


def test_only_assignments_holding_the_permission_count(world):
    user = _person(world, "own", subunits=True, role=Role.MEDARBETARE)
    assert _read(world, user) == {"namnd", "forvaltning", "own", "sub"}
    assert _read(world, world.persona(Role.EXTERN_UTFORARE)) == set()
    assert _read(world, world.outsider) == set()


def test_closed_units_give_no_reach(world):
    user = _person(world, "sub", subunits=True)
    world.sub.closed_at = world.sub.created_at.date()
    world.sub.save(update_fields=["closed_at"])
    user = type(user).objects.get(pk=user.pk)
    assert _read(world, user) == set()


def test_the_condition_is_built_without_a_query(world):
    user = _person(world, "own", subunits=True)
    access.assignments_of(user)
    with CaptureQueriesContext(connection) as queries:
        access.governing_q(user, "risk.view")
        access.can_read_governing(user, "risk.view", world.forvaltning)
    assert len(queries) == 0


@pytest.mark.parametrize("perm", ["deviation.view", "feedback.view", "improvement.view"])
def test_case_records_are_never_read_up_and_down(world, perm):
    with pytest.raises(ValueError):
        access.governing_q(world.persona(Role.KVALITETSSAMORDNARE), perm)
