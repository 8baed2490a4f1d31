"""Shared state for building the demo municipality.

``manage.py load_demo`` builds a DemoContext, then calls ``load(ctx)`` in each
module's ``demo.py`` in DEMO_ORDER. Every loader goes through the same services
as the application, and checks what already exists so running it twice gives
the same data.
"""

import datetime
import random
from dataclasses import dataclass, field

DEMO_PASSWORD = "lots-demo-2026"

DEMO_ORDER = [
    "lots.organisation",
    "lots.accounts",
    "lots.processes",
    "lots.improvements",
    "lots.risks",
    "lots.deviations",
    "lots.feedback",
    "lots.requirements",
    "lots.reports",
]


@dataclass
class DemoContext:
    today: datetime.date
    rng: random.Random = field(default_factory=lambda: random.Random(2026))
    municipality: object = None  # Exempelkommun
    second: object = None  # Grannby kommun
    units: dict = field(default_factory=dict)  # by code, both municipalities (codes are distinct)
    people: dict = field(default_factory=dict)  # by username
    actor: object = None  # the system actor for set-up writes (the quality coordinator)
    logins: list = field(default_factory=list)  # (role label, username) shown after loading

    def unit(self, code: str):
        return self.units[code]

    def person(self, username: str):
        return self.people[username]

    def holders(self, role: str, unit_code: str | None = None) -> list:
        """People holding ``role`` (on ``unit_code`` if given), in username order."""
        from lots.accounts.models import RoleAssignment

        qs = RoleAssignment.objects.filter(role=role, user__username__in=list(self.people))
        if unit_code:
            qs = qs.filter(unit=self.units[unit_code])
        return [a.user for a in qs.select_related("user").order_by("user__username")]
