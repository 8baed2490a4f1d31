import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from lots.accounts.models import Role
from lots.audit.models import AuditEntry
from lots.audit.versioning import ConcurrentEditError
from lots.improvements.models import ImprovementAction
from lots.rounds import services
from lots.rounds.models import ActionStatus, ChecklistTemplate, DepartmentPlan, Finding, Kind, Round, default_items
from lots.testing.factories import RoleAssignmentFactory, UserFactory

pytestmark = pytest.mark.django_db


def _audit(obj, action="create"):
    return AuditEntry.objects.filter(object_id=str(obj.pk), action=action, content_type__model=obj._meta.model_name)


def test_a_safety_round_without_a_safety_representative_is_refused(world, manager, today):
    with pytest.raises(ValidationError) as error:
        services.round_create(actor=manager, unit=world.own, kind=Kind.SAFETY, held_on=today)
    assert "safety_rep" in error.value.message_dict
    assert not Round.objects.exists()


def test_the_database_refuses_a_safety_round_without_a_representative(world, manager, today):
    with pytest.raises(IntegrityError), transaction.atomic():
        Round.objects.create(unit=world.own, kind=Kind.SAFETY, held_on=today, created_by=manager)


def test_a_safety_round_may_name_an_external_safety_representative(world, manager, today):
    rnd = services.round_create(
        actor=manager, unit=world.own, kind=Kind.SAFETY, held_on=today, safety_rep_name="Regionalt skyddsombud"
    )
    assert rnd.safety_rep_display == "Regionalt skyddsombud"


def test_a_fire_safety_round_needs_no_safety_representative(make_round):
    rnd = make_round(kind=Kind.FIRE)
    assert rnd.items.count() == len(default_items(Kind.FIRE))
    assert set(rnd.items.values_list("section", flat=True)) == {"fire"}


def test_a_round_copies_the_checklist_in_three_parts_and_is_audited(make_round):
    rnd = make_round()
    assert set(rnd.items.values_list("section", flat=True)) == {"physical", "organisational", "social"}
    assert _audit(rnd).exists()


def test_participants_must_have_a_role_on_the_unit(world, manager, staff, today):
    stranger = UserFactory()
    with pytest.raises(ValidationError) as error:
        services.round_create(actor=manager, unit=world.own, kind=Kind.FIRE, held_on=today, participants=[stranger])
    assert "participants" in error.value.message_dict


def test_a_template_change_does_not_alter_a_held_round(world, manager, make_round):
    rnd = make_round()
    before = list(rnd.items.values_list("text", flat=True))
    services.template_save(
        actor=manager,
        municipality=world.m1,
        kind=Kind.SAFETY,
        items=[{"section": "physical", "text": "Ny punkt om belysning"}],
        expected_version=None,
    )
    assert list(rnd.items.values_list("text", flat=True)) == before
    assert list(make_round().items.values_list("text", flat=True)) == ["Ny punkt om belysning"]
    assert ChecklistTemplate.objects.get().version == 2


def test_a_template_refuses_a_section_of_another_kind(world, manager):
    with pytest.raises(ValidationError):
        services.template_save(
            actor=manager,
            municipality=world.m1,
            kind=Kind.FIRE,
            items=[{"section": "social", "text": "X"}],
            expected_version=None,
        )


def test_answers_are_recorded_and_move_the_version(make_round, manager):
    rnd = make_round()
    item = rnd.items.first()
    services.round_answer(actor=manager, round=rnd, answers={item.pk: ("brist", "Trasig lampa")}, expected_version=1)
    item.refresh_from_db()
    assert (item.answer, item.comment) == ("brist", "Trasig lampa")
    with pytest.raises(ConcurrentEditError):
        services.round_answer(actor=manager, round=rnd, answers={item.pk: ("ok", "")}, expected_version=1)


def test_a_finding_needs_a_risk_level(make_round, manager):
    rnd = make_round()
    with pytest.raises(ValidationError) as error:
        services.finding_create(actor=manager, round=rnd, description="Hal trappa", severity=None, probability=2)
    assert "severity" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.finding_create(actor=manager, round=rnd, description="Hal trappa", severity=2, probability=9)
    assert "probability" in error.value.message_dict
    assert not Finding.objects.exists()


def test_a_finding_takes_its_value_from_the_scale(make_round, make_finding):
    finding = make_finding(make_round(), severity=4, probability=3)
    assert finding.value == 12
    assert _audit(finding).exists()


