"""Staff proposals in "Mina uppgifter" and the daily reminders: a waiting proposal is a task for the unit's nearest
line manager, due ``ANSWER_DAYS`` after it came in; from then on the manager hears about it by mail once a week."""

import datetime

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from lots.home.my_tasks import Task
from lots.improvements import proposal_access
from lots.improvements.models import Proposal
from lots.lib.dates import iso_week_key
from lots.notifications.services import render_mail, send_once

ANSWER_DAYS = 14


def due_date(proposal: Proposal) -> datetime.date:
    return timezone.localdate(proposal.created_at) + datetime.timedelta(days=ANSWER_DAYS)


def tasks_for(user, today: datetime.date) -> list[Task]:
    candidates = list(proposal_access.waiting_for(user).select_related("unit"))
    if not candidates:
        return []
    triagers = proposal_access.nearest_triagers(candidates)
    return [
        Task(
            title=_("Besvara förbättringsförslag: %(proposal)s") % {"proposal": p},
            due=due_date(p),
            url=p.get_absolute_url(),
            module=_("Förbättringar"),
            unit_name=p.unit.name,
        )
        for p in candidates
        if user in triagers.get(p.pk, [])
    ]


def send_reminders(today: datetime.date) -> int:
    """Weekly mails to the nearest line managers about proposals waiting ``ANSWER_DAYS`` days or more."""
    start_of_day = timezone.make_aware(datetime.datetime.combine(today, datetime.time.min))
    cutoff = start_of_day - datetime.timedelta(days=ANSWER_DAYS - 1)
    waiting = list(Proposal.objects.waiting().filter(created_at__lt=cutoff).select_related("unit"))
    triagers = proposal_access.nearest_triagers(waiting)
    week = iso_week_key(today)
    sent = 0
    for proposal in waiting:
        link = settings.SITE_URL + proposal.get_absolute_url()
        context = {"proposal": proposal, "link": link, "days": (today - timezone.localdate(proposal.created_at)).days}
        for manager in triagers.get(proposal.pk, []):
            subject, body = render_mail("improvements/mail/proposal_waiting.txt", context)
            sent += send_once(
                key=f"proposal:{proposal.pk}:waiting:{manager.pk}:{week}",
                to=manager.email if manager.is_active else "",
                subject=subject,
                body=body,
                link=link,
            )
    return sent
