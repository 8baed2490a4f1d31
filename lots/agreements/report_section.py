"""The annual quality report's section on collaboration agreements (SOSFS 2011:9 4 kap. 5–6 §§; Katrineholm §1.1).

Its figures are the register's lists for the report's unit as they stand when the report is made: the agreements
that apply at the unit (decided on it, above it or on a part of it) in force, past their review, and without a legal
assessment finding no obstacle, and the collaboration entries of the processes and routines that apply there without
a written agreement. A reader who sees the whole unit finds the same numbers with the same filters in the lists.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lots.agreements.collaborations import entries_at
from lots.agreements.models import Agreement
from lots.reports import blocks
from lots.reports.providers.base import Scope, Section


def agreements_at(scope: Scope):
    return Agreement.objects.filter(municipality_id=scope.unit.municipality_id).concerning(scope.unit)


def _parties(agreement: Agreement) -> str:
    return ", ".join(p.name for p in agreement.parties.all()) or "–"


def _date(value) -> str:
    return value.isoformat() if value else "–"


class AgreementSection(Section):
    key = "agreements"
    title = gettext_lazy("Samverkansöverenskommelser")
    guidance = gettext_lazy(
        "Beskriv hur samverkan med andra nämnder, regionen, skolan, polisen och andra säkras: vilka överenskommelser "
        "som gäller, hur de följts upp under året, och vad som görs åt samverkan som saknar skriftlig överenskommelse."
    )

    def compute(self, scope: Scope) -> dict:
        agreements = agreements_at(scope).prefetch_related("parties")
        in_force = list(agreements.in_force(scope.today).order_by("title", "pk"))
        overdue = list(agreements.review_overdue(scope.today).order_by("review_date", "pk"))
        unassessed = list(agreements.without_assessment().order_by("title", "pk"))
        missing = entries_at(scope.unit, missing=True)
        missing_processes, missing_routines = missing.processes.count(), missing.routines.count()
        figures = {
            "in_force": len(in_force),
            "review_overdue": len(overdue),
            "without_assessment": len(unassessed),
            "collaboration_without_agreement": missing_processes + missing_routines,
        }
        result = [
            blocks.text(
                _("Läget när berättelsen togs fram, %(day)s, som i registret av överenskommelser.")
                % {"day": scope.today.isoformat()}
            ),
            blocks.facts(
                [
                    (_("Överenskommelser som gäller"), figures["in_force"]),
                    (_("Gällande överenskommelser vars översyn är försenad"), figures["review_overdue"]),
                    (_("Överenskommelser utan rättslig bedömning"), figures["without_assessment"]),
                    (_("Samverkan i processer utan skriftlig överenskommelse"), missing_processes),
                    (_("Samverkan i rutiner utan skriftlig överenskommelse"), missing_routines),
                ]
            ),
        ]
        if in_force:
            result.append(
                blocks.table(
                    "agreements_in_force",
                    _("Överenskommelser som gäller"),
                    [_("Överenskommelse"), _("Område"), _("Parter"), _("Nästa översyn")],
                    [[a.title, a.area, _parties(a), _date(a.review_date)] for a in in_force],
                )
            )
        if overdue:
            result.append(
                blocks.table(
                    "agreements_review_overdue",
                    _("Översyn försenad"),
                    [_("Överenskommelse"), _("Skulle ses över senast")],
                    [[a.title, _date(a.review_date)] for a in overdue],
                )
            )
        if unassessed:
            result.append(
                blocks.table(
                    "agreements_without_assessment",
                    _("Utan rättslig bedömning som visar att inget hinder finns"),
                    [_("Överenskommelse"), _("Status"), _("Bedömning")],
                    [[a.title, a.get_status_display(), a.get_legal_conclusion_display()] for a in unassessed],
                )
            )
        if not (in_force or overdue or unassessed or figures["collaboration_without_agreement"]):
            result = [blocks.text(_("Inga samverkansöverenskommelser är registrerade för enheten."))]
        return {"figures": figures, "blocks": result}


SECTIONS = [AgreementSection()]
