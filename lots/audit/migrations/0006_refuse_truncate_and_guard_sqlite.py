"""The database refuses to rewrite the log on both databases.

PostgreSQL: TRUNCATE of the entries, their reads and the chain heads is refused (statement triggers;
a superuser, who could drop the triggers anyway, may, so the test runner can empty its database),
and a chain head may only move forward. SQLite: UPDATE and DELETE of entries and reads are refused,
and a head may only move forward, unless the application itself unlocks the guard (lots.audit.guard).
"""

from django.db import migrations

POSTGRESQL = """
CREATE OR REPLACE FUNCTION lots_audit_refuse_truncate() RETURNS trigger AS $$
BEGIN
    IF (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
        RETURN NULL;
    END IF;
    RAISE EXCEPTION USING
        MESSAGE = 'audit log is append-only: TRUNCATE refused on ' || TG_TABLE_NAME,
        ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION lots_audit_chain_forward_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND NEW.id = OLD.id AND NEW.seq > OLD.seq THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION USING
        MESSAGE = 'audit log is append-only: a chain head only moves forward, ' || TG_OP || ' refused on ' || TG_TABLE_NAME,
        ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER audit_auditentry_no_truncate BEFORE TRUNCATE ON audit_auditentry
    FOR EACH STATEMENT EXECUTE FUNCTION lots_audit_refuse_truncate();
CREATE TRIGGER audit_auditread_no_truncate BEFORE TRUNCATE ON audit_auditread
    FOR EACH STATEMENT EXECUTE FUNCTION lots_audit_refuse_truncate();
CREATE TRIGGER audit_auditchain_no_truncate BEFORE TRUNCATE ON audit_auditchain
    FOR EACH STATEMENT EXECUTE FUNCTION lots_audit_refuse_truncate();
CREATE TRIGGER audit_auditchain_forward_only BEFORE UPDATE OR DELETE ON audit_auditchain
    FOR EACH ROW EXECUTE FUNCTION lots_audit_chain_forward_only();
"""

POSTGRESQL_BACKWARD = """
DROP TRIGGER IF EXISTS audit_auditentry_no_truncate ON audit_auditentry;
DROP TRIGGER IF EXISTS audit_auditread_no_truncate ON audit_auditread;
DROP TRIGGER IF EXISTS audit_auditchain_no_truncate ON audit_auditchain;
DROP TRIGGER IF EXISTS audit_auditchain_forward_only ON audit_auditchain;
DROP FUNCTION IF EXISTS lots_audit_refuse_truncate();
DROP FUNCTION IF EXISTS lots_audit_chain_forward_only();
"""


def _refuse(table: str, operation: str, condition: str = "") -> str:
    return (
        f"CREATE TRIGGER {table}_no_{operation.lower()} BEFORE {operation} ON {table} "
        f"WHEN NOT lots_audit_unlocked(){condition} "
        f"BEGIN SELECT RAISE(ABORT, 'audit log is append-only: {operation} refused on {table}'); END"
    )


SQLITE = [
    _refuse("audit_auditentry", "UPDATE"),
    _refuse("audit_auditentry", "DELETE"),
    _refuse("audit_auditread", "UPDATE"),
    _refuse("audit_auditread", "DELETE"),
    _refuse("audit_auditchain", "DELETE"),
    "CREATE TRIGGER audit_auditchain_forward_only BEFORE UPDATE ON audit_auditchain "
    "WHEN NOT lots_audit_unlocked() AND NOT (NEW.id = OLD.id AND NEW.seq > OLD.seq) "
    "BEGIN SELECT RAISE(ABORT, 'audit log is append-only: a chain head only moves forward'); END",
]

SQLITE_TRIGGERS = [
    "audit_auditentry_no_update",
    "audit_auditentry_no_delete",
    "audit_auditread_no_update",
    "audit_auditread_no_delete",
    "audit_auditchain_no_delete",
    "audit_auditchain_forward_only",
]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRESQL)
    elif schema_editor.connection.vendor == "sqlite":
        for statement in SQLITE:
            schema_editor.execute(statement)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRESQL_BACKWARD)
    elif schema_editor.connection.vendor == "sqlite":
        for name in SQLITE_TRIGGERS:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("audit", "0005_chain_existing_entries")]
    operations = [migrations.RunPython(forward, backward, elidable=False)]
