"""Daily reminders about agreements; safe to run twice a day (every mail has a once-only key).

- Reviews: the owner hears once when the review is a month away, then weekly while it is overdue.
- Reading: each member of staff asked to read an agreement and who has not confirmed hears weekly from a week before
  the read-by date (``tasks.READ_WITHIN_DAYS`` after it began to apply), as for routines.
"""

import datetime

from django.conf import settings
from django.utils import timezone

from lots import access
from lots.agreements.access import ACKNOWLEDGE
from lots.agreements.models import REVIEW_NOTICE_DAYS, Agreement, AgreementAcknowledgement
from lots.agreements.tasks import READ_WITHIN_DAYS
from lots.lib.dates import iso_week_key
from lots.notifications.services import render_mail, send_once

READ_NOTICE_DAYS = 7


def send_reminders(today: datetime.date) -> int:
    return _reviews(today) + _reading(today)


def _reading(today: datetime.date) -> int:
    sent = 0
    week = iso_week_key(today)
    began_by = timezone.make_aware(
        datetime.datetime.combine(today - datetime.timedelta(days=READ_WITHIN_DAYS - READ_NOTICE_DAYS), datetime.time.max)
    )
    agreements = Agreement.objects.active().filter(make_known=True, activated_at__lte=began_by).prefetch_related("units")
    for agreement in agreements.order_by("pk"):
        confirmed = set(
            AgreementAcknowledgement.objects.filter(agreement=agreement, reading=agreement.reading).values_list(
                "user_id", flat=True
            )
        )
        people = {a.user_id: a.user for a in access.assignments_within(agreement.units.all(), perm=ACKNOWLEDGE)}
        link = settings.SITE_URL + agreement.get_absolute_url()
        due = timezone.localdate(agreement.activated_at) + datetime.timedelta(days=READ_WITHIN_DAYS)
        for user_id, person in people.items():
            if user_id in confirmed or not person.is_active:
                continue
            context = {"agreement": agreement, "link": link, "due": due}
            subject, body = render_mail("agreements/mail/read.txt", context, to=person)
            sent += send_once(
                key=f"agreement:{agreement.pk}:read:{agreement.reading}:{user_id}:{week}",
                to=person.email,
                subject=subject,
                body=body,
                link=link,
            )
    return sent


def _reviews(today: datetime.date) -> int:
    sent = 0
    week = iso_week_key(today)
    due = Agreement.objects.review_due_by(today + datetime.timedelta(days=REVIEW_NOTICE_DAYS)).select_related("owner")
    for agreement in due.order_by("review_date", "pk"):
        if not agreement.owner.is_active:
            continue
        overdue = agreement.review_date < today
        context = {"agreement": agreement, "link": settings.SITE_URL + agreement.get_absolute_url()}
        template = "agreements/mail/review_overdue.txt" if overdue else "agreements/mail/review_soon.txt"
        subject, body = render_mail(template, context, to=agreement.owner)
        stage = f"overdue:{week}" if overdue else "soon"
        sent += send_once(
            key=f"agreement:{agreement.pk}:review:{agreement.review_date}:{agreement.owner_id}:{stage}",
            to=agreement.owner.email,
            subject=subject,
            body=body,
            link=context["link"],
        )
    return sent
