"""'Mina uppgifter': what is due or overdue for a person, gathered from every module.

A module contributes by defining ``lots.<app>.tasks.tasks_for(user, today) -> list[Task]``.
"""

import datetime
from dataclasses import dataclass

from lots.core.discovery import app_modules


@dataclass(frozen=True)
class Task:
    title: str
    due: datetime.date
    url: str
    module: str
    unit_name: str = ""

    def is_overdue(self, today: datetime.date) -> bool:
        return self.due < today

    def days_left(self, today: datetime.date) -> int:
        return (self.due - today).days


def tasks_for(user, today: datetime.date) -> list[Task]:
    """Every module's tasks for ``user``, soonest first."""
    tasks: list[Task] = []
    for module in app_modules("tasks"):
        tasks.extend(module.tasks_for(user, today))
    return sorted(tasks, key=lambda t: (t.due, t.title))
