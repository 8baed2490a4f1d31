"""Daily reminders: register checks of non-profit providers, self-assessments and demanded actions coming due.

Each reminder is sent once per reason and due date (notifications.send_once), so
running the daily command twice sends nothing new.
"""

import datetime

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from lots import access
from lots.notifications.services import render_mail, send_once
from lots.requirements.models import Contract, DemandedAction, FollowUp

CHECK_NOTICE_DAYS = 30
SELF_ASSESSMENT_NOTICE_DAYS = 7
ACTION_NOTICE_DAYS = 7


def _link(name: str, pk: int) -> str:
    return settings.SITE_URL + reverse(name, args=[pk])


def _provider_people(provider_ids) -> dict[int, list[str]]:
    return {
        provider_id: [person.email for person in people if person.email]
        for provider_id, people in access.provider_people(provider_ids).items()
    }


def send_reminders(today: datetime.date) -> int:
    sent = 0
    sent += _register_checks(today)
    sent += _self_assessments(today)
    sent += _actions(today)
    return sent


def _register_checks(today: datetime.date) -> int:
    sent = 0
    horizon = today + datetime.timedelta(days=CHECK_NOTICE_DAYS)
    contracts = (
        Contract.objects.active(today)
        .filter(provider__kind="nonprofit", follow_up_by__isnull=False)
        .select_related("provider", "follow_up_by")
    )
    for contract in contracts:
        for register, name, due in (
            ("police", _("belastningsregistret"), contract.next_police_check),
            ("social", _("socialtjänstens register"), contract.next_social_check),
        ):
            if due is None or due > horizon:
                continue
            overdue = due < today
            context = {
                "contract": contract,
                "register": name,
                "due": due,
                "overdue": overdue,
                "link": _link("requirements:contract", contract.pk),
            }
            subject, body = render_mail("requirements/mail/register_check.txt", context)
            sent += send_once(
                key=f"requirements:contract:{contract.pk}:{register}:{due.isoformat()}:{'overdue' if overdue else 'due'}",
                to=contract.follow_up_by.email,
                subject=subject,
                body=body,
                link=context["link"],
            )
    return sent


def _self_assessments(today: datetime.date) -> int:
    sent = 0
    horizon = today + datetime.timedelta(days=SELF_ASSESSMENT_NOTICE_DAYS)
    follow_ups = list(
        FollowUp.objects.filter(status=FollowUp.Status.SELF_ASSESSMENT, self_assessment_due__lte=horizon).select_related(
            "provider"
        )
    )
    people = _provider_people({f.provider_id for f in follow_ups})
    for follow_up in follow_ups:
        for email in people.get(follow_up.provider_id, []):
            context = {"follow_up": follow_up, "link": _link("requirements:follow_up", follow_up.pk)}
            subject, body = render_mail("requirements/mail/self_assessment.txt", context)
            sent += send_once(
                key=f"requirements:self:{follow_up.pk}:{follow_up.self_assessment_due.isoformat()}:{email}",
                to=email,
                subject=subject,
                body=body,
                link=context["link"],
            )
    return sent


def _actions(today: datetime.date) -> int:
    sent = 0
    horizon = today + datetime.timedelta(days=ACTION_NOTICE_DAYS)
    actions = list(
        DemandedAction.objects.filter(
            status=DemandedAction.Status.OPEN,
            follow_up__status=FollowUp.Status.COMPLETED,
            due_date__lte=horizon,
            follow_up__provider__isnull=False,
        ).select_related("follow_up")
    )
    people = _provider_people({a.follow_up.provider_id for a in actions})
    for action in actions:
        state = "overdue" if action.due_date < today else "due"
        for email in people.get(action.follow_up.provider_id, []):
            context = {"action": action, "overdue": state == "overdue", "link": _link("requirements:action", action.pk)}
            subject, body = render_mail("requirements/mail/demanded_action.txt", context)
            sent += send_once(
                key=f"requirements:action:{action.pk}:{action.due_date.isoformat()}:{state}:{email}",
                to=email,
                subject=subject,
                body=body,
                link=context["link"],
            )
    return sent
