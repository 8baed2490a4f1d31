"""The compilation for the board: counts, the share completed within the deadline, median handling time.

A fixed number of queries whatever the number of cases; the median is taken
over the closed cases' handling days, read as two columns.
"""

import datetime
import statistics
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Count, F, Q, QuerySet
from django.db.models.functions import Cast, TruncDate, TruncMonth
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lots.feedback.models import FeedbackCase

C = FeedbackCase


@dataclass
class Compilation:
    total: int = 0
    closed: int = 0
    open: int = 0
    overdue: int = 0
    decided: int = 0  # closed, or open past the deadline: the cases the deadline can be judged on
    in_time: int = 0
    median_days: float | None = None
    lex_sarah: int = 0
    authority_reports: int = 0
    actions: int = 0
    by_kind: list = field(default_factory=list)
    by_category: list = field(default_factory=list)
    by_channel: list = field(default_factory=list)
    by_sender_role: list = field(default_factory=list)
    by_unit: list = field(default_factory=list)
    by_month: list = field(default_factory=list)

    @property
    def share_in_time(self) -> float | None:
        return round(100 * self.in_time / self.decided) if self.decided else None


def _counts(cases: QuerySet, name: str, choices, *, blank_label=None) -> list[tuple[str, int]]:
    found = dict(cases.order_by().values_list(name).annotate(n=Count("pk")))
    rows = [(label, found.get(value, 0)) for value, label in choices]
    if blank_label is not None and found.get(""):
        rows.append((blank_label, found[""]))
    return rows


def compile_cases(cases: QuerySet, today: datetime.date) -> Compilation:
    result = Compilation()
    closed_on = TruncDate("closed_at", tzinfo=timezone.get_current_timezone())
    totals = cases.order_by().aggregate(
        total=Count("pk"),
        closed=Count("pk", filter=Q(status=C.Status.CLOSED)),
        overdue=Count("pk", filter=~Q(status=C.Status.CLOSED) & Q(due_date__lt=today)),
        lex_sarah=Count("pk", filter=Q(lex_sarah_at__isnull=False)),
        authority=Count("pk", filter=~Q(authority="")),
    )
    result.total, result.closed, result.overdue = totals["total"], totals["closed"], totals["overdue"]
    result.open = result.total - result.closed
    result.lex_sarah, result.authority_reports = totals["lex_sarah"], totals["authority"]
    result.in_time = cases.closed().annotate(closed_on=closed_on).filter(closed_on__lte=F("due_date")).count()
    result.decided = result.closed + result.overdue
    durations = [
        (timezone.localtime(closed).date() - timezone.localtime(received).date()).days
        for received, closed in cases.closed().order_by().values_list("received_at", "closed_at")
    ]
    result.median_days = statistics.median(durations) if durations else None
    result.by_kind = _counts(cases, "kind", C.Kind.choices)
    result.by_category = _counts(cases, "category", C.Category.choices, blank_label=_("Inte klassificerat ännu"))
    result.by_channel = _counts(cases, "channel", C.Channel.choices)
    result.by_sender_role = _counts(cases, "sender_role", C.SenderRole.choices)
    result.actions = _action_count(cases)
    rows = (
        cases.order_by()
        .values("unit__name", "unit__path")
        .annotate(
            total=Count("pk"),
            closed=Count("pk", filter=Q(status=C.Status.CLOSED)),
            overdue=Count("pk", filter=~Q(status=C.Status.CLOSED) & Q(due_date__lt=today)),
            complaints=Count("pk", filter=Q(kind=C.Kind.COMPLAINT)),
        )
        .order_by("unit__path")
    )
    result.by_unit = list(rows)
    months = (
        cases.order_by()
        .annotate(month=TruncMonth("received_at", tzinfo=timezone.get_current_timezone()))
        .values("month")
        .annotate(
            total=Count("pk"),
            complaints=Count("pk", filter=Q(kind=C.Kind.COMPLAINT)),
            praise=Count("pk", filter=Q(kind=C.Kind.PRAISE)),
        )
        .order_by("month")
    )
    result.by_month = list(months)
    return result


def _action_count(cases: QuerySet) -> int:
    from lots.improvements.models import ImprovementAction

    ids = cases.order_by().annotate(key=Cast("pk", CharField())).values("key")
    source_type = ContentType.objects.get_for_model(FeedbackCase)
    return ImprovementAction.objects.filter(source_type=source_type, source_id__in=ids).count()
