"""Daily e-mail reminders for the management system. Safe to run twice a day: every mail has a once-only key.

- Calendar tasks: once when the rule's reminder window opens, then weekly while overdue.
- Routine and process reviews: once a month ahead, then weekly while overdue (to the owner).
- Routines to read: weekly from a week before the read-by date, to each person who has not confirmed.
- The law list: monthly to the quality coordinators while any law is more than a year from its last review.
It also makes sure the year's calendar tasks exist (and next year's in December).
"""

import datetime
from collections import defaultdict

from django.conf import settings
from django.db.models import Q
from django.urls import reverse

from lots import access
from lots.lib.dates import iso_week_key
from lots.notifications.services import Mail, send_each_once
from lots.organisation.models import Municipality
from lots.processes import services
from lots.processes.acknowledgements import people_asked
from lots.processes.calendar import responsible_people
from lots.processes.models import Acknowledgement, CalendarRule, CalendarTask, Law, Process, Routine

REVIEW_NOTICE_DAYS = 30
READ_NOTICE_DAYS = 7


def _url(path: str) -> str:
    return settings.SITE_URL + path


def _ensure_tasks(today: datetime.date) -> None:
    municipalities = Municipality.objects.filter(pk__in=CalendarRule.objects.filter(active=True).values("unit__municipality_id"))
    for municipality in municipalities:
        services.calendar_generate(actor=None, municipality=municipality, year=today.year)
        if today.month == 12:
            services.calendar_generate(actor=None, municipality=municipality, year=today.year + 1)


def _calendar(today: datetime.date) -> int:
    mails = []
    horizon = today + datetime.timedelta(days=120)
    for task in CalendarTask.objects.open().filter(due_date__lte=horizon).select_related("unit", "rule"):
        remind = task.rule.remind_days_before if task.rule else 14
        if task.due_date - datetime.timedelta(days=remind) > today:
            continue
        overdue = task.due_date < today
        step = f"overdue:{iso_week_key(today)}" if overdue else "upcoming"
        context = {"task": task, "overdue": overdue, "link": _url(task.get_absolute_url())}
        for person in responsible_people(task):
            key = f"calendar:{task.pk}:{person.pk}:{step}"
            mails.append(Mail(key, person.email, template="processes/mail/calendar_task.txt", context=context))
    return send_each_once(mails)


def _reviews(today: datetime.date) -> int:
    mails = []
    horizon = today + datetime.timedelta(days=REVIEW_NOTICE_DAYS)
    items = [
        (f"routine:{r.pk}:{r.review_date}", True, r.title, r.review_date, r.owner, r.get_absolute_url())
        for r in Routine.objects.filter(current_version__isnull=False, review_date__lte=horizon).select_related("owner")
    ] + [
        (f"process:{p.pk}:{p.review_date}", False, p.name, p.review_date, p.owner, p.get_absolute_url())
        for p in Process.objects.filter(review_date__lte=horizon, owner__isnull=False).select_related("owner")
    ]
    for key, is_routine, name, due, owner, path in items:
        if not owner.is_active:
            continue
        overdue = due < today
        step = f"overdue:{iso_week_key(today)}" if overdue else "upcoming"
        context = {"is_routine": is_routine, "name": name, "due": due, "overdue": overdue, "link": _url(path)}
        mails.append(Mail(f"review:{key}:{step}", owner.email, template="processes/mail/review.txt", context=context))
    return send_each_once(mails)


def _reading(today: datetime.date) -> int:
    """A fixed number of queries however many routines: the confirmations in one, each distinct set of units' staff
    once, and the week's keys already used in one per thousand."""
    window = today + datetime.timedelta(days=READ_NOTICE_DAYS)
    due = Routine.objects.filter(current_version__acknowledge_by__lte=window).filter(
        Q(valid_until__isnull=True) | Q(valid_until__gte=today)
    )
    confirmed = defaultdict(set)
    for version_id, user_id in Acknowledgement.objects.filter(version_id__in=due.values("current_version_id")).values_list(
        "version_id", "user_id"
    ):
        confirmed[version_id].add(user_id)
    asked: dict = {}
    week = iso_week_key(today)
    mails = []
    for routine in due.select_related("current_version").prefetch_related("units").order_by("pk"):
        version = routine.current_version
        context = {"routine": routine, "version": version, "link": _url(routine.get_absolute_url())}
        for person in people_asked(routine, memo=asked):
            if person.pk in confirmed[version.pk]:
                continue
            key = f"read:{version.pk}:{person.pk}:{week}"
            mails.append(Mail(key, person.email, template="processes/mail/read_routine.txt", context=context))
    return send_each_once(mails)


def _laws(today: datetime.date) -> int:
    mails = []
    cutoff = today - datetime.timedelta(days=Law.REVIEW_INTERVAL_DAYS)
    for municipality in Municipality.objects.all():
        due = (
            Law.objects.filter(municipality=municipality)
            .filter(Q(last_reviewed_at__isnull=True) | Q(last_reviewed_at__lte=cutoff))
            .filter(Q(repealed_on__isnull=True) | Q(repealed_on__gt=today))
            .count()
        )
        if not due:
            continue
        people = access.people_in([municipality], perm="law.change")
        link = f"{_url(reverse('processes:laws'))}?kommun={municipality.slug}"
        context = {"due": due, "municipality": municipality, "link": link}
        for person in sorted(people, key=lambda u: u.pk):
            key = f"laws:{municipality.pk}:{person.pk}:{today:%Y-%m}"
            mails.append(Mail(key, person.email, template="processes/mail/laws.txt", context=context))
    return send_each_once(mails)


def send_reminders(today: datetime.date) -> int:
    _ensure_tasks(today)
    return _calendar(today) + _reviews(today) + _reading(today) + _laws(today)
