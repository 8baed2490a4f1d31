import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from lots.accounts.models import Role
from lots.audit.models import AuditEntry
from lots.audit.versioning import ConcurrentEditError
from lots.improvements import services
from lots.improvements.models import ImprovementAction
from lots.improvements.tests.helpers import STEP_CONTENT, make_action
from lots.processes.tests.helpers import make_routine
from lots.testing.factories import RoleAssignmentFactory, UserFactory


def rows(action, kind=None):
    qs = AuditEntry.objects.filter(content_type=ContentType.objects.get_for_model(ImprovementAction), object_id=str(action.pk))
    return qs.filter(action=kind) if kind else qs


def test_create_keeps_the_generic_source_link_and_is_audited(world):
    routine = make_routine(world, world.own)
    action = services.improvement_create(
        actor=world.persona(Role.KVALITETSSAMORDNARE),
        unit=world.own,
        title="Bättre rutin",
        owner=world.persona(Role.ENHETSCHEF),
        source_kind=ImprovementAction.Source.SELF_INSPECTION,
        source=routine,
    )
    assert action.source == routine
    assert list(ImprovementAction.objects.for_source(routine)) == [action]
    assert rows(action, "create").get().changes["source_kind"] == [None, "self_inspection"]


def test_pdsa_moves_one_step_at_a_time(world):
    action = make_action(world, world.own)
    owner = action.owner
    with pytest.raises(ValidationError) as error:
        services.improvement_move(actor=owner, action=action, stage="study")
    assert "kan inte gå från planera till studera" in error.value.messages[0]
    for stage in ("do", "study", "act", "plan"):
        services.improvement_move(actor=owner, action=action, stage=stage, content=STEP_CONTENT.get(stage, {}))
    assert [r.changes["stage"] for r in rows(action, "transition").order_by("id")] == [
        ["plan", "do"],
        ["do", "study"],
        ["study", "act"],
        ["act", "plan"],
    ]


def test_closing_needs_what_was_measured_and_the_result(world):
    action = make_action(world, world.own, stage="act")
    with pytest.raises(ValidationError) as error:
        services.improvement_close(actor=action.owner, action=action, effect_measure=" ", effect_result="")
    assert set(error.value.message_dict) == {"effect_measure", "effect_result"}
    action.refresh_from_db()
    assert action.stage == "act"
    services.improvement_close(
        actor=action.owner, action=action, effect_measure="Antal avvikelser", effect_result="Från 6 till 1"
    )
    action.refresh_from_db()
    assert action.is_closed and action.closed_at is not None
    assert rows(action, "transition").filter(note="Avslutad med utvärdering").exists()


def test_the_database_refuses_a_closed_action_without_evaluation(world):
    action = make_action(world, world.own)
    with pytest.raises(IntegrityError), transaction.atomic():
        ImprovementAction.objects.filter(pk=action.pk).update(stage="closed")


def test_closing_is_only_from_agera_and_a_closed_action_reopens_to_agera(world):
    action = make_action(world, world.own, stage="study")
    with pytest.raises(ValidationError):
        services.improvement_close(actor=action.owner, action=action, effect_measure="x", effect_result="y")
    services.improvement_move(actor=action.owner, action=action, stage="act", content=STEP_CONTENT["act"])
    services.improvement_close(actor=action.owner, action=action, effect_measure="x", effect_result="y")
    with pytest.raises(ValidationError):
        services.improvement_update(actor=action.owner, action=action, expected_version=action.version, title="Nytt")
    services.improvement_move(actor=action.owner, action=action, stage="act")
    action.refresh_from_db()
    assert action.stage == "act" and action.closed_at is None


def test_a_stale_move_or_edit_is_refused(world):
    action = make_action(world, world.own)
    stale = action.version
    services.improvement_update(actor=action.owner, action=action, expected_version=stale, title="Först")
    with pytest.raises(ConcurrentEditError):
        services.improvement_move(
            actor=action.owner,
            action=ImprovementAction.objects.get(pk=action.pk),
            stage="do",
            expected_version=stale,
            content=STEP_CONTENT["do"],
        )


def test_the_owner_must_have_a_role_in_the_municipality(world):
    action = make_action(world, world.own)
    with pytest.raises(ValidationError) as error:
        services.improvement_update(actor=None, action=action, expected_version=action.version, owner=world.outsider)
    assert "owner" in error.value.message_dict


def test_a_role_on_a_closed_unit_does_not_make_an_owner(world):
    action = make_action(world, world.own)
    former = UserFactory()
    RoleAssignmentFactory(user=former, role=Role.ENHETSCHEF, unit=world.other)
    world.other.closed_at = timezone.localdate()
    world.other.save(update_fields=["closed_at"])
    with pytest.raises(ValidationError) as error:
        services.improvement_update(actor=None, action=action, expected_version=action.version, owner=former)
    assert "owner" in error.value.message_dict
