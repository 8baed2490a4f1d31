"""Feedback and complaints (lots.feedback): counts, categories, the share completed within the deadline, and the
control chart of feedback per month."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lots.feedback.compilation import compile_cases
from lots.feedback.models import FeedbackCase, FeedbackSettings
from lots.reports import blocks, trends
from lots.reports.providers.base import Scope, Section, days_text

C = FeedbackCase


def cases_for(scope: Scope):
    return FeedbackCase.objects.filter(unit__path__startswith=scope.unit.path)


class FeedbackSection(Section):
    key = "feedback"
    title = gettext_lazy("Synpunkter och klagomål")
    guidance = gettext_lazy(
        "Vad handlar synpunkterna och klagomålen om, hur snabbt har de hanterats, och vad har de lett till? "
        "Kommentera också rapporter från IVO, JO och revisorerna."
    )

    def compute(self, scope: Scope) -> dict:
        in_year = cases_for(scope).received_between(scope.start, scope.end)
        c = compile_cases(in_year, scope.today)
        deadline = FeedbackSettings.for_municipality(scope.unit.municipality).deadline_days
        figures = {
            "total": c.total,
            "closed": c.closed,
            "open": c.open,
            "overdue": c.overdue,
            "decided": c.decided,
            "in_time": c.in_time,
            "share_in_time": c.share_in_time,
            "deadline_days": deadline,
            "median_days": c.median_days,
            "lex_sarah": c.lex_sarah,
            "authority_reports": c.authority_reports,
            "actions": c.actions,
            "by_kind": {str(label): n for label, n in c.by_kind if n},
            "by_category": {str(label): n for label, n in c.by_category if n},
            "by_channel": {str(label): n for label, n in c.by_channel if n},
            "by_unit": {row["unit__name"]: row["total"] for row in c.by_unit},
            "previous_year_total": cases_for(scope)
            .received_between(
                scope.start.replace(year=scope.year - 1), scope.start.replace(year=scope.year - 1, month=12, day=31)
            )
            .count(),
        }
        result_blocks = [
            blocks.facts(
                [
                    (_("Inkomna synpunkter och klagomål"), c.total),
                    (_("Föregående år"), figures["previous_year_total"]),
                    (_("Avslutade"), c.closed),
                    (
                        _("Avslutade inom %(days)s dagar, %%") % {"days": deadline},
                        c.share_in_time if c.share_in_time is not None else "–",
                    ),
                    (_("Mediantid till avslut, dagar"), days_text(c.median_days)),
                    (_("Öppna och försenade"), c.overdue),
                    (_("Rapporter från myndigheter (IVO, JO, revisorer)"), c.authority_reports),
                    (_("Lämnade vidare som lex Sarah-rapport"), c.lex_sarah),
                    (_("Förbättringsåtgärder beslutade utifrån ärendena"), c.actions),
                ]
            )
        ]
        if figures["by_kind"]:
            result_blocks.append(
                blocks.table(
                    "by_kind",
                    _("Typ av ärende"),
                    [_("Typ"), _("Antal")],
                    [list(r) for r in figures["by_kind"].items()],
                    [False, True],
                )
            )
        if figures["by_category"]:
            result_blocks.append(
                blocks.bar_chart(
                    "by_category",
                    _("Vad synpunkterna och klagomålen gällde %(year)s") % {"year": scope.year},
                    _("Antal ärenden per område, %(unit)s med underenheter.") % {"unit": scope.unit.name},
                    list(figures["by_category"]),
                    list(figures["by_category"].values()),
                    [_("Gäller"), _("Antal")],
                )
            )
        if c.by_unit:
            result_blocks.append(
                blocks.table(
                    "by_unit",
                    _("Per enhet"),
                    [_("Enhet"), _("Inkomna"), _("Varav klagomål"), _("Avslutade"), _("Försenade")],
                    [[r["unit__name"], r["total"], r["complaints"], r["closed"], r["overdue"]] for r in c.by_unit],
                    [False, True, True, True, True],
                )
            )
        series = scope.feedback_series[0]
        if series.total and series.too_short:
            result_blocks.append(blocks.text(trends.too_short_text(series)))
        elif series.total:
            result_blocks.append(trends.control_chart_block(series, "control"))
        return {"figures": figures, "blocks": result_blocks}
