"""Groups at the identity provider give and take away roles at each sign-in; roles given by hand stay."""

import pytest

from lots import access
from lots.accounts.models import Role
from lots.audit.models import AuditEntry
from lots.identity.models import ExternalIdentity, GroupRoleMapping, MappedRole
from lots.identity.services import apply_group_mappings
from lots.identity.tests.conftest import through_provider
from lots.testing.factories import RoleAssignmentFactory


@pytest.fixture
def provider(make_oidc_provider):
    return make_oidc_provider()


def roles(person) -> set[tuple[str, int]]:
    return {(a.role, a.unit_id) for a in access.assignments_of(person)}


def test_a_mapped_group_gives_its_role_at_sign_in_and_the_change_is_audited(client, world, provider):
    person = world.outsider
    ExternalIdentity.objects.create(provider=provider, subject="grupper", user=person)
    GroupRoleMapping.objects.create(provider=provider, group="enhetschefer", role=Role.ENHETSCHEF, unit=world.sub)
    GroupRoleMapping.objects.create(provider=provider, group="saknas", role=Role.MEDARBETARE, unit=world.other)
    response, _ = through_provider(client, provider.slug, "grupper", "grupper-losen")
    assert response.status_code == 302
    assert roles(person) == {(Role.ENHETSCHEF, world.sub.pk)}
    assert AuditEntry.objects.filter(action="create", object_id=str(person.pk), note="Roll tilldelad").count() == 1
    assert AuditEntry.objects.filter(note__startswith="Roller enligt grupper").exists()


def test_a_role_from_a_group_the_person_left_ends_and_the_end_is_audited(world, provider):
    person = world.outsider
    mapping = GroupRoleMapping.objects.create(provider=provider, group="enhetschefer", role=Role.ENHETSCHEF, unit=world.sub)
    apply_group_mappings(provider=provider, user=person, groups=["enhetschefer"])
    link = MappedRole.objects.get(mapping=mapping)
    apply_group_mappings(provider=provider, user=person, groups=["alla"])
    link.assignment.refresh_from_db()
    assert link.assignment.ends_on is not None
    assert AuditEntry.objects.filter(action="update", object_id=str(person.pk), note__startswith="Roll avslutad").exists()


def test_signing_in_without_the_group_ends_the_mapped_role(client, world, provider):
    person = world.outsider
    GroupRoleMapping.objects.create(provider=provider, group="enhetschefer", role=Role.ENHETSCHEF, unit=world.sub)
    apply_group_mappings(provider=provider, user=person, groups=["enhetschefer"])
    ExternalIdentity.objects.create(provider=provider, subject="utangrupp", user=person)
    through_provider(client, provider.slug, "utangrupp", "utangrupp-losen")
    assert MappedRole.objects.get().assignment.ends_on is not None


def test_a_role_given_by_hand_is_never_ended_by_a_sign_in(world, provider):
    person = world.outsider
    by_hand = RoleAssignmentFactory(user=person, role=Role.ENHETSCHEF, unit=world.sub)
    GroupRoleMapping.objects.create(provider=provider, group="enhetschefer", role=Role.ENHETSCHEF, unit=world.sub)
    apply_group_mappings(provider=provider, user=person, groups=["enhetschefer"])
    apply_group_mappings(provider=provider, user=person, groups=[])
    by_hand.refresh_from_db()
    assert by_hand.ends_on is None
    assert not MappedRole.objects.exists()


def test_a_role_still_given_by_another_group_stays(world, provider):
    person = world.outsider
    GroupRoleMapping.objects.create(provider=provider, group="a", role=Role.MEDARBETARE, unit=world.sub)
    second = GroupRoleMapping.objects.create(provider=provider, group="b", role=Role.MEDARBETARE, unit=world.sub)
    apply_group_mappings(provider=provider, user=person, groups=["a", "b"])
    result = apply_group_mappings(provider=provider, user=person, groups=["b"])
    assert result == {"added": [], "ended": []}
    assert MappedRole.objects.get().mapping == second


def test_a_deleted_mapping_ends_its_roles_at_the_next_sign_in(world, provider):
    person = world.outsider
    mapping = GroupRoleMapping.objects.create(provider=provider, group="a", role=Role.MEDARBETARE, unit=world.sub)
    apply_group_mappings(provider=provider, user=person, groups=["a"])
    mapping.delete()
    apply_group_mappings(provider=provider, user=person, groups=["a"])
    assert MappedRole.objects.get().assignment.ends_on is not None


def test_nothing_changes_and_nothing_is_logged_when_the_groups_are_the_same(world, provider):
    person = world.outsider
    GroupRoleMapping.objects.create(provider=provider, group="a", role=Role.MEDARBETARE, unit=world.sub)
    apply_group_mappings(provider=provider, user=person, groups=["a"])
    before = AuditEntry.objects.count()
    assert apply_group_mappings(provider=provider, user=person, groups=["a"]) == {"added": [], "ended": []}
    assert AuditEntry.objects.count() == before


def test_a_closed_unit_gives_no_role_and_the_sign_in_goes_on(world, provider):
    from django.utils import timezone

    world.sub.closed_at = timezone.now()
    world.sub.save(update_fields=["closed_at"])
    GroupRoleMapping.objects.create(provider=provider, group="a", role=Role.MEDARBETARE, unit=world.sub)
    assert apply_group_mappings(provider=provider, user=world.outsider, groups=["a"]) == {"added": [], "ended": []}


def test_rejoining_the_group_on_a_later_day_gives_the_role_again(world, provider):
    import datetime

    from lots.accounts.models import RoleAssignment

    person = world.outsider
    mapping = GroupRoleMapping.objects.create(provider=provider, group="enhetschefer", role=Role.ENHETSCHEF, unit=world.sub)
    apply_group_mappings(provider=provider, user=person, groups=["enhetschefer"])
    apply_group_mappings(provider=provider, user=person, groups=[])
    link = MappedRole.objects.get(mapping=mapping)
    RoleAssignment.objects.filter(pk=link.assignment_id).update(ends_on=datetime.date(2020, 1, 1))  # ended long ago

    result = apply_group_mappings(provider=provider, user=person, groups=["enhetschefer"])

    assert result["added"] and (Role.ENHETSCHEF, world.sub.pk) in roles(person)
    assert MappedRole.objects.get().assignment.ends_on is None  # the same assignment and link, opened again
    assert AuditEntry.objects.filter(object_id=str(person.pk), note="Roll tilldelad igen").exists()
