"""Daily reminders about goals; safe to run twice a day (every mail has a once-only key).

- Follow-up: those nearest an established plan's unit who follow it up (``goal.follow_up``) hear once when a
  period's last month begins, and weekly after the period has ended, until its follow-up is established.
"""

import datetime

from django.conf import settings

from lots import access
from lots.goals.access import FOLLOW_UP
from lots.goals.models import FollowUp, Period, Plan
from lots.goals.tasks import due_periods, period_end
from lots.lib.dates import iso_week_key
from lots.notifications.services import render_mail, send_once


def send_reminders(today: datetime.date) -> int:
    sent = 0
    week = iso_week_key(today)
    labels = dict(Period.choices)
    for year, period, due in due_periods(today):
        established = set(
            FollowUp.objects.filter(year=year, period=period, state=FollowUp.State.ESTABLISHED).values_list("unit_id", flat=True)
        )
        plans = (
            Plan.objects.filter(year=year, state=Plan.State.ESTABLISHED)
            .exclude(unit_id__in=established)
            .select_related("unit")
            .order_by("pk")
        )
        ended = period_end(year, period) < today
        stage = f"late:{week}" if ended else "soon"
        for plan in plans:
            link = settings.SITE_URL + plan.get_absolute_url()
            context = {"plan": plan, "period": str(labels[period]).lower(), "due": due, "link": link, "ended": ended}
            subject, body = render_mail("goals/mail/follow_up.txt", context)
            reaching = access.assignments_on_path(plan.unit, perm=FOLLOW_UP)
            # Those nearest the plan's unit follow it up (its own manager before the förvaltningschef).
            nearest = [a for a in reaching if a.unit_id == reaching[0].unit_id] if reaching else []
            people = {a.user_id: a.user for a in nearest}
            for user_id, person in people.items():
                if not person.is_active or not person.email:
                    continue
                sent += send_once(
                    key=f"goals:{plan.pk}:follow_up:{year}:{period}:{user_id}:{stage}",
                    to=person.email,
                    subject=subject,
                    body=body,
                    link=link,
                )
    return sent
