"""Daily reminders about agreement reviews; safe to run twice a day.

The owner hears once when the review is a month away, then weekly while it is overdue.
"""

import datetime

from django.conf import settings

from lots.agreements.models import REVIEW_NOTICE_DAYS, Agreement
from lots.lib.dates import iso_week_key
from lots.notifications.services import render_mail, send_once


def send_reminders(today: datetime.date) -> int:
    sent = 0
    week = iso_week_key(today)
    due = Agreement.objects.review_due_by(today + datetime.timedelta(days=REVIEW_NOTICE_DAYS)).select_related("owner")
    for agreement in due.order_by("review_date", "pk"):
        if not agreement.owner.is_active:
            continue
        overdue = agreement.review_date < today
        context = {"agreement": agreement, "link": settings.SITE_URL + agreement.get_absolute_url()}
        template = "agreements/mail/review_overdue.txt" if overdue else "agreements/mail/review_soon.txt"
        subject, body = render_mail(template, context)
        stage = f"overdue:{week}" if overdue else "soon"
        sent += send_once(
            key=f"agreement:{agreement.pk}:review:{agreement.review_date}:{agreement.owner_id}:{stage}",
            to=agreement.owner.email,
            subject=subject,
            body=body,
            link=context["link"],
        )
    return sent
