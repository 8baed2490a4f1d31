"""'Mina uppgifter' from the management system: calendar tasks, reviews, routines to read, the law-list review, and
routines in force whose collaboration is not documented."""

import datetime

from django.db.models import Min, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from lots.home.my_tasks import Task
from lots.processes import access as paccess
from lots.processes.acknowledgements import pending_for
from lots.processes.calendar import module_link, responsible_q
from lots.processes.models import CalendarTask, Law, Process, Routine

REVIEW_NOTICE_DAYS = 30
DEFAULT_REMIND_DAYS = 14
LONGEST_REMIND_DAYS = 120


def _calendar_tasks(user, today) -> list[Task]:
    tasks = []
    candidates = (
        CalendarTask.objects.open()
        .filter(responsible_q(user), due_date__lte=today + datetime.timedelta(days=LONGEST_REMIND_DAYS))
        .select_related("unit", "rule")
    )
    for task in candidates:
        remind = task.rule.remind_days_before if task.rule else DEFAULT_REMIND_DAYS
        if task.due_date - datetime.timedelta(days=remind) <= today:
            tasks.append(
                Task(
                    title=task.title,
                    due=task.due_date,
                    url=module_link(task) or task.get_absolute_url(),
                    module=_("Årshjul"),
                    unit_name=task.unit.name,
                )
            )
    return tasks


def _reviews(user, today) -> list[Task]:
    horizon = today + datetime.timedelta(days=REVIEW_NOTICE_DAYS)
    tasks = [
        Task(
            title=_("Se över rutinen %(title)s") % {"title": r.title},
            due=r.review_date,
            url=r.get_absolute_url(),
            module=_("Rutiner"),
        )
        for r in Routine.objects.filter(owner=user, current_version__isnull=False, review_date__lte=horizon)
    ]
    tasks += [
        Task(
            title=_("Se över processen %(name)s") % {"name": p.name},
            due=p.review_date,
            url=p.get_absolute_url(),
            module=_("Processer"),
        )
        for p in Process.objects.filter(owner=user, review_date__lte=horizon)
    ]
    return tasks


def _acknowledgements(user, today) -> list[Task]:
    return [
        Task(
            title=_("Läs rutinen %(title)s (version %(number)s)") % {"title": r.title, "number": r.current_version.number},
            due=r.current_version.acknowledge_by or today,
            url=r.get_absolute_url(),
            module=_("Rutiner"),
        )
        for r in pending_for(user, today)
    ]


def _undocumented_collaboration(user, today) -> list[Task]:
    """A routine in force from before the collaboration rule asks its owner to document it (Katrineholm §1.1)."""
    routines = Routine.objects.filter(
        owner=user, current_version__isnull=False, no_collaboration_reason="", collaborations__isnull=True
    )
    return [
        Task(
            title=_("Beskriv samverkan i rutinen %(title)s") % {"title": r.title},
            due=today,
            url=r.get_absolute_url(),
            module=_("Rutiner"),
        )
        for r in routines
    ]


def _law_review(user, today) -> list[Task]:
    tasks = []
    for municipality in paccess.municipalities(user, "law.change"):
        cutoff = today - datetime.timedelta(days=Law.REVIEW_INTERVAL_DAYS - REVIEW_NOTICE_DAYS)
        due = (
            Law.objects.filter(municipality=municipality)
            .filter(Q(last_reviewed_at__isnull=True) | Q(last_reviewed_at__lte=cutoff))
            .filter(Q(repealed_on__isnull=True) | Q(repealed_on__gt=today))
        )
        summary = due.aggregate(first=Min("last_reviewed_at"))
        count = due.count()
        if not count:
            continue
        never = due.filter(last_reviewed_at__isnull=True).exists()
        when = today if never else summary["first"] + datetime.timedelta(days=Law.REVIEW_INTERVAL_DAYS)
        tasks.append(
            Task(
                title=_("Gå igenom laglistan (%(count)s författningar)") % {"count": count},
                due=when,
                url=reverse("processes:laws") + f"?kommun={municipality.slug}",
                module=_("Laglista"),
                unit_name=municipality.name,
            )
        )
    return tasks


def _approvals(user, today) -> list[Task]:
    """Drafts sent for approval on which the person is one of the nearest managers who may establish them."""
    from lots.processes import approvals

    return [
        Task(
            title=_("Fastställ rutinen %(title)s (version %(number)s)") % {"title": d.routine.title, "number": d.number},
            due=approvals.due_date(d),
            url=reverse(
                "processes:compare" if d.routine.current_version_id else "processes:routine_establish", args=[d.routine_id]
            ),
            module=_("Rutiner"),
        )
        for d in approvals.waiting_for(user)
    ]


def tasks_for(user, today: datetime.date) -> list[Task]:
    if not getattr(user, "is_authenticated", False):
        return []
    return (
        _calendar_tasks(user, today)
        + _reviews(user, today)
        + _acknowledgements(user, today)
        + _undocumented_collaboration(user, today)
        + _law_review(user, today)
        + _approvals(user, today)
    )
