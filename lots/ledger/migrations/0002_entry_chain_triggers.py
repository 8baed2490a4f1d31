"""Database triggers that keep a ledger's entries a chain: each entry's balance before is the balance after the entry
before it (0 for the first), and an entry's amount, balances and place cannot be changed once written.

Together with the CHECK constraints (balance after = before + amount, and never below zero) the database on its own
refuses a ledger that goes below zero, whatever writes to it.
"""

from django.db import migrations

SQLITE_UP = [
    """
    CREATE TRIGGER ledger_entry_chain BEFORE INSERT ON ledger_ledgerentry
    FOR EACH ROW WHEN NEW.balance_before IS NOT COALESCE(
        (SELECT e.balance_after FROM ledger_ledgerentry e WHERE e.ledger_id = NEW.ledger_id AND e.sequence = NEW.sequence - 1),
        CASE WHEN NEW.sequence = 1 THEN 0 ELSE -1 END
    )
    BEGIN SELECT RAISE(ABORT, 'ledger entry: the balance before must be the balance after the previous entry'); END
    """,
    """
    CREATE TRIGGER ledger_entry_fixed BEFORE UPDATE ON ledger_ledgerentry
    FOR EACH ROW WHEN NEW.ledger_id IS NOT OLD.ledger_id OR NEW.sequence IS NOT OLD.sequence
        OR NEW.amount IS NOT OLD.amount OR NEW.balance_before IS NOT OLD.balance_before
        OR NEW.balance_after IS NOT OLD.balance_after
    BEGIN SELECT RAISE(ABORT, 'ledger entry: amounts, balances and order cannot be changed'); END
    """,
]
SQLITE_DOWN = ["DROP TRIGGER IF EXISTS ledger_entry_chain", "DROP TRIGGER IF EXISTS ledger_entry_fixed"]

POSTGRESQL_UP = [
    """
    CREATE OR REPLACE FUNCTION ledger_entry_chain() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE previous bigint;
    BEGIN
        IF TG_OP = 'UPDATE' THEN
            IF NEW.ledger_id IS DISTINCT FROM OLD.ledger_id OR NEW.sequence IS DISTINCT FROM OLD.sequence
               OR NEW.amount IS DISTINCT FROM OLD.amount OR NEW.balance_before IS DISTINCT FROM OLD.balance_before
               OR NEW.balance_after IS DISTINCT FROM OLD.balance_after THEN
                RAISE EXCEPTION 'ledger entry: amounts, balances and order cannot be changed' USING ERRCODE = 'check_violation';
            END IF;
            RETURN NEW;
        END IF;
        IF NEW.sequence = 1 THEN
            previous := 0;
        ELSE
            SELECT e.balance_after INTO previous FROM ledger_ledgerentry e
            WHERE e.ledger_id = NEW.ledger_id AND e.sequence = NEW.sequence - 1;
        END IF;
        IF previous IS NULL OR NEW.balance_before IS DISTINCT FROM previous THEN
            RAISE EXCEPTION 'ledger entry: the balance before must be the balance after the previous entry'
                USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
    END $$
    """,
    """
    CREATE TRIGGER ledger_entry_chain BEFORE INSERT OR UPDATE ON ledger_ledgerentry
    FOR EACH ROW EXECUTE FUNCTION ledger_entry_chain()
    """,
]
POSTGRESQL_DOWN = [
    "DROP TRIGGER IF EXISTS ledger_entry_chain ON ledger_ledgerentry",
    "DROP FUNCTION IF EXISTS ledger_entry_chain()",
]


def _run(statements: dict):
    def run(apps, schema_editor):
        for sql in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("ledger", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_UP, "postgresql": POSTGRESQL_UP}),
            _run({"sqlite": SQLITE_DOWN, "postgresql": POSTGRESQL_DOWN}),
        ),
    ]
