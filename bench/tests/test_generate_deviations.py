"""The deviation generator's bulk rows must be what the services would have left, and the services must work on them."""

import datetime
from collections import defaultdict

import pytest
from django.utils import timezone

from lots.audit.models import AuditEntry
from lots.deviations import services
from lots.deviations.compilation import compile_for
from lots.deviations.models import Deviation, DeviationEvent, IvoNotification, LexSarahInvestigation
from lots.deviations.responsibility import responsible_for
from lots.improvements.models import ImprovementAction
from lots.testing.shared import built_once

State = Deviation.State
ORDER = [State.REPORTED, State.RECEIVED, State.INVESTIGATING, State.RESOLVED, State.CLOSED]


def _generate():
    from bench.generate import generate

    return generate("T")


_generated = built_once(_generate)


@pytest.fixture
def ds(_generated, db):
    """The "T" data set, generated once for this module's tests."""
    return _generated


def test_every_report_is_generated_with_its_events_and_audit_rows(ds):
    assert Deviation.objects.count() == ds.sizes["deviations"]
    creates = AuditEntry.objects.filter(action="create", content_type__model="deviation").count()
    assert creates == ds.sizes["deviations"]
    assert DeviationEvent.objects.filter(from_state="", to_state=State.REPORTED).count() == ds.sizes["deviations"]
    assert ds.extra["row_counts"]["Deviation"] == ds.sizes["deviations"]


def test_numbers_run_per_municipality_and_local_year_in_reporting_order(ds):
    by_year = defaultdict(list)
    for d in Deviation.objects.order_by("reported_at", "pk"):
        assert d.year == timezone.localtime(d.reported_at).year
        by_year[(d.municipality_id, d.year)].append(d.sequence)
    assert len(by_year) > 5  # ten years of dates
    for sequences in by_year.values():
        assert sequences == list(range(1, len(sequences) + 1))


def test_state_timestamps_and_events_agree(ds):
    events = defaultdict(list)
    for e in DeviationEvent.objects.order_by("at", "pk"):
        events[e.deviation_id].append(e)
    now = timezone.now()
    for d in Deviation.objects.all():
        chain = events[d.pk]
        assert chain[0].to_state == State.REPORTED and chain[0].at == d.reported_at
        for before, after in zip(chain, chain[1:], strict=False):
            assert after.from_state == before.to_state
            assert after.at >= before.at
            assert after.to_state in Deviation.TRANSITIONS[before.to_state]
            reopening = after.to_state == State.INVESTIGATING and before.to_state in (State.RESOLVED, State.CLOSED)
            if after.to_state in Deviation.COMMENT_REQUIRED or reopening:
                assert after.comment
        assert chain[-1].to_state == d.state
        assert chain[-1].at <= now
        assert d.occurred_at <= d.reported_at
        reached = {e.to_state for e in chain}
        assert (d.received_at is not None) == (State.RECEIVED in reached)
        assert (d.resolved_at is not None) == (d.state in (State.RESOLVED, State.CLOSED))
        assert (d.closed_at is not None) == (d.state == State.CLOSED)
        if d.closed_at:
            assert d.reported_at <= d.received_at <= d.resolved_at <= d.closed_at
        # 1 + one versioned update per transition and per analysis.
        updates = AuditEntry.objects.filter(content_type__model="deviation", object_id=str(d.pk)).exclude(action="create")
        assert d.version == 1 + updates.count()


def test_the_responsible_manager_is_the_one_the_services_find(ds):
    seen = {}
    for d in Deviation.objects.select_related("unit"):
        if d.unit_id not in seen:
            seen[d.unit_id] = responsible_for(d.unit)
        assert d.responsible == seen[d.unit_id]
    assert any(person is not None for person in seen.values())


def test_lex_sarah_reports_follow_the_rules(ds):
    flagged = Deviation.objects.filter(possible_lex_sarah=True)
    assert flagged.count() == LexSarahInvestigation.objects.count() > 0
    for investigation in LexSarahInvestigation.objects.select_related("deviation"):
        deviation = investigation.deviation
        assert investigation.started_at == deviation.reported_at
        if deviation.state in (State.RESOLVED, State.CLOSED):
            assert not investigation.is_open
        if investigation.status == LexSarahInvestigation.Status.COMPLETED:
            assert investigation.missing_for_completion() == []
            assert investigation.completed_at and investigation.completed_by_id
        if investigation.is_serious:
            assert IvoNotification.objects.filter(deviation=deviation).exists()
    for notification in IvoNotification.objects.select_related("deviation"):
        deviation = notification.deviation
        assert notification.due_date == timezone.localdate(deviation.reported_at) + datetime.timedelta(days=14)
        assert deviation.lex_sarah.is_serious
        if deviation.state == State.CLOSED:
            assert notification.is_sent
        if notification.is_sent:
            assert notification.sent_at >= deviation.reported_at and notification.sent_by_id
            assert services.notification_missing(notification) == []


