"""'Mina uppgifter' from the risk module: the yearly client-perspective analysis a department head still owes,
accepted risks waiting for the person's approval, and controls and follow-ups the person is responsible for."""

import datetime

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lots import access
from lots.accounts.models import Role
from lots.home.my_tasks import Task
from lots.organisation.models import Unit
from lots.processes.models import CalendarTask
from lots.risks.calendar_links import YEARLY_ANALYSIS
from lots.risks.models import ControlActivity, ControlRound, FollowUpItem, Risk, RiskAnalysis
from lots.risks.views.overview import missing_title, yearly_due, yearly_start_url

MODULE = gettext_lazy("Risker och kontroll")
HORIZON = datetime.timedelta(days=30)


def _yearly_analyses(user, today: datetime.date) -> list[Task]:
    held = access.assignments_with(user, roles=[Role.AVDELNINGSCHEF])
    department_ids = [a.unit_id for a in held if a.unit.kind == Unit.Kind.AVDELNING]
    if not department_ids:
        return []
    missing = RiskAnalysis.objects.departments_without_yearly(Unit.objects.filter(pk__in=department_ids), today.year)
    # Where the yearly calendar has a task for this analysis, that task is the reminder (and links here).
    calendar = CalendarTask.objects.filter(rule__link=YEARLY_ANALYSIS, unit_id__in=department_ids, due_date__year=today.year)
    in_calendar = set(calendar.values_list("unit_id", flat=True))
    tasks = []
    for unit in missing.order_by("path"):
        if unit.pk in in_calendar:
            continue
        started = unit.yearly_started_id is not None
        url = reverse("risks:analysis", args=[unit.yearly_started_id]) if started else yearly_start_url(unit)
        tasks.append(Task(missing_title(unit, started), yearly_due(today.year), url, MODULE, unit.name))
    return tasks


def tasks_for(user, today: datetime.date) -> list[Task]:
    if not getattr(user, "is_authenticated", False):
        return []
    tasks = _yearly_analyses(user, today)
    approvals = Risk.objects.filter(
        approver=user, treatment=Risk.Treatment.ACCEPT, approved_at__isnull=True, analysis__status=RiskAnalysis.Status.IN_PROGRESS
    ).select_related("analysis__unit")
    for risk in approvals:
        tasks.append(
            Task(
                _("Godkänn att %(label)s i ”%(analysis)s” accepteras") % {"label": risk.label, "analysis": risk.analysis.title},
                today,
                reverse("risks:risk", args=[risk.pk]),
                MODULE,
                risk.analysis.unit.name,
            )
        )
    horizon = today + HORIZON
    rounds = (
        ControlRound.objects.open()
        .filter(control_point__responsible=user, due_date__lte=horizon)
        .select_related("control_point__plan__unit")
    )
    for round_ in rounds:
        tasks.append(
            Task(
                _("Egenkontroll: %(title)s") % {"title": round_.control_point.title},
                round_.due_date,
                reverse("risks:round", args=[round_.pk]),
                MODULE,
                round_.control_point.plan.unit.name,
            )
        )
    activities = ControlActivity.objects.unfinished().filter(responsible=user, due_date__lte=horizon).select_related("plan__unit")
    for activity in activities:
        tasks.append(
            Task(
                _("Internkontroll: %(what)s") % {"what": activity},
                activity.due_date,
                reverse("risks:activity_result", args=[activity.pk]),
                MODULE,
                activity.plan.unit.name,
            )
        )
    items = (
        FollowUpItem.objects.exclude(status=FollowUpItem.Status.DONE)
        .filter(who=user, due_date__lte=horizon)
        .select_related("plan__unit")
    )
    for item in items:
        tasks.append(
            Task(
                _("Uppföljning: %(what)s") % {"what": item},
                item.due_date,
                reverse("risks:followup_item_progress", args=[item.pk]),
                MODULE,
                item.plan.unit.name,
            )
        )
    return tasks
