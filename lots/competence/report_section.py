"""Kompetens och medarbetarsamtal in the annual quality report: of the staff employed on the unit and below it at the
end of the year (today, for the current year), how many had an appraisal during the year and how many have an
individual plan for it; the supervision offered and the students on placement during the year.

Each figure is a list's count with the unit and the year as filters (lots.competence.lists), so the report and the
lists agree: ``list_filters`` gives the list's filter values behind each figure.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lots.competence.lists import narrow_period, narrow_status
from lots.competence.models import Student, Supervision
from lots.reports import blocks
from lots.reports.providers.base import Scope, Section, percent
from lots.staff.models import Employment

# The status list's "show" filter behind each staff figure; "" is everyone.
STAFF_FIGURES = {"staff": "", "appraised": "appraised", "with_plan": "with_plan", "overdue": "overdue"}


def list_filters(key: str, unit, year: int) -> dict:
    """The filter values of the list whose count is figure ``key``."""
    if key in STAFF_FIGURES:
        return {"unit": unit.pk, "year": year, "show": STAFF_FIGURES[key]}
    return {"unit": unit.pk, "year": year}


def figures_for(unit, year: int) -> dict:
    """The section's figures, counted with the lists' own filters (without a person's scope: the report covers the
    unit as a whole)."""

    def staff(show: str) -> int:
        data = {"unit": unit, "year": year, "show": show, "q": ""}
        return narrow_status(Employment.objects.all(), data, None).count()

    period = {"unit": unit, "year": year}
    figures = {key: staff(show) for key, show in STAFF_FIGURES.items()}
    figures["supervision"] = narrow_period(Supervision.objects.all(), period, None).count()
    figures["students"] = narrow_period(Student.objects.all(), period, None).count()
    return figures


class CompetenceSection(Section):
    key = "competence"
    title = gettext_lazy("Kompetens och medarbetarsamtal")
    guidance = gettext_lazy(
        "Beskriv hur medarbetarnas kompetens utvecklades under året: om alla fick sitt medarbetarsamtal och en "
        "individuell plan, vilken handledning som erbjöds och hur praktikanter togs emot. Vad görs åt det som inte blev av?"
    )

    def compute(self, scope: Scope) -> dict:
        figures = figures_for(scope.unit, scope.year)
        staff = figures["staff"]
        rows = [
            [_("Medarbetare vid årets slut"), staff, ""],
            [_("Med medarbetarsamtal under året"), figures["appraised"], _pct(figures["appraised"], staff)],
            [_("Med individuell kompetensutvecklingsplan för året"), figures["with_plan"], _pct(figures["with_plan"], staff)],
            [_("Mer än tolv månader sedan senaste samtalet"), figures["overdue"], _pct(figures["overdue"], staff)],
            [_("Handledning som erbjöds"), figures["supervision"], ""],
            [_("Praktikanter"), figures["students"], ""],
        ]
        return {
            "figures": figures,
            "blocks": [
                blocks.table(
                    "competence",
                    _("Kompetens och medarbetarsamtal"),
                    [_("Mått"), _("Antal"), _("Andel (%)")],
                    rows,
                    numeric=[False, True, True],
                )
            ],
        }


def _pct(part: int, whole: int) -> str:
    value = percent(part, whole)
    return "–" if value is None else str(value).replace(".", ",")


SECTIONS = [CompetenceSection()]
