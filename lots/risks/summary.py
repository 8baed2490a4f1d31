"""Summaries for the annual quality report (*kvalitetsberättelse*): what self-inspection and internal control
found in a year, and the risk analyses made. The reports module reads these; they only read."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count

from lots import access
from lots.risks.compliance import compliance_for
from lots.risks.models import ControlActivity, ControlRound, RiskAnalysis


@dataclass(frozen=True)
class InspectionResult:
    round: ControlRound
    unit_name: str
    title: str
    method: str
    performed_on: object
    percent_met: Decimal | None
    previous_percent_met: Decimal | None
    summary: str
    conclusion: str


def self_inspection_results(user, year: int) -> list[InspectionResult]:
    """Rounds carried out in ``year`` that the person may see, with the overall share met and the previous figure."""
    rounds = access.scope(
        ControlRound.objects.done_in(year).select_related("control_point__plan__unit"),
        user,
        "inspection.view",
        field="control_point__plan__unit",
    ).order_by("control_point__plan__unit__path", "performed_on")
    results = []
    for round_ in rounds:
        compliance = compliance_for(round_)
        point = round_.control_point
        results.append(
            InspectionResult(
                round_,
                point.plan.unit.name,
                point.title,
                point.get_method_display(),
                round_.performed_on,
                compliance.overall.percent,
                compliance.previous_overall.percent if compliance.previous_overall else None,
                round_.summary,
                round_.conclusion,
            )
        )
    return results


def internal_control_activities(user, year: int):
    """The year's control activities in scope, done or not, with their conclusions."""
    return (
        access.scope(ControlActivity.objects.filter(plan__year=year), user, "internalcontrol.view", field="plan__unit")
        .select_related("plan__unit", "responsible")
        .order_by("plan__unit__path", "due_date")
    )


def risk_analyses(user, year: int):
    """The year's risk analyses in scope, with how many risks each found."""
    return (
        access.scope(RiskAnalysis.objects.in_year(year), user, "risk.view")
        .select_related("unit")
        .annotate(risk_count=Count("risks"))
        .order_by("unit__path", "performed_on")
    )
