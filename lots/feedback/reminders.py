"""Daily reminders: before the deadline to the handler, and after it an escalation up the line.

A case still overdue ``ESCALATE_EVERY_DAYS`` after an escalation goes to the level above that, up to the
quality coordinators past the top of the line.

Every mail goes through ``send_once`` with a key per case, step and person, so
the command can run twice a day (or be re-run for a past date) without
sending anything twice.
"""

import datetime

from django.conf import settings
from django.utils import timezone

from lots.feedback import services
from lots.feedback.models import FeedbackCase, FeedbackSettings
from lots.notifications.services import render_mail, send_once

LONGEST_REMINDER = 30
ESCALATE_EVERY_DAYS = 7


def _moment(today: datetime.date) -> datetime.datetime:
    if today == timezone.localdate():
        return timezone.now()
    return timezone.make_aware(datetime.datetime.combine(today, datetime.time(7, 0)))


def send_reminders(today: datetime.date) -> int:
    rules = {s.municipality_id: s for s in FeedbackSettings.objects.all()}
    cases = (
        FeedbackCase.objects.open()
        .filter(due_date__lte=today + datetime.timedelta(days=LONGEST_REMINDER))
        .select_related("unit", "unit__municipality", "municipality", "handler")
        .order_by("due_date", "pk")
    )
    sent = 0
    for case in cases:
        rule = rules.get(case.unit.municipality_id) or FeedbackSettings(municipality=case.unit.municipality)
        if case.due_date < today:
            sent += _escalate(case, today)
        elif case.days_left(today) <= rule.reminder_days_before:
            sent += _remind(case, today)
    return sent


def _handlers(case: FeedbackCase) -> list:
    return [case.handler] if case.handler_id else services.responsible_managers(case.unit)


def _link(case: FeedbackCase) -> str:
    return settings.SITE_URL + case.get_absolute_url()


def _remind(case: FeedbackCase, today: datetime.date) -> int:
    sent = 0
    context = {"case": case, "days": case.days_left(today), "link": _link(case)}
    for person in _handlers(case):
        subject, body = render_mail("feedback/mail/reminder.txt", context)
        sent += send_once(
            key=f"feedback:{case.pk}:reminder:{person.pk}", to=person.email, subject=subject, body=body, link=context["link"]
        )
    return sent


def _escalate(case: FeedbackCase, today: datetime.date) -> int:
    late = (today - case.due_date).days
    targets = services.escalation_managers(case, steps=1 + (late - 1) // ESCALATE_EVERY_DAYS)
    services.feedback_escalate(case=case, to=targets, at=_moment(today))
    context = {"case": case, "late": late, "link": _link(case)}
    sent = 0
    for person in targets:
        subject, body = render_mail("feedback/mail/escalation.txt", context)
        sent += send_once(
            key=f"feedback:{case.pk}:escalation:{person.pk}", to=person.email, subject=subject, body=body, link=context["link"]
        )
    for person in _handlers(case):
        subject, body = render_mail("feedback/mail/overdue.txt", context)
        sent += send_once(
            key=f"feedback:{case.pk}:overdue:{person.pk}", to=person.email, subject=subject, body=body, link=context["link"]
        )
    return sent
