"""Fast bulk loading for the bench generators: COPY on PostgreSQL, batched INSERT elsewhere.

Rows are plain tuples in the order of the given column names (database column
names, e.g. ``unit_id``), with Python values: JSON columns carry lists/dicts,
date-times are timezone-aware. Ids are assigned by the generator (``next_id``) so
that related rows can point at each other without reading anything back; the
sequences are moved past them afterwards (``reset_sequences``).

On PostgreSQL, ``deferred_indexes`` drops a table's secondary indexes and its
foreign-key and unique constraints before a large load and recreates them after,
as pg_restore does: building an index once is much cheaper than maintaining it
row by row, and re-adding a foreign key validates every row in one join, so the
database still checks what the constraints promise.
"""

import json
import sys
import time
from collections.abc import Iterable
from contextlib import contextmanager

from django.core.management.color import no_style
from django.db import connection


def is_postgresql() -> bool:
    return connection.vendor == "postgresql"


def next_id(model) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT COALESCE(MAX("id"), 0) + 1 FROM "{model._meta.db_table}"')
        return cursor.fetchone()[0]


def reset_sequences(*models) -> None:
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), list(models)):
            cursor.execute(sql)


def _fields_by_column(model) -> dict:
    return {f.column: f for f in model._meta.concrete_fields}


def write(model, columns: list[str], rows: Iterable[tuple], batch: int = 5000) -> int:
    """Insert ``rows`` into ``model``'s table; returns the number written."""
    fields = _fields_by_column(model)
    unknown = [c for c in columns if c not in fields]
    if unknown:
        raise ValueError(f"{model.__name__} has no columns {unknown}")
    table = model._meta.db_table
    column_sql = ", ".join(f'"{c}"' for c in columns)
    count = 0
    if is_postgresql():
        json_at = [i for i, c in enumerate(columns) if fields[c].get_internal_type() == "JSONField"]
        with connection.cursor() as cursor, cursor.cursor.copy(f'COPY "{table}" ({column_sql}) FROM STDIN') as copy:
            for row in rows:
                if json_at:
                    row = list(row)
                    for i in json_at:
                        row[i] = json.dumps(row[i], ensure_ascii=False)
                copy.write_row(row)
                count += 1
        return count
    prepare = [fields[c].get_db_prep_save for c in columns]
    sql = f'INSERT INTO "{table}" ({column_sql}) VALUES ({", ".join(["%s"] * len(columns))})'
    pending = []
    with connection.cursor() as cursor:
        for row in rows:
            pending.append([p(v, connection) if v is not None else None for p, v in zip(prepare, row, strict=True)])
            if len(pending) >= batch:
                cursor.executemany(sql, pending)
                count += len(pending)
                pending = []
        if pending:
            cursor.executemany(sql, pending)
            count += len(pending)
    return count


def _indexes_and_constraints(table: str) -> tuple[list, list]:
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT conname, pg_get_constraintdef(oid), contype FROM pg_constraint
            WHERE conrelid = %s::regclass AND contype IN ('f', 'u') ORDER BY contype DESC, conname
            """,
            [f'"{table}"'],
        )
        constraints = cursor.fetchall()
        cursor.execute(
            """
            SELECT indexname, indexdef FROM pg_indexes
            WHERE schemaname = current_schema() AND tablename = %s
              AND indexname NOT IN (SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass)
            ORDER BY indexname
            """,
            [table, f'"{table}"'],
        )
        indexes = cursor.fetchall()
    return constraints, indexes


@contextmanager
def deferred_indexes(*models):
    """PostgreSQL: drop secondary indexes, unique and foreign-key constraints; recreate them on exit.

    Elsewhere (SQLite at the small scales) it does nothing.
    """
    if not is_postgresql():
        yield
        return
    saved = []
    with connection.cursor() as cursor:
        # Deferred foreign-key checks still pending from earlier writes would block ALTER TABLE.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for model in models:
            table = model._meta.db_table
            constraints, indexes = _indexes_and_constraints(table)
            saved.append((table, constraints, indexes))
        for table, constraints, _indexes in saved:
            for name, _definition, _kind in constraints:
                cursor.execute(f'ALTER TABLE "{table}" DROP CONSTRAINT "{name}"')
        for _table, _constraints, indexes in saved:
            for name, _definition in indexes:
                cursor.execute(f'DROP INDEX "{name}"')
    yield
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("SET maintenance_work_mem = '1GB'")
        cursor.execute("SET max_parallel_maintenance_workers = 2")
        for _table, _constraints, indexes in saved:
            for _name, definition in indexes:
                cursor.execute(definition)
        # Unique constraints first (they build their own index), then foreign keys, which validate every row.
        for table, constraints, _indexes in saved:
            for name, definition, _kind in constraints:
                cursor.execute(f'ALTER TABLE "{table}" ADD CONSTRAINT "{name}" {definition}')
    say(f"indexes and constraints rebuilt in {time.perf_counter() - started:.0f} s")


def say(message: str) -> None:
    """Progress on stderr for the long runs."""
    print(f"    {message}", file=sys.stderr, flush=True)


def analyse(*models) -> None:
    """Fresh planner statistics (and, on PostgreSQL, a visibility map for index-only scans) after a load: of the
    models' tables, or of every table when none are named."""
    started = time.perf_counter()
    tables = ", ".join(f'"{m._meta.db_table}"' for m in models)
    with connection.cursor() as cursor:
        if is_postgresql() and connection.in_atomic_block:  # tests: VACUUM cannot run in a transaction
            cursor.execute(f"ANALYZE {tables}")
        elif is_postgresql():
            cursor.execute(f"VACUUM (ANALYZE) {tables}")
        else:
            cursor.execute("ANALYZE")
    say(f"vacuum and analyse in {time.perf_counter() - started:.0f} s")
