"""The annual quality report's section on the deadline watch: the share of placements with visits and
reconsiderations on time per month, per unit, and the placements overdue at the year's end (or today)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lots.reports import blocks
from lots.reports.periods import months_ending
from lots.reports.providers.base import Scope, Section
from lots.watch.compliance import chart_block, monthly_compliance


def _text(share: float | None) -> str:
    return "–" if share is None else f"{share:.1f}".replace(".", ",")


class WatchSection(Section):
    key = "watch"
    title = gettext_lazy("Bevakning av placeringar")
    guidance = gettext_lazy(
        "Hur väl hölls besöken hos placerade barn och övervägandena och omprövningarna i tid? Vilka enheter avvek, "
        "och vad gjordes åt det?"
    )

    def compute(self, scope: Scope) -> dict:
        last = min(scope.end, scope.today).replace(day=1)
        in_year = monthly_compliance(scope.unit, months_ending(last, last.month), today=scope.today)
        own = monthly_compliance(scope.unit, scope.chart_months, today=scope.today)
        end = in_year[-1] if in_year else None
        per_unit = monthly_compliance(scope.units_charted, [last], today=scope.today)
        figures = {
            "active_at_end": end.active if end else 0,
            "overdue_at_end": end.overdue if end else 0,
            "share_at_end": end.share if end else None,
            "months": {r.month.isoformat(): {"active": r.active, "overdue": r.overdue, "share": r.share} for r in in_year},
            "units": {r.unit.pk: {"active": r.active, "overdue": r.overdue, "share": r.share} for r in per_unit},
        }
        if not any(r.active for r in own + in_year):
            return {"figures": figures, "blocks": [blocks.text(_("Inga placeringar har lästs in för bevakning under perioden."))]}
        day = end.evaluated_on if end else scope.end
        result = [
            blocks.facts(
                [
                    (_("Pågående placeringar %(day)s") % {"day": day.isoformat()}, figures["active_at_end"]),
                    (_("Försenade besök eller överväganden %(day)s") % {"day": day.isoformat()}, figures["overdue_at_end"]),
                    (_("Andel i tid %(day)s, %%") % {"day": day.isoformat()}, _text(figures["share_at_end"])),
                ]
            ),
            blocks.table(
                "watch_months",
                _("Andel placeringar med besök och övervägande i tid, per månad %(year)s") % {"year": scope.year},
                [_("Månad"), _("Pågående"), _("Försenade"), _("Andel i tid, %")],
                [[r.month.strftime("%Y-%m"), r.active, r.overdue, _text(r.share)] for r in in_year],
                [False, True, True, True],
            ),
        ]
        chart = chart_block(own, "watch_control")
        if chart is not None:
            result.append(chart)
        if len(per_unit) > 1:
            result.append(
                blocks.table(
                    "watch_units",
                    _("Per enhet %(day)s") % {"day": day.isoformat()},
                    [_("Enhet"), _("Pågående"), _("Försenade"), _("Andel i tid, %")],
                    [[r.unit.name, r.active, r.overdue, _text(r.share)] for r in per_unit],
                    [False, True, True, True],
                )
            )
        return {"figures": figures, "blocks": result}


SECTIONS = [WatchSection()]
