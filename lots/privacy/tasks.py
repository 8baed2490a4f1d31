"""'Mina uppgifter': requests to rectify or erase personal data that are due within a week or overdue."""

import datetime

from lots.home.my_tasks import Task
from lots.privacy.access import configurable
from lots.privacy.models import SubjectRequest

DUE_SOON_DAYS = 7


def tasks_for(user, today: datetime.date) -> list[Task]:
    if not getattr(user, "is_authenticated", False):
        return []
    municipalities = configurable(user, "privacy.requests")
    if not municipalities:
        return []
    horizon = today + datetime.timedelta(days=DUE_SOON_DAYS)
    due = SubjectRequest.objects.open().filter(municipality__in=municipalities, due_on__lte=horizon)
    # Only the number, the kind and the date: the task list is not the register, and its reads are not logged.
    return [
        Task(
            title=f"Begäran {r.pk} om {r.get_kind_display().lower()} ska besvaras",
            due=r.due_on,
            url=r.get_absolute_url(),
            module="Personuppgifter",
            unit_name=r.municipality.name,
        )
        for r in due.select_related("municipality").only("pk", "kind", "due_on", "municipality__slug", "municipality__name")
    ]
