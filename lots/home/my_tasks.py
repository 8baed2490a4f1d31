"""'Mina uppgifter': what is due or overdue for a person, gathered from every module.

A module contributes by defining ``lots.<app>.tasks.tasks_for(user, today) -> list[Task]``.
"""

import datetime
import importlib
import importlib.util
from dataclasses import dataclass

from django.apps import apps


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


def task_modules():
    for config in apps.get_app_configs():
        name = f"{config.name}.tasks"
        if config.name.startswith("lots.") and config.name != "lots.core" and importlib.util.find_spec(name):
            yield importlib.import_module(name)


def tasks_for(user, today: datetime.date) -> list[Task]:
    tasks: list[Task] = []
    for module in task_modules():
        tasks.extend(module.tasks_for(user, today))
    return sorted(tasks, key=lambda t: (t.due, t.title))
