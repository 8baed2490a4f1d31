"""'Mina uppgifter' from the oversight module: the yearly access review a manager still owes for each unit, and the
months of the access log a quality coordinator has not signed off."""

import datetime

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lots.access import review
from lots.home.my_tasks import Task
from lots.lib.dates import add_months
from lots.oversight import reviews
from lots.oversight.calendar_links import ACCESS_REVIEW
from lots.oversight.logs import MONTHS_BACK, months_with_reads
from lots.oversight.models import AccessReview, LogReview
from lots.processes.models import CalendarTask

MODULE = gettext_lazy("Behörigheter och logg")


def _access_reviews(user, today: datetime.date) -> list[Task]:
    units = review.review_duties(user)
    if not units:
        return []
    ids = [u.pk for u in units]
    confirmed = set(AccessReview.objects.filter(unit_id__in=ids, year=today.year).values_list("unit_id", flat=True))
    # Where the yearly calendar has a task for the review, that task is the reminder (and links here).
    in_calendar = set(
        CalendarTask.objects.filter(rule__link=ACCESS_REVIEW, unit_id__in=ids, due_date__year=today.year).values_list(
            "unit_id", flat=True
        )
    )
    due = reviews.due_date(today.year)
    return [
        Task(
            _("Behörighetsuppföljning %(year)s: %(unit)s") % {"year": today.year, "unit": unit.name},
            due,
            reverse("oversight:review", args=[unit.pk]),
            str(MODULE),
            unit.name,
        )
        for unit in units
        if unit.pk not in confirmed and unit.pk not in in_calendar
    ]


def _log_reviews(user, today: datetime.date) -> list[Task]:
    tasks = []
    this_month = today.replace(day=1)
    oldest = add_months(this_month, -MONTHS_BACK)
    for municipality in review.log_review_municipalities(user):
        with_reads = months_with_reads(municipality, oldest, this_month)
        signed = set(LogReview.objects.filter(municipality=municipality, year__gte=oldest.year).values_list("year", "month"))
        for year, month in sorted(with_reads - signed):
            first = datetime.date(year, month, 1)
            due = add_months(first, 2) - datetime.timedelta(days=1)
            tasks.append(
                Task(
                    _("Logguppföljning %(month)s, %(municipality)s")
                    % {"month": f"{year}-{month:02d}", "municipality": municipality.name},
                    due,
                    reverse("oversight:log_month", args=[municipality.pk, year, month]),
                    str(MODULE),
                    municipality.name,
                )
            )
    return tasks


def tasks_for(user, today: datetime.date) -> list[Task]:
    if not getattr(user, "is_authenticated", False):
        return []
    return _access_reviews(user, today) + _log_reviews(user, today)
