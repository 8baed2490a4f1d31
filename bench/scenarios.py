"""What the benchmark measures. Each module adds its scenarios to ``SCENARIOS``.

A scenario builds one HTTP request against the generated dataset and, where the
page is a list or an aggregate, the QuerySet behind it, whose raw SQL is timed
directly as the database ceiling.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse

from bench.loadgen import Request
from lots import access


@dataclass
class Scenario:
    name: str
    label: str
    kind: str  # "page" (lists/details: p95 ≤ 150 ms), "dashboard" (≤ 300 ms), "api", "form_get", "form_post"
    request: Request
    sql: Callable | None = None  # () -> QuerySet whose SQL is the database ceiling
    aggregate: bool = False  # True: the page must stay within 2× its raw SQL


def foundation_scenarios(ds, cookies: dict, tokens: dict) -> list[Scenario]:
    manager = ds.manager
    return [
        Scenario(
            "start_page",
            "Startsidan (förvaltningschef)",
            "dashboard",
            Request("GET", reverse("core:start"), cookies=cookies["manager"]),
        ),
        Scenario(
            "unit_tree",
            "Organisationsträdet",
            "page",
            Request("GET", reverse("organisation:tree"), cookies=cookies["manager"]),
            sql=lambda: access.visible_units(manager).open().order_by("path"),
        ),
        Scenario(
            "api_units",
            "API: enheter",
            "api",
            Request("GET", "/api/v1/units", headers={"Authorization": f"Bearer {tokens['manager']}"}),
            sql=lambda: access.visible_units(manager).open().order_by("path"),
        ),
    ]


# fn(ds, cookies, tokens) -> list[Scenario]
SCENARIOS = [foundation_scenarios]


def all_scenarios(ds, cookies, tokens) -> list[Scenario]:
    found = []
    for fn in SCENARIOS:
        found.extend(fn(ds, cookies, tokens))
    return found
