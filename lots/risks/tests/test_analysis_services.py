import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from lots.audit.models import AuditEntry
from lots.audit.versioning import ConcurrentEditError
from lots.improvements.models import ImprovementAction
from lots.processes.models import Process
from lots.risks.models import Risk, RiskAnalysis
from lots.risks.services import analysis as services
from lots.risks.tests.helpers import make_analysis, make_risk, reduce_with_action


def test_starting_an_analysis_records_scope_trigger_and_answers_with_an_audit_entry(world):
    actor = world.persona("avdelningschef")
    analysis = make_analysis(world, actor=actor)
    assert analysis.status == RiskAnalysis.Status.IN_PROGRESS and analysis.unit == world.own
    assert analysis.q_newspaper == "Barn som inte skyddats." and analysis.unanswered_questions() == []
    entry = AuditEntry.objects.get(object_id=str(analysis.pk), action="create", content_type__model="riskanalysis")
    assert entry.actor == actor and entry.unit_id == world.own.pk
    assert entry.changes["trigger"] == [None, "yearly_client"]


def test_another_trigger_needs_a_description(world):
    with pytest.raises(ValidationError) as excinfo:
        make_analysis(world, trigger=RiskAnalysis.Trigger.OTHER)
    assert "Beskriv anledningen" in excinfo.value.message_dict["trigger_note"][0]


def test_a_process_of_another_municipality_is_refused(world):
    process = Process.objects.create(municipality=world.m2, name="Främmande process")
    with pytest.raises(ValidationError) as excinfo:
        services.analysis_create(
            actor=world.persona("kvalitetssamordnare"),
            unit=world.own,
            process=process,
            title="X",
            trigger="new_method",
            performed_on=datetime.date.today(),
            participants="Vi",
        )
    assert "annan kommun" in excinfo.value.message_dict["process"][0]


def test_risks_are_numbered_and_valued_on_the_municipality_scale(world):
    analysis = make_analysis(world)
    first = make_risk(analysis, severity=3, probability=4, residual=(2, 2))
    second = make_risk(analysis, severity=1, probability=1)
    assert (first.number, first.value, first.residual_value) == (1, 12, 4)
    assert (second.number, second.value, second.residual_value) == (2, 1, None)
    assert str(first).startswith("R1: ")
    entry = AuditEntry.objects.get(object_id=str(first.pk), action="create", content_type__model="risk")
    assert entry.changes["value"] == [None, 12] and entry.unit_id == world.own.pk


@pytest.mark.parametrize(
    "kwargs, field, message",
    [
        ({"severity": 5}, "severity", "mellan 1 och 4"),
        ({"probability": 0}, "probability", "mellan 1 och 4"),
        ({"residual_severity": 2}, "residual_probability", "både allvarlighetsgrad och sannolikhet"),
        ({"residual_severity": 4, "residual_probability": 4}, "residual_severity", "inte vara högre än den nuvarande"),
        ({"description": "  "}, "description", "Beskriv vad som kan hända"),
    ],
)
def test_invalid_assessments_are_refused_at_the_field(world, kwargs, field, message):
    analysis = make_analysis(world)
    data = {"description": "Risk", "client_consequence": "Följd", "severity": 2, "probability": 2, **kwargs}
    with pytest.raises(ValidationError) as excinfo:
        services.risk_create(actor=analysis.created_by, analysis=analysis, **data)
    assert message in excinfo.value.message_dict[field][0]
    assert not analysis.risks.exists()


def test_accepting_a_risk_needs_a_justification_and_an_approver_who_may_approve(world):
    actor = world.persona("enhetschef")
    risk = make_risk(make_analysis(world, actor=actor))
    with pytest.raises(ValidationError) as excinfo:
        services.risk_decide(actor=actor, risk=risk, expected_version=risk.version, treatment="accept")
    assert set(excinfo.value.message_dict) == {"justification", "approver"}
    with pytest.raises(ValidationError) as excinfo:
        services.risk_decide(
            actor=actor,
            risk=risk,
            expected_version=risk.version,
            treatment="accept",
            justification="Låg kostnad.",
            approver=world.persona("enhetschef"),
        )
    assert "behörighet att godkänna" in excinfo.value.message_dict["approver"][0]
    approver = world.persona("avdelningschef")
    services.risk_decide(
        actor=actor, risk=risk, expected_version=risk.version, treatment="accept", justification="Låg kostnad.", approver=approver
    )
    risk.refresh_from_db()
    assert risk.awaits_approval and risk.approver == approver


def test_only_the_named_approver_can_approve_an_accepted_risk(world):
    actor = world.persona("enhetschef")
    risk = make_risk(make_analysis(world, actor=actor))
    approver = world.persona("avdelningschef")
    services.risk_decide(
        actor=actor, risk=risk, expected_version=risk.version, treatment="accept", justification="Skäl", approver=approver
    )
    with pytest.raises(PermissionDenied):
        services.risk_approve(actor=world.persona("forvaltningschef"), risk=risk)
    services.risk_approve(actor=approver, risk=risk)
    risk.refresh_from_db()
    assert risk.approved_at is not None and not risk.awaits_approval
    assert AuditEntry.objects.filter(object_id=str(risk.pk), note="Accepterad risk godkänd", actor=approver).exists()
    with pytest.raises(ValidationError):
        services.risk_approve(actor=approver, risk=risk)


