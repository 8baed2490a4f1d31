"""Deviations and lex Sarah (counts, categories, IVO notifications, times, control charts), and the analysis of
patterns and trends (signals per unit, recurring themes)."""

import datetime
import statistics

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lots.deviations.compilation import compile_for
from lots.deviations.models import Deviation, IvoNotification
from lots.lib.themes import recurring_themes
from lots.reports import blocks, trends
from lots.reports.periods import day_start, month_start, months_ending
from lots.reports.providers.base import DEVIATIONS, FEEDBACK, Scope, Section, days_text, feedback_cases

# Words the theme finder counts that say nothing about what happened (numbers, ordinals).
THEME_NOISE = frozenset("två tre fyra fem sex sju åtta nio tio elva tolv första andra tredje fjärde femte".split())


class DeviationSection(Section):
    key = "deviations"
    title = gettext_lazy("Avvikelser och lex Sarah")
    guidance = gettext_lazy(
        "Analysera avvikelserna: vad de handlar om, orsaker, allvarliga missförhållanden och anmälningar till IVO, "
        "hur snabbt de har hanterats och vilka lärdomar som har lett till åtgärder."
    )

    def compute(self, scope: Scope) -> dict:
        c = compile_for(scope.unit, scope.start, scope.end)
        in_year = scope.reported_in_year()
        ivo_days = [
            (timezone.localdate(sent) - timezone.localdate(reported)).days
            for reported, sent in IvoNotification.objects.filter(deviation__in=in_year, sent_at__isnull=False).values_list(
                "deviation__reported_at", "sent_at"
            )
        ]
        previous = (
            scope.deviations()
            .reported_between(datetime.date(scope.year - 1, 1, 1), datetime.date(scope.year - 1, 12, 31))
            .count()
        )
        figures = {
            "total": c.total,
            "previous_year_total": previous,
            "lex_sarah": c.lex_sarah,
            "ivo_notified": c.ivo_notified,
            "ivo_pending": c.ivo_pending,
            "median_days_to_ivo": statistics.median(ivo_days) if ivo_days else None,
            "closed": c.closed,
            "median_days_to_close": c.median_days_to_close,
            "mean_days_to_close": c.mean_days_to_close,
            "by_category": dict(c.by_category),
            "by_unit": dict(c.by_unit),
            "by_state": dict(c.by_state),
            "by_classification": dict(c.by_classification),
            "by_cause": dict(c.by_cause),
            "by_risk": dict(c.by_risk),
            "actions_total": c.actions_total,
            "actions_closed": c.actions_closed,
        }
        result_blocks = [
            blocks.facts(
                [
                    (_("Rapporterade avvikelser"), c.total),
                    (_("Föregående år"), previous),
                    (_("Rapporter om möjliga missförhållanden (lex Sarah)"), c.lex_sarah),
                    (_("Anmälda till IVO"), c.ivo_notified),
                    (_("Ska anmälas till IVO, inte skickade"), c.ivo_pending),
                    (_("Mediantid till anmälan till IVO, dagar"), days_text(figures["median_days_to_ivo"])),
                    (_("Avslutade"), c.closed),
                    (_("Mediantid till avslut, dagar"), days_text(c.median_days_to_close)),
                    (_("Beslutade åtgärder / varav avslutade"), f"{c.actions_total} / {c.actions_closed}"),
                ]
            )
        ]
        if c.by_category:
            result_blocks.append(
                blocks.bar_chart(
                    "by_category",
                    _("Avvikelser per kategori %(year)s") % {"year": scope.year},
                    _("Antal rapporterade avvikelser per kategori, %(unit)s med underenheter.") % {"unit": scope.unit.name},
                    [name for name, _n in c.by_category],
                    [n for _name, n in c.by_category],
                    [_("Kategori"), _("Antal")],
                )
            )
            result_blocks.append(
                blocks.table(
                    "by_unit", _("Avvikelser per enhet"), [_("Enhet"), _("Antal")], [list(r) for r in c.by_unit], [False, True]
                )
            )
        if c.by_classification:
            result_blocks.append(
                blocks.table(
                    "by_classification",
                    _("Lex Sarah: bedömning"),
                    [_("Bedömning"), _("Antal")],
                    [list(r) for r in c.by_classification],
                    [False, True],
                )
            )
        if c.by_cause:
            result_blocks.append(
                blocks.table(
                    "by_cause",
                    _("Orsaker enligt analysen"),
                    [_("Orsak"), _("Antal")],
                    [list(r) for r in c.by_cause],
                    [False, True],
                )
            )
        series = scope.deviation_series[0]
        if series.total and series.too_short:
            result_blocks.append(blocks.text(trends.too_short_text(series)))
        elif series.total:
            result_blocks.append(trends.control_chart_block(series, "control"))
            result_blocks.append(trends.run_chart_block(series, "run"))
        return {"figures": figures, "blocks": result_blocks}


