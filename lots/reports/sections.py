"""The sections of the annual quality report, one provider per section.

Each provider computes its figures (named numbers, for tests and the API) and
its blocks (facts, tables, charts) for a scope: a unit with everything below it
and a year. A section whose module is not in the system yet is not in
``PROVIDERS``; it is listed in ``MISSING`` with the reason, and the report says
so. Add a provider here when its module lands.
"""

import datetime
import statistics
from dataclasses import dataclass
from functools import cached_property

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lots.accounts.models import Role, RoleAssignment
from lots.deviations.compilation import compile_for
from lots.deviations.models import Deviation, IvoNotification
from lots.improvements.models import ImprovementAction
from lots.lib.svgchart import _fmt as fmt_number
from lots.lib.themes import recurring_themes
from lots.organisation.models import Unit
from lots.processes.models import Process
from lots.reports import blocks, trends
from lots.reports.comparisons import comparison_rows
from lots.reports.periods import add_months, day_start, last_complete_month, month_start, months_ending, year_bounds

DEVIATIONS = trends.Measure("deviations", "avvikelser", "reported_at")
LINE_ROLES = [Role.NAMNDLEDAMOT, Role.FORVALTNINGSCHEF, Role.AVDELNINGSCHEF, Role.ENHETSCHEF, Role.VERKSAMHETSLEDARE]
# Words the theme finder counts that say nothing about what happened (numbers, ordinals).
THEME_NOISE = frozenset("två tre fyra fem sex sju åtta nio tio elva tolv första andra tredje fjärde femte".split())


@dataclass
class Scope:
    unit: Unit
    year: int
    today: datetime.date

    @property
    def start(self) -> datetime.date:
        return year_bounds(self.year, self.today)[0]

    @property
    def end(self) -> datetime.date:
        return year_bounds(self.year, self.today)[1]

    @property
    def is_complete_year(self) -> bool:
        return self.end == datetime.date(self.year, 12, 31)

    @cached_property
    def chart_months(self) -> list[datetime.date]:
        """Twenty-four months ending with the year's last complete month."""
        last = datetime.date(self.year, 12, 1) if self.is_complete_year else last_complete_month(self.today)
        return months_ending(last, trends.DEFAULT_MONTHS)

    def deviations(self):
        return Deviation.objects.filter(unit__path__startswith=self.unit.path)

    def reported_in_year(self):
        return self.deviations().reported_between(self.start, self.end)

    @cached_property
    def ancestor_ids(self) -> list[int]:
        return self.unit.ancestor_ids()

    @cached_property
    def deviation_series(self) -> list[trends.Series]:
        return trends.series_for(Deviation.objects.all(), DEVIATIONS, trends.chart_units(self.unit), self.chart_months)


class Section:
    key = ""
    title = gettext_lazy("")
    guidance = gettext_lazy("")  # what the narrative should say, shown to the writer
    narrative = True
    appendix = False

    def compute(self, scope: Scope) -> dict:
        raise NotImplementedError


def _date(value) -> str:
    return timezone.localdate(value).isoformat() if isinstance(value, datetime.datetime) else (value.isoformat() if value else "")


def _days(value: float | None) -> str:
    return "–" if value is None else fmt_number(value)


# --- Ansvar och organisation -------------------------------------------------------------------------