def test_changing_the_decision_withdraws_an_earlier_approval(world):
    actor, approver = world.persona("enhetschef"), world.persona("avdelningschef")
    risk = make_risk(make_analysis(world, actor=actor))
    services.risk_decide(
        actor=actor, risk=risk, expected_version=risk.version, treatment="accept", justification="Skäl", approver=approver
    )
    services.risk_approve(actor=approver, risk=risk)
    services.risk_decide(
        actor=actor, risk=risk, expected_version=risk.version, treatment="accept", justification="Nytt skäl", approver=approver
    )
    risk.refresh_from_db()
    assert risk.approved_at is None
    services.risk_decide(actor=actor, risk=risk, expected_version=risk.version, treatment="reduce")
    risk.refresh_from_db()
    assert risk.approver is None and risk.treatment == "reduce"


def test_a_decision_on_a_stale_version_is_refused(world):
    risk = make_risk(make_analysis(world))
    stale = risk.version
    services.risk_decide(actor=risk.created_by, risk=risk, expected_version=stale, treatment="reduce")
    with pytest.raises(ConcurrentEditError):
        services.risk_decide(
            actor=risk.created_by,
            risk=Risk.objects.get(pk=risk.pk),
            expected_version=stale,
            treatment="avoid",
            justification="Vi slutar.",
        )


def test_an_action_on_a_risk_becomes_an_improvement_action_linked_to_it(world):
    actor = world.persona("kvalitetssamordnare")
    risk = make_risk(make_analysis(world, actor=actor))
    action = services.risk_action_create(
        actor=actor, risk=risk, title="Ny rutin", owner=actor, due_date=datetime.date(2027, 1, 31)
    )
    assert action.source == risk and action.source_kind == ImprovementAction.Source.RISK and action.unit == world.own
    assert list(ImprovementAction.objects.for_source(risk)) == [action]


def test_completion_lists_what_is_missing_then_locks_the_analysis(world):
    actor = world.persona("kvalitetssamordnare")
    analysis = make_analysis(world, actor=actor, answered=False)
    problems = services.completion_problems(analysis)
    assert any("Besvara analysens frågor" in p for p in problems) and "Lägg till minst en risk." in problems
    services.analysis_update(
        actor=actor,
        analysis=analysis,
        expected_version=analysis.version,
        q_mission="Uppdraget",
        q_full_control="A",
        q_in_control="B",
        q_risks_seen="C",
        q_must_not_happen="D",
        q_prepared="E",
        q_newspaper="F",
    )
    risk = make_risk(analysis, actor=actor)
    assert services.completion_problems(analysis) == ["Besluta hur riskerna ska hanteras: R1."]
    services.risk_decide(actor=actor, risk=risk, expected_version=risk.version, treatment="reduce")
    assert services.completion_problems(analysis) == [
        "Lägg till minst en åtgärd för de risker som ska minskas: R1.",
        "Bedöm kvarvarande risk efter åtgärderna för R1.",
    ]
    with pytest.raises(ValidationError):
        services.analysis_complete(actor=actor, analysis=analysis)
    reduce_with_action(Risk.objects.get(pk=risk.pk), actor)
    analysis = services.analysis_complete(actor=actor, analysis=analysis)
    assert analysis.is_completed and analysis.completed_by == actor
    assert AuditEntry.objects.filter(object_id=str(analysis.pk), action="transition", note="Klarmarkerad").exists()
    with pytest.raises(ValidationError) as excinfo:
        make_risk(analysis, actor=actor)
    assert "klarmarkerad" in excinfo.value.messages[0]
    with pytest.raises(ValidationError):
        services.analysis_update(actor=actor, analysis=analysis, expected_version=analysis.version, title="Ny")
    services.analysis_reopen(actor=actor, analysis=analysis)
    assert not RiskAnalysis.objects.get(pk=analysis.pk).is_completed


def test_reporting_to_the_board_needs_a_completed_analysis_and_a_sensible_date(world):
    actor = world.persona("kvalitetssamordnare")
    analysis = make_analysis(world, actor=actor, performed_on=datetime.date(2026, 3, 1))
    with pytest.raises(ValidationError):
        services.analysis_mark_reported(actor=actor, analysis=analysis, reported_on=datetime.date(2026, 4, 1))
    risk = make_risk(analysis, actor=actor)
    reduce_with_action(risk, actor)
    analysis = services.analysis_complete(actor=actor, analysis=analysis)
    with pytest.raises(ValidationError) as excinfo:
        services.analysis_mark_reported(actor=actor, analysis=analysis, reported_on=datetime.date(2026, 2, 1))
    assert "före den gjordes" in excinfo.value.message_dict["reported_on"][0]
    services.analysis_mark_reported(actor=actor, analysis=analysis, reported_on=datetime.date(2026, 4, 1))
    assert RiskAnalysis.objects.get(pk=analysis.pk).reported_to_board_on == datetime.date(2026, 4, 1)


def test_a_risk_with_actions_cannot_be_deleted_but_one_without_can(world):
    actor = world.persona("kvalitetssamordnare")
    analysis = make_analysis(world, actor=actor)
    kept, removed = make_risk(analysis, actor=actor), make_risk(analysis, actor=actor)
    reduce_with_action(kept, actor)
    with pytest.raises(ValidationError):
        services.risk_delete(actor=actor, risk=kept)
    removed_pk = removed.pk
    services.risk_delete(actor=actor, risk=removed)
    assert list(analysis.risks.values_list("number", flat=True)) == [1]
    assert AuditEntry.objects.filter(object_id=str(removed_pk), action="delete", unit_id=world.own.pk).exists()