def test_analysis_and_actions_only_as_the_services_allow(ds):
    for d in Deviation.objects.exclude(severity=None):
        assert d.probability is not None and d.causes
        assert set(d.causes) <= set(Deviation.Cause.values)
    for action in ImprovementAction.objects.filter(source_kind=ImprovementAction.Source.DEVIATION):
        source = Deviation.objects.get(pk=int(action.source_id))
        if action.is_closed:
            assert source.state == State.CLOSED
            assert action.has_evaluation and action.closed_at == action.stage_changed_at
        moves = AuditEntry.objects.filter(content_type__model="improvementaction", object_id=str(action.pk))
        assert action.version == moves.exclude(action="create").count() + 1


def test_the_services_and_the_compilation_work_on_generated_data(ds):
    fresh = Deviation.objects.filter(state=State.REPORTED).first() or Deviation.objects.exclude(state=State.CLOSED).first()
    if fresh is None:  # everything old is closed: reopen one
        fresh = Deviation.objects.filter(state=State.CLOSED).exclude(possible_lex_sarah=True).first()
        services.deviation_transition(actor=ds.manager, deviation=fresh, to_state=State.INVESTIGATING, comment="Ny uppgift")
    else:
        target = fresh.allowed_transitions()[0]
        services.deviation_transition(actor=ds.manager, deviation=fresh, to_state=target, comment="Gjort")
    fresh.refresh_from_db()
    assert fresh.events.last().to_state == fresh.state
    new = services.deviation_report(
        actor=ds.people[-1],
        unit=ds.leaf_units[0],
        occurred_at=timezone.now() - datetime.timedelta(hours=1),
        description="Ny rapport efter den genererade datan.",
        notify_people=False,
    )
    previous = Deviation.objects.filter(municipality=new.municipality, year=new.year).exclude(pk=new.pk)
    assert new.sequence == max(previous.values_list("sequence", flat=True), default=0) + 1
    today = timezone.localdate()
    result = compile_for(ds.forvaltningar[0], today - datetime.timedelta(days=3660), today)
    in_subtree = Deviation.objects.filter(unit__path__startswith=ds.forvaltningar[0].path).count()
    assert result.total == in_subtree


def _compilation_by_rows(unit, start, end):
    """The board's figures counted row by row in Python: the reference the SQL aggregation must equal."""
    from collections import Counter

    from lots.risks.models import RiskScale

    rows = list(
        Deviation.objects.filter(unit__path__startswith=unit.path)
        .reported_between(start, end)
        .select_related("lex_sarah", "category", "unit")
    )
    scale = RiskScale.for_municipality(unit.municipality)
    causes, risk = Counter(), Counter()
    for d in rows:
        causes.update(d.causes)
        if d.severity and d.probability:
            level = scale.level_for(d.severity, d.probability)
            risk[level.name] += 1
    durations = sorted(d.days_to_close() for d in rows if d.closed_at)
    return {
        "total": len(rows),
        "lex_sarah": sum(d.possible_lex_sarah for d in rows),
        "closed": len(durations),
        "durations": durations,
        "causes": {str(dict(Deviation.Cause.choices)[c]): n for c, n in causes.items()},
        "risk": dict(risk),
        "states": Counter(str(d.get_state_display()) for d in rows),
        "categories": Counter(d.category.name if d.category else "Ingen kategori" for d in rows),
        "units": Counter(d.unit.name for d in rows),
    }


def test_the_compilation_counted_in_sql_equals_counting_row_by_row(ds):
    import statistics

    today = timezone.localdate()
    compared = 0
    for unit in (ds.forvaltningar[0], ds.leaf_units[0]):
        for start in (today - datetime.timedelta(days=3660), datetime.date(today.year - 3, 1, 1)):
            end = start + datetime.timedelta(days=400) if start.month == 1 else today
            result = compile_for(unit, start, end)
            expected = _compilation_by_rows(unit, start, end)
            assert result.total == expected["total"]
            assert result.lex_sarah == expected["lex_sarah"]
            assert result.closed == expected["closed"]
            if expected["durations"]:
                assert result.median_days_to_close == statistics.median(expected["durations"])
                assert result.mean_days_to_close == round(statistics.mean(expected["durations"]), 1)
            assert dict(result.by_cause) == expected["causes"]
            assert dict(result.by_risk) == expected["risk"]
            assert {k: v for k, v in result.by_state if v} == dict(expected["states"])
            assert dict(result.by_category) == dict(expected["categories"])
            assert [n for _name, n in result.by_category] == sorted(expected["categories"].values(), reverse=True)
            assert dict(result.by_unit) == dict(expected["units"])
            compared += expected["closed"] + len(expected["risk"])
    assert compared > 50