class TrendSection(Section):
    key = "trends"
    title = gettext_lazy("Analys av mönster och trender")
    guidance = gettext_lazy(
        "Tolka signalerna: vad kan förklara dem (verksamhetsförändringar, rapporteringskultur, bemanning), "
        "och vad ska följas upp? Kommentera återkommande teman."
    )

    def compute(self, scope: Scope) -> dict:
        start = month_start(scope.start)
        measured = [
            (DEVIATIONS, Deviation.objects.all(), scope.deviation_series),
            (FEEDBACK, feedback_cases(), scope.feedback_series),
        ]
        signals = trends.signals_within([s for _m, _qs, series in measured for s in series], start, scope.end)
        units = scope.units_charted
        own_signals: dict[int, int] = {}
        for _m, _qs, series_list in measured:
            for series in series_list:
                within = [sig for sig in series.signals if start <= sig.month <= scope.end]
                own_signals[series.unit.pk] = own_signals.get(series.unit.pk, 0) + len(within)
        months = months_ending(datetime.date(scope.year, 12, 1), 24)  # this year and last, in full, for the totals
        totals = {m.key: trends.monthly_counts(qs, m, units, months) for m, qs, _series in measured}
        unit_rows = []
        for unit in units:
            row = [unit.name]
            for measure, _qs, _series in measured:
                counts = totals[measure.key][unit.pk]
                row += [sum(counts[12:]), sum(counts[:12])]
            # The unit's own chart's signals during the year: what its diagram and table mark (the list above tells
            # each event once, at the lowest unit where it shows).
            row.append(own_signals.get(unit.pk, 0))
            unit_rows.append(row)
        deviation_themes = _themes(scope.reported_in_year(), scope.deviations(), scope, "reported_at")
        feedback_in_scope = feedback_cases().filter(unit__path__startswith=scope.unit.path)
        feedback_themes = _themes(
            feedback_in_scope.received_between(scope.start, scope.end), feedback_in_scope, scope, "received_at"
        )
        figures = {
            "signals": [s.as_dict() for s in signals],
            "themes": [{"term": t.term, "now": t.documents_now, "before": t.documents_before} for t in deviation_themes],
            "feedback_themes": [{"term": t.term, "now": t.documents_now, "before": t.documents_before} for t in feedback_themes],
        }
        result_blocks = [
            blocks.text(
                _(
                    "Antalet avvikelser och antalet synpunkter och klagomål (utom beröm) per månad följs i styrdiagram "
                    "för varje avdelning och enhet (upp till 24 månader). En signal betyder att variationen sannolikt "
                    "inte är slumpmässig."
                )
            ),
            blocks.bullet_list([s.text for s in signals], heading=_("Signaler under året"))
            if signals
            else blocks.text(_("Inga signaler under året: variationen ligger inom det väntade.")),
            blocks.table(
                "units",
                _("Per enhet i år och i fjol"),
                [
                    _("Enhet"),
                    _("Avvikelser %(year)s") % {"year": scope.year},
                    _("Avvikelser %(year)s") % {"year": scope.year - 1},
                    _("Synpunkter %(year)s") % {"year": scope.year},
                    _("Synpunkter %(year)s") % {"year": scope.year - 1},
                    _("Signaler"),
                ],
                unit_rows,
                numeric=[False, True, True, True, True, True],
            ),
        ]
        for block_id, caption, themes in (
            ("themes", _("Återkommande teman i avvikelsernas beskrivningar"), deviation_themes),
            ("feedback_themes", _("Återkommande teman i synpunkterna och klagomålen"), feedback_themes),
        ):
            if themes:
                result_blocks.append(
                    blocks.table(
                        block_id,
                        caption,
                        [_("Ord eller fras"), _("Ärenden i år"), _("Ärenden de två åren före")],
                        [[t.term, t.documents_now, t.documents_before] for t in themes],
                        numeric=[False, True, True],
                    )
                )
        return {"figures": figures, "blocks": result_blocks}


def _themes(current_qs, all_qs, scope: Scope, date_field: str):
    """This year's texts against the two years before, without number words."""
    current = dict(current_qs.values_list("pk", "description"))
    baseline = dict(
        all_qs.filter(
            **{
                f"{date_field}__gte": day_start(datetime.date(scope.year - 2, 1, 1)),
                f"{date_field}__lt": day_start(scope.start),
            }
        ).values_list("pk", "description")
    )
    found = recurring_themes(current, baseline, limit=20)
    return [t for t in found if not set(t.term.split()) & THEME_NOISE][:10]
