"""'Mina uppgifter' from goals: the follow-up of a plan due at the end of each tertial and the year, for those who
follow up the unit's plan, until it is established; and the owner's activities past their end date."""

import datetime

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lots import access
from lots.goals.access import FOLLOW_UP
from lots.goals.models import PERIOD_LAST_MONTH, Activity, FollowUp, Period, Plan
from lots.home.my_tasks import Task

MODULE = gettext_lazy("Mål och uppföljning")
# A follow-up is asked for from the period's last month, and is due this many days after the period ends.
DUE_DAYS_AFTER_PERIOD = 30


def period_end(year: int, period: str) -> datetime.date:
    month = PERIOD_LAST_MONTH[Period(period)]
    if month == 12:
        return datetime.date(year, 12, 31)
    return datetime.date(year, month + 1, 1) - datetime.timedelta(days=1)


def due_periods(today: datetime.date) -> list[tuple[int, str, datetime.date]]:
    """(year, period, due date) of the follow-ups asked for on ``today``: from the first day of a period's last month
    until its due date."""
    found = []
    for year in (today.year - 1, today.year):
        for period in Period.values:
            end = period_end(year, period)
            due = end + datetime.timedelta(days=DUE_DAYS_AFTER_PERIOD)
            if end.replace(day=1) <= today <= due:
                found.append((year, period, due))
    return found


def pending_follow_ups(user, today: datetime.date) -> list[tuple[Plan, str, datetime.date]]:
    """Plans the person follows up (``goal.follow_up`` on the plan's unit) whose follow-up of a due period is not
    established yet."""
    units = [a.unit for a in access.assignments_with(user, FOLLOW_UP)]
    if not units:
        return []
    due = due_periods(today)
    if not due:
        return []
    plans = Plan.objects.filter(
        year__in={year for year, _period, _due in due}, state=Plan.State.ESTABLISHED, unit__in=units
    ).select_related("unit")
    established = set(
        FollowUp.objects.filter(state=FollowUp.State.ESTABLISHED, unit__in=units).values_list("unit_id", "year", "period")
    )
    result = []
    for plan in plans:
        for year, period, due_date in due:
            if plan.year == year and (plan.unit_id, year, period) not in established:
                result.append((plan, period, due_date))
    return result


def tasks_for(user, today: datetime.date) -> list[Task]:
    if not getattr(user, "is_authenticated", False):
        return []
    labels = dict(Period.choices)
    tasks = [
        Task(
            _("Följ upp verksamhetsplanen %(period)s %(year)s: %(unit)s")
            % {"period": str(labels[period]).lower(), "year": plan.year, "unit": plan.unit.name},
            due,
            plan.get_absolute_url(),
            str(MODULE),
        )
        for plan, period, due in pending_follow_ups(user, today)
    ]
    late = Activity.objects.filter(
        owner=user, ends_on__lt=today, status__in=[Activity.Status.NOT_STARTED, Activity.Status.ONGOING]
    ).order_by("ends_on", "pk")
    tasks += [
        Task(_("Aktiviteten är försenad: %(title)s") % {"title": a.title}, a.ends_on, a.get_absolute_url(), str(MODULE))
        for a in late
    ]
    return tasks
