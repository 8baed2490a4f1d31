"""The database ceiling: the SQL a page's data comes from, captured once and then run directly.

``captured(fn)`` runs ``fn`` (the same ORM code the view runs to get its rows or
figures) and records every statement with its parameters as the database
received them. ``time_statements`` replays them through a plain cursor — no ORM,
no model instances, no templates — so the ratio page/SQL shows what Django adds.

``page_statements(request)`` captures instead every statement a whole request sends,
served in-process exactly as gunicorn's workers would serve it (a warm-up request
first, so per-process caches are as warm as in a worker that has served the page
before). ``beyond_floor`` removes from that the statements the signed-in floor also
sends (session, user, session saved again), so "SQL + floor" counts each once.
"""

import statistics
import time
from collections import Counter
from contextlib import ExitStack

from django.db import DatabaseError, connection, connections, transaction


def captured(fn) -> list[tuple[str, object]]:
    statements = []

    def record(execute, sql, params, many, context):
        statements.append((sql, params))
        return execute(sql, params, many, context)

    with ExitStack() as stack:
        for alias in connections:  # the dashboards read through the replica alias
            stack.enter_context(connections[alias].execute_wrapper(record))
        fn()
    return statements


def _client_call(request):
    """A callable that sends ``request`` (a bench.loadgen.Request) through Django in this process."""
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    for part in filter(None, (c.strip() for c in request.cookies.split(";"))):
        name, _sep, value = part.partition("=")
        client.cookies[name] = value
    headers = request.headers or {}

    def call():
        return client.generic(request.method, request.path, headers=headers)

    return call


def page_statements(request) -> list[tuple[str, object]]:
    """Every statement one GET of ``request`` sends, after a warm-up request."""
    call = _client_call(request)
    call()
    return captured(call)


def beyond_floor(statements, floor) -> list[tuple[str, object]]:
    """``statements`` without one occurrence of each statement text the floor's request also sends."""
    left = Counter(sql for sql, _params in floor)
    kept = []
    for sql, params in statements:
        if left[sql]:
            left[sql] -= 1
            continue
        kept.append((sql, params))
    return kept


TRANSACTION_CONTROL = ("SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT")


def time_statements(statements, repeats: int = 20) -> list[float]:
    """Milliseconds per replay of all statements (fetching every row), ``repeats`` times.

    Replayed in a transaction that is rolled back, so a page's writes (an access-log row) are timed but not kept.
    Each write runs in a savepoint of its own and may fail: a replayed audit row repeats a sequence number the
    request already used, and a refused insert does the same work as an accepted one. The page's own savepoints
    are left out (the replay's take their place); only the statements themselves are timed.
    """
    replayed = [(sql, params) for sql, params in statements if not sql.lstrip().upper().startswith(TRANSACTION_CONTROL)]
    timings = []
    with transaction.atomic(), connection.cursor() as cursor:
        for _ in range(repeats + 1):  # the first pass warms caches and plans
            elapsed = 0.0
            for sql, params in replayed:
                write = not sql.lstrip().upper().startswith(("SELECT", "WITH"))
                savepoint = transaction.savepoint() if write else None
                started = time.perf_counter()
                try:
                    cursor.execute(sql, params)
                    if cursor.description is not None:
                        cursor.fetchall()
                except DatabaseError:
                    if not write:
                        raise
                elapsed += time.perf_counter() - started
                if savepoint is not None:
                    transaction.savepoint_rollback(savepoint)
            timings.append(elapsed * 1000)
        transaction.set_rollback(True)
    return timings[1:]


def median_ms(statements, repeats: int = 20) -> float:
    return statistics.median(time_statements(statements, repeats))
