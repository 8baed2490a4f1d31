"""Daily reminders: before the deadline to the handler, and after it an escalation up the line.

The complaint delegation's tracks follow the same rules with their own deadline: a reminder to those who decide,
and after the deadline an escalation up the line from them.

A case still overdue ``ESCALATE_EVERY_DAYS`` after an escalation goes to the level above that, up to the
quality coordinators past the top of the line.

Every mail goes through ``send_once`` with a key per case, step and person, so
the command can run twice a day (or be re-run for a past date) without
sending anything twice.
"""

import datetime

from django.conf import settings
from django.utils import timezone

from lots.feedback import access as feedback_access
from lots.feedback import delegation, services
from lots.feedback.models import DelegationRequest, FeedbackCase, FeedbackSettings
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
    tracks = (
        DelegationRequest.objects.undecided()
        .filter(due_date__lte=today + datetime.timedelta(days=LONGEST_REMINDER))
        .select_related("case", "case__unit", "case__unit__municipality", "escalated_to")
        .order_by("due_date", "pk")
    )
    for track in tracks:
        rule = rules.get(track.case.unit.municipality_id) or FeedbackSettings(municipality=track.case.unit.municipality)
        if track.due_date < today:
            sent += _escalate_track(track, today)
        elif track.days_left(today) <= rule.reminder_days_before:
            sent += _mail_deciders(track, today, "delegation_reminder")
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


def _mail_deciders(track: DelegationRequest, today: datetime.date, step: str) -> int:
    case = track.case
    context = {"track": track, "case": case, "days": track.days_left(today), "late": -track.days_left(today)}
    context["link"] = _link(case)
    sent = 0
    for person in feedback_access.delegation_deciders(case.unit):
        subject, body = render_mail(f"feedback/mail/{step}.txt", context)
        sent += send_once(
            key=f"feedback:{case.pk}:{step}:{person.pk}", to=person.email, subject=subject, body=body, link=context["link"]
        )
    return sent


def _escalate_track(track: DelegationRequest, today: datetime.date) -> int:
    late = (today - track.due_date).days
    targets = delegation.escalation_targets(track, steps=1 + (late - 1) // ESCALATE_EVERY_DAYS)
    delegation.delegation_escalate(track=track, to=targets, at=_moment(today))
    case = track.case
    context = {"track": track, "case": case, "late": late, "link": _link(case)}
    sent = 0
    for person in targets:
        subject, body = render_mail("feedback/mail/delegation_escalation.txt", context)
        sent += send_once(
            key=f"feedback:{case.pk}:delegation_escalation:{person.pk}",
            to=person.email,
            subject=subject,
            body=body,
            link=context["link"],
        )
    return sent + _mail_deciders(track, today, "delegation_overdue")
