"""The annual quality report's section on safety and fire-safety rounds: rounds held per kind, the findings of the
year's rounds open and closed, and their actions overdue. Each figure is the count of the module's list with the same
filters (lots.rounds.lists), so the report and the lists agree."""

from django.db.models import Count, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lots.reports import blocks
from lots.reports.providers.base import Scope, Section
from lots.rounds.models import Action, Finding, Kind, Round


def rounds_in(scope: Scope):
    return Round.objects.filter(unit__path__startswith=scope.unit.path, held_on__year=scope.year)


class RoundsSection(Section):
    key = "rounds"
    title = gettext_lazy("Skydds- och brandskyddsronder")
    guidance = gettext_lazy(
        "Beskriv vad årets skyddsronder och brandskyddsronder visade, vilka risker som åtgärdats och vad som återstår."
    )

    def compute(self, scope: Scope) -> dict:
        by_kind = dict(rounds_in(scope).values_list("kind").annotate(n=Count("pk")).order_by())
        findings = Finding.objects.filter(round__in=rounds_in(scope)).aggregate(
            open=Count("pk", filter=Q(closed_on__isnull=True)), closed=Count("pk", filter=Q(closed_on__isnull=False))
        )
        overdue = Action.objects.filter(finding__round__in=rounds_in(scope)).overdue(scope.today).count()
        figures = {
            "rounds": {kind: by_kind.get(kind, 0) for kind in Kind.values},
            "findings_open": findings["open"],
            "findings_closed": findings["closed"],
            "actions_overdue": overdue,
        }
        facts = [(_("%(kind)s under året") % {"kind": label}, figures["rounds"][kind]) for kind, label in Kind.choices]
        facts += [
            (_("Iakttagelser från årets ronder som är öppna"), findings["open"]),
            (_("Iakttagelser från årets ronder som är avslutade"), findings["closed"]),
            (_("Åtgärder som skulle ha varit klara"), overdue),
        ]
        return {"figures": figures, "blocks": [blocks.facts(facts)]}


SECTIONS = [RoundsSection()]