class OrganisationSection(Section):
    key = "organisation"
    title = gettext_lazy("Ansvar och organisation")
    guidance = gettext_lazy(
        "Beskriv hur ansvaret för kvalitetsarbetet är fördelat: nämnd, förvaltningschef, chefer och "
        "kvalitetsutvecklare, och vad som har ändrats i organisationen under året."
    )

    def compute(self, scope: Scope) -> dict:
        units = list(Unit.objects.open().subtree(scope.unit).select_related("parent").order_by("path"))
        ancestors = list(Unit.objects.filter(pk__in=scope.ancestor_ids[:-1]).order_by("depth"))
        assignments = list(
            RoleAssignment.objects.active()
            .filter(Q(unit__path__startswith=scope.unit.path, unit__closed_at__isnull=True) | Q(unit__in=ancestors))
            .select_related("user", "unit")
            .order_by("unit__path", "role", "user__last_name", "user__first_name")
        )
        inside = [a for a in assignments if a.unit.is_within(scope.unit)]
        managers: dict[int, list[str]] = {}
        for a in assignments:
            if a.role in LINE_ROLES:
                managers.setdefault(a.unit_id, []).append(f"{a.user} ({a.get_role_display().lower()})")
        kinds = dict(Unit.Kind.choices)
        by_kind: dict[str, int] = {}
        for unit in units:
            by_kind[unit.kind] = by_kind.get(unit.kind, 0) + 1
        roles = dict(Role.choices)
        people_by_role: dict[str, set] = {}
        for a in inside:
            people_by_role.setdefault(a.role, set()).add(a.user_id)
        figures = {
            "units_total": len(units),
            "units_by_kind": {k: by_kind[k] for k in Unit.Kind.values if k in by_kind},
            "people_total": len({a.user_id for a in inside}),
            "people_by_role": {r: len(people_by_role[r]) for r in Role.values if r in people_by_role},
        }
        line = [[u.name, str(kinds[u.kind]), ", ".join(managers.get(u.pk, [])) or "–"] for u in ancestors]
        rows = [
            [
                u.name,
                str(kinds[u.kind]),
                u.parent.name if u.parent and u.pk != scope.unit.pk else "–",
                ", ".join(managers.get(u.pk, [])) or "–",
            ]
            for u in units
        ]
        result_blocks = [
            blocks.facts(
                [
                    (_("Enheter (öppna, med underenheter)"), figures["units_total"]),
                    (_("Personer med roller i Lots"), figures["people_total"]),
                ]
            ),
        ]
        if line:
            result_blocks.append(blocks.table("line", _("Ledningen ovanför"), [_("Nivå"), _("Typ"), _("Ansvarig")], line))
        result_blocks += [
            blocks.table("units", _("Organisationen"), [_("Enhet"), _("Typ"), _("Ingår i"), _("Chef eller ledare")], rows),
            blocks.table(
                "roles",
                _("Roller i ledningssystemet"),
                [_("Roll"), _("Antal personer")],
                [[str(roles[r]), n] for r, n in figures["people_by_role"].items()],
                numeric=[False, True],
            ),
        ]
        return {"figures": figures, "blocks": result_blocks}


# --- Ledningssystemet ----------------------------------------------------------------------------------


def processes_for(scope: Scope):
    """Processes decided on the scope, on a unit above it (they apply below) or on a unit inside it."""
    return (
        Process.objects.filter(Q(units__path__startswith=scope.unit.path) | Q(units__pk__in=scope.ancestor_ids))
        .filter(municipality_id=scope.unit.municipality_id)
        .distinct()
    )


class ManagementSystemSection(Section):
    key = "management_system"
    title = gettext_lazy("Ledningssystemet: processer och rutiner")
    guidance = gettext_lazy(
        "Beskriv vilka processer och rutiner som har fastställts eller ändrats under året, hur de har gjorts "
        "kända för medarbetarna och hur laglistan hålls aktuell."
    )

    def compute(self, scope: Scope) -> dict:
        processes = list(processes_for(scope).select_related("owner").order_by("name"))
        established = [p for p in processes if p.status == Process.Status.ESTABLISHED]
        start, end = scope.start, scope.end
        in_year = [p for p in established if p.established_at and start <= timezone.localdate(p.established_at) <= end]
        review_due = [p for p in established if p.review_date and p.review_date <= end]
        kinds = dict(Process.Kind.choices)
        by_kind = {k: sum(1 for p in established if p.kind == k) for k in Process.Kind.values}
        figures = {
            "processes_established": len(established),
            "processes_established_in_year": len(in_year),
            "processes_draft": len(processes) - len(established),
            "processes_review_due": len(review_due),
            "processes_by_kind": {k: n for k, n in by_kind.items() if n},
        }
        rows = [
            [p.name, str(kinds[p.kind]), str(p.owner) if p.owner else "–", _date(p.established_at), _date(p.review_date) or "–"]
            for p in established
        ]
        return {
            "figures": figures,
            "blocks": [
                blocks.facts(
                    [
                        (_("Fastställda processer"), figures["processes_established"]),
                        (_("Varav fastställda under året"), figures["processes_established_in_year"]),
                        (_("Processer under arbete (utkast)"), figures["processes_draft"]),
                        (_("Processer som skulle ha setts över"), figures["processes_review_due"]),
                    ]
                ),
                blocks.table(
                    "processes",
                    _("Fastställda processer"),
                    [_("Process"), _("Typ"), _("Processägare"), _("Fastställd"), _("Nästa översyn")],
                    rows,
                )
                if rows
                else blocks.text(_("Inga processer är fastställda för verksamheten.")),
            ],
        }


# --- Samverkan --------------------------------------------------------------------------------------


