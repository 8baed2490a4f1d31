"""EXPLAIN output for the SQL behind each measured list and aggregate (PostgreSQL), kept in bench/plans/.

Each list's, API's and overview's request is served once in-process under capture;
every SELECT it sent beyond the signed-in floor's is explained with ANALYZE and
BUFFERS, so the file shows which index each list uses and where the time goes.
Written by ``bench.run`` at scales M and L.
"""

from pathlib import Path

from django.db import connection

from bench.ceilings import beyond_floor, page_statements

PLANS = Path(__file__).resolve().parent / "plans"


def explain(statements) -> str:
    parts = []
    with connection.cursor() as cursor:
        for number, (sql, params) in enumerate(statements, start=1):
            if not sql.lstrip().upper().startswith("SELECT"):
                continue
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS, SETTINGS) {sql}", params)
            plan = "\n".join(row[0] for row in cursor.fetchall())
            shown = cursor.mogrify(sql, params) if hasattr(cursor, "mogrify") else sql
            parts.append(f"-- statement {number}\n{shown}\n\n{plan}\n")
    return "\n".join(parts)


EXPLAINED = ("list", "api", "dashboard")


def write_plans(scenarios, scale: str, floor_statements) -> list[Path]:
    if connection.vendor != "postgresql":
        return []
    PLANS.mkdir(exist_ok=True)
    written = []
    for scenario in scenarios:
        if scenario.kind not in EXPLAINED or scenario.request.method != "GET":
            continue
        path = PLANS / f"{scenario.name}-{scale}.txt"
        header = f"{scenario.label}\nscale {scale}\n\n"
        path.write_text(header + explain(beyond_floor(page_statements(scenario.request), floor_statements)))
        written.append(path)
    return written
