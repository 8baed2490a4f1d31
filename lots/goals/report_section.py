"""The annual quality report's goals section: the year's goal tree of the report's unit with the latest follow-up's
assessments (the year-end one once it exists) and the activities' statuses.

Its figures are the counts of ``lots.goals.tree`` for the unit and year, the same lists the plan page and the
verksamhetsberättelse show; an established follow-up's figures come from its frozen snapshot.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lots.goals import tree as goal_tree
from lots.goals.models import Activity, GoalAssessment
from lots.reports import blocks
from lots.reports.providers.base import Scope, Section

STATUS_LABELS = dict(Activity.Status.choices)
ASSESSMENT_LABELS = dict(GoalAssessment.Assessment.choices)


class GoalSection(Section):
    key = "goals"
    title = gettext_lazy("Mål och uppföljning")
    guidance = gettext_lazy(
        "Beskriv hur väl nämndens resultatmål uppnåddes under året, vad analysen visar för kvinnor och män, flickor och "
        "pojkar, och vilka aktiviteter som tas med till nästa års verksamhetsplan."
    )

    def compute(self, scope: Scope) -> dict:
        follow_up = goal_tree.latest_follow_up(scope.unit, scope.year)
        if follow_up is not None and follow_up.is_established:
            snapshot = follow_up.snapshot
        else:
            snapshot = goal_tree.snapshot(goal_tree.build(scope.unit, scope.year, follow_up=follow_up))
        counts = snapshot["counts"]
        figures = {
            "goals": counts["goals"],
            "activities": counts["activities"],
            "goals_by_assessment": counts["goals_by_assessment"],
            "goals_not_assessed": counts["goals_not_assessed"],
            "activities_by_status": counts["activities_by_status"],
            "follow_up": follow_up.period if follow_up else None,
        }
        if not counts["goals"] and not counts["activities"]:
            return {"figures": figures, "blocks": [blocks.text(_("Inga resultatmål eller aktiviteter är planerade för året."))]}
        if follow_up is None:
            basis = _("Ingen uppföljning är gjord för året; målen är inte bedömda.")
        elif follow_up.is_established:
            basis = _("Bedömningarna är från uppföljningen %(period)s, fastställd.") % {
                "period": follow_up.get_period_display().lower()
            }
        else:
            basis = _("Bedömningarna är från uppföljningen %(period)s, som är ett utkast.") % {
                "period": follow_up.get_period_display().lower()
            }
        goal_rows = [
            [
                f"{area['number']}.{goal['number']} {goal['title']}",
                area["name"],
                ASSESSMENT_LABELS.get(goal["assessment"], _("Inte bedömt")),
                len(goal["activities"]),
            ]
            for area in snapshot["areas"]
            for goal in area["goals"]
        ]
        result = [
            blocks.text(basis),
            blocks.facts(
                [(_("Resultatmål"), counts["goals"])]
                + [(ASSESSMENT_LABELS[key], n) for key, n in counts["goals_by_assessment"].items()]
                + [(_("Inte bedömda"), counts["goals_not_assessed"]), (_("Aktiviteter"), counts["activities"])]
                + [(STATUS_LABELS[key], n) for key, n in counts["activities_by_status"].items()]
            ),
            blocks.table(
                "goals_assessed",
                _("Resultatmål och bedömning"),
                [_("Resultatmål"), _("Målområde"), _("Bedömning"), _("Aktiviteter")],
                goal_rows,
                numeric=[False, False, False, True],
            ),
        ]
        return {"figures": figures, "blocks": result}


SECTIONS = [GoalSection()]