class CollaborationSection(Section):
    key = "collaboration"
    title = gettext_lazy("Samverkan")
    guidance = gettext_lazy(
        "Beskriv samverkan inom och utanför verksamheten (skola, hälso- och sjukvård, andra myndigheter och "
        "utförare): vad som fungerat, vad som brustit och vad som har gjorts åt det."
    )

    def compute(self, scope: Scope) -> dict:
        qs = scope.reported_in_year().filter(category__name__iexact="Samverkan")
        by_unit = list(qs.values("unit__name", "unit__path").annotate(n=Count("pk")).order_by("unit__path"))
        total = sum(row["n"] for row in by_unit)
        figures = {"deviations_collaboration": total}
        result_blocks = [
            blocks.facts([(_("Avvikelser i kategorin Samverkan under året"), total)]),
        ]
        if by_unit:
            result_blocks.append(
                blocks.table(
                    "collaboration_by_unit",
                    _("Avvikelser om samverkan per enhet"),
                    [_("Enhet"), _("Antal")],
                    [[row["unit__name"], row["n"]] for row in by_unit],
                    numeric=[False, True],
                )
            )
        return {"figures": figures, "blocks": result_blocks}


# --- Jämförelser -------------------------------------------------------------------------------------


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
                [r["label"], r["period"], _value(own.get("T")), _value(own.get("K")), _value(own.get("M"))]
                + [_value(r["others"].get(o["code"])) for o in others]
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


def _value(value) -> str:
    return "–" if value is None else fmt_number(round(value, 2))


# --- Avvikelser och lex Sarah --------------------------------------------------------------------------


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
                    (_("Mediantid till anmälan till IVO, dagar"), _days(figures["median_days_to_ivo"])),
                    (_("Avslutade"), c.closed),
                    (_("Mediantid till avslut, dagar"), _days(c.median_days_to_close)),
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
        if series.total:
            result_blocks.append(trends.control_chart_block(series, "control"))
            result_blocks.append(trends.run_chart_block(series, "run"))
        return {"figures": figures, "blocks": result_blocks}


# --- Mönster och trender -----------------------------------------------------------------------------


class TrendSection(Section):
    key = "trends"
    title = gettext_lazy("Analys av mönster och trender")
    guidance = gettext_lazy(
        "Tolka signalerna: vad kan förklara dem (verksamhetsförändringar, rapporteringskultur, bemanning), "
        "och vad ska följas upp? Kommentera återkommande teman."
    )

    def compute(self, scope: Scope) -> dict:
        series_list = scope.deviation_series
        start = month_start(scope.start)
        signals = trends.signals_within(series_list, start, scope.end)
        this_year = [m for m in series_list[0].months if m.year == scope.year]
        year_index = [i for i, m in enumerate(series_list[0].months) if m.year == scope.year]
        previous_index = [i for i, m in enumerate(series_list[0].months) if m.year == scope.year - 1]
        unit_rows = []
        for s in series_list:
            unit_rows.append(
                [
                    s.unit.name,
                    sum(s.counts[i] for i in year_index),
                    sum(s.counts[i] for i in previous_index),
                    s.control.kind if s.control else "–",
                    sum(1 for sig in s.signals if start <= sig.month <= scope.end),
                ]
            )
        themes = self._themes(scope)
        figures = {
            "signals": [s.as_dict() for s in signals],
            "months_in_year": len(this_year),
            "themes": [{"term": t.term, "now": t.documents_now, "before": t.documents_before} for t in themes],
        }
        result_blocks = [
            blocks.text(
                _(
                    "Antalet avvikelser per månad följs i styrdiagram för varje avdelning och enhet "
                    "(24 månader). En signal betyder att variationen sannolikt inte är slumpmässig."
                )
            ),
            blocks.bullet_list([s.text for s in signals], heading=_("Signaler under året"))
            if signals
            else blocks.text(_("Inga signaler under året: variationen ligger inom det väntade.")),
            blocks.table(
                "units",
                _("Avvikelser per enhet i år och i fjol"),
                [_("Enhet"), str(scope.year), str(scope.year - 1), _("Diagram"), _("Signaler")],
                unit_rows,
                numeric=[False, True, True, False, True],
            ),
        ]
        if themes:
            result_blocks.append(
                blocks.table(
                    "themes",
                    _("Återkommande teman i avvikelsernas beskrivningar"),
                    [_("Ord eller fras"), _("Rapporter i år"), _("Rapporter de två åren före")],
                    [[t.term, t.documents_now, t.documents_before] for t in themes],
                    numeric=[False, True, True],
                )
            )
        return {"figures": figures, "blocks": result_blocks}

    def _themes(self, scope: Scope):
        current = dict(scope.reported_in_year().values_list("pk", "description"))
        baseline = dict(
            scope.deviations()
            .reported_between(datetime.date(scope.year - 2, 1, 1), scope.start - datetime.timedelta(days=1))
            .values_list("pk", "description")
        )
        found = recurring_themes(current, baseline, limit=20)
        return [t for t in found if not set(t.term.split()) & THEME_NOISE][:10]


