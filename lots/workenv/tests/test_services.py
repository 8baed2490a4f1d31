import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from lots.accounts.models import Role
from lots.audit.models import AuditEntry
from lots.audit.versioning import ConcurrentEditError
from lots.workenv import services
from lots.workenv.models import DelegatedTask, Delegation, ReturnGround, TaskReturn
from lots.workenv.tests.conftest import delegate, sign_both

pytestmark = pytest.mark.django_db


def test_a_delegation_is_pending_until_both_have_signed(world, line):
    d = delegate(line.fc, world.own, line.ac, line.tasks[:2])
    assert d.state == Delegation.State.PENDING
    services.delegation_sign(actor=line.fc, delegation=d, expected_version=d.version)
    d.refresh_from_db()
    assert d.state == Delegation.State.PENDING and d.delegator_signed_at and d.in_force_from is None
    services.delegation_sign(actor=line.ac, delegation=d, expected_version=d.version)
    d.refresh_from_db()
    assert d.state == Delegation.State.IN_FORCE and d.in_force_from is not None


def test_the_receiver_signing_alone_does_not_put_it_in_force(world, line):
    d = delegate(line.fc, world.own, line.ac, line.tasks[:2])
    services.delegation_sign(actor=line.ac, delegation=d, expected_version=d.version)
    d.refresh_from_db()
    assert d.state == Delegation.State.PENDING


def test_the_database_refuses_in_force_without_both_signatures(world, line):
    d = delegate(line.fc, world.own, line.ac, line.tasks[:2])
    with pytest.raises(IntegrityError), transaction.atomic():
        Delegation.objects.filter(pk=d.pk).update(state=Delegation.State.IN_FORCE)


def test_nobody_else_signs(world, line):
    d = delegate(line.fc, world.own, line.ac, line.tasks[:2])
    with pytest.raises(PermissionDenied):
        services.delegation_sign(actor=line.ec, delegation=d, expected_version=d.version)


def test_signing_on_a_stale_version_is_a_conflict(world, line):
    d = delegate(line.fc, world.own, line.ac, line.tasks[:2])
    stale = d.version
    services.delegation_sign(actor=line.fc, delegation=d, expected_version=d.version)
    other = Delegation.objects.get(pk=d.pk)
    with pytest.raises(ConcurrentEditError):
        services.delegation_sign(actor=line.ac, delegation=other, expected_version=stale)


def test_signing_is_audited(world, line):
    d = delegate(line.fc, world.own, line.ac, line.tasks[:2])
    sign_both(d)
    mine = AuditEntry.objects.filter(content_type=ContentType.objects.get_for_model(Delegation), object_id=str(d.pk))
    assert mine.filter(action=AuditEntry.Action.TRANSITION).count() == 2
    created = mine.get(action=AuditEntry.Action.CREATE)
    assert created.changes["activity"][1] == {"chars": len(d.activity)}


def test_there_is_no_way_to_decline():
    assert not any("decline" in name or "reject" in name for name in dir(services))


def test_the_same_task_for_the_same_area_is_refused_naming_the_existing_delegation(world, line):
    first = delegate(line.fc, world.own, line.ac, line.tasks[:2])
    other_ac = world.persona(Role.AVDELNINGSCHEF)
    with pytest.raises(ValidationError) as caught:
        delegate(line.fc, world.own, other_ac, line.tasks[1:3])
    message = " ".join(caught.value.message_dict["tasks"])
    assert first.reference in message and "Anders Avdelningschef" in message and line.tasks[1].title in message


def test_the_database_refuses_the_same_task_twice_for_an_area(world, line):
    first = delegate(line.fc, world.own, line.ac, line.tasks[:1])
    second = delegate(line.fc, world.own, line.ac, line.tasks[1:2])
    with pytest.raises(IntegrityError), transaction.atomic():
        DelegatedTask.objects.create(delegation=second, task=line.tasks[0], unit=world.own)
    assert first.pk


def test_an_ended_delegation_frees_its_tasks(world, line):
    first = delegate(line.fc, world.own, line.ac, line.tasks[:2])
    services.delegation_end(actor=line.fc, delegation=first, reason="Omorganisation", expected_version=first.version)
    again = delegate(line.fc, world.own, line.ac, line.tasks[:2])
    assert again.state == Delegation.State.PENDING


