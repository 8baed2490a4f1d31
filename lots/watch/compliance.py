"""The share of placements whose deadlines were kept, per month and unit: an indicator other modules can call.

For a month, each unit's placements are read from the newest snapshot imported by the month's last day (by today
for the current month): what Lots knew then. A placement counts when it was going on that day; it was *on time*
when neither its visit nor its reconsideration was overdue that day. The current month's figures are therefore the
due list's: its overdue count with the same unit filter, out of its active placements.

``monthly_compliance`` costs one query for the snapshots and one per month, whatever the number of units.
"""

import calendar
import datetime
import math
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from lots.lib import spc
from lots.lib.dates import day_start
from lots.lib.svgchart import _fmt as fmt_number
from lots.organisation.models import Unit
from lots.watch.models import Placement, Snapshot


@dataclass(frozen=True)
class ComplianceRow:
    unit: Unit
    month: datetime.date  # the month's first day
    evaluated_on: datetime.date  # the month's last day, or today for the current month
    active: int
    overdue: int

    @property
    def on_time(self) -> int:
        return self.active - self.overdue

    @property
    def share(self) -> float | None:
        """Per cent on time, one decimal; None when no placement was going on."""
        return round(100 * self.on_time / self.active, 1) if self.active else None


def month_end(month: datetime.date) -> datetime.date:
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


def monthly_compliance(
    units: Unit | list[Unit], months: list[datetime.date], *, today: datetime.date | None = None
) -> list[ComplianceRow]:
    """One row per unit (with everything below it) and month, in the order given; months after today are left out."""
    today = today or timezone.localdate()
    units = [units] if isinstance(units, Unit) else list(units)
    months = [m.replace(day=1) for m in months if m.replace(day=1) <= today]
    if not units or not months:
        return []
    within = Q()
    for unit in units:
        within |= Q(unit__path__startswith=unit.path)
    history: dict[int, list[tuple[datetime.datetime, int]]] = {}
    for pk, unit_id, taken_at in (
        Snapshot.objects.filter(within).order_by("taken_at", "pk").values_list("pk", "unit_id", "taken_at")
    ):
        history.setdefault(unit_id, []).append((taken_at, pk))
    rows = []
    for month in months:
        day = min(month_end(month), today)
        known = [pk for found in history.values() if (pk := _known(found, day)) is not None]
        by_path: dict[str, tuple[int, int]] = {}
        if known:
            counted = (
                Placement.objects.filter(snapshot_id__in=known)
                .active_on(day)
                .values_list("unit__path")
                .annotate(active=Count("pk"), overdue=Count("pk", filter=Q(next_due__lt=day)))
                .order_by()
            )
            by_path = {path: (active, overdue) for path, active, overdue in counted}
        for unit in units:
            active = sum(a for path, (a, _o) in by_path.items() if path.startswith(unit.path))
            overdue = sum(o for path, (_a, o) in by_path.items() if path.startswith(unit.path))
            rows.append(ComplianceRow(unit, month, day, active, overdue))
    return rows


def _known(found: list[tuple[datetime.datetime, int]], day: datetime.date) -> int | None:
    """The newest snapshot taken by the end of ``day``."""
    limit = day_start(day + datetime.timedelta(days=1))
    known = None
    for taken_at, pk in found:
        if taken_at >= limit:
            break
        known = pk
    return known


def p_chart(on_time: list[int], active: list[int]) -> spc.ControlChart:
    """A P chart of the share on time (in per cent): p̄ = Σ on time / Σ active, limits p̄ ± 3√(p̄(1−p̄)/nᵢ)."""
    if len(on_time) != len(active) or len(active) < 2 or any(n <= 0 for n in active):
        raise ValueError("a P chart needs two or more months with placements")
    mean = sum(on_time) / sum(active)
    values = [100 * k / n for k, n in zip(on_time, active, strict=True)]
    spread = [3 * math.sqrt(mean * (1 - mean) / n) for n in active]
    upper = [100 * min(1.0, mean + s) for s in spread]
    lower = [100 * max(0.0, mean - s) for s in spread]
    outside = [i for i, v in enumerate(values) if v > upper[i] + 1e-9 or v < lower[i] - 1e-9]
    return spc.ControlChart("P", values, 100 * mean, upper, lower, outside)


def chart_block(rows: list[ComplianceRow], block_id: str) -> dict | None:
    """A control chart block (lots.reports.blocks) of one unit's monthly share on time, or None when fewer than
    two months had placements. Its table equivalent lists every month."""
    rows = [r for r in rows if r.active]
    if len(rows) < 2:
        return None
    chart = p_chart([r.on_time for r in rows], [r.active for r in rows])
    unit = rows[0].unit
    labels = [r.month.strftime("%Y-%m") for r in rows]
    outside = [labels[i] for i in chart.outside]
    description = _(
        "%(first)s–%(last)s. Medelvärde %(centre)s %%. Styrgränserna beror på antalet placeringar varje månad. %(signals)s"
    ) % {
        "first": labels[0],
        "last": labels[-1],
        "centre": fmt_number(round(chart.centre, 1)),
        "signals": (_("Utanför styrgränserna: %(months)s.") % {"months": ", ".join(outside)})
        if outside
        else _("Inga punkter utanför styrgränserna."),
    }
    return {
        "type": "chart",
        "id": block_id,
        "chart": "line",
        "title": _("Styrdiagram (P-diagram): andel placeringar med besök och övervägande i tid, per månad, %(unit)s")
        % {"unit": unit.name},
        "description": description,
        "labels": labels,
        "values": [round(v, 2) for v in chart.values],
        "centre": round(chart.centre, 2),
        "upper": [round(v, 2) for v in chart.upper],
        "lower": [round(v, 2) for v in chart.lower],
        "signals": list(chart.outside),
        "centre_label": _("Medelvärde"),
        "table": {
            "headers": [_("Månad"), _("Pågående"), _("I tid"), _("Andel i tid, %"), _("Nedre styrgräns"), _("Övre styrgräns")],
            "rows": [
                [labels[i], r.active, r.on_time, r.share, round(chart.lower[i], 1), round(chart.upper[i], 1)]
                for i, r in enumerate(rows)
            ],
            "numeric": [False, True, True, True, True, True],
        },
    }
