"""The board's compilation (*sammanställning*) of reports for a unit and its sub-units over a period.

Counts only, never case contents.
"""

import datetime
import statistics
from collections import Counter
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Count
from django.db.models.functions import Cast, TruncMonth
from django.utils import timezone

from lots.deviations.models import Deviation, IvoNotification, LexSarahInvestigation
from lots.improvements.models import ImprovementAction
from lots.organisation.models import Unit
from lots.risks.models import RiskScale


@dataclass
class Compilation:
    unit: Unit
    start: datetime.date
    end: datetime.date
    total: int
    by_category: list[tuple[str, int]]
    by_unit: list[tuple[str, int]]
    by_state: list[tuple[str, int]]
    by_month: list[tuple[datetime.date, int]]
    by_cause: list[tuple[str, int]]
    by_risk: list[tuple[str, int]]
    lex_sarah: int
    by_classification: list[tuple[str, int]]
    ivo_notified: int
    ivo_pending: int
    closed: int
    median_days_to_close: float | None
    mean_days_to_close: float | None
    actions_total: int
    actions_closed: int
    action_titles: list[tuple[str, int]]


def compile_for(unit: Unit, start: datetime.date, end: datetime.date) -> Compilation:
    qs = Deviation.objects.filter(unit__path__startswith=unit.path).reported_between(start, end)
    states = dict(Deviation.State.choices)
    by_state_counts = {row["state"]: row["n"] for row in qs.order_by().values("state").annotate(n=Count("id"))}
    by_category = [
        (row["category__name"] or "Ingen kategori", row["n"])
        for row in qs.values("category__name").annotate(n=Count("id")).order_by("-n", "category__name")
    ]
    by_unit = [
        (row["unit__name"], row["n"])
        for row in qs.values("unit__name", "unit__path").annotate(n=Count("id")).order_by("unit__path")
    ]
    tz = timezone.get_current_timezone()
    by_month = [
        (timezone.localdate(row["month"]) if isinstance(row["month"], datetime.datetime) else row["month"], row["n"])
        for row in qs.annotate(month=TruncMonth("reported_at", tzinfo=tz))
        .values("month")
        .annotate(n=Count("id"))
        .order_by("month")
    ]
    causes: Counter = Counter()
    risk: Counter = Counter()
    scale = RiskScale.for_municipality(unit.municipality)
    cause_labels = dict(Deviation.Cause.choices)
    for cause_list, severity, probability in qs.values_list("causes", "severity", "probability"):
        causes.update(cause_list or [])
        if severity and probability:
            try:
                level = scale.level_for(severity, probability)
            except ValueError:
                continue
            risk[(level.rank, level.name)] += 1
    classifications = dict(LexSarahInvestigation.Classification.choices)
    by_classification = [
        (str(classifications.get(row["lex_sarah__classification"]) or "Inte bedömd ännu"), row["n"])
        for row in qs.filter(lex_sarah__isnull=False).values("lex_sarah__classification").annotate(n=Count("id")).order_by("-n")
    ]
    notifications = IvoNotification.objects.filter(deviation__in=qs)
    durations = [
        (timezone.localdate(closed) - timezone.localdate(reported)).days
        for reported, closed in qs.filter(closed_at__isnull=False).values_list("reported_at", "closed_at")
    ]
    ids = qs.annotate(sid=Cast("pk", CharField())).values("sid")
    actions = ImprovementAction.objects.filter(source_type=ContentType.objects.get_for_model(Deviation), source_id__in=ids)
    return Compilation(
        unit=unit,
        start=start,
        end=end,
        total=sum(by_state_counts.values()),
        by_category=by_category,
        by_unit=by_unit,
        by_state=[(str(states[s]), by_state_counts.get(s, 0)) for s in Deviation.State.values],
        by_month=by_month,
        by_cause=[(str(cause_labels[c]), causes[c]) for c in Deviation.Cause.values if causes[c]],
        by_risk=[(name, n) for (_rank, name), n in sorted(risk.items())],
        lex_sarah=qs.filter(possible_lex_sarah=True).count(),
        by_classification=by_classification,
        ivo_notified=notifications.filter(sent_at__isnull=False).count(),
        ivo_pending=notifications.filter(sent_at__isnull=True).count(),
        closed=len(durations),
        median_days_to_close=statistics.median(durations) if durations else None,
        mean_days_to_close=round(statistics.mean(durations), 1) if durations else None,
        actions_total=actions.count(),
        actions_closed=actions.filter(stage=ImprovementAction.Stage.CLOSED).count(),
        action_titles=Counter(actions.values_list("title", flat=True)).most_common(10),
    )
