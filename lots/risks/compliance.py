"""Compliance figures for a self-inspection round.

The rule, stated to the user as well: the share met is *met / (met + not met)*; "not applicable"
answers are left out of both. Per criterion it counts that criterion's answers over all reviewed
records; overall it counts every answer of the round. A round is compared with the previous round
of the same control point, or else with the last round of the same control point (same title and
method) in an earlier year's plan for the unit; criteria are matched by their text.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from django.db.models import Count, Q

from lots.risks.models import Assessment, ControlRound, Criterion

ONE_DECIMAL = Decimal("0.1")


def _decimal(value: Fraction) -> Decimal:
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Tally:
    met: int = 0
    not_met: int = 0
    not_applicable: int = 0

    def __add__(self, other: "Tally") -> "Tally":
        return Tally(self.met + other.met, self.not_met + other.not_met, self.not_applicable + other.not_applicable)

    @property
    def assessed(self) -> int:
        return self.met + self.not_met

    @property
    def rate(self) -> Fraction | None:
        return Fraction(self.met, self.assessed) if self.assessed else None

    @property
    def percent(self) -> Decimal | None:
        """Share met in per cent, one decimal, rounded half up; None when nothing could be assessed."""
        return _decimal(self.rate * 100) if self.rate is not None else None


def change_in_points(current: Tally, previous: Tally | None) -> Decimal | None:
    """Change in percentage points from ``previous``, computed from the exact shares, then rounded."""
    if previous is None or current.rate is None or previous.rate is None:
        return None
    return _decimal((current.rate - previous.rate) * 100)


@dataclass
class CriterionResult:
    criterion: Criterion
    tally: Tally
    previous: Tally | None = None

    @property
    def change(self) -> Decimal | None:
        return change_in_points(self.tally, self.previous)


@dataclass
class Compliance:
    criteria: list[CriterionResult]
    overall: Tally
    previous_round: ControlRound | None = None
    previous_overall: Tally | None = None
    records: int = 0

    @property
    def change(self) -> Decimal | None:
        return change_in_points(self.overall, self.previous_overall)


def _normalise(text: str) -> str:
    return " ".join(text.split()).casefold()


def tallies(round_: ControlRound) -> dict[int, Tally]:
    """Counts per criterion id, in one query."""
    rows = (
        Assessment.objects.filter(round=round_)
        .values("criterion_id")
        .annotate(
            met=Count("pk", filter=Q(answer=Assessment.Answer.MET)),
            not_met=Count("pk", filter=Q(answer=Assessment.Answer.NOT_MET)),
            na=Count("pk", filter=Q(answer=Assessment.Answer.NOT_APPLICABLE)),
        )
        .order_by()
    )
    return {row["criterion_id"]: Tally(row["met"], row["not_met"], row["na"]) for row in rows}


def previous_round(round_: ControlRound) -> ControlRound | None:
    point = round_.control_point
    plan = point.plan
    return (
        ControlRound.objects.filter(status=ControlRound.Status.DONE, control_point__plan__unit_id=plan.unit_id)
        .filter(
            Q(control_point=point, due_date__lt=round_.due_date)
            | Q(
                control_point__plan__year__lt=plan.year,
                control_point__method=point.method,
                control_point__title__iexact=point.title,
            )
        )
        .exclude(pk=round_.pk)
        .select_related("control_point__plan")
        .order_by("-control_point__plan__year", "-due_date", "-pk")
        .first()
    )


def compliance_for(round_: ControlRound, *, compare: bool = True) -> Compliance:
    criteria = list(round_.control_point.criteria.all())
    counts = tallies(round_)
    results = [CriterionResult(c, counts.get(c.pk, Tally())) for c in criteria]
    overall = sum((r.tally for r in results), Tally())
    compliance = Compliance(results, overall, records=round_.records.count())
    if compare:
        before = previous_round(round_)
        if before is not None:
            before_counts = tallies(before)
            by_text = {_normalise(c.text): before_counts.get(c.pk, Tally()) for c in before.control_point.criteria.all()}
            for result in results:
                result.previous = by_text.get(_normalise(result.criterion.text))
            compliance.previous_round = before
            compliance.previous_overall = sum(before_counts.values(), Tally())
    return compliance


def format_percent(value: Decimal | None) -> str:
    """Swedish form: '80 %', '66,7 %', '–' when nothing could be assessed."""
    if value is None:
        return "–"
    text = f"{value.normalize():f}" if value == value.to_integral() else f"{value:.1f}"
    return text.replace(".", ",").replace("-", "−") + "\u00a0%"


def format_points(value: Decimal | None) -> str:
    if value is None:
        return "–"
    sign = "+" if value > 0 else ("−" if value < 0 else "±")
    magnitude = abs(value)
    text = f"{magnitude.normalize():f}" if magnitude == magnitude.to_integral() else f"{magnitude:.1f}"
    return f"{sign}{text.replace('.', ',')}\u00a0procentenheter"
