"""The audit log as hash chains: whatever is done to it in SQL behind the application's back is found."""

import contextlib
import datetime
import types

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.test import override_settings

from lots.audit import chain, guard
from lots.audit import services as audit
from lots.audit.models import AuditChain, AuditEntry, AuditRead

pytestmark = pytest.mark.django_db


@contextlib.contextmanager
def behind_the_back():
    """A cursor that writes as the database owner can: past the append-only triggers, leaving them in place."""
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL session_replication_role = replica")
            yield cursor
            cursor.execute("SET LOCAL session_replication_role = DEFAULT")
        else:
            with guard.unlocked():
                yield cursor


def _settle():
    """Runs PostgreSQL's deferred foreign-key checks now: ALTER TABLE and TRUNCATE refuse to run while they wait."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def _log(world) -> list[AuditEntry]:
    """Four entries in the chain of the first municipality's top unit, one in the other's, one in the global chain."""
    entries = [audit.record(actor=world.persona("enhetschef"), action="update", obj=world.own, note=f"rad {i}") for i in range(4)]
    audit.record(actor=None, action="view", obj=world.foreign)
    audit.record(actor=world.persona("enhetschef"), action="login")
    return entries


def _only_break():
    result = chain.verify()
    assert len(result.breaks) == 1, result.breaks
    return result.breaks[0]


def test_entries_are_numbered_in_one_chain_per_top_unit_and_a_global_one(world):
    entries = _log(world)
    assert {e.chain for e in entries} == {world.namnd.pk}
    assert [e.seq - entries[0].seq for e in entries] == [0, 1, 2, 3]
    assert AuditEntry.objects.get(action="view").chain == world.foreign.ancestor_ids()[0]
    assert AuditEntry.objects.get(action="login").chain == chain.GLOBAL_CHAIN
    head = AuditChain.objects.get(pk=world.namnd.pk)
    assert (head.seq, head.hash) == (entries[-1].seq, entries[-1].hash)


def test_an_intact_log_verifies_on_every_database(world):
    _log(world)
    result = chain.verify()
    assert result.ok and result.breaks == []
    assert result.entries == AuditEntry.objects.count()
    assert result.chains == 3


def test_an_entry_edited_in_sql_is_found_at_its_link(world):
    entries = _log(world)
    with behind_the_back() as cursor:
        cursor.execute("UPDATE audit_auditentry SET note = 'förfalskad' WHERE id = %s", [entries[1].pk])
    found = _only_break()
    assert (found.chain, found.seq, found.entry_id) == (entries[1].chain, entries[1].seq, entries[1].pk)


def test_an_entry_back_dated_in_sql_is_found(world):
    entries = _log(world)
    earlier = entries[2].at - datetime.timedelta(days=30)
    with behind_the_back() as cursor:
        cursor.execute("UPDATE audit_auditentry SET at = %s WHERE id = %s", [earlier, entries[2].pk])
    assert _only_break().entry_id == entries[2].pk


def test_changes_edited_in_sql_are_found(world):
    entry = audit.record(actor=None, action="update", obj=world.own, changes={"closed_at": (None, datetime.date(2026, 1, 2))})
    with behind_the_back() as cursor:
        forged = '{"closed_at": [null, "2025-01-02"]}'
        cursor.execute("UPDATE audit_auditentry SET changes = %s WHERE id = %s", [forged, entry.pk])
    assert _only_break().entry_id == entry.pk


def test_an_entry_deleted_from_the_middle_is_found_as_a_gap(world):
    entries = _log(world)
    with behind_the_back() as cursor:
        cursor.execute("DELETE FROM audit_auditentry WHERE id = %s", [entries[1].pk])
    found = _only_break()
    assert (found.chain, found.seq) == (entries[1].chain, entries[1].seq)
    assert "saknas" in found.reason


def test_the_last_entry_deleted_is_found_by_the_head(world):
    entries = _log(world)
    with behind_the_back() as cursor:
        cursor.execute("DELETE FROM audit_auditentry WHERE id = %s", [entries[-1].pk])
    found = _only_break()
    assert (found.chain, found.seq) == (entries[-1].chain, entries[-1].seq)
    assert "huvudet" in found.reason


def test_a_back_dated_entry_inserted_in_sql_is_found(world):
    entries = _log(world)
    last = entries[-1]
    with behind_the_back() as cursor:
        cursor.execute(
            "INSERT INTO audit_auditentry"
            " (at, actor_name, action, object_id, object_repr, unit_path, changes, note, chain, seq, hash)"
            " VALUES (%s, 'Någon', 'update', '', '', %s, '{}', 'efterhand', %s, %s, %s)",
            [datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC), world.own.path, last.chain, last.seq + 1, last.hash],
        )
    found = _only_break()
    assert (found.chain, found.seq) == (entries[-1].chain, entries[-1].seq + 1)


def test_an_entry_inserted_outside_any_chain_is_found(world):
    _log(world)
    with behind_the_back() as cursor:
        cursor.execute(
            "INSERT INTO audit_auditentry (at, actor_name, action, object_id, object_repr, unit_path, changes, note)"
            " VALUES (%s, 'Någon', 'update', '', '', '', '{}', 'utan kedja')",
            [datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)],
        )
    inserted = AuditEntry.objects.get(note="utan kedja")
    found = _only_break()
    assert (found.chain, found.entry_id) == (None, inserted.pk)


def test_a_read_added_or_removed_in_sql_breaks_its_entry(world):
    entry = audit.record(actor=None, action="view", obj=world.own)
    unit_type = ContentType.objects.get_for_model(world.own)
    with behind_the_back() as cursor:
        cursor.execute(
            "INSERT INTO audit_auditread (entry_id, content_type_id, object_id) VALUES (%s, %s, %s)",
            [entry.pk, unit_type.pk, str(world.sub.pk)],
        )
    assert _only_break().entry_id == entry.pk


def test_the_log_emptied_in_sql_is_found_by_the_heads(world):
    _log(world)
    with behind_the_back() as cursor:
        cursor.execute("DELETE FROM audit_auditread")
        cursor.execute("DELETE FROM audit_auditentry")
    breaks = chain.verify().breaks
    assert {found.chain for found in breaks} == {world.namnd.pk, world.foreign.ancestor_ids()[0], chain.GLOBAL_CHAIN}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="TRUNCATE is PostgreSQL's; SQLite empties a table with DELETE")
def test_the_log_truncated_is_found_by_the_heads(world):
    _log(world)
    _settle()
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE audit_auditentry CASCADE")  # as the superuser the test runs as
    assert len(chain.verify().breaks) == 3


def test_the_log_and_its_heads_emptied_together_are_found_by_the_anchor(world, tmp_path):
    anchor = tmp_path / "anchor.json"
    _log(world)
    assert chain.verify(anchor_file=anchor).ok
    with behind_the_back() as cursor:
        cursor.execute("DELETE FROM audit_auditread")
        cursor.execute("DELETE FROM audit_auditentry")
        cursor.execute("DELETE FROM audit_auditchain")
    assert chain.verify().ok  # consistent, but empty
    breaks = chain.verify(anchor_file=anchor).breaks
    assert {found.chain for found in breaks} == {world.namnd.pk, world.foreign.ancestor_ids()[0], chain.GLOBAL_CHAIN}
    assert all("kortare" in found.reason for found in breaks)


def test_a_chain_rebuilt_from_its_start_is_found_by_the_anchor(world, tmp_path):
    anchor = tmp_path / "anchor.json"
    entries = _log(world)
    assert chain.verify(anchor_file=anchor).ok
    with behind_the_back() as cursor:
        cursor.execute("DELETE FROM audit_auditentry WHERE chain = %s", [entries[0].chain])
        cursor.execute("DELETE FROM audit_auditchain WHERE id = %s", [entries[0].chain])
    for i in range(len(entries) + 2):  # the application writes a new, longer chain in its place
        audit.record(actor=None, action="update", obj=world.own, note=f"ny {i}")
    assert chain.verify().ok
    [found] = chain.verify(anchor_file=anchor).breaks
    assert (found.chain, found.seq) == (entries[0].chain, entries[-1].seq)


def test_a_successful_verification_moves_the_anchor_and_a_failed_one_does_not(world, tmp_path):
    anchor = tmp_path / "anchor.json"
    entries = _log(world)
    chain.verify(anchor_file=anchor)
    first = anchor.read_text()
    audit.record(actor=None, action="update", obj=world.own)
    chain.verify(anchor_file=anchor)
    assert anchor.read_text() != first
    moved = anchor.read_text()
    with behind_the_back() as cursor:
        cursor.execute("UPDATE audit_auditentry SET note = 'x' WHERE id = %s", [entries[0].pk])
    audit.record(actor=None, action="update", obj=world.own)
    assert not chain.verify(anchor_file=anchor).ok
    assert anchor.read_text() == moved


def _drop_a_guard():
    _settle()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditentry DISABLE TRIGGER audit_auditentry_append_only")
        else:
            cursor.execute("DROP TRIGGER audit_auditentry_no_update")


def test_a_disabled_or_dropped_trigger_is_found(world):
    _log(world)
    _drop_a_guard()
    found = _only_break()
    assert found.chain is None
    assert ("audit_auditentry_append_only" if connection.vendor == "postgresql" else "audit_auditentry_no_update") in found.reason


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger functions are PostgreSQL's")
def test_a_dropped_truncate_trigger_is_found():
    with connection.cursor() as cursor:
        cursor.execute("DROP TRIGGER audit_auditentry_no_truncate ON audit_auditentry")
    assert "audit_auditentry_no_truncate" in _only_break().reason


def test_the_key_seals_the_chain(world):
    _log(world)
    assert chain.verify().ok
    with override_settings(AUDIT_CHAIN_KEY="en annan nyckel"):
        assert len(chain.verify().breaks) == 3  # every chain, at its first link


def test_a_throw_away_secret_key_cannot_sign_the_log(world):
    from django.core.exceptions import ImproperlyConfigured

    with override_settings(SECRET_KEY_IS_EPHEMERAL=True), pytest.raises(ImproperlyConfigured):
        audit.record(actor=None, action="update", obj=world.own)
    with override_settings(SECRET_KEY_IS_EPHEMERAL=True, AUDIT_CHAIN_KEY="satt i miljön"):
        audit.record(actor=None, action="update", obj=world.own)


def test_the_command_reports_an_intact_log(world, capsys):
    _log(world)
    call_command("verify_audit_log")
    assert "Loggen är obruten: 6 poster i 3 kedjor." in capsys.readouterr().out


def test_the_command_fails_and_names_the_first_broken_link(world, capsys):
    entries = _log(world)
    with behind_the_back() as cursor:
        cursor.execute("UPDATE audit_auditentry SET note = 'x' WHERE id IN (%s, %s)", [entries[1].pk, entries[2].pk])
    with pytest.raises(CommandError, match="Loggen är bruten: 1 fel"):
        call_command("verify_audit_log")
    err = capsys.readouterr().err
    assert f"kedja {entries[1].chain}, länk {entries[1].seq} (post-id {entries[1].pk})" in err
    assert f"länk {entries[2].seq} " not in err


def test_the_command_keeps_its_anchor_where_the_settings_say(world, tmp_path):
    anchor = tmp_path / "var" / "anchor.json"
    _log(world)
    with override_settings(AUDIT_ANCHOR_FILE=anchor):
        call_command("verify_audit_log")
    assert anchor.exists()


def test_entries_written_before_the_chain_are_linked_by_the_migration(world):
    import importlib

    from django.apps import apps

    backfill = importlib.import_module("lots.audit.migrations.0005_chain_existing_entries")
    old = [AuditEntry.objects.create(action="update", unit_path=world.own.path, note=f"före {i}") for i in range(3)]
    AuditRead.objects.create(entry=old[1], content_type=ContentType.objects.get_for_model(world.own), object_id=str(world.own.pk))
    assert not chain.verify().ok
    _settle()
    schema_editor = types.SimpleNamespace(connection=connection, execute=lambda sql: connection.cursor().execute(sql))
    with guard.unlocked():
        backfill.forward(apps, schema_editor)
    assert chain.verify().ok
    linked = AuditEntry.objects.filter(pk__in=[e.pk for e in old]).order_by("id")
    assert [e.seq for e in linked] == [1, 2, 3]
    audit.record(actor=None, action="update", obj=world.own)
    assert chain.verify().ok


def test_numbers_in_the_changes_verify_however_the_database_gives_them_back(world):
    audit.record(actor=None, action="update", obj=world.own, changes={"value": (11.0, 1e16), "share": (0.1, 2.5e-07)})
    assert chain.verify().ok


def test_an_unreadable_anchor_file_is_a_break_and_is_kept(world, tmp_path):
    anchor = tmp_path / "anchor.json"
    _log(world)
    for damaged in ("inte json", '{"chains": {"1": 5}}', "[]"):
        anchor.write_text(damaged)
        [found] = chain.verify(anchor_file=anchor).breaks
        assert "går inte att läsa" in found.reason
        assert anchor.read_text() == damaged
