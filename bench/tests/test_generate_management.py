"""Risk analyses and routines from the bench generator keep the rules their services keep."""

import pytest
from django.utils import timezone

from lots.audit.models import AuditEntry
from lots.improvements.models import ImprovementAction
from lots.processes.acknowledgements import pending_for, people_asked
from lots.processes.models import Acknowledgement, Routine, RoutineVersion
from lots.risks.models import Risk, RiskAnalysis
from lots.risks.queries import approvers_for
from lots.risks.services.analysis import completion_problems
from lots.testing.shared import built_once


def _generate():
    from bench.generate import generate

    return generate("T")


_generated = built_once(_generate)


@pytest.fixture
def ds(_generated, db):
    """The "T" data set, generated once for this module's tests."""
    return _generated


def test_risks_are_numbered_valued_and_completed_analyses_are_complete(ds):
    assert Risk.objects.count() == ds.sizes["risks"]
    now = timezone.now()
    for analysis in RiskAnalysis.objects.select_related("unit").prefetch_related("risks"):
        risks = sorted(analysis.risks.all(), key=lambda r: r.number)
        assert [r.number for r in risks] == list(range(1, len(risks) + 1))
        for risk in risks:
            assert risk.value == risk.severity * risk.probability
            if risk.has_residual:
                assert risk.residual_value == risk.residual_severity * risk.residual_probability <= risk.value
            if risk.approver_id:
                assert risk.approver in approvers_for(analysis.unit)
            assert risk.created_at <= now
        if analysis.is_completed:
            assert completion_problems(analysis) == []
            assert analysis.completed_at <= now
        entries = AuditEntry.objects.filter(content_type__model="riskanalysis", object_id=str(analysis.pk))
        assert analysis.version == entries.exclude(action="create").count() + 1
    assert RiskAnalysis.objects.filter(status="completed").exists()
    for action in ImprovementAction.objects.filter(source_kind=ImprovementAction.Source.RISK):
        assert Risk.objects.get(pk=int(action.source_id)).treatment == Risk.Treatment.REDUCE


def test_routines_have_versions_and_acknowledgements_from_the_people_asked(ds):
    assert Routine.objects.count() == ds.sizes["routines"]
    for routine in Routine.objects.prefetch_related("units", "versions"):
        versions = sorted(routine.versions.all(), key=lambda v: v.number)
        assert [v.number for v in versions] == list(range(1, len(versions) + 1))
        established = [v for v in versions if v.status == RoutineVersion.Status.ESTABLISHED]
        drafts = [v for v in versions if v.status == RoutineVersion.Status.DRAFT]
        assert len(drafts) <= 1 and (not drafts or drafts[0] == versions[-1])
        assert routine.current_version == established[-1]
        assert routine.version == 1 + len(established)
        asked = {u.pk for u in people_asked(routine)}
        for version in established:
            readers = set(Acknowledgement.objects.filter(version=version).values_list("user_id", flat=True))
            assert readers <= asked
            first = Acknowledgement.objects.filter(version=version).order_by("acknowledged_at").first()
            assert first is None or first.acknowledged_at >= version.established_at
    assert Acknowledgement.objects.exists()


def test_the_start_page_task_queries_work_on_generated_routines(ds):
    person = ds.people[-1]
    pending = list(pending_for(person, timezone.localdate()))
    for routine in pending:
        assert not Acknowledgement.objects.filter(version=routine.current_version, user=person).exists()
