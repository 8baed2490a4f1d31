"""The log records who changed which fields of which record, never the free text itself, so the texts can be
culled by the retention rules without touching the log."""

import json

import pytest

from lots.audit import services as audit
from lots.audit.models import AuditEntry

pytestmark = pytest.mark.django_db


def _stored(entry: AuditEntry) -> str:
    entry.refresh_from_db()
    return json.dumps([entry.object_repr, entry.changes, entry.note], ensure_ascii=False)


def test_a_changed_text_is_kept_as_its_length_only(world, report):
    deviation = report()
    entry = audit.record(
        actor=None,
        action="update",
        obj=deviation,
        changes={"description": (deviation.description, "Brukaren Kalle föll i badrummet"), "immediate_action": ("", "")},
    )
    entry.refresh_from_db()
    assert entry.changes["description"] == [{"chars": len(deviation.description)}, {"chars": 31}]
    assert entry.changes["immediate_action"] == [None, None]
    assert "Kalle" not in _stored(entry) and deviation.description not in _stored(entry)


def test_coded_values_are_kept_as_they_are(world, report):
    import datetime

    deviation = report()
    entry = audit.record(
        actor=None,
        action="update",
        obj=deviation,
        changes={
            "state": ("reported", "received"),
            "occurred_at": (None, datetime.date(2026, 3, 1)),
            "unit": (None, world.sub),
            "case_reference": ("", "BU-17"),
        },
    )
    entry.refresh_from_db()
    assert entry.changes["state"] == ["reported", "received"]
    assert entry.changes["occurred_at"] == [None, "2026-03-01"]
    assert entry.changes["unit"] == [None, {"id": world.sub.pk, "text": "Underenheten"}]
    assert entry.changes["case_reference"] == ["", "BU-17"]  # an identifier, not a text


def test_a_case_record_is_named_by_its_number(world, report):
    deviation = report(description="Brukaren Kalle föll", integrity_confirmed=True)
    entry = audit.record(actor=None, action="update", obj=deviation)
    assert entry.object_repr == f"Avvikelse {deviation.number}"


def test_an_uploaded_file_is_named_by_its_id_not_its_file_name(world, report):
    from lots.deviations.models import DeviationAttachment

    attachment = DeviationAttachment(pk=7, deviation=report(), original_name="Kalle Karlsson journal.pdf")
    assert audit.label(attachment) == "Bilaga 7"


def test_a_risk_is_named_by_its_number_not_its_description():
    from lots.risks.models import Risk

    assert audit.label(Risk(number=3, description="Kalle kan ramla i trappan")) == "Risk R3"


def test_a_transition_comment_stays_with_the_event_not_in_the_log(world, report):
    from lots.deviations import services

    deviation = report()
    manager = world.persona("enhetschef")
    services.deviation_transition(actor=manager, deviation=deviation, to_state="received")
    services.deviation_transition(actor=manager, deviation=deviation, to_state="investigating")
    services.deviation_transition(actor=manager, deviation=deviation, to_state="resolved", comment="Pratade med Kalles dotter")
    entry = AuditEntry.objects.filter(action="transition").order_by("-id").first()
    assert entry.note == "Med kommentar"
    assert "Kalle" not in _stored(entry)


def test_a_lazily_loaded_person_is_logged_like_any_record(world):
    from django.utils.functional import SimpleLazyObject

    person = world.persona("enhetschef")
    lazy = SimpleLazyObject(lambda: person)  # as request.user is
    entry = audit.record(actor=lazy, action="update", obj=lazy, changes={"first_name": ("Enhetschef", "Anna")})
    assert entry.changes["first_name"] == [{"chars": 10}, {"chars": 4}]