# --- Förbättringsåtgärder -------------------------------------------------------------------------------


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
            closed=Count("pk", filter=Q(closed_at__gte=start, closed_at__lt=end)),
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
            .values_list("title", "unit__name", "source_kind", "effect_measure", "effect_result")
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
                    [_("Åtgärd"), _("Enhet"), _("Ursprung"), _("Vad mättes"), _("Resultat")],
                    [[t, u, str(sources.get(s, s)), m, r] for t, u, s, m, r in effects],
                )
            )
        return {"figures": figures, "blocks": result_blocks}


# --- Fokus för nästa år ---------------------------------------------------------------------------------


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


# --- Bilagor ----------------------------------------------------------------------------------------


class ProcessMapAppendix(Section):
    key = "appendix_process_maps"
    title = gettext_lazy("Processkartor")
    narrative = False
    appendix = True

    def compute(self, scope: Scope) -> dict:
        processes = list(
            processes_for(scope)
            .filter(status=Process.Status.ESTABLISHED)
            .select_related("owner")
            .prefetch_related("activities")
            .order_by("kind", "name")
        )
        kinds = dict(Process.Kind.choices)
        result_blocks = [
            blocks.steps(
                f"process-{p.pk}",
                p.name,
                [a.name + (f" ({a.responsible_role})" if a.responsible_role else "") for a in p.activities.all()],
                meta=" · ".join(
                    part
                    for part in (
                        str(kinds[p.kind]),
                        _("Processägare: %(who)s") % {"who": p.owner} if p.owner else "",
                        _("Startar med: %(what)s") % {"what": p.starts_with} if p.starts_with else "",
                        _("Slutar med: %(what)s") % {"what": p.ends_with} if p.ends_with else "",
                    )
                    if part
                ),
            )
            for p in processes
        ]
        return {
            "figures": {"process_maps": len(processes)},
            "blocks": result_blocks or [blocks.text(_("Inga fastställda processer."))],
        }


PROVIDERS: list[Section] = [
    OrganisationSection(),
    ManagementSystemSection(),
    CollaborationSection(),
    ComparisonSection(),
    DeviationSection(),
    TrendSection(),
    ImprovementSection(),
    FocusSection(),
    ProcessMapAppendix(),
]

# Sections of the issue whose module is not in the system yet: shown as missing, with the reason.
MISSING = [
    (
        "risks",
        gettext_lazy("Riskanalyser och deras resultat"),
        gettext_lazy("Modulen för riskanalyser finns inte i systemet ännu."),
    ),
    (
        "self_inspection",
        gettext_lazy("Egenkontroll och internkontroll"),
        gettext_lazy("Modulen för egenkontroll och internkontroll finns inte i systemet ännu."),
    ),
    (
        "feedback",
        gettext_lazy("Synpunkter och klagomål"),
        gettext_lazy("Modulen för synpunkter och klagomål finns inte i systemet ännu."),
    ),
    (
        "appendix_law_list",
        gettext_lazy("Bilaga: Laglista"),
        gettext_lazy("Laglistan förs i processmodulen, som inte har rutiner och lagar i systemet ännu."),
    ),
    (
        "appendix_routines",
        gettext_lazy("Bilaga: Gällande rutiner"),
        gettext_lazy("Rutinerna förs i processmodulen, som inte har rutiner och lagar i systemet ännu."),
    ),
]


def provider(key: str) -> Section | None:
    return next((p for p in PROVIDERS if p.key == key), None)


def narrative_keys() -> list[str]:
    return [p.key for p in PROVIDERS if p.narrative]


def compute_all(unit: Unit, year: int, today: datetime.date | None = None) -> list[dict]:
    """Every available section's title, figures and blocks for a unit and year."""
    scope = Scope(unit=unit, year=year, today=today or timezone.localdate())
    return [
        {
            "key": p.key,
            "title": str(p.title),
            "guidance": str(p.guidance),
            "appendix": p.appendix,
            "has_narrative": p.narrative,
            **p.compute(scope),
        }
        for p in PROVIDERS
    ]


def missing() -> list[dict]:
    return [{"key": key, "title": str(title), "reason": str(reason)} for key, title, reason in MISSING]


# Kept for the themes page and the dashboard: the window of months a chart covers ending with last month.
def recent_months(today: datetime.date, count: int = trends.DEFAULT_MONTHS) -> list[datetime.date]:
    return months_ending(add_months(month_start(today), -1), count)
