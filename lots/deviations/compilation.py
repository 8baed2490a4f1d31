"""The board's compilation (*sammanställning*) of reports for a unit and its sub-units over a period.

Counts only, never case contents.
"""

import datetime
import json
from collections import Counter
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Count, DurationField, ExpressionWrapper, Q, QuerySet, TextField
from django.db.models.functions import Cast, TruncDate, TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _

from lots.deviations.models import Deviation, DeviationCategory, LexSarahInvestigation
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


def compile_for(unit: Unit, start: datetime.date, end: datetime.date, *, within: QuerySet | None = None) -> Compilation:
    """Every figure is counted in the database (GROUP BY); Python only maps the groups to labels.

    ``within`` (units, e.g. the person's scope) narrows the unit's subtree to the units in it.

    A year of a large förvaltning is tens of thousands of reports: reading them into
    Python row by row (as causes, risk levels and days to close once were) costs far more
    than the database's own counting.
    """
    # The subtree's units are read once and the reports filtered by their ids: the database then knows how many
    # units (and so rows) are involved and plans its joins for that, which a LIKE on the path does not tell it.
    subtree = (Unit.objects.all() if within is None else within).subtree(unit)
    units = {pk: (name, path) for pk, name, path in subtree.values_list("pk", "name", "path")}
    qs = Deviation.objects.filter(unit_id__in=sorted(units)).reported_between(start, end).order_by()
    states = dict(Deviation.State.choices)
    # State, category and unit in one pass over the period's rows; the sums per dimension are made here.
    by_state_counts: Counter = Counter()
    by_category_id: Counter = Counter()
    by_unit_id: Counter = Counter()
    lex_sarah = 0
    for row in qs.values("state", "category_id", "unit_id").annotate(
        n=Count("id"), lex=Count("id", filter=Q(possible_lex_sarah=True))
    ):
        by_state_counts[row["state"]] += row["n"]
        by_category_id[row["category_id"]] += row["n"]
        by_unit_id[row["unit_id"]] += row["n"]
        lex_sarah += row["lex"]
    category_names = dict(
        DeviationCategory.objects.filter(pk__in=[pk for pk in by_category_id if pk is not None]).values_list("pk", "name")
    )
    by_category = [
        (category_names[pk] if pk is not None else _("Ingen kategori"), n)
        for pk, n in sorted(by_category_id.items(), key=lambda item: (-item[1], item[0] is None, category_names.get(item[0], "")))
    ]
    by_unit = [(units[pk][0], by_unit_id[pk]) for pk in sorted(by_unit_id, key=lambda pk: units[pk][1])]
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
    # Grouped by the causes' JSON text, so each distinct list is decoded once, and each severity × probability
    # pair is looked up on the scale once.
    decoded: dict = {}
    levels: dict = {}
    groups = qs.annotate(causes_text=Cast("causes", TextField())).values("causes_text", "severity", "probability")
    for row in groups.annotate(n=Count("id")):
        text = row["causes_text"]
        if text not in decoded:
            decoded[text] = json.loads(text) if text else []
        for cause in decoded[text] or []:
            causes[cause] += row["n"]
        pair = (row["severity"], row["probability"])
        if pair[0] and pair[1]:
            if pair not in levels:
                try:
                    levels[pair] = scale.level_for(*pair)
                except ValueError:
                    levels[pair] = None
            if levels[pair] is not None:
                risk[(levels[pair].rank, levels[pair].name)] += row["n"]
    classifications = dict(LexSarahInvestigation.Classification.choices)
    by_classification = [
        (str(classifications.get(row["lex_sarah__classification"]) or _("Inte bedömd ännu")), row["n"])
        for row in qs.filter(lex_sarah__isnull=False).values("lex_sarah__classification").annotate(n=Count("id")).order_by("-n")
    ]
    notifications = qs.filter(ivo_notification__isnull=False).aggregate(
        sent=Count("id", filter=Q(ivo_notification__sent_at__isnull=False)),
        pending=Count("id", filter=Q(ivo_notification__sent_at__isnull=True)),
    )
    # Days from report to closing, by local calendar date, as a histogram.
    days = ExpressionWrapper(
        TruncDate("closed_at", tzinfo=tz) - TruncDate("reported_at", tzinfo=tz), output_field=DurationField()
    )
    histogram = sorted(
        (row["days"].days, row["n"])
        for row in qs.filter(closed_at__isnull=False).annotate(days=days).values("days").annotate(n=Count("id"))
    )
    closed = sum(n for _value, n in histogram)
    ids = qs.annotate(sid=Cast("pk", CharField())).values("sid")
    actions = ImprovementAction.objects.filter(source_type=ContentType.objects.get_for_model(Deviation), source_id__in=ids)
    action_rows = list(actions.order_by("title").values("title", "stage").annotate(n=Count("id")))
    titles: Counter = Counter()
    for row in action_rows:
        titles[row["title"]] += row["n"]
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
        lex_sarah=lex_sarah,
        by_classification=by_classification,
        ivo_notified=notifications["sent"],
        ivo_pending=notifications["pending"],
        closed=closed,
        median_days_to_close=_median(histogram, closed) if closed else None,
        mean_days_to_close=round(sum(value * n for value, n in histogram) / closed, 1) if closed else None,
        actions_total=sum(row["n"] for row in action_rows),
        actions_closed=sum(row["n"] for row in action_rows if row["stage"] == ImprovementAction.Stage.CLOSED),
        action_titles=titles.most_common(10),
    )


def _median(histogram: list[tuple[int, int]], total: int) -> float:
    """The median of the values a sorted (value, count) histogram stands for, as statistics.median would give it."""

    def at(position: int) -> int:
        seen = 0
        for value, n in histogram:
            seen += n
            if position < seen:
                return value
        raise IndexError(position)

    middle = total // 2
    if total % 2:
        return at(middle)
    return (at(middle - 1) + at(middle)) / 2
