"""The log shows people Swedish labels and local times, never raw values."""

import datetime

import pytest
from django.urls import reverse

from lots.audit import services as audit
from lots.audit.models import AuditEntry
from lots.testing.spreadsheets import csv_rows

pytestmark = pytest.mark.django_db


def _shown(entry: AuditEntry) -> dict:
    entry.refresh_from_db()
    return {label: (before, after) for label, before, after in entry.changes_display()}


def test_choices_are_shown_by_their_swedish_labels(world, report):
    deviation = report()
    entry = audit.record(actor=None, action="transition", obj=deviation, changes={"state": ("reported", "received")})
    assert _shown(entry)["Status"] == ("Rapporterad", "Mottagen")


def test_booleans_read_ja_and_nej(world, report):
    entry = audit.record(actor=None, action="update", obj=report(), changes={"possible_lex_sarah": (False, True)})
    [(before, after)] = _shown(entry).values()
    assert (before, after) == ("Nej", "Ja")


def test_times_are_shown_in_swedish_local_time(world, report):
    winter = datetime.datetime(2026, 3, 1, 13, 5, tzinfo=datetime.UTC)
    summer = datetime.datetime(2026, 7, 1, 13, 5, tzinfo=datetime.UTC)
    entry = audit.record(actor=None, action="update", obj=report(), changes={"received_at": (winter, summer)})
    [(before, after)] = _shown(entry).values()
    assert (before, after) == ("2026-03-01 14:05", "2026-07-01 15:05")


def test_dates_stay_dates(world):
    entry = audit.record(actor=None, action="update", obj=world.own, changes={"closed_at": (None, datetime.date(2026, 1, 2))})
    assert _shown(entry)["Stängd från"] == (None, "2026-01-02")


def test_free_text_is_shown_as_its_length(world):
    entry = audit.record(actor=None, action="update", obj=world.own, changes={"name": ("Egna", "Nya avdelningen")})
    assert _shown(entry)["Namn"] == ("text, 4 tecken", "text, 15 tecken")


def test_fields_without_a_swedish_name_get_one(world):
    from lots.processes.models import RoutineVersion

    entry = AuditEntry(content_type_id=None, changes={"role": [None, "enhetschef"], "body_html": [None, {"chars": 3}]})
    assert [label for label, _, _ in entry.changes_display()] == ["Roll", "Text"]
    assert RoutineVersion._meta.get_field("body_html").verbose_name == "body html"  # why the name table is needed


def test_the_page_and_the_export_show_the_labels_and_local_times(world, report, client_for):
    deviation = report()
    received = datetime.datetime(2026, 3, 1, 13, 5, tzinfo=datetime.UTC)
    audit.record(
        actor=None,
        action="transition",
        obj=deviation,
        changes={"state": ("reported", "received"), "received_at": (None, received)},
    )
    client = client_for(world.persona("kvalitetssamordnare"))
    html = client.get(reverse("audit:search"), {"action": "transition"}).content.decode()
    assert "Rapporterad → Mottagen" in html and "2026-03-01 14:05" in html
    assert "reported" not in html and "2026-03-01T13:05" not in html
    rows = csv_rows(client.get(reverse("audit:search_export", args=["csv"]), {"action": "transition"}))[1:]
    [changes] = [row[8] for row in rows]
    assert "Rapporterad → Mottagen" in changes and "14:05" in changes and "T13:05" not in changes