def test_a_replacement_ends_the_old_delegation(world, line, in_force):
    new = delegate(line.fc, world.own, line.ac, line.tasks[:3], replaces=in_force)
    in_force.refresh_from_db()
    assert in_force.state == Delegation.State.ENDED and new.replaces_id == in_force.pk


def test_tasks_go_down_the_line_only(world, line):
    with pytest.raises(ValidationError) as caught:
        delegate(line.ac, world.sub, line.fc, line.tasks[:1])
    assert "receiver" in caught.value.message_dict


def test_a_received_task_is_passed_on_when_further_delegation_is_allowed(world, line, in_force):
    d = delegate(line.ac, world.sub, line.ec, line.tasks[:2])
    assert set(d.delegated_tasks.values_list("received_via", flat=True)) == {in_force.pk}


def test_a_received_task_is_not_passed_on_when_the_delegation_forbids_it(world, line):
    sign_both(delegate(line.fc, world.own, line.ac, line.tasks[:2], further=False))
    with pytest.raises(ValidationError) as caught:
        delegate(line.ac, world.sub, line.ec, line.tasks[:1])
    assert "inte får delegeras vidare" in " ".join(caught.value.message_dict["tasks"])


def test_a_task_never_received_is_not_passed_on(world, line, in_force):
    with pytest.raises(ValidationError) as caught:
        delegate(line.ac, world.sub, line.ec, line.tasks[5:6])
    assert "har inte delegerats till dig" in " ".join(caught.value.message_dict["tasks"])


def test_a_pending_received_delegation_does_not_allow_passing_on(world, line):
    delegate(line.fc, world.own, line.ac, line.tasks[:2], further=True)
    with pytest.raises(ValidationError):
        delegate(line.ac, world.sub, line.ec, line.tasks[:1])


def test_returning_keeps_the_delegation_in_force(world, line, in_force):
    r = services.task_return_create(
        actor=line.ac, delegation=in_force, tasks=line.tasks[:1], ground=ReturnGround.RESOURCES, text="Ingen budget."
    )
    in_force.refresh_from_db()
    assert in_force.state == Delegation.State.IN_FORCE and not r.is_answered


def test_only_the_receiver_returns(world, line, in_force):
    with pytest.raises(PermissionDenied):
        services.task_return_create(actor=line.fc, delegation=in_force, tasks=line.tasks[:1], ground="training", text="x")


def test_a_return_needs_a_ground_of_section_6_5_and_a_text(world, line, in_force):
    with pytest.raises(ValidationError) as caught:
        services.task_return_create(actor=line.ac, delegation=in_force, tasks=line.tasks[:1], ground="mood", text="x")
    assert "ground" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        services.task_return_create(actor=line.ac, delegation=in_force, tasks=line.tasks[:1], ground="training", text=" ")
    assert "text" in caught.value.message_dict


def test_only_the_delegator_answers_a_return_and_only_once(world, line, in_force):
    r = services.task_return_create(actor=line.ac, delegation=in_force, tasks=line.tasks[:1], ground="training", text="x")
    with pytest.raises(PermissionDenied):
        services.task_return_answer(actor=line.ac, task_return=r, answer="a", action_taken="b", expected_version=r.version)
    services.task_return_answer(
        actor=line.fc, task_return=r, answer="Kurs bokad", action_taken="Bokat", expected_version=r.version
    )
    assert TaskReturn.objects.get(pk=r.pk).is_answered
    with pytest.raises(ValidationError):
        services.task_return_answer(actor=line.fc, task_return=r, answer="a", action_taken="b", expected_version=r.version)


def test_editing_a_signed_pending_delegation_clears_the_signatures(world, line):
    d = delegate(line.fc, world.own, line.ac, line.tasks[:2])
    services.delegation_sign(actor=line.fc, delegation=d, expected_version=d.version)
    data = {name: getattr(d, name) for name in services.CONTENT_FIELDS}
    data["activity"] = "Ett annat område."
    services.delegation_update(actor=line.fc, delegation=d, expected_version=d.version, tasks=line.tasks[:2], **data)
    d.refresh_from_db()
    assert d.delegator_signed_at is None and d.activity == "Ett annat område."
