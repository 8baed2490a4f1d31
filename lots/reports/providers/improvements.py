"""Improvement actions and their measured effects, and the focus for next year."""

import datetime

from django.db.models import Count, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lots.improvements.models import ImprovementAction
from lots.reports import blocks
from lots.reports.periods import day_start
from lots.reports.providers.base import Scope, Section, closed_by_year_end


def improvements_for(scope: Scope):
    return ImprovementAction.objects.filter(unit__path__startswith=scope.unit.path)


class ImprovementSection(Section):
    key = "improvements"
    title = gettext_lazy("Förbättringsåtgärder och deras effekter")
    guidance = gettext_lazy("Beskriv de viktigaste förbättringarna under året, hur effekten mättes och vad mätningen visade.")

    def compute(self, scope: Scope) -> dict:
        start, end = day_start(scope.start), day_start(scope.end + datetime.timedelta(days=1))
        qs = improvements_for(scope)
        counts = qs.aggregate(
            created=Count("pk", filter=Q(created_at__gte=start, created_at__lt=end)),
            closed=Count("pk", filter=closed_by_year_end(scope) & Q(closed_at__gte=start)),
            open=Count("pk", filter=~Q(stage=ImprovementAction.Stage.CLOSED)),
            overdue=Count("pk", filter=~Q(stage=ImprovementAction.Stage.CLOSED) & Q(due_date__lt=scope.end)),
        )
        stages = dict(ImprovementAction.Stage.choices)
        sources = dict(ImprovementAction.Source.choices)
        by_stage = {
            row["stage"]: row["n"]
            for row in qs.filter(Q(created_at__lt=end) & (Q(closed_at__isnull=True) | Q(closed_at__gte=start)))
            .values("stage")
            .annotate(n=Count("pk"))
            .order_by()
        }
        by_source = {
            row["source_kind"]: row["n"]
            for row in qs.filter(created_at__gte=start, created_at__lt=end)
            .values("source_kind")
            .annotate(n=Count("pk"))
            .order_by()
        }
        effects = list(
            qs.filter(closed_at__gte=start, closed_at__lt=end)
            .select_related("unit")
            .order_by("closed_at", "pk")
            .values_list("title", "unit__name", "source_kind", "effect_measure", "effect_result", "conclusion")
        )
        figures = {
            "created": counts["created"],
            "closed": counts["closed"],
            "open": counts["open"],
            "overdue": counts["overdue"],
            "by_stage": {s: by_stage[s] for s in ImprovementAction.Stage.values if s in by_stage},
            "by_source": {s: by_source[s] for s in ImprovementAction.Source.values if s in by_source},
        }
        result_blocks = [
            blocks.facts(
                [
                    (_("Nya åtgärder under året"), counts["created"]),
                    (_("Avslutade och utvärderade under året"), counts["closed"]),
                    (_("Pågående nu"), counts["open"]),
                    (_("Pågående som skulle ha varit klara"), counts["overdue"]),
                ]
            ),
        ]
        if by_stage:
            result_blocks.append(
                blocks.table(
                    "by_stage",
                    _("Åtgärder under året per steg i förbättringshjulet"),
                    [_("Steg"), _("Antal")],
                    [[str(stages[s]), n] for s, n in figures["by_stage"].items()],
                    [False, True],
                )
            )
        if by_source:
            result_blocks.append(
                blocks.table(
                    "by_source",
                    _("Nya åtgärder efter ursprung"),
                    [_("Ursprung"), _("Antal")],
                    [[str(sources[s]), n] for s, n in figures["by_source"].items()],
                    [False, True],
                )
            )
        if effects:
            result_blocks.append(
                blocks.table(
                    "effects",
                    _("Avslutade åtgärder och uppmätt effekt"),
                    [_("Åtgärd"), _("Enhet"), _("Ursprung"), _("Vad mättes"), _("Resultat"), _("Lärdomar och beslut")],
                    [[t, u, str(sources.get(s, s)), m, r, c or "–"] for t, u, s, m, r, c in effects],
                )
            )
        return {"figures": figures, "blocks": result_blocks}


class FocusSection(Section):
    key = "focus"
    title = gettext_lazy("Fokus för nästa år")
    guidance = gettext_lazy(
        "Vilka förbättringsområden prioriteras nästa år, utifrån avvikelser, synpunkter, risker och egenkontroll?"
    )

    def compute(self, scope: Scope) -> dict:
        carried = list(
            improvements_for(scope)
            .exclude(stage=ImprovementAction.Stage.CLOSED)
            .values_list("title", "unit__name", "due_date")
            .order_by("title", "unit__path")
        )
        grouped: dict[str, dict] = {}
        for title, unit_name, due in carried:
            entry = grouped.setdefault(title, {"n": 0, "units": [], "due": None})
            entry["n"] += 1
            if unit_name not in entry["units"]:
                entry["units"].append(unit_name)
            if due and (entry["due"] is None or due < entry["due"]):
                entry["due"] = due
        figures = {"actions_carried_over": len(carried)}
        if not carried:
            return {
                "figures": figures,
                "blocks": [blocks.text(_("Inga pågående förbättringsåtgärder följer med till nästa år."))],
            }
        rows = sorted(
            ([title, e["n"], ", ".join(e["units"]), e["due"].isoformat() if e["due"] else "–"] for title, e in grouped.items()),
            key=lambda r: (-r[1], r[0]),
        )
        return {
            "figures": figures,
            "blocks": [
                blocks.facts([(_("Pågående förbättringsåtgärder"), len(carried))]),
                blocks.table(
                    "carried",
                    _("Pågående förbättringsåtgärder som följer med, efter åtgärd"),
                    [_("Åtgärd"), _("Antal"), _("Enheter"), _("Tidigast klart senast")],
                    rows,
                    [False, True, False, False],
                ),
            ],
        }
