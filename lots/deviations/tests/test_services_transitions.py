import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from lots.audit.models import AuditEntry
from lots.audit.versioning import ConcurrentEditError
from lots.deviations import services
from lots.deviations.models import Deviation, DeviationEvent

S = Deviation.State


def walk(deviation, actor, *states):
    for state in states:
        services.deviation_transition(actor=actor, deviation=deviation, to_state=state, comment=f"Kommentar {state}")
    return deviation


def test_a_report_moves_through_every_state_recording_who_when_and_why(world, report):
    manager = world.persona("enhetschef")
    deviation = walk(report(), manager, S.RECEIVED, S.INVESTIGATING, S.RESOLVED, S.CLOSED)
    deviation.refresh_from_db()
    assert deviation.state == S.CLOSED
    assert deviation.received_at and deviation.resolved_at and deviation.closed_at
    events = list(DeviationEvent.objects.filter(deviation=deviation).values_list("from_state", "to_state", "actor", "comment"))
    assert events == [
        ("", "reported", deviation.reported_by_id, ""),
        ("reported", "received", manager.pk, "Kommentar received"),
        ("received", "investigating", manager.pk, "Kommentar investigating"),
        ("investigating", "resolved", manager.pk, "Kommentar resolved"),
        ("resolved", "closed", manager.pk, "Kommentar closed"),
    ]
    transitions = AuditEntry.objects.filter(action="transition", object_id=str(deviation.pk), content_type__model="deviation")
    assert [e.changes["state"] for e in transitions.order_by("id")] == [
        ["reported", "received"],
        ["received", "investigating"],
        ["investigating", "resolved"],
        ["resolved", "closed"],
    ]
    # The comment is kept with its event; the log says there was one without copying it.
    assert transitions.order_by("id").last().note == "Med kommentar"


@pytest.mark.parametrize(
    ("path", "target"),
    [
        ([], S.INVESTIGATING),
        ([], S.CLOSED),
        ([S.RECEIVED], S.RESOLVED),
        ([S.RECEIVED, S.INVESTIGATING], S.CLOSED),
        ([], S.REPORTED),
    ],
)
def test_steps_cannot_be_skipped(world, report, path, target):
    manager = world.persona("enhetschef")
    deviation = walk(report(), manager, *path)
    with pytest.raises(ValidationError) as excinfo:
        services.deviation_transition(actor=manager, deviation=deviation, to_state=target, comment="x")
    assert "Det går inte att gå från" in str(excinfo.value)


@pytest.mark.parametrize("target", [S.RESOLVED, S.CLOSED])
def test_resolving_and_closing_need_a_comment(world, report, target):
    manager = world.persona("enhetschef")
    deviation = walk(report(), manager, S.RECEIVED, S.INVESTIGATING)
    if target == S.CLOSED:
        walk(deviation, manager, S.RESOLVED)
    with pytest.raises(ValidationError) as excinfo:
        services.deviation_transition(actor=manager, deviation=deviation, to_state=target, comment="  ")
    assert "comment" in excinfo.value.error_dict


@pytest.mark.parametrize("start", [S.RESOLVED, S.CLOSED])
def test_a_report_can_be_reopened_with_a_reason(world, report, start):
    manager = world.persona("enhetschef")
    deviation = walk(report(), manager, S.RECEIVED, S.INVESTIGATING, S.RESOLVED)
    if start == S.CLOSED:
        walk(deviation, manager, S.CLOSED)
    with pytest.raises(ValidationError) as excinfo:
        services.deviation_transition(actor=manager, deviation=deviation, to_state=S.INVESTIGATING)
    assert "varför" in str(excinfo.value)
    services.deviation_transition(actor=manager, deviation=deviation, to_state=S.INVESTIGATING, comment="Ny uppgift kom in.")
    deviation.refresh_from_db()
    assert deviation.state == S.INVESTIGATING
    assert deviation.closed_at is None and deviation.resolved_at is None
    last = DeviationEvent.objects.filter(deviation=deviation).last()
    assert last.is_reopening and last.comment == "Ny uppgift kom in."


def test_a_stale_version_is_refused(world, report):
    manager = world.persona("enhetschef")
    deviation = report()
    seen = deviation.version
    walk(deviation, manager, S.RECEIVED)
    with pytest.raises(ConcurrentEditError):
        services.deviation_transition(actor=manager, deviation=deviation, to_state=S.INVESTIGATING, expected_version=seen)


def test_the_reporter_is_told_of_each_new_state(world, report, reporter, django_capture_on_commit_callbacks):
    deviation = report()
    with django_capture_on_commit_callbacks(execute=True):
        walk(deviation, world.persona("enhetschef"), S.RECEIVED)
    assert [m.to for m in mail.outbox] == [[reporter.email]]
    assert "Mottagen" in mail.outbox[0].subject


def test_a_lex_sarah_report_cannot_be_resolved_while_the_investigation_is_open(world, report):
    manager = world.persona("enhetschef")
    deviation = walk(report(possible_lex_sarah=True), manager, S.RECEIVED, S.INVESTIGATING)
    with pytest.raises(ValidationError) as excinfo:
        services.deviation_transition(actor=manager, deviation=deviation, to_state=S.RESOLVED, comment="Klart")
    assert "Lex Sarah-utredningen är inte avslutad" in str(excinfo.value)
    services.investigation_close_early(
        actor=manager, investigation=deviation.lex_sarah, position="Brukaren var inte hemma; inget uteblev."
    )
    services.deviation_transition(actor=manager, deviation=deviation, to_state=S.RESOLVED, comment="Klart")
    assert deviation.state == S.RESOLVED
