import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from lots.accounts.models import Role
from lots.audit.models import AuditEntry
from lots.processes import acknowledgements, services
from lots.processes.models import Acknowledgement, Routine, RoutineVersion
from lots.processes.tests.helpers import make_routine
from lots.testing.factories import RoleAssignmentFactory, UserFactory


def test_a_new_routine_is_a_draft_with_sanitised_text(world):
    routine = make_routine(world, world.own, body="<p>Text</p><script>alert(1)</script>", establish=False)
    draft = routine.versions.get()
    assert draft.status == RoutineVersion.Status.DRAFT
    assert draft.body_html == "<p>Text</p>"
    assert routine.current_version is None
    assert AuditEntry.objects.filter(action="create", object_id=str(routine.pk), content_type__model="routine").exists()


def test_establishing_freezes_the_version_and_sets_the_review(world, django_capture_on_commit_callbacks):
    routine = make_routine(world, world.own, establish=False)
    chief = world.persona(Role.ENHETSCHEF)
    with django_capture_on_commit_callbacks(execute=True):
        version = services.routine_establish(actor=chief, draft=routine.versions.get())
    routine.refresh_from_db()
    assert routine.current_version == version
    assert version.established_by == chief
    # Thirty days from the day it was established where the municipality is, not in UTC (they differ after midnight).
    assert version.acknowledge_by == timezone.localdate(version.established_at) + datetime.timedelta(days=30)
    assert routine.review_date is not None
    # The staff of the unit are asked by mail; the one who established it is not.
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert chief.email not in recipients
    assert world.persona(Role.MEDARBETARE).email in recipients
    assert world.persona(Role.GRANSKARE).email not in recipients
    row = AuditEntry.objects.get(action="transition", object_id=str(version.pk), content_type__model="routineversion")
    assert row.changes["status"] == ["draft", "established"]


def test_an_established_version_never_changes(world):
    routine = make_routine(world, world.own)
    version = routine.current_version
    with pytest.raises(ValidationError) as error:
        services.routine_draft_update(
            actor=None, draft=version, expected_version=version.version, body="Ändrat", change_summary=""
        )
    assert "kan inte ändras" in error.value.messages[0]
    with pytest.raises(ValidationError):
        services.routine_establish(actor=None, draft=version)
    with pytest.raises(ValidationError):
        services.routine_draft_discard(actor=None, draft=version)
    version.refresh_from_db()
    assert "Barn i fara" in version.body_html


def test_a_new_draft_starts_from_the_current_text_and_only_one_draft_exists(world):
    routine = make_routine(world, world.own)
    draft = services.routine_draft_start(actor=world.persona(Role.ENHETSCHEF), routine=routine)
    assert draft.number == 2
    assert draft.body_source == routine.current_version.body_source
    with pytest.raises(ValidationError):
        services.routine_draft_start(actor=world.persona(Role.ENHETSCHEF), routine=routine)
    with pytest.raises(IntegrityError), transaction.atomic():
        RoutineVersion.objects.create(routine=routine, number=3, created_by=world.outsider)


def test_establishing_an_empty_draft_is_refused(world):
    routine = make_routine(world, world.own, body="", establish=False)
    with pytest.raises(ValidationError):
        services.routine_establish(actor=None, draft=routine.versions.get())


def test_acknowledging_once_per_version_and_a_new_version_asks_again(world):
    routine = make_routine(world, world.own)
    staff = world.persona(Role.MEDARBETARE)
    services.acknowledge(actor=staff, routine=routine)
    with pytest.raises(ValidationError):
        services.acknowledge(actor=staff, routine=routine)
    assert acknowledgements.has_confirmed(staff, routine)
    draft = services.routine_draft_start(actor=world.persona(Role.ENHETSCHEF), routine=routine)
    services.routine_draft_update(
        actor=world.persona(Role.ENHETSCHEF), draft=draft, expected_version=draft.version, body="Ny text", change_summary="Ny"
    )
    services.routine_establish(actor=world.persona(Role.ENHETSCHEF), draft=draft)
    routine.refresh_from_db()
    assert not acknowledgements.has_confirmed(staff, routine)
    assert Acknowledgement.objects.filter(user=staff).count() == 1
    row = AuditEntry.objects.get(action="create", content_type__model="acknowledgement")
    assert row.actor == staff and row.unit_id == world.own.pk


def test_a_routine_without_an_established_version_cannot_be_acknowledged(world):
    routine = make_routine(world, world.own, establish=False)
    with pytest.raises(ValidationError):
        services.acknowledge(actor=world.persona(Role.MEDARBETARE), routine=routine)


def test_status_per_unit_counts_who_has_and_has_not_confirmed(world):
    routine = make_routine(world, world.own)
    sub_staff = UserFactory(first_name="Sub", last_name="Medarbetare")
    RoleAssignmentFactory(user=sub_staff, role=Role.MEDARBETARE, unit=world.sub, include_subunits=False)
    other_staff = UserFactory()
    RoleAssignmentFactory(user=other_staff, role=Role.MEDARBETARE, unit=world.other, include_subunits=False)
    services.acknowledge(actor=world.persona(Role.MEDARBETARE), routine=routine)
    statuses = {s.unit.code: s for s in acknowledgements.status_by_unit(routine)}
    assert set(statuses) == {"own", "sub"}
    own = statuses["own"]
    # On "own": the six staff roles (managers, staff, quality coordinator); granskare and nämndledamot are not asked.
    assert own.total == 6
    assert [u.username for u in own.confirmed] == ["medarbetare"]
    assert statuses["sub"].missing == [sub_staff]
    assert statuses["sub"].percent == 0
    assert acknowledgements.totals(list(statuses.values())) == (1, 7)


def test_pending_for_lists_routines_of_the_persons_unit_and_above(world):
    today = datetime.date.today()
    here = make_routine(world, world.own, title="Här")
    above = make_routine(world, world.forvaltning, title="Ovanför")
    make_routine(world, world.other, title="Annan avdelning")
    make_routine(world, world.own, title="Utkast", establish=False)
    staff = world.persona(Role.MEDARBETARE)
    assert {r.title for r in acknowledgements.pending_for(staff, today)} == {"Här", "Ovanför"}
    services.acknowledge(actor=staff, routine=here)
    assert [r.title for r in acknowledgements.pending_for(staff, today)] == [above.title]
    Routine.objects.filter(pk=above.pk).update(valid_until=today - datetime.timedelta(days=1))
    assert list(acknowledgements.pending_for(staff, today)) == []


def test_routine_dates_are_checked(world):
    with pytest.raises(ValidationError) as error:
        services.routine_create(
            actor=None,
            municipality=world.m1,
            title="X",
            owner=world.outsider,
            units=[world.own],
            valid_from=datetime.date(2026, 5, 1),
            valid_until=datetime.date(2026, 4, 1),
        )
    assert "valid_until" in error.value.message_dict
