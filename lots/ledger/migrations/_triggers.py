"""The entry-chain triggers' SQL, shared by the migrations that create them (0002, 0008)."""

from importlib import import_module

_initial = import_module("lots.ledger.migrations.0002_entry_chain_triggers")


def recreate(apps, schema_editor):
    """Drop the triggers if they are there and create them again, on SQLite and PostgreSQL."""
    vendor = schema_editor.connection.vendor
    down = {"sqlite": _initial.SQLITE_DOWN, "postgresql": _initial.POSTGRESQL_DOWN}.get(vendor, [])
    up = {"sqlite": _initial.SQLITE_UP, "postgresql": _initial.POSTGRESQL_UP}.get(vendor, [])
    for sql in down + up:
        schema_editor.execute(sql)
