"""Daily reminders about indicators; safe to run twice a day (every mail has a once-only key).

- Values due: the owner of an entered indicator hears once when a period has ended without a value, and once more
  when the value is ``tasks.DUE_DAYS`` days late.
- Off target: for a computed or Kolada indicator of a process, the last ended period's value is read as it stands;
  when it misses the target the process owner's nearest manager is told, as for an entered value
  (lots.indicators.services.tell_manager).
"""

import datetime

from django.conf import settings
from django.urls import reverse

from lots.indicators import services
from lots.indicators.models import Indicator
from lots.indicators.tasks import DUE_DAYS, due_values, off_target
from lots.notifications.services import render_mail, send_once


def send_reminders(today: datetime.date) -> int:
    return _due(today) + _off_target(today)


def _due(today: datetime.date) -> int:
    sent = 0
    entered = Indicator.objects.filter(active=True, source=Indicator.Source.MANUAL, owner__is_active=True).select_related(
        "owner", "unit"
    )
    for indicator, period in due_values(entered, today):
        late = today >= period.end + datetime.timedelta(days=DUE_DAYS)
        link = settings.SITE_URL + reverse("indicators:record", args=[indicator.pk]) + f"?period={period.start.isoformat()}"
        subject, body = render_mail(
            "indicators/mail/value_due.txt", {"indicator": indicator, "period": period, "link": link, "late": late}
        )
        sent += send_once(
            key=f"indicator:{indicator.pk}:due:{period.start:%Y-%m}:{'late' if late else 'ended'}",
            to=indicator.owner.email,
            subject=subject,
            body=body,
            link=link,
        )
    return sent


def _off_target(today: datetime.date) -> int:
    live = Indicator.objects.filter(
        active=True, process__isnull=False, source__in=[Indicator.Source.COMPUTED, Indicator.Source.KOLADA]
    ).select_related("unit", "process__owner", "municipality")
    return sum(
        services.tell_manager(data.indicator, value.period.start, value.total, data.target, today=today)
        for data, value in off_target(live, today)
    )
