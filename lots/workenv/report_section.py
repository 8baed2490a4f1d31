"""Fördelning av arbetsmiljöuppgifter in the annual quality report: the delegations of the unit and everything below
it as they stand on the day the report is made. Each figure is the delegation list filtered on the unit and the
same condition (lots.workenv.lists), so the report and the list agree."""

from django.db.models import Count, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lots.reports import blocks
from lots.reports.providers.base import Scope, Section
from lots.workenv.models import Delegation, TaskReturn

# The list's filter parameters behind each figure (lots.workenv.forms.DelegationFilterForm).
LIST_FILTERS = {
    "in_force": {"state": "in_force"},
    "pending": {"state": "pending"},
    "returned": {"show": "returned"},
    "awaiting_answer": {"show": "awaiting_answer"},
    "flagged": {"show": "flagged"},
}


def figures_for(unit) -> dict:
    current = Delegation.objects.current().filter(unit__path__startswith=unit.path)
    counts = current.aggregate(
        in_force=Count("pk", filter=Q(state=Delegation.State.IN_FORCE)),
        pending=Count("pk", filter=Q(state=Delegation.State.PENDING)),
    )
    returns = TaskReturn.objects.filter(delegation__in=current)
    return {
        **counts,
        "returned": current.returned().count(),
        "awaiting_answer": current.awaiting_answer().count(),
        "returns_answered": returns.answered().count(),
        "returns_unanswered": returns.unanswered().count(),
        "flagged": current.needs_owner().count(),
    }


class WorkEnvironmentSection(Section):
    key = "workenv"
    title = gettext_lazy("Fördelning av arbetsmiljöuppgifter")
    guidance = gettext_lazy(
        "Beskriv hur arbetsmiljöuppgifterna är fördelade i linjen, vilka uppgifter som har returnerats och vad som "
        "gjordes åt dem, och hur delegeringar som saknar ägare har lösts."
    )

    def compute(self, scope: Scope) -> dict:
        figures = figures_for(scope.unit)
        rows = [
            [d.reference, d.unit.name, str(d.delegator), str(d.receiver), d.get_state_display(), d.task_count]
            for d in Delegation.objects.current()
            .filter(unit__path__startswith=scope.unit.path)
            .select_related("unit", "delegator", "receiver")
            .annotate(task_count=Count("delegated_tasks"))
            .order_by("unit__path", "pk")
        ]
        result = [
            blocks.facts(
                [
                    (_("Delegeringar som gäller"), figures["in_force"]),
                    (_("Väntar på underskrift"), figures["pending"]),
                    (_("Delegeringar med returnerade uppgifter"), figures["returned"]),
                    (_("Returneringar besvarade"), figures["returns_answered"]),
                    (_("Returneringar som väntar på svar"), figures["returns_unanswered"]),
                    (_("Delegeringar som behöver ny ägare"), figures["flagged"]),
                ]
            )
        ]
        if rows:
            result.append(
                blocks.table(
                    "workenv_delegations",
                    _("Gällande och väntande delegeringar"),
                    [_("Nummer"), _("Ansvarsområde"), _("Från"), _("Till"), _("Status"), _("Uppgifter")],
                    rows,
                    numeric=[False, False, False, False, False, True],
                )
            )
        return {"figures": figures, "blocks": result}


SECTIONS = [WorkEnvironmentSection()]
