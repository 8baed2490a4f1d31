"""Daily reminders about improvement actions; safe to run twice a day.

The owner hears once a week before the due date, then weekly while the action is
overdue; the owner's nearest line manager hears weekly about overdue actions, and
about staff proposals left unanswered (lots.improvements.proposal_tasks).
"""

import datetime

from django.conf import settings

from lots.improvements import proposal_tasks
from lots.improvements.escalation import nearest_managers
from lots.improvements.models import ImprovementAction
from lots.lib.dates import iso_week_key
from lots.notifications.services import render_mail, send_once

DUE_SOON_DAYS = 7


def _context(action: ImprovementAction) -> dict:
    return {"action": action, "link": settings.SITE_URL + action.get_absolute_url()}


def send_reminders(today: datetime.date) -> int:
    sent = 0
    soon = (
        ImprovementAction.objects.open()
        .filter(due_date__gte=today, due_date__lte=today + datetime.timedelta(days=DUE_SOON_DAYS))
        .select_related("owner")
    )
    for action in soon:
        context = _context(action)
        subject, body = render_mail("improvements/mail/due_soon.txt", context)
        sent += send_once(
            key=f"improvement:{action.pk}:due:{action.due_date}:{action.owner_id}",
            to=action.owner.email if action.owner.is_active else "",
            subject=subject,
            body=body,
            link=context["link"],
        )
    overdue = list(ImprovementAction.objects.overdue(today).select_related("owner", "unit"))
    managers = nearest_managers(overdue)
    week = iso_week_key(today)
    for action in overdue:
        context = _context(action)
        if action.owner.is_active:
            subject, body = render_mail("improvements/mail/overdue_owner.txt", context)
            sent += send_once(
                key=f"improvement:{action.pk}:overdue:{action.owner_id}:{week}",
                to=action.owner.email,
                subject=subject,
                body=body,
                link=context["link"],
            )
        for manager in managers.get(action.pk, []):
            subject, body = render_mail("improvements/mail/overdue_manager.txt", context)
            sent += send_once(
                key=f"improvement:{action.pk}:overdue:{manager.pk}:{week}",
                to=manager.email,
                subject=subject,
                body=body,
                link=context["link"],
            )
    return sent + proposal_tasks.send_reminders(today)
