"""Comparisons with other municipalities: öppna jämförelser / Kolada values beside the municipality's own."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lots.reports import blocks
from lots.reports.comparisons import comparison_rows
from lots.reports.providers.base import Scope, Section


class ComparisonSection(Section):
    key = "comparisons"
    title = gettext_lazy("Jämförelser med andra (öppna jämförelser)")
    guidance = gettext_lazy(
        "Kommentera hur kommunens resultat står sig mot riket och andra kommuner, och skillnader mellan kvinnor och män."
    )

    def compute(self, scope: Scope) -> dict:
        code = scope.unit.municipality.code
        rows, others = comparison_rows(code, scope.year)
        figures = {
            "indicators": {r["kpi"]: {"period": r["period"], "own": r["own"], "others": r["others"]} for r in rows},
            "municipality_code": code,
        }
        if not rows:
            return {
                "figures": figures,
                "blocks": [blocks.text(_("Inga jämförelsetal från Kolada är inlästa för kommunen och året."))],
            }
        headers = [_("Nyckeltal"), _("År"), _("Kommunen, totalt"), _("Kvinnor"), _("Män")] + [o["name"] for o in others]
        table_rows = []
        for r in rows:
            own = r["own"]
            table_rows.append(
                [r["label"], r["period"], _number(own.get("T")), _number(own.get("K")), _number(own.get("M"))]
                + [_number(r["others"].get(o["code"])) for o in others]
            )
        return {
            "figures": figures,
            "blocks": [
                blocks.table(
                    "comparisons",
                    _("Kommunens värden bredvid jämförelsevärden (Kolada)"),
                    headers,
                    table_rows,
                    numeric=[False] + [True] * (len(headers) - 1),
                ),
                blocks.text(_("Källa: Kolada (RKA), öppna jämförelser. Senaste år med värde för kommunen, högst rapportåret.")),
            ],
        }


def _number(value) -> float | None:
    return None if value is None else round(value, 2)
