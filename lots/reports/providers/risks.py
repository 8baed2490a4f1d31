"""Risk analyses and their results, and self-inspection and internal control (lots.risks)."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Count, Max, Q
from django.db.models.functions import Cast
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lots.improvements.models import ImprovementAction
from lots.organisation.models import Unit
from lots.reports import blocks
from lots.reports.providers.base import Scope, Section, closed_by_year_end, date_text, percent
from lots.risks.compliance import compliance_for
from lots.risks.models import ControlActivity, ControlRound, Risk, RiskAnalysis, RiskScale


def _actions_from(model, ids_queryset, scope: Scope) -> dict:
    """Improvement actions decided from the given records (by their ids): how many, and how many were closed by the
    year's end — closed as the improvement section counts it (``closed_by_year_end``), not as they stand today."""
    ids = ids_queryset.annotate(sid=Cast("pk", CharField())).values("sid")
    return ImprovementAction.objects.filter(source_type=ContentType.objects.get_for_model(model), source_id__in=ids).aggregate(
        total=Count("pk"), closed=Count("pk", filter=closed_by_year_end(scope))
    )


class RiskSection(Section):
    key = "risks"
    title = gettext_lazy("Riskanalyser och deras resultat")
    guidance = gettext_lazy(
        "Beskriv vilka riskanalyser som gjorts (minst en per avdelning med klientperspektiv), de allvarligaste "
        "riskerna, vilka åtgärder som beslutats och hur resultatet har redovisats för nämnden."
    )

    def compute(self, scope: Scope) -> dict:
        analyses = list(
            RiskAnalysis.objects.filter(scope.within(), performed_on__gte=scope.start, performed_on__lte=scope.end)
            .select_related("unit")
            .annotate(risk_count=Count("risks"), top_value=Max("risks__value"))
            .order_by("unit__path", "performed_on", "pk")
        )
        ids = [a.pk for a in analyses]
        risks = list(Risk.objects.filter(analysis_id__in=ids).values_list("value", "residual_value", "treatment"))
        scale = RiskScale.for_municipality(scope.unit.municipality)
        levels = sorted(scale.levels, key=lambda level: level["min"])
        by_level = {level["name"]: 0 for level in levels}
        residual = {level["name"]: 0 for level in levels}
        for value, residual_value, _treatment in risks:
            by_level[scale.level_for_value(value).name] += 1
            if residual_value is not None:
                residual[scale.level_for_value(residual_value).name] += 1
        departments = Unit.objects.open().subtree(scope.unit).filter(kind=Unit.Kind.AVDELNING)
        without_yearly = list(RiskAnalysis.objects.departments_without_yearly(departments, scope.year).order_by("path"))
        actions = _actions_from(Risk, Risk.objects.filter(analysis_id__in=ids), scope)
        triggers = dict(RiskAnalysis.Trigger.choices)
        statuses = dict(RiskAnalysis.Status.choices)
        figures = {
            "analyses": len(analyses),
            "analyses_completed": sum(1 for a in analyses if a.status == RiskAnalysis.Status.COMPLETED),
            "analyses_yearly_client": sum(1 for a in analyses if a.trigger == RiskAnalysis.Trigger.YEARLY_CLIENT),
            "analyses_reported_to_board": sum(1 for a in analyses if a.reported_to_board_on),
            "departments": departments.count(),
            "departments_without_yearly": [u.name for u in without_yearly],
            "risks": len(risks),
            "risks_by_level": by_level,
            "risks_with_residual": sum(1 for _v, r, _t in risks if r is not None),
            "residual_by_level": residual,
            "actions_from_risks": actions["total"],
            "actions_from_risks_closed": actions["closed"],
        }
        result_blocks = [
            blocks.facts(
                [
                    (_("Riskanalyser under året"), figures["analyses"]),
                    (_("Varav klara"), figures["analyses_completed"]),
                    (_("Varav årliga med klientperspektiv"), figures["analyses_yearly_client"]),
                    (_("Redovisade för nämnden"), figures["analyses_reported_to_board"]),
                    (_("Identifierade risker"), figures["risks"]),
                    (
                        _("Åtgärder beslutade utifrån riskerna / varav avslutade vid årets slut"),
                        f"{actions['total']} / {actions['closed']}",
                    ),
                ]
            )
        ]
        if figures["departments"]:
            if without_yearly:
                result_blocks.append(
                    blocks.bullet_list(
                        [u.name for u in without_yearly],
                        heading=_("Avdelningar utan klar årlig riskanalys med klientperspektiv"),
                    )
                )
            else:
                result_blocks.append(blocks.text(_("Alla avdelningar har gjort sin årliga riskanalys med klientperspektiv.")))
        if risks:
            result_blocks.append(
                blocks.bar_chart(
                    "risks_by_level",
                    _("Risker per risknivå %(year)s") % {"year": scope.year},
                    _("Antal identifierade risker per nivå (allvarlighetsgrad × sannolikhet) i årets riskanalyser."),
                    list(by_level),
                    list(by_level.values()),
                    [_("Risknivå"), _("Antal risker")],
                )
            )
            if figures["risks_with_residual"]:
                result_blocks.append(
                    blocks.table(
                        "residual",
                        _("Risknivå före och efter åtgärder"),
                        [_("Risknivå"), _("Före åtgärder"), _("Kvarvarande efter åtgärder")],
                        [[name, by_level[name], residual[name]] for name in by_level],
                        [False, True, True],
                    )
                )
        if analyses:
            result_blocks.append(
                blocks.table(
                    "analyses",
                    _("Årets riskanalyser"),
                    [
                        _("Riskanalys"),
                        _("Enhet"),
                        _("Datum"),
                        _("Anledning"),
                        _("Status"),
                        _("Risker"),
                        _("Högsta nivå"),
                        _("Redovisad för nämnden"),
                    ],
                    [
                        [
                            a.title,
                            a.unit.name,
                            date_text(a.performed_on),
                            str(triggers[a.trigger]),
                            str(statuses[a.status]),
                            a.risk_count,
                            scale.level_for_value(a.top_value).name if a.top_value else "–",
                            date_text(a.reported_to_board_on) or "–",
                        ]
                        for a in analyses
                    ],
                    [False, False, False, False, False, True, False, False],
                )
            )
        return {"figures": figures, "blocks": result_blocks}


