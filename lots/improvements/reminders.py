"""Daily reminders about improvement actions; safe to run twice a day.

The owner hears once a week before the due date, then weekly while the action is
overdue; the owner's nearest line manager hears weekly about overdue actions.
"""

import datetime

from django.conf import settings

from lots.improvements.escalation import nearest_managers
from lots.improvements.models import ImprovementAction
from lots.lib.dates import iso_week_key
from lots.notifications.services import send_once

DUE_SOON_DAYS = 7


def send_reminders(today: datetime.date) -> int:
    sent = 0
    soon = (
        ImprovementAction.objects.open()
        .filter(due_date__gte=today, due_date__lte=today + datetime.timedelta(days=DUE_SOON_DAYS))
        .select_related("owner")
    )
    for action in soon:
        link = settings.SITE_URL + action.get_absolute_url()
        sent += send_once(
            key=f"improvement:{action.pk}:due:{action.due_date}:{action.owner_id}",
            to=action.owner.email if action.owner.is_active else "",
            subject=f"Förbättringsåtgärd ska vara klar {action.due_date:%Y-%m-%d}: {action.title}",
            body=(
                f'Åtgärden "{action.title}" ({action.get_stage_display().lower()}) ska vara klar senast '
                f"{action.due_date:%Y-%m-%d}.\n{link}\n"
            ),
        )
    overdue = list(ImprovementAction.objects.overdue(today).select_related("owner", "unit"))
    managers = nearest_managers(overdue)
    week = iso_week_key(today)
    for action in overdue:
        link = settings.SITE_URL + action.get_absolute_url()
        subject = f"Försenad förbättringsåtgärd: {action.title}"
        if action.owner.is_active:
            sent += send_once(
                key=f"improvement:{action.pk}:overdue:{action.owner_id}:{week}",
                to=action.owner.email,
                subject=subject,
                body=f'Åtgärden "{action.title}" skulle vara klar {action.due_date:%Y-%m-%d}. Du är ansvarig.\n{link}\n',
            )
        for manager in managers.get(action.pk, []):
            sent += send_once(
                key=f"improvement:{action.pk}:overdue:{manager.pk}:{week}",
                to=manager.email,
                subject=subject,
                body=(
                    f'Åtgärden "{action.title}" på {action.unit.name}, med {action.owner} som ansvarig, skulle vara klar '
                    f"{action.due_date:%Y-%m-%d}.\n{link}\n"
                ),
            )
    return sent
