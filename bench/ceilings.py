"""The database ceiling: the SQL a page's data comes from, captured once and then run directly.

``captured(fn)`` runs ``fn`` (the same ORM code the view runs to get its rows or
figures) and records every statement with its parameters as the database
received them. ``time_statements`` replays them through a plain cursor — no ORM,
no model instances, no templates — so the ratio page/SQL shows what Django adds.
"""

import statistics
import time

from django.db import connection


def captured(fn) -> list[tuple[str, object]]:
    statements = []

    def record(execute, sql, params, many, context):
        statements.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        fn()
    return statements


def time_statements(statements, repeats: int = 20) -> list[float]:
    """Milliseconds per replay of all statements (fetching every row), ``repeats`` times."""
    timings = []
    with connection.cursor() as cursor:
        for sql, params in statements:  # warm caches and plans once
            cursor.execute(sql, params)
            cursor.fetchall()
        for _ in range(repeats):
            started = time.perf_counter()
            for sql, params in statements:
                cursor.execute(sql, params)
                cursor.fetchall()
            timings.append((time.perf_counter() - started) * 1000)
    return timings


def median_ms(statements, repeats: int = 20) -> float:
    return statistics.median(time_statements(statements, repeats))
