"""lots.access.people: who holds what, read for a person, a unit, a municipality or a provider."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from lots import access
from lots.accounts.models import Role, User
from lots.testing.factories import RoleAssignmentFactory, UserFactory

YESTERDAY = timezone.localdate() - datetime.timedelta(days=1)


def _holder(world, place: str, role: str = Role.ENHETSCHEF, *, subunits: bool = True, username=None, **extra):
    user = UserFactory(**({"username": username} if username else {}))
    RoleAssignmentFactory(user=user, role=role, unit=world.unit(place), include_subunits=subunits, **extra)
    return user


def _close(unit):
    unit.closed_at = timezone.localdate()
    unit.save(update_fields=["closed_at"])


# --- municipalities_with -----------------------------------------------------------------------------------


def test_municipalities_with_gives_each_municipality_where_the_person_holds_the_permission_once_by_name(world):
    user = _holder(world, "own")
    RoleAssignmentFactory(user=user, role=Role.ENHETSCHEF, unit=world.foreign)
    RoleAssignmentFactory(user=user, role=Role.AVDELNINGSCHEF, unit=world.other)
    assert access.municipalities_with(user, "deviation.handle") == [world.m2, world.m1]  # "Andra kommun" < "Testkommun"
    assert access.municipality_ids_with(user, "deviation.handle") == sorted([world.m1.pk, world.m2.pk])


def test_municipalities_with_leaves_out_roles_without_the_permission(world):
    staff = world.persona(Role.MEDARBETARE)
    assert access.municipalities_with(staff, "deviation.report") == [world.m1]
    assert access.municipalities_with(staff, "deviation.handle") == []


def test_municipalities_with_never_counts_a_closed_unit(world):
    user = _holder(world, "foreign")
    _close(world.foreign)
    assert access.municipalities_with(user, "deviation.handle") == []
    assert access.municipality_ids_with(user, "deviation.handle") == []


def test_municipalities_with_never_counts_an_ended_role(world):
    user = _holder(world, "own", ends_on=YESTERDAY)
    assert access.municipalities_with(user, "deviation.handle") == []


def test_municipalities_with_gives_an_external_provider_no_municipality(world):
    assert access.municipalities_with(world.persona(Role.EXTERN_UTFORARE), "contract.view") == []


def test_municipalities_with_gives_nothing_to_someone_logged_out(world):
    from django.contrib.auth.models import AnonymousUser

    assert access.municipalities_with(AnonymousUser(), "deviation.report") == []


def test_municipalities_with_reads_the_cached_assignments_without_a_query(world):
    user = world.persona(Role.KVALITETSSAMORDNARE)
    access.assignments_of(user)
    with CaptureQueriesContext(connection) as queries:
        access.municipalities_with(user, "deviation.handle")
        access.municipality_ids_with(user, "deviation.handle")
    assert len(queries) == 0


def test_assignments_with_gives_the_persons_assignments_holding_the_permission_on_open_units(world):
    user = _holder(world, "own")
    RoleAssignmentFactory(user=user, role=Role.MEDARBETARE, unit=world.other)
    RoleAssignmentFactory(user=user, role=Role.ENHETSCHEF, unit=world.foreign)
    _close(world.foreign)
    assert [(a.role, a.unit_id) for a in access.assignments_with(user, "deviation.handle")] == [
        (Role.ENHETSCHEF, world.own.pk)
    ]


def test_assignments_with_roles_gives_the_persons_assignments_of_those_roles_on_open_units(world):
    user = _holder(world, "own", Role.AVDELNINGSCHEF)
    RoleAssignmentFactory(user=user, role=Role.AVDELNINGSCHEF, unit=world.foreign)
    RoleAssignmentFactory(user=user, role=Role.MEDARBETARE, unit=world.other)
    _close(world.foreign)
    assert [(a.role, a.unit_id) for a in access.assignments_with(user, roles=[Role.AVDELNINGSCHEF])] == [
        (Role.AVDELNINGSCHEF, world.own.pk)
    ]
    assert access.assignments_with(world.persona(Role.EXTERN_UTFORARE), roles=[Role.EXTERN_UTFORARE]) == []
    with pytest.raises(TypeError):
        access.assignments_with(user)


# --- assignments_on_path and people_holding ------------------------------------------------------------------


def test_a_role_held_on_the_unit_itself_reaches_it_with_or_without_sub_units(world):
    with_sub = _holder(world, "foreign", subunits=True)
    without = _holder(world, "foreign", subunits=False)
    assert set(access.people_holding(world.foreign, perm="deviation.handle")) == {with_sub, without}


def test_a_role_held_above_the_unit_reaches_it_only_with_sub_units(world):
    above = _holder(world, "namnd", Role.FORVALTNINGSCHEF, subunits=True)
    _holder(world, "namnd", Role.FORVALTNINGSCHEF, subunits=False)
    assert list(access.people_holding(world.sub, roles=[Role.FORVALTNINGSCHEF])) == [
        world.persona(Role.FORVALTNINGSCHEF),  # by first name: "Forvaltningschef" before "Förnamn…"
        above,
    ]


def test_a_role_held_below_or_beside_the_unit_does_not_reach_it(world):
    _holder(world, "sub")
    _holder(world, "other")
    _holder(world, "foreign")
    assert list(access.people_holding(world.own, roles=[Role.ENHETSCHEF])) == [world.persona(Role.ENHETSCHEF)]


def test_people_holding_counts_only_roles_that_give_the_permission(world):
    assert list(access.people_holding(world.own, perm="deviation.notify_ivo")) == [
        world.persona(Role.AVDELNINGSCHEF),
        world.persona(Role.FORVALTNINGSCHEF),
        world.persona(Role.KVALITETSSAMORDNARE),
    ]


def test_a_closed_unit_on_the_path_gives_nobody_the_permission(world):
    above = world.foreign.parent
    _holder(world, "foreign", Role.ENHETSCHEF)
    RoleAssignmentFactory(user=UserFactory(), role=Role.FORVALTNINGSCHEF, unit=above)
    _close(above)
    assert [a.role for a in access.assignments_on_path(world.foreign, perm="deviation.handle")] == [Role.ENHETSCHEF]
    assert not access.people_holding(world.foreign, roles=[Role.FORVALTNINGSCHEF]).exists()
    _close(world.foreign)
    assert access.assignments_on_path(world.foreign, perm="deviation.handle") == []


def test_ended_roles_and_deactivated_people_hold_nothing(world):
    _holder(world, "foreign", ends_on=YESTERDAY)
    gone = _holder(world, "foreign")
    gone.is_active = False
    gone.save(update_fields=["is_active"])
    today = _holder(world, "foreign", ends_on=timezone.localdate())
    assert list(access.people_holding(world.foreign, roles=[Role.ENHETSCHEF])) == [today]
    assert [a.user for a in access.assignments_on_path(world.foreign, roles=[Role.ENHETSCHEF])] == [today]


def test_assignments_on_path_come_nearest_first_then_by_role_and_username(world):
    top = _holder(world, "namnd", Role.KVALITETSSAMORDNARE, username="a-top")
    near_b = _holder(world, "sub", Role.KVALITETSSAMORDNARE, username="b-near")
    near_a = _holder(world, "sub", Role.KVALITETSSAMORDNARE, username="a-near")
    coordinator = world.persona(Role.KVALITETSSAMORDNARE)
    path = access.assignments_on_path(world.sub, roles=[Role.KVALITETSSAMORDNARE])
    assert [a.user for a in path] == [near_a, near_b, coordinator, top]


def test_one_person_holding_two_roles_on_the_path_is_one_holder(world):
    user = _holder(world, "own", Role.ENHETSCHEF)
    RoleAssignmentFactory(user=user, role=Role.AVDELNINGSCHEF, unit=world.forvaltning)
    holders = access.people_holding(world.sub, roles=[Role.ENHETSCHEF, Role.AVDELNINGSCHEF])
    assert list(holders).count(user) == 1
    assert len(access.assignments_on_path(world.sub, roles=[Role.ENHETSCHEF, Role.AVDELNINGSCHEF])) == 4


def test_people_holding_asks_for_either_a_permission_or_roles(world):
    with pytest.raises(TypeError):
        access.people_holding(world.own)
    with pytest.raises(TypeError):
        access.assignments_on_path(world.own, perm="deviation.handle", roles=[Role.ENHETSCHEF])


def test_assignments_on_paths_read_many_units_in_one_query_as_each_would_alone(world):
    _holder(world, "forvaltning", Role.FORVALTNINGSCHEF, subunits=False)
    _holder(world, "sub", Role.ENHETSCHEF)
    units = [world.namnd, world.forvaltning, world.own, world.sub, world.other, world.foreign]
    with CaptureQueriesContext(connection) as queries:
        together = access.assignments_on_paths(units, perm="deviation.handle")
    assert len(queries) == 1
    assert together == {unit.pk: access.assignments_on_path(unit, perm="deviation.handle") for unit in units}
    assert access.assignments_on_paths([], perm="deviation.handle") == {}


def test_assignments_on_paths_never_count_a_closed_unit(world):
    _holder(world, "forvaltning", Role.FORVALTNINGSCHEF)
    _close(world.forvaltning)
    assert access.assignments_on_paths([world.other], roles=[Role.FORVALTNINGSCHEF]) == {world.other.pk: []}


# --- people_near ---------------------------------------------------------------------------------------------


def test_people_near_are_those_on_the_unit_below_it_and_above_it_with_sub_units(world):
    below = _holder(world, "sub", subunits=False)
    above = _holder(world, "namnd", Role.NAMNDLEDAMOT)
    _holder(world, "namnd", Role.NAMNDLEDAMOT, subunits=False)
    _holder(world, "other")
    _holder(world, "foreign")
    near = set(access.people_near(world.own))
    assert near == set(world.personas.values()) - {world.persona(Role.EXTERN_UTFORARE)} | {below, above}


def test_people_near_leaves_out_roles_on_closed_units(world):
    below = _holder(world, "sub")
    _close(world.sub)
    assert below not in access.people_near(world.own)


# --- assignments_within and assignments_at -------------------------------------------------------------------


def test_assignments_within_are_those_held_on_the_units_or_below_them_in_tree_order(world):
    below = _holder(world, "sub")
    _holder(world, "forvaltning", Role.FORVALTNINGSCHEF)
    _holder(world, "other")
    found = access.assignments_within([world.own], perm="routine.acknowledge")
    assert [a.user for a in found][-1] == below
    assert {a.unit_id for a in found} == {world.own.pk, world.sub.pk}
    assert world.persona(Role.MEDARBETARE) in [a.user for a in found]
    assert world.persona(Role.NAMNDLEDAMOT) not in [a.user for a in found]


def test_assignments_within_leave_out_closed_units_and_read_nothing_for_no_units(world):
    _holder(world, "sub")
    _close(world.sub)
    assert world.sub.pk not in {a.unit_id for a in access.assignments_within([world.own])}
    with CaptureQueriesContext(connection) as queries:
        assert access.assignments_within([]) == []
    assert len(queries) == 0


def test_assignments_at_are_only_those_held_on_the_units_themselves(world):
    sub_manager = _holder(world, "sub")
    top = _holder(world, "namnd", Role.NAMNDLEDAMOT)
    assert [a.user for a in access.assignments_at([world.sub])] == [sub_manager]
    assert sub_manager not in [a.user for a in access.assignments_at([world.own])]
    assert [a.user for a in access.assignments_at([world.sub, world.namnd])] == [top, sub_manager]
    _close(world.sub)
    assert access.assignments_at([world.sub]) == []


# --- people_in and has_role_in -------------------------------------------------------------------------------


def test_people_in_are_those_with_a_role_on_an_open_unit_of_the_municipalities(world):
    foreign = _holder(world, "foreign")
    municipal = set(world.personas.values()) - {world.persona(Role.EXTERN_UTFORARE)}
    assert set(access.people_in([world.m1])) == municipal
    assert set(access.people_in([world.m2.pk])) == {foreign}
    _close(world.foreign)
    assert not access.people_in([world.m2]).exists()


def test_people_in_can_be_narrowed_to_roles_or_a_permission(world):
    assert list(access.people_in([world.m1], roles=[Role.KVALITETSSAMORDNARE])) == [world.persona(Role.KVALITETSSAMORDNARE)]
    by_roles = access.people_in([world.m1], roles=access.roles_with("law.change"))
    assert list(access.people_in([world.m1], perm="law.change")) == list(by_roles)
    assert not access.people_in([world.m2], roles=[Role.KVALITETSSAMORDNARE]).exists()


def test_has_role_in_needs_a_current_role_on_an_open_unit_of_that_municipality(world):
    user = _holder(world, "foreign")
    assert access.has_role_in(user, world.m2)
    assert not access.has_role_in(user, world.m1)
    assert not access.has_role_in(world.persona(Role.EXTERN_UTFORARE), world.m1)
    _close(world.foreign)
    assert not access.has_role_in(user, world.m2)


# --- provider_people -----------------------------------------------------------------------------------------


def test_a_providers_people_are_the_active_extern_utforare_on_it(world):
    colleague = UserFactory()
    RoleAssignmentFactory(user=colleague, role=Role.EXTERN_UTFORARE, provider=world.provider, include_subunits=False)
    ended = UserFactory()
    RoleAssignmentFactory(user=ended, role=Role.EXTERN_UTFORARE, provider=world.provider, ends_on=YESTERDAY)
    gone = UserFactory(is_active=False)
    RoleAssignmentFactory(user=gone, role=Role.EXTERN_UTFORARE, provider=world.provider)
    people = access.provider_people([world.provider, world.foreign_provider.pk])
    assert people == {world.provider.pk: [world.persona(Role.EXTERN_UTFORARE), colleague]}


def test_provider_people_for_no_providers_is_empty(world):
    assert access.provider_people([]) == {}


def test_a_municipal_role_is_no_providers_person(world):
    _holder(world, "own", Role.KVALITETSSAMORDNARE)
    assert access.provider_people([world.provider]) == {world.provider.pk: [world.persona(Role.EXTERN_UTFORARE)]}


# --- current_q -----------------------------------------------------------------------------------------------


def test_current_q_reaches_current_roles_of_active_people_through_a_relation(world):
    today = _holder(world, "foreign", ends_on=timezone.localdate())
    _holder(world, "foreign", ends_on=YESTERDAY)
    gone = _holder(world, "foreign")
    gone.is_active = False
    gone.save(update_fields=["is_active"])
    found = set(User.objects.filter(access.current_q("assignments__"), assignments__unit=world.foreign))
    assert found == {today}
