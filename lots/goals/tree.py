"""The goal tree of a unit and year: goal areas → result goals → activities, as the plan and the board read it.

The goals that apply at a unit are those decided on it or above it (the board's result goals that a department works
towards) and those decided on a unit below it; its activities are those of the unit and every unit below it. An
activity that serves a requirement of the law list and none of these goals is listed under the law list. Every list is
a query over the whole subtree (a fixed number of queries, whatever the size of the förvaltning).
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q, QuerySet

from lots.goals.models import Activity, ActivityReport, FollowUp, GoalArea, GoalAssessment, ResultGoal
from lots.organisation.models import Unit


def goals_at(unit: Unit, year: int) -> QuerySet:
    """Result goals that apply at ``unit`` in ``year``: decided on it, above it or below it."""
    return ResultGoal.objects.filter(Q(unit_id__in=unit.ancestor_ids()) | Q(unit__path__startswith=unit.path), year=year)


def activities_at(unit: Unit, year: int) -> QuerySet:
    """Activities of ``unit`` and every unit below it in ``year``."""
    return Activity.objects.filter(unit__path__startswith=unit.path, year=year)


def own_goals(unit: Unit, year: int) -> QuerySet:
    """The goals that belong to the unit's own plan (decided on the unit itself)."""
    return ResultGoal.objects.filter(unit=unit, year=year)


def own_activities(unit: Unit, year: int) -> QuerySet:
    return Activity.objects.filter(unit=unit, year=year)


@dataclass
class GoalNode:
    goal: ResultGoal
    activities: list[Activity] = field(default_factory=list)
    assessment: GoalAssessment | None = None


@dataclass
class AreaNode:
    area: GoalArea
    goals: list[GoalNode] = field(default_factory=list)


@dataclass
class Tree:
    unit: Unit
    year: int
    areas: list[AreaNode]
    law_activities: list[Activity]
    follow_up: FollowUp | None = None
    reports: dict[int, ActivityReport] = field(default_factory=dict)

    @property
    def goals(self) -> list[GoalNode]:
        return [node for area in self.areas for node in area.goals]

    @property
    def activities(self) -> list[Activity]:
        """Every activity once, in the order of the tree."""
        seen: dict[int, Activity] = {}
        for node in self.goals:
            for activity in node.activities:
                seen.setdefault(activity.pk, activity)
        for activity in self.law_activities:
            seen.setdefault(activity.pk, activity)
        return list(seen.values())

    def counts(self) -> dict:
        """The figures the documents and the report section print, from the same lists the page shows."""
        activities = self.activities
        by_status = dict.fromkeys(Activity.Status.values, 0)
        for activity in activities:
            by_status[self.status_of(activity)] += 1
        by_assessment = dict.fromkeys(GoalAssessment.Assessment.values, 0)
        for node in self.goals:
            if node.assessment is not None:
                by_assessment[node.assessment.assessment] += 1
        return {
            "areas": len([area for area in self.areas if area.goals]),
            "goals": len(self.goals),
            "activities": len(activities),
            "activities_by_status": by_status,
            "goals_by_assessment": by_assessment,
            "goals_not_assessed": len([node for node in self.goals if node.assessment is None]),
        }

    def status_of(self, activity: Activity) -> str:
        """The activity's status as the follow-up reported it, or as it stands when the tree has no follow-up."""
        report = self.reports.get(activity.pk)
        return report.status if report is not None else activity.status


def latest_follow_up(unit: Unit, year: int) -> FollowUp | None:
    """The unit's latest follow-up of the year: the latest established one, or else the latest draft."""
    follow_ups = list(FollowUp.objects.filter(unit=unit, year=year).select_related("established_by"))
    order = {FollowUp.Period.T1: 1, FollowUp.Period.T2: 2, FollowUp.Period.YEAR: 3}
    established = [f for f in follow_ups if f.is_established]
    candidates = established or follow_ups
    return max(candidates, key=lambda f: order[f.period]) if candidates else None


def build(unit: Unit, year: int, *, follow_up: FollowUp | None | bool = True) -> Tree:
    """The tree of ``unit`` in ``year``. ``follow_up``: a follow-up whose assessments and activity statuses the tree
    carries, True for the unit's latest (``latest_follow_up``), or None/False for none."""
    if follow_up is True:
        follow_up = latest_follow_up(unit, year)
    follow_up = follow_up or None
    activities = (
        activities_at(unit, year).select_related("unit", "owner").prefetch_related("laws").order_by("starts_on", "title", "pk")
    )
    goals = list(
        goals_at(unit, year)
        .select_related("area", "unit")
        .prefetch_related(Prefetch("activities", queryset=activities, to_attr="planned"))
        .order_by("area__number", "area__name", "number", "pk")
    )
    assessments: dict[int, GoalAssessment] = {}
    reports: dict[int, ActivityReport] = {}
    if follow_up is not None:
        assessments = {a.goal_id: a for a in GoalAssessment.objects.filter(follow_up=follow_up)}
        reports = {r.activity_id: r for r in ActivityReport.objects.filter(follow_up=follow_up)}
    areas: dict[int, AreaNode] = {}
    for area in GoalArea.objects.filter(municipality_id=unit.municipality_id, year=year).order_by("number", "name"):
        areas[area.pk] = AreaNode(area)
    in_tree: set[int] = set()
    for goal in goals:
        node = GoalNode(goal, list(goal.planned), assessments.get(goal.pk))
        in_tree.update(a.pk for a in node.activities)
        areas.setdefault(goal.area_id, AreaNode(goal.area)).goals.append(node)
    law_activities = [a for a in activities.filter(laws__isnull=False).distinct() if a.pk not in in_tree]
    return Tree(unit, year, list(areas.values()), law_activities, follow_up, reports)


def snapshot(tree: Tree) -> dict:
    """The tree as plain data: what a plan version or an established follow-up keeps, never to change again."""

    def day(value: datetime.date | None) -> str | None:
        return value.isoformat() if value else None

    def activity_data(activity: Activity) -> dict:
        return {
            "id": activity.pk,
            "title": activity.title,
            "unit": activity.unit.name,
            "owner": activity.owner.get_full_name() or activity.owner.get_username(),
            "starts_on": day(activity.starts_on),
            "ends_on": day(activity.ends_on),
            "status": tree.status_of(activity),
            "budget_amount": str(activity.budget_amount) if activity.budget_amount is not None else None,
            "laws": [law.reference for law in activity.laws.all()],
            "comment": tree.reports[activity.pk].comment if activity.pk in tree.reports else "",
        }

    return {
        "unit": tree.unit.name,
        "year": tree.year,
        "areas": [
            {
                "id": node.area.pk,
                "number": node.area.number,
                "name": node.area.name,
                "goals": [
                    {
                        "id": goal.goal.pk,
                        "number": goal.goal.number,
                        "title": goal.goal.title,
                        "unit": goal.goal.unit.name,
                        "concerns_clients": goal.goal.concerns_clients,
                        "decided_by": goal.goal.decided_by,
                        "decision_date": day(goal.goal.decision_date),
                        "decision_reference": goal.goal.decision_reference,
                        "assessment": goal.assessment.assessment if goal.assessment else None,
                        "analysis": goal.assessment.analysis if goal.assessment else "",
                        "activities": [activity_data(a) for a in goal.activities],
                    }
                    for goal in node.goals
                ],
            }
            for node in tree.areas
        ],
        "law_activities": [activity_data(a) for a in tree.law_activities],
        "counts": tree.counts(),
    }
