"""Daily reminders about API tokens; safe to run twice a day.

The owner of a token that still works hears once, a week before it expires, so that a program using it does not
stop without warning.
"""

import datetime

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from lots.accounts.models import ApiToken
from lots.notifications.services import render_mail, send_once

EXPIRY_WARNING_DAYS = 7


def send_reminders(today: datetime.date) -> int:
    start = timezone.make_aware(datetime.datetime.combine(today, datetime.time.min))
    until = start + datetime.timedelta(days=EXPIRY_WARNING_DAYS + 1)
    expiring = (
        ApiToken.objects.usable()
        .filter(expires_at__gt=max(start, timezone.now()), expires_at__lte=until)
        .select_related("user")
        .order_by("pk")
    )
    link = settings.SITE_URL + reverse("accounts:profile")
    sent = 0
    for token in expiring:
        subject, body = render_mail(
            "accounts/mail/token_expires.txt",
            {"token": token, "expires_at": timezone.localtime(token.expires_at), "link": link},
            to=token.user,
        )
        sent += send_once(key=f"api-token:{token.pk}:expires", to=token.user.email, subject=subject, body=body, link=link)
    return sent