class SelfInspectionSection(Section):
    key = "self_inspection"
    title = gettext_lazy("Egenkontroll och internkontroll")
    guidance = gettext_lazy(
        "Sammanfatta vad egenkontrollerna och internkontrollen visade, jämfört med tidigare år, och vilka brister "
        "som ledde till åtgärder."
    )

    def compute(self, scope: Scope) -> dict:
        rounds = ControlRound.objects.filter(scope.within("control_point__plan__unit"))
        planned = rounds.filter(due_date__gte=scope.start, due_date__lte=scope.end).aggregate(
            total=Count("pk"), done=Count("pk", filter=Q(status=ControlRound.Status.DONE))
        )
        done_in_year = list(
            rounds.filter(status=ControlRound.Status.DONE, performed_on__gte=scope.start, performed_on__lte=scope.end)
            .select_related("control_point__plan__unit")
            .order_by("control_point__plan__unit__path", "performed_on", "pk")
        )
        results = []
        for round_ in done_in_year:
            compliance = compliance_for(round_)
            point = round_.control_point
            results.append(
                {
                    "unit": point.plan.unit.name,
                    "title": point.title,
                    "method": point.get_method_display(),
                    "performed_on": round_.performed_on,
                    "percent": float(compliance.overall.percent) if compliance.overall.percent is not None else None,
                    "previous": float(compliance.previous_overall.percent)
                    if compliance.previous_overall and compliance.previous_overall.percent is not None
                    else None,
                    "conclusion": round_.conclusion,
                }
            )
        activities = list(
            ControlActivity.objects.filter(scope.within("plan__unit"), plan__year=scope.year)
            .select_related("plan__unit", "responsible")
            .order_by("plan__unit__path", "due_date", "pk")
        )
        conclusions = dict(ControlActivity.Conclusion.choices)
        by_conclusion = {c: sum(1 for a in activities if a.conclusion == c) for c in ControlActivity.Conclusion.values}
        rounds_ids = ControlRound.objects.filter(pk__in=[r.pk for r in done_in_year])
        activity_ids = ControlActivity.objects.filter(pk__in=[a.pk for a in activities])
        inspection_actions = _actions_from(ControlRound, rounds_ids, scope)
        control_actions = _actions_from(ControlActivity, activity_ids, scope)
        done_activities = sum(1 for a in activities if a.status == ControlActivity.Status.DONE)
        figures = {
            "rounds_planned": planned["total"],
            "rounds_planned_done": planned["done"],
            "rounds_planned_done_percent": percent(planned["done"], planned["total"]),
            "rounds_done_in_year": len(done_in_year),
            "inspection_results": [{**r, "performed_on": date_text(r["performed_on"])} for r in results],
            "actions_from_inspections": inspection_actions["total"],
            "control_activities": len(activities),
            "control_activities_done": done_activities,
            "control_by_conclusion": {c: n for c, n in by_conclusion.items() if n},
            "actions_from_internal_control": control_actions["total"],
        }
        result_blocks = [
            blocks.facts(
                [
                    (_("Egenkontroller planerade under året"), planned["total"]),
                    (_("Varav genomförda"), planned["done"]),
                    (_("Andel genomförda, %"), figures["rounds_planned_done_percent"] if planned["total"] else "–"),
                    (_("Åtgärder efter egenkontroll"), inspection_actions["total"]),
                    (_("Kontrollaktiviteter i internkontrollplanen"), len(activities)),
                    (_("Varav genomförda"), done_activities),
                    (_("Åtgärder efter internkontroll"), control_actions["total"]),
                ]
            )
        ]
        if results:
            result_blocks.append(
                blocks.table(
                    "inspections",
                    _("Genomförda egenkontroller och resultat"),
                    [
                        _("Kontrollpunkt"),
                        _("Enhet"),
                        _("Metod"),
                        _("Genomförd"),
                        _("Uppfyllt, %"),
                        _("Förra gången, %"),
                        _("Slutsats"),
                    ],
                    [
                        [
                            r["title"],
                            r["unit"],
                            r["method"],
                            date_text(r["performed_on"]),
                            r["percent"],
                            r["previous"],
                            r["conclusion"] or "–",
                        ]
                        for r in results
                    ],
                    [False, False, False, False, True, True, False],
                )
            )
        if activities:
            result_blocks.append(
                blocks.table(
                    "internal_control",
                    _("Internkontroll: kontrollaktiviteter och resultat"),
                    [
                        _("Vad kontrolleras"),
                        _("Enhet"),
                        _("Ansvarig"),
                        _("Klart senast"),
                        _("Genomförd"),
                        _("Slutsats"),
                        _("Resultat"),
                    ],
                    [
                        [
                            a.what,
                            a.plan.unit.name,
                            str(a.responsible) if a.responsible_id else "–",
                            date_text(a.due_date),
                            date_text(a.performed_on) or _("Ej genomförd"),
                            str(conclusions.get(a.conclusion, "")) or "–",
                            a.result or "–",
                        ]
                        for a in activities
                    ],
                )
            )
        return {"figures": figures, "blocks": result_blocks}
