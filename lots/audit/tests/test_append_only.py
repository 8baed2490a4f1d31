import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.utils import DatabaseError

from lots.audit import services as audit
from lots.audit.models import AuditChain, AuditEntry, AuditRead

pytestmark = pytest.mark.django_db


def test_the_log_page_only_reads(world, client_for):
    from django.urls import reverse

    entry = audit.record(actor=None, action="update", obj=world.own, note="original")
    client = client_for(world.persona("kvalitetssamordnare"))
    for url in (reverse("audit:search"), reverse("audit:search_export", args=["csv"])):
        for method in (client.post, client.put, client.delete):
            assert method(url, {"id": entry.pk, "note": "forged"}).status_code == 405
    entry.refresh_from_db()
    assert entry.note == "original"


def test_no_url_of_the_application_edits_audit_entries():
    from django.urls import get_resolver

    def urls(resolver, prefix=""):
        for pattern in resolver.url_patterns:
            if hasattr(pattern, "url_patterns"):
                yield from urls(pattern, prefix + str(pattern.pattern))
            else:
                yield prefix + str(pattern.pattern), pattern.callback.__module__

    audit_urls = [url for url, module in urls(get_resolver()) if module.startswith("lots.audit")]
    assert audit_urls == ["logg/", "logg/export.<str:fmt>"]  # the search and its export, both GET only
    # The log follow-up under logg/uppfoljning/ (lots.oversight) writes its own sign-offs, never audit rows.
    assert {module for url, module in urls(get_resolver()) if url.startswith("logg/")} == {
        "lots.audit.views",
        "lots.oversight.views",
    }


def test_the_database_refuses_update_of_an_audit_row():
    entry = audit.record(actor=None, action="update", note="original")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditentry SET note = 'forged' WHERE id = %s", [entry.pk])
    entry.refresh_from_db()
    assert entry.note == "original"


def test_the_database_refuses_delete_of_an_audit_row():
    entry = audit.record(actor=None, action="update", note="original")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).delete()
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_the_database_refuses_update_and_delete_of_the_records_an_entry_read(world):
    entry = audit.record_view(actor=world.persona("granskare"), obj=world.own)
    AuditRead.objects.create(entry=entry, content_type=ContentType.objects.get_for_model(world.own), object_id=str(world.own.pk))
    for statement in ("UPDATE audit_auditread SET object_id = '0'", "DELETE FROM audit_auditread"):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement)
    assert AuditRead.objects.get(entry=entry).object_id == str(world.own.pk)


def test_a_chain_head_only_moves_forward():
    entry = audit.record(actor=None, action="update", note="original")
    backwards = (
        "UPDATE audit_auditchain SET seq = seq - 1",
        "UPDATE audit_auditchain SET seq = seq",
        "DELETE FROM audit_auditchain",
    )
    for statement in backwards:
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement)
    assert AuditChain.objects.get(pk=entry.chain).seq == entry.seq


def test_the_database_still_accepts_new_entries():
    before = AuditEntry.objects.count()
    audit.record(actor=None, action="create", note="ny")
    assert AuditEntry.objects.count() == before + 1


def test_a_program_other_than_lots_cannot_change_a_sqlite_log(tmp_path):
    """The SQLite triggers ask a function only Lots's own connections have, so any other program is refused."""
    import importlib
    import sqlite3

    guards = importlib.import_module("lots.audit.migrations.0006_refuse_truncate_and_guard_sqlite")
    other = sqlite3.connect(tmp_path / "lots.sqlite3")
    other.execute("CREATE TABLE audit_auditentry (id INTEGER PRIMARY KEY, note TEXT)")
    other.execute("CREATE TABLE audit_auditread (id INTEGER PRIMARY KEY, object_id TEXT)")
    other.execute("CREATE TABLE audit_auditchain (id INTEGER PRIMARY KEY, seq INTEGER)")
    for statement in guards.SQLITE:
        other.execute(statement)
    other.execute("INSERT INTO audit_auditentry (note) VALUES ('original')")
    for statement in ("UPDATE audit_auditentry SET note = 'forged'", "DELETE FROM audit_auditentry"):
        with pytest.raises(sqlite3.OperationalError, match="lots_audit_unlocked"):
            other.execute(statement)
    assert other.execute("SELECT note FROM audit_auditentry").fetchall() == [("original",)]
