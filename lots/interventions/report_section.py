"""The annual quality report's section on service interventions. Each figure is the count of a list in the module
with the filters named beside it, so the report and the lists agree:

- offered: the offer list ("Att erbjuda") narrowed to the unit, on the report's last day;
- external without contract: the register with ``avtal=saknas&enhet=<unit>``;
- participants and consents withdrawn: the yearly counts with ``ar=<year>&enhet=<unit>``, summed;
- reports sent and confirmed: the report list with ``ar=<year>&enhet=<unit>`` (and ``visa=bekraftade``).
"""

from django.db.models import Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lots.interventions.models import Intervention, NeedsReport, YearCount
from lots.reports import blocks
from lots.reports.providers.base import Scope, Section


def figures_for(scope: Scope) -> dict:
    interventions = Intervention.objects.filter(scope.within())
    day = scope.end
    counts = YearCount.objects.filter(intervention__in=interventions, year=scope.year).aggregate(
        participants=Sum("participants"), withdrawn=Sum("withdrawn")
    )
    reports = NeedsReport.objects.filter(scope.within(), sent_on__year=scope.year)
    return {
        "offered": interventions.offerable(day).count(),
        "without_contract": interventions.without_contract(day).count(),
        "participants": counts["participants"] or 0,
        "withdrawn": counts["withdrawn"] or 0,
        "reports_sent": reports.count(),
        "reports_confirmed": reports.confirmed().count(),
    }


class InterventionSection(Section):
    key = "interventions"
    title = gettext_lazy("Serviceinsatser")
    guidance = gettext_lazy(
        "Beskriv vilka serviceinsatser som erbjudits, om någon extern insats saknat avtal, hur samtycken hanterats och "
        "hur förändrade behov har anmälts till myndighetsutövningen."
    )

    def compute(self, scope: Scope) -> dict:
        figures = figures_for(scope)
        rows = list(
            Intervention.objects.filter(scope.within())
            .exclude(status=Intervention.Status.ENDED)
            .select_related("unit", "provider", "contract")
            .order_by("name", "pk")
        )
        result_blocks = [
            blocks.facts(
                [
                    (_("Serviceinsatser som kan erbjudas"), figures["offered"]),
                    (_("Externa insatser utan gällande avtal"), figures["without_contract"]),
                    (_("Deltagare under året (anonymt antal)"), figures["participants"]),
                    (_("Återkallade samtycken under året"), figures["withdrawn"]),
                    (_("Anmälningar om förändrade behov"), figures["reports_sent"]),
                    (_("varav bekräftade av mottagaren"), figures["reports_confirmed"]),
                ]
            )
        ]
        if rows:
            result_blocks.append(
                blocks.table(
                    "interventions",
                    _("Serviceinsatser"),
                    [_("Insats"), _("Enhet"), _("Utförs av"), _("Avtal")],
                    [
                        [
                            i.name,
                            i.unit.name,
                            i.provider.name if i.provider else _("Egen regi"),
                            (_("Gäller") if i.has_contract(scope.end) else _("Saknas")) if i.provider else "–",
                        ]
                        for i in rows
                    ],
                )
            )
        return {"figures": figures, "blocks": result_blocks}


SECTIONS = [InterventionSection()]
