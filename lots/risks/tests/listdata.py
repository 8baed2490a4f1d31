"""Risks, self-inspection rounds and control activities spread over the world's units and over time, with what
each list and overview figure should count, worked out here from the specifications rather than by the code
under test. Shared by the risk module's list tests and the overview's tests."""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from lots.risks.models import ControlRound
from lots.risks.services import control as control_services
from lots.risks.services import inspection as inspection_services
from lots.risks.tests.helpers import make_analysis, make_risk

# The default scale: Låg 1–3, Måttlig 4–7, Hög 8–11, Mycket hög 12–16.
DEFAULT_LEVELS = [("Låg", 1, 3), ("Måttlig", 4, 7), ("Hög", 8, 11), ("Mycket hög", 12, 16)]


def level_of(value: int) -> str:
    return next(name for name, low, high in DEFAULT_LEVELS if low <= value <= high)


@dataclass
class RiskSpec:
    place: str
    days_ago: int
    severity: int
    probability: int

    @property
    def value(self) -> int:
        return self.severity * self.probability


# Inside the overview's twelve months on own or sub, and outside it: other unit, other municipality, too old.
RISKS = [
    RiskSpec("own", 10, 1, 1),  # Låg 1
    RiskSpec("own", 10, 2, 2),  # Måttlig 4
    RiskSpec("own", 10, 3, 3),  # Hög 9
    RiskSpec("own", 10, 4, 4),  # Mycket hög 16
    RiskSpec("own", 10, 3, 4),  # Mycket hög 12
    RiskSpec("sub", 100, 2, 4),  # Hög 8
    RiskSpec("sub", 100, 1, 3),  # Låg 3
    RiskSpec("own", 364, 2, 3),  # Måttlig 6: the oldest day inside the twelve months
    RiskSpec("own", 365, 4, 3),  # one day too old
    RiskSpec("own", 400, 4, 4),
    RiskSpec("other", 5, 4, 4),
    RiskSpec("other", 5, 1, 2),
    RiskSpec("foreign", 5, 4, 4),
]


def build_risks(world) -> list[RiskSpec]:
    today = timezone.localdate()
    analyses = {}
    for spec in RISKS:
        key = (spec.place, spec.days_ago)
        if key not in analyses:
            analyses[key] = make_analysis(
                world, spec.place, performed_on=today - datetime.timedelta(days=spec.days_ago),
                title=f"Analys {spec.place} {spec.days_ago}",
            )
        make_risk(analyses[key], severity=spec.severity, probability=spec.probability)
    return RISKS


def expected_risks_by_level(places=("own", "sub"), within_days: int | None = 364) -> dict[str, int]:
    counts = {name: 0 for name, _low, _high in DEFAULT_LEVELS}
    for spec in RISKS:
        if spec.place in places and (within_days is None or spec.days_ago <= within_days):
            counts[level_of(spec.value)] += 1
    return counts


@dataclass
class ControlSpec:
    place: str
    due: datetime.date
    done: bool
    year_offset: int = 0  # the plan's year relative to this year


def _this_year_dates() -> tuple[datetime.date, datetime.date]:
    """A day before today and one after, both in this year when the calendar allows (on 1 January the "past" day
    is today itself, and counts as not overdue)."""
    today = timezone.localdate()
    past = max(today - datetime.timedelta(days=20), datetime.date(today.year, 1, 1))
    future = min(today + datetime.timedelta(days=20), datetime.date(today.year, 12, 31))
    return past, future


def control_specs() -> list[ControlSpec]:
    year = timezone.localdate().year
    past, future = _this_year_dates()
    return [
        ControlSpec("own", past, True),
        ControlSpec("own", past, False),
        ControlSpec("own", future, False),
        ControlSpec("own", future, True),  # done early
        ControlSpec("own", datetime.date(year, 1, 1), False),
        ControlSpec("sub", past, False),
        ControlSpec("sub", future, False),
        ControlSpec("sub", datetime.date(year, 12, 31), True),
        ControlSpec("other", past, False),
        ControlSpec("other", past, True),
        ControlSpec("foreign", past, False),
        ControlSpec("own", datetime.date(year - 1, 6, 30), False, year_offset=-1),
        ControlSpec("own", datetime.date(year - 1, 3, 31), True, year_offset=-1),
    ]


def expected_progress(specs, places=("own", "sub")) -> dict[str, int]:
    today = timezone.localdate()
    chosen = [s for s in specs if s.place in places and s.year_offset == 0]
    return {
        "total": len(chosen),
        "done": sum(s.done for s in chosen),
        "not_done": sum(not s.done for s in chosen),
        "overdue": sum(not s.done and s.due < today for s in chosen),
    }


def build_rounds(world, actor=None) -> list[ControlSpec]:
    """One self-inspection control point (a checklist, carried out once) per specification."""
    actor = actor or world.persona("kvalitetssamordnare")
    specs = control_specs()
    plans = {}
    for i, spec in enumerate(specs):
        key = (spec.place, spec.due.year)
        if key not in plans:
            plans[key] = inspection_services.inspection_plan_create(actor=actor, unit=world.unit(spec.place), year=spec.due.year)
        point = inspection_services.control_point_create(
            actor=actor, plan=plans[key], title=f"Kontroll {i} {spec.place}", method="routines", frequency=1,
            responsible=actor, first_due=spec.due, criteria=["Rutinen följs"],
        )
        if spec.done:
            round_ = point.rounds.get()
            inspection_services.checklist_save(
                actor=actor, round_=round_, expected_version=None, answers={point.criteria.get().pk: "met"}
            )
            inspection_services.round_complete(
                actor=actor, round_=ControlRound.objects.get(pk=round_.pk), expected_version=None,
                performed_on=timezone.localdate(), summary="Rutinen följs.",
            )
    return specs


def build_activities(world, actor=None) -> list[ControlSpec]:
    """One internal-control activity per specification, in a plan per unit and year."""
    actor = actor or world.persona("kvalitetssamordnare")
    specs = control_specs()
    plans = {}
    for i, spec in enumerate(specs):
        key = (spec.place, spec.due.year)
        if key not in plans:
            plans[key] = control_services.internal_control_plan_create(
                actor=actor, unit=world.unit(spec.place), year=spec.due.year
            )
        activity = control_services.control_activity_create(
            actor=actor, plan=plans[key], risk_description="Beslut utan delegation.", severity=2, probability=2,
            what=f"Aktivitet {i} {spec.place}", method="Stickprov.", responsible=actor, due_date=spec.due,
            reporting="interim",
        )
        if spec.done:
            control_services.control_activity_report_result(
                actor=actor, activity=activity, expected_version=None, performed_on=timezone.localdate(),
                result="Delegationsordningen följdes.", conclusion="no_remarks",
            )
    return specs
