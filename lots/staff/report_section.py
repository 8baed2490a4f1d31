"""Introduktion och kontroller vid anställning in the annual quality report: of the employments that started in the
year on the unit and below it, how many had an introduction and finished it, how many confirmed the confidentiality
undertaking, and where a record check was required, how many were done. Each figure is the staff list filtered on
the unit, the year and one status (lots.staff.lists.status_q), so the report and the list agree."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lots.reports import blocks
from lots.reports.providers.base import Scope, Section, percent
from lots.staff.lists import status_q
from lots.staff.models import Employment

# The staff list's filter parameters behind each figure (lots.staff.forms.StaffFilterForm), besides unit and year.
FIGURES = ["introduced", "intro_finished", "intro_unfinished", "signed", "record_required", "record_required_done"]


def list_filters(key: str) -> dict:
    return {"show": "all", "status": key}


def figures_for(unit, year: int) -> dict:
    started = Employment.objects.filter(unit__path__startswith=unit.path, starts_on__year=year)
    return {"started": started.count(), **{key: started.filter(status_q(key)).count() for key in FIGURES}}


class StaffSection(Section):
    key = "staff"
    title = gettext_lazy("Introduktion och kontroller vid anställning")
    guidance = gettext_lazy(
        "Beskriv hur nya medarbetare introducerades, om alla bekräftade förbindelsen om sekretess och tystnadsplikt, "
        "om registerutdrag visades där det krävs, och vad som görs åt det som inte blev klart."
    )

    def compute(self, scope: Scope) -> dict:
        figures = figures_for(scope.unit, scope.year)
        introduced = figures["introduced"]
        rows = [
            [_("Nyanställda under året"), figures["started"], ""],
            [_("Med introduktion i Lots"), introduced, ""],
            [_("Introduktionen klar"), figures["intro_finished"], _pct(figures["intro_finished"], introduced)],
            [_("Introduktionen inte klar"), figures["intro_unfinished"], _pct(figures["intro_unfinished"], introduced)],
            [_("Förbindelsen om sekretess bekräftad"), figures["signed"], _pct(figures["signed"], introduced)],
            [_("Registerutdrag krävdes (arbete med barn)"), figures["record_required"], ""],
            [
                _("Registerutdrag visat där det krävdes"),
                figures["record_required_done"],
                _pct(figures["record_required_done"], figures["record_required"]),
            ],
        ]
        return {
            "figures": figures,
            "blocks": [
                blocks.table(
                    "staff_hiring",
                    _("Introduktion och kontroller vid anställning"),
                    [_("Mått"), _("Antal"), _("Andel (%)")],
                    rows,
                    numeric=[False, True, True],
                )
            ],
        }


def _pct(part: int, whole: int) -> str:
    value = percent(part, whole)
    return "–" if value is None else str(value).replace(".", ",")


SECTIONS = [StaffSection()]
