"""Whose log entries a person reads: those about units in their audit.view scope, counted like every other scope."""

from django.utils import timezone

from lots.accounts.models import Role
from lots.audit import services as audit
from lots.audit.views import entries_visible_to
from lots.testing.factories import RoleAssignmentFactory, UserFactory


def _auditor_on(unit, *, subunits=True):
    auditor = UserFactory()
    RoleAssignmentFactory(user=auditor, role=Role.GRANSKARE, unit=unit, include_subunits=subunits)
    return auditor


def test_an_auditor_reads_the_entries_of_their_units_and_below_only(world):
    auditor = _auditor_on(world.own)
    here = audit.record(actor=world.persona(Role.ENHETSCHEF), action="update", obj=world.sub, note="här")
    elsewhere = audit.record(actor=world.persona(Role.ENHETSCHEF), action="update", obj=world.other, note="där")
    visible = set(entries_visible_to(auditor))
    assert here in visible and elsewhere not in visible


def test_a_role_without_sub_units_reads_only_its_own_unit(world):
    auditor = _auditor_on(world.own, subunits=False)
    below = audit.record(actor=world.persona(Role.ENHETSCHEF), action="update", obj=world.sub, note="under")
    on_unit = audit.record(actor=world.persona(Role.ENHETSCHEF), action="update", obj=world.own, note="på")
    assert set(entries_visible_to(auditor)) == {on_unit}
    assert below.unit_id == world.sub.pk


def test_a_role_on_a_closed_unit_reads_no_entries(world):
    auditor = _auditor_on(world.other)
    audit.record(actor=world.persona(Role.ENHETSCHEF), action="update", obj=world.other, note="där")
    assert entries_visible_to(auditor).exists()
    world.other.closed_at = timezone.localdate()
    world.other.save(update_fields=["closed_at"])
    fresh = type(auditor).objects.get(pk=auditor.pk)  # the assignments are read once per request and kept on the user
    assert not entries_visible_to(fresh).exists()


def test_someone_without_audit_view_reads_nothing(world):
    audit.record(actor=world.persona(Role.ENHETSCHEF), action="update", obj=world.own, note="på")
    assert not entries_visible_to(world.persona(Role.MEDARBETARE)).exists()
    assert not entries_visible_to(world.outsider).exists()