def test_a_finding_becomes_an_improvement_action_once_and_linked_both_ways(make_round, make_finding, manager, today):
    finding = make_finding(make_round())
    action = services.finding_to_improvement(
        actor=manager, finding=finding, title="Fria utrymningsvägar", owner=manager, due_date=today
    )
    finding.refresh_from_db()
    assert finding.improvement == action
    assert action.source_id == str(finding.pk) and action.source_type.model == "finding"
    assert action.unit == finding.round.unit
    with pytest.raises(ValidationError):
        services.finding_to_improvement(actor=manager, finding=finding, title="Igen", owner=manager, due_date=today)
    assert ImprovementAction.objects.count() == 1


def test_a_finding_closes_only_when_its_actions_are_done(make_round, make_finding, make_action, manager, today):
    finding = make_finding(make_round())
    action = make_action(finding, today + datetime.timedelta(days=10))
    data = {"description": finding.description, "severity": 3, "probability": 3}
    with pytest.raises(ValidationError) as error:
        services.finding_update(actor=manager, finding=finding, expected_version=finding.version, closed_on=today, **data)
    assert "closed_on" in error.value.message_dict
    services.action_update(
        actor=manager,
        action=action,
        expected_version=1,
        what=action.what,
        owner=manager,
        due_date=action.due_date,
        status=ActionStatus.DONE,
        done_on=today,
    )
    services.finding_update(actor=manager, finding=finding, expected_version=finding.version, closed_on=today, **data)
    assert Finding.objects.closed().count() == 1


def test_a_done_action_needs_its_date(make_round, make_finding, make_action, manager, today):
    action = make_action(make_finding(make_round()), today)
    with pytest.raises(ValidationError) as error:
        services.action_update(
            actor=manager,
            action=action,
            expected_version=1,
            what="x",
            owner=manager,
            due_date=today,
            status=ActionStatus.DONE,
            done_on=None,
        )
    assert "done_on" in error.value.message_dict


def test_an_action_edit_refuses_a_stale_version(make_round, make_finding, make_action, manager, today):
    action = make_action(make_finding(make_round()), today)
    services.action_update(
        actor=manager,
        action=action,
        expected_version=1,
        what="Ny text",
        owner=manager,
        due_date=today,
        status="in_progress",
        done_on=None,
    )
    with pytest.raises(ConcurrentEditError):
        services.action_update(
            actor=manager,
            action=action,
            expected_version=1,
            what="Annan",
            owner=manager,
            due_date=today,
            status="planned",
            done_on=None,
        )


def test_only_a_department_head_decides_the_department_plan(world, manager, make_round, make_finding, make_action, today):
    make_action(make_finding(make_round(unit=world.sub, safety_rep=None, safety_rep_name="Skyddsombud Ek")), today)
    with pytest.raises(PermissionDenied):
        services.plan_decide(
            actor=manager, department=world.own, year=today.year, decided_on=today, decision_note="", expected_version=None
        )
    head = world.persona(Role.AVDELNINGSCHEF)
    plan = services.plan_decide(
        actor=head, department=world.own, year=today.year, decided_on=today, decision_note="Beslutad", expected_version=None
    )
    assert plan.decided_by == head and plan.actions_at_decision == 1
    assert _audit(plan, "decide").exists()


def test_a_plan_is_decided_for_a_department_only(world, today):
    head = UserFactory()
    RoleAssignmentFactory(user=head, role=Role.FORVALTNINGSCHEF, unit=world.forvaltning)
    with pytest.raises(ValidationError):
        services.plan_decide(
            actor=head, department=world.sub, year=today.year, decided_on=today, decision_note="", expected_version=None
        )
    assert not DepartmentPlan.objects.exists()


def test_the_yearly_followup_keeps_the_years_figures(world, manager, make_round, make_finding, today):
    make_finding(make_round())
    followup = services.followup_save(
        actor=manager,
        unit=world.own,
        year=today.year,
        done=True,
        what_worked="Ronderna",
        what_to_change="Inget",
        plan_item=None,
        followed_up_on=today,
        expected_version=None,
    )
    assert (followup.rounds_held, followup.findings_total, followup.findings_closed) == (1, 1, 0)
    with pytest.raises(ValidationError) as error:
        services.followup_save(
            actor=manager,
            unit=world.own,
            year=today.year,
            done=True,
            what_worked="",
            what_to_change="Inget",
            plan_item=None,
            followed_up_on=today,
            expected_version=followup.version,
        )
    assert "what_worked" in error.value.message_dict
