"""Daily reminders: before the deadline to the handler, and after it an escalation to the next level.

Every mail goes through ``send_once`` with a key per case, step and person, so
the command can run twice a day (or be re-run for a past date) without
sending anything twice.
"""

import datetime

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from lots.feedback import services
from lots.feedback.models import FeedbackCase, FeedbackSettings
from lots.notifications.services import send_once

LONGEST_REMINDER = 30


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


def _remind(case: FeedbackCase, today: datetime.date) -> int:
    sent = 0
    days = case.days_left(today)
    for person in _handlers(case):
        sent += send_once(
            key=f"feedback:{case.pk}:reminder:{person.pk}",
            to=person.email,
            subject=_("Påminnelse: %(ref)s ska vara avslutat %(due)s")
            % {"ref": case.reference, "due": case.due_date.isoformat()},
            body=_(
                "%(kind)s %(ref)s till %(unit)s ska vara avslutat senast %(due)s (om %(days)s dagar).\n\n"
                "Öppna ärendet: %(link)s\n"
            )
            % {
                "kind": case.get_kind_display(),
                "ref": case.reference,
                "unit": case.unit.name,
                "due": case.due_date.isoformat(),
                "days": days,
                "link": settings.SITE_URL + case.get_absolute_url(),
            },
        )
    return sent


def _escalate(case: FeedbackCase, today: datetime.date) -> int:
    targets = services.escalation_managers(case)
    if case.escalated_at is None:
        services.feedback_escalate(case=case, to=targets, at=_moment(today))
    late = (today - case.due_date).days
    values = {
        "kind": case.get_kind_display(),
        "ref": case.reference,
        "unit": case.unit.name,
        "due": case.due_date.isoformat(),
        "late": late,
        "handler": str(case.handler) if case.handler_id else _("ingen handläggare"),
        "link": settings.SITE_URL + case.get_absolute_url(),
    }
    sent = 0
    for person in targets:
        sent += send_once(
            key=f"feedback:{case.pk}:escalation:{person.pk}",
            to=person.email,
            subject=_("Försenat ärende: %(ref)s på %(unit)s") % values,
            body=_(
                "%(kind)s %(ref)s till %(unit)s skulle ha varit avslutat senast %(due)s och är nu %(late)s dagar försenat.\n"
                "Handläggare: %(handler)s.\n\nDu får det här som närmast högre chef. Öppna ärendet: %(link)s\n"
            )
            % values,
        )
    for person in _handlers(case):
        sent += send_once(
            key=f"feedback:{case.pk}:overdue:{person.pk}",
            to=person.email,
            subject=_("Tidsfristen har passerat: %(ref)s") % values,
            body=_(
                "%(kind)s %(ref)s skulle ha varit avslutat senast %(due)s. Ärendet har eskalerats till närmast högre chef.\n\n"
                "Öppna ärendet: %(link)s\n"
            )
            % values,
        )
    return sent
