"""'Mina uppgifter' from the rounds module: a person's actions from rounds that are due within two weeks or overdue;
for a unit's manager, the yearly follow-up of the work-environment work still to be made (due by the end of January
after the year; shown from December); for a department head, this year's and last year's action plan of their
department not yet decided while it holds actions (due a month after the year's first round with actions)."""

import datetime

from django.db.models import Min
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lots import access
from lots.access.policy import DEPARTMENT_HEADS, MANAGERS
from lots.home.my_tasks import Task
from lots.organisation.models import Unit
from lots.processes.models import CalendarTask
from lots.rounds.calendar_links import YEARLY_FOLLOWUP
from lots.rounds.models import Action, DepartmentPlan, YearlyFollowUp
from lots.rounds.queries import FOLLOWUP_KINDS, plan_actions

MODULE = gettext_lazy("Skydds- och brandskyddsronder")
DUE_SOON = datetime.timedelta(days=14)


def followup_due(year: int) -> datetime.date:
    return datetime.date(year + 1, 1, 31)


def _actions(user, today: datetime.date) -> list[Task]:
    actions = (
        Action.objects.not_done()
        .filter(owner=user, due_date__lte=today + DUE_SOON, finding__round__unit__closed_at__isnull=True)
        .select_related("finding__round__unit")
        .order_by("due_date", "pk")
    )
    return [
        Task(
            _("Åtgärd från rond: %(what)s") % {"what": str(a)},
            a.due_date,
            reverse("rounds:detail", args=[a.finding.round_id]) + f"#iakttagelse-{a.finding_id}",
            str(MODULE),
            a.finding.round.unit.name,
        )
        for a in actions
    ]


def followup_units(user) -> list[Unit]:
    """The units whose yearly follow-up the person makes: the departments and enheter where they hold a manager's
    role."""
    found = {
        a.unit_id: a.unit
        for a in access.assignments_with(user, roles=MANAGERS)
        if a.unit.kind in FOLLOWUP_KINDS and access.can(user, "rounds.change", a.unit)
    }
    return sorted(found.values(), key=lambda u: u.path)


def _followups(user, today: datetime.date) -> list[Task]:
    years = [y for y in (today.year - 1, today.year) if today >= datetime.date(y, 12, 1)]
    units = followup_units(user) if years else []
    if not units:
        return []
    done = set(YearlyFollowUp.objects.filter(unit__in=units, year__in=years).values_list("unit_id", "year"))
    # Where the yearly calendar has a task for the follow-up, that task is the reminder (and links here).
    done |= {
        (unit_id, due.year)
        for unit_id, due in CalendarTask.objects.filter(
            rule__link=YEARLY_FOLLOWUP, unit__in=units, due_date__year__in=years
        ).values_list("unit_id", "due_date")
    }
    return [
        Task(
            _("Årlig uppföljning av arbetsmiljöarbetet %(year)s: %(unit)s") % {"year": year, "unit": unit.name},
            followup_due(year),
            reverse("rounds:followup", args=[unit.pk, year]),
            str(MODULE),
            unit.name,
        )
        for year in years
        for unit in units
        if (unit.pk, year) not in done
    ]


def _plans(user, today: datetime.date) -> list[Task]:
    departments = {
        a.unit_id: a.unit
        for a in access.assignments_with(user, roles=DEPARTMENT_HEADS)
        if a.unit.kind == Unit.Kind.AVDELNING and access.can(user, "rounds.decide", a.unit)
    }
    tasks = []
    for year in (today.year - 1, today.year):
        decided = set(
            DepartmentPlan.objects.filter(unit__in=departments.values(), year=year, decided_on__isnull=False).values_list(
                "unit_id", flat=True
            )
        )
        for department in sorted(departments.values(), key=lambda u: u.path):
            if department.pk in decided:
                continue
            first = plan_actions(department, year).aggregate(first=Min("finding__round__held_on"))["first"]
            if first is None:
                continue
            tasks.append(
                Task(
                    _("Besluta handlingsplanen %(year)s: %(unit)s") % {"year": year, "unit": department.name},
                    first + datetime.timedelta(days=30),
                    reverse("rounds:plan", args=[department.pk, year]),
                    str(MODULE),
                    department.name,
                )
            )
    return tasks


def tasks_for(user, today: datetime.date) -> list[Task]:
    if not getattr(user, "is_authenticated", False):
        return []
    return _actions(user, today) + _followups(user, today) + _plans(user, today)
