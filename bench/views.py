"""Views that exist only in the benchmark: the framework ceiling, and the control-chart data a report page will use.

The control-chart page belongs to the reports module, which is not built yet. Until it
is, ``control_chart_data`` serves the aggregate that page will need — monthly report
counts for a unit and its sub-units, with C-chart limits — through the same access
check, the same query shape as the board's compilation (``by_month``) and the read
replica, so that its cost is measured honestly. It is labelled as a bench view in the results.
"""

import datetime

from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.http import Http404, HttpResponse, JsonResponse
from django.utils import timezone

from lots import access
from lots.core.db_router import reads_from_replica
from lots.deviations.models import Deviation
from lots.lib import spc

MONTHS = 36


def minimal(request):
    """The framework ceiling: the same middleware stack and server, no database work."""
    return HttpResponse("ok", content_type="text/plain")


@login_required
def minimal_logged_in(request):
    """The floor of every logged-in page: session and user read, session saved again (SESSION_SAVE_EVERY_REQUEST)."""
    return HttpResponse("ok", content_type="text/plain")


def monthly_counts(unit, start: datetime.date, end: datetime.date) -> list[tuple[datetime.date, int]]:
    """Reports per calendar month (local time) in ``unit``'s subtree, computed in SQL; months without reports count 0."""
    tz = timezone.get_current_timezone()
    rows = (
        Deviation.objects.filter(unit__path__startswith=unit.path)
        .reported_between(start, end)
        .annotate(month=TruncMonth("reported_at", tzinfo=tz))
        .values("month")
        .annotate(n=Count("id"))
        .order_by("month")
    )
    found = {}
    for row in rows:
        month = row["month"]
        found[timezone.localdate(month) if isinstance(month, datetime.datetime) else month] = row["n"]
    months, day = [], start.replace(day=1)
    while day <= end:
        months.append((day, found.get(day, 0)))
        day = (day + datetime.timedelta(days=32)).replace(day=1)
    return months


def chart_period(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The last MONTHS whole months before the current one."""
    end = today.replace(day=1) - datetime.timedelta(days=1)
    start = end.replace(day=1)
    for _ in range(MONTHS - 1):
        start = (start - datetime.timedelta(days=1)).replace(day=1)
    return start, end


@login_required
@reads_from_replica
def control_chart_data(request, unit_id: int):
    unit = access.visible_units(request.user, "deviation.statistics").filter(pk=unit_id).first()
    if unit is None:
        raise Http404
    start, end = chart_period(timezone.localdate())
    counts = monthly_counts(unit, start, end)
    chart = spc.c_chart([n for _month, n in counts])
    runs = spc.run_chart([n for _month, n in counts])
    return JsonResponse(
        {
            "unit": unit.name,
            "months": [month.isoformat() for month, _n in counts],
            "counts": [n for _month, n in counts],
            "centre": chart.centre,
            "upper": chart.upper[0],
            "lower": chart.lower[0],
            "outside": chart.outside,
            "run_signal": runs.has_signal,
        }
    )
