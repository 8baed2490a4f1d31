"""Least privilege on PostgreSQL: the application's role may add to the log and read it, nothing else."""

import uuid

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.db.utils import DatabaseError

from lots.audit import chain
from lots.audit import services as audit
from lots.audit.models import AuditEntry

pytestmark = pytest.mark.django_db
postgresql_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="database roles are PostgreSQL's")


def _role(cursor, kind: str) -> str:
    """A role that exists only inside the test's transaction; unique, since the cluster's roles are shared."""
    name = f"lots_test_{kind}_{uuid.uuid4().hex[:8]}"
    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # ALTER and TRUNCATE refuse to run while deferred checks wait
    cursor.execute(f"CREATE ROLE {name} NOLOGIN")
    return name


def _refused(cursor, statement: str, params=()) -> str:
    with pytest.raises(DatabaseError) as refusal, transaction.atomic():
        cursor.execute(statement, params)
    return str(refusal.value)


@postgresql_only
def test_the_application_role_adds_to_the_log_but_cannot_change_it(world):
    entry = audit.record(actor=None, action="update", obj=world.own, note="original")
    with connection.cursor() as cursor:
        app = _role(cursor, "app")
        call_command("grant_app_role", app)
        cursor.execute(f"SET ROLE {app}")
        try:
            added = audit.record(actor=None, action="update", obj=world.own, note="som programmet")
            assert AuditEntry.objects.filter(pk=added.pk).exists()
            denied, not_owner, guarded = "permission denied", "must be owner", "append-only"
            attempts = [
                ("UPDATE audit_auditentry SET note = 'förfalskad' WHERE id = %s", [entry.pk], denied),
                ("DELETE FROM audit_auditentry WHERE id = %s", [entry.pk], denied),
                ("TRUNCATE audit_auditentry CASCADE", [], denied),
                ("ALTER TABLE audit_auditentry DISABLE TRIGGER audit_auditentry_append_only", [], not_owner),
                ("DROP TRIGGER audit_auditentry_append_only ON audit_auditentry", [], not_owner),
                ("UPDATE audit_auditread SET object_id = '0'", [], denied),
                ("DELETE FROM audit_auditread", [], denied),
                ("DELETE FROM audit_auditchain", [], denied),
                ("TRUNCATE audit_auditchain", [], denied),
                ("UPDATE audit_auditchain SET seq = 0", [], guarded),  # it may move a head forward, never back
                ("INSERT INTO django_migrations (app, name, applied) VALUES ('audit', '9999_forged', now())", [], denied),
            ]
            for statement, params, reason in attempts:
                assert reason in _refused(cursor, statement, params), statement
        finally:
            cursor.execute("RESET ROLE")
    entry.refresh_from_db()
    assert entry.note == "original"
    assert chain.verify().ok


@postgresql_only
def test_truncate_is_refused_even_to_a_role_granted_it(world):
    audit.record(actor=None, action="update", obj=world.own)
    with connection.cursor() as cursor:
        owner = _role(cursor, "owner")
        cursor.execute(f"GRANT TRUNCATE ON audit_auditentry, audit_auditread, audit_auditchain TO {owner}")
        cursor.execute(f"SET ROLE {owner}")
        try:
            assert "append-only: TRUNCATE refused" in _refused(cursor, "TRUNCATE audit_auditentry, audit_auditread")
            assert "append-only: TRUNCATE refused" in _refused(cursor, "TRUNCATE audit_auditchain")
        finally:
            cursor.execute("RESET ROLE")
    assert chain.verify().ok


def test_the_grants_are_printed_for_review():
    from io import StringIO

    out = StringIO()
    call_command("grant_app_role", "lots_app", "--print", stdout=out)
    revoke = 'REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON "audit_auditentry", "audit_auditread" FROM "lots_app";'
    assert revoke in out.getvalue()


@postgresql_only
def test_an_unknown_role_is_a_clear_error():
    with pytest.raises(CommandError, match="kunde inte ges"):
        call_command("grant_app_role", "lots_no_such_role")


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite has no roles")
def test_on_sqlite_the_command_explains_that_triggers_guard_the_log():
    with pytest.raises(CommandError, match="bara i PostgreSQL"):
        call_command("grant_app_role", "lots_app")
