"""The management system (lots.processes): processes and routines established or changed, collaboration, and the
appendices (law list, routines in force, process maps).

A process, routine or law applies to the units it is decided on and everything below them, so the scope sees
those decided on a unit inside it or above it.
"""

import datetime

from django.db.models import Count
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lots.processes.models import Collaboration, Law, Process, ProcessVersion, Routine, RoutineVersion
from lots.reports import blocks
from lots.reports.periods import day_start
from lots.reports.providers.base import Scope, Section, date_text


def processes_for(scope: Scope):
    return Process.objects.filter(scope.applies(), municipality_id=scope.unit.municipality_id).distinct()


def routines_for(scope: Scope):
    return Routine.objects.filter(scope.applies(), municipality_id=scope.unit.municipality_id).distinct()


def laws_for(scope: Scope):
    return Law.objects.filter(scope.applies(), municipality_id=scope.unit.municipality_id).distinct()


def routines_in_force(scope: Scope) -> list[Routine]:
    """The routines valid at the year's end, each with ``version_at_end``: its latest version established before the
    year ended (the version history, not today's version). Read once per scope (two sections list them)."""

    def read():
        _start, end = _year_range(scope)
        routines = {
            r.pk: r
            for r in routines_for(scope).select_related("owner").prefetch_related("units").order_by("title", "pk")
        }
        latest: dict[int, RoutineVersion] = {}
        for version in RoutineVersion.objects.filter(
            routine__in=list(routines), status=RoutineVersion.Status.ESTABLISHED, established_at__lt=end
        ).order_by("routine", "number"):
            latest[version.routine_id] = version
        found = []
        for pk, routine in routines.items():
            if pk in latest and _valid_on(routine, scope.end):
                routine.version_at_end = latest[pk]
                found.append(routine)
        return found

    return scope.once("routines_in_force", read)


def _valid_on(routine: Routine, day: datetime.date) -> bool:
    return not (routine.valid_from and day < routine.valid_from) and not (routine.valid_until and day > routine.valid_until)


def processes_established_at_end(scope: Scope) -> list[Process]:
    """Processes established at the year's end, from the version history, each with ``version_at_end`` (its latest
    version established before the year ended). Read once per scope."""

    def read():
        _start, end = _year_range(scope)
        processes = {p.pk: p for p in processes_for(scope).select_related("owner").order_by("name", "pk")}
        latest: dict[int, ProcessVersion] = {}
        for version in ProcessVersion.objects.filter(process__in=list(processes), established_at__lt=end).order_by(
            "process", "number"
        ):
            latest[version.process_id] = version
        found = []
        for pk, process in processes.items():
            if pk in latest:
                process.version_at_end = latest[pk]
                found.append(process)
        return found

    return scope.once("processes_established_at_end", read)


def laws_in_force(scope: Scope) -> list[Law]:
    return [law for law in laws_for(scope).order_by("collection", "title", "pk") if law.is_in_force(scope.end)]


def _reviewed_in(law: Law, scope: Scope) -> bool:
    return bool(law.last_reviewed_at and scope.start <= law.last_reviewed_at <= scope.end)


def _year_range(scope: Scope):
    return day_start(scope.start), day_start(scope.end + datetime.timedelta(days=1))


class ManagementSystemSection(Section):
    key = "management_system"
    title = gettext_lazy("Ledningssystemet: processer, rutiner och laglista")
    guidance = gettext_lazy(
        "Beskriv vilka processer och rutiner som har fastställts eller ändrats under året, hur de har gjorts "
        "kända för medarbetarna och hur laglistan hålls aktuell."
    )

    def compute(self, scope: Scope) -> dict:
        start, end = _year_range(scope)
        established = processes_established_at_end(scope)
        process_versions = list(
            ProcessVersion.objects.filter(process__in=processes_for(scope), established_at__gte=start, established_at__lt=end)
            .select_related("process")
            .order_by("established_at", "pk")
        )
        routine_versions = list(
            RoutineVersion.objects.filter(
                routine__in=routines_for(scope).values("pk"),
                status=RoutineVersion.Status.ESTABLISHED,
                established_at__gte=start,
                established_at__lt=end,
            )
            .select_related("routine")
            .order_by("established_at", "pk")
        )
        in_force = routines_in_force(scope)
        laws = laws_in_force(scope)
        kinds = dict(Process.Kind.choices)
        figures = {
            "processes_established": len(established),
            "process_versions_in_year": len(process_versions),
            # Processes, not versions: a process established for the first time and changed in the same year counts
            # once in each line it belongs to.
            "processes_new_in_year": len({v.process_id for v in process_versions if v.number == 1}),
            "processes_changed_in_year": len({v.process_id for v in process_versions if v.number > 1}),
            "processes_review_due": sum(
                1 for p in established if p.version_at_end.review_date and p.version_at_end.review_date <= scope.end
            ),
            "routines_in_force": len(in_force),
            "routines_new_in_year": sum(1 for v in routine_versions if v.number == 1),
            "routines_changed_in_year": sum(1 for v in routine_versions if v.number > 1),
            "routines_review_due": sum(1 for r in in_force if r.review_is_due(scope.end)),
            "laws_in_force": len(laws),
            "laws_reviewed_in_year": sum(1 for law in laws if _reviewed_in(law, scope)),
            "laws_review_due": sum(1 for law in laws if law.review_is_due(scope.end)),
        }
        changes = [
            [_("Process"), v.process.name, v.number, date_text(v.established_at), _("Ny") if v.number == 1 else _("Ändrad")]
            for v in process_versions
        ] + [
            [
                _("Rutin"),
                v.routine.title,
                v.number,
                date_text(v.established_at),
                (_("Ny") if v.number == 1 else _("Ändrad")) + (f": {v.change_summary}" if v.change_summary else ""),
            ]
            for v in routine_versions
        ]
        result_blocks = [
            blocks.facts(
                [
                    (_("Fastställda processer vid årets slut"), figures["processes_established"]),
                    (_("Processer fastställda för första gången under året"), figures["processes_new_in_year"]),
                    (_("Processer ändrade och fastställda på nytt under året"), figures["processes_changed_in_year"]),
                    (_("Gällande rutiner vid årets slut"), figures["routines_in_force"]),
                    (_("Nya rutiner under året"), figures["routines_new_in_year"]),
                    (_("Ändrade rutiner under året"), figures["routines_changed_in_year"]),
                    (_("Rutiner vid årets slut vars översyn hade passerat"), figures["routines_review_due"]),
                    (_("Lagar och föreskrifter på laglistan vid årets slut"), figures["laws_in_force"]),
                    (_("Lagar genomgångna under året"), figures["laws_reviewed_in_year"]),
                    (_("Lagar som vid årets slut väntade på årlig genomgång"), figures["laws_review_due"]),
                ]
            ),
        ]
        if changes:
            result_blocks.append(
                blocks.table(
                    "changes",
                    _("Fastställt under året"),
                    [_("Typ"), _("Namn"), _("Version"), _("Fastställd"), _("Ändring")],
                    sorted(changes, key=lambda r: (r[3], r[1])),
                    [False, False, True, False, False],
                )
            )
        if established:
            result_blocks.append(
                blocks.table(
                    "processes",
                    _("Fastställda processer vid årets slut"),
                    [_("Process"), _("Typ"), _("Processägare"), _("Fastställd"), _("Nästa översyn")],
                    [
                        [
                            p.name,
                            str(kinds[p.kind]),
                            str(p.owner) if p.owner else "–",
                            date_text(p.version_at_end.established_at),
                            date_text(p.version_at_end.review_date) or "–",
                        ]
                        for p in established
                    ],
                )
            )
        else:
            result_blocks.append(blocks.text(_("Inga processer är fastställda för verksamheten.")))
        result_blocks.append(blocks.text(_("Laglistan och de gällande rutinerna finns i bilagorna.")))
        return {"figures": figures, "blocks": result_blocks}


class CollaborationSection(Section):
    key = "collaboration"
    title = gettext_lazy("Samverkan")
    guidance = gettext_lazy(
        "Beskriv samverkan inom och utanför verksamheten (skola, hälso- och sjukvård, andra myndigheter och "
        "utförare): vad som fungerat, vad som brustit och vad som har gjorts åt det."
    )

    def compute(self, scope: Scope) -> dict:
        deviations = scope.reported_in_year().filter(category__name__iexact="Samverkan")
        by_unit = list(deviations.values("unit__name", "unit__path").annotate(n=Count("pk")).order_by("unit__path"))
        total = sum(row["n"] for row in by_unit)
        partners = list(
            Collaboration.objects.filter(process__in=processes_for(scope).filter(status=Process.Status.ESTABLISHED).values("pk"))
            .select_related("process")
            .order_by("kind", "partner", "process__name", "pk")
        )
        kinds = dict(Collaboration.Kind.choices)
        figures = {
            "deviations_collaboration": total,
            "collaborations": len(partners),
            "collaborations_external": sum(1 for c in partners if c.kind == Collaboration.Kind.EXTERNAL),
        }
        result_blocks = [
            blocks.facts(
                [
                    (_("Beskriven samverkan i fastställda processer"), len(partners)),
                    (_("Varav med externa parter"), figures["collaborations_external"]),
                    (_("Avvikelser i kategorin Samverkan under året"), total),
                ]
            ),
        ]
        if partners:
            result_blocks.append(
                blocks.table(
                    "partners",
                    _("Samverkan enligt processerna"),
                    [_("Samverkanspart"), _("Typ"), _("Process"), _("Vad samverkan gäller"), _("Överenskommelse eller rutin")],
                    [[c.partner, str(kinds[c.kind]), c.process.name, c.purpose or "–", c.agreement or "–"] for c in partners],
                )
            )
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


class LawListAppendix(Section):
    key = "appendix_law_list"
    title = gettext_lazy("Laglista")
    narrative = False
    appendix = True

    def compute(self, scope: Scope) -> dict:
        laws = laws_in_force(scope)
        rows = [
            [
                law.reference,
                law.title,
                law.short_name or "–",
                date_text(law.in_force_from) or "–",
                date_text(law.last_reviewed_at) if law.last_reviewed_at and law.last_reviewed_at <= scope.end else "–",
            ]
            for law in laws
        ]
        return {
            "figures": {"laws": len(laws)},
            "blocks": [
                blocks.table(
                    "laws",
                    _("Lagar och föreskrifter som gäller vid årets slut"),
                    [_("Författning"), _("Rubrik"), _("Förkortning"), _("Gäller från"), _("Senast genomgången")],
                    rows,
                )
                if rows
                else blocks.text(_("Laglistan är tom för verksamheten."))
            ],
        }


class RoutineAppendix(Section):
    key = "appendix_routines"
    title = gettext_lazy("Gällande rutiner")
    narrative = False
    appendix = True

    def compute(self, scope: Scope) -> dict:
        routines = routines_in_force(scope)
        rows = [
            [
                r.title,
                r.version_at_end.number,
                date_text(r.version_at_end.established_at),
                str(r.owner),
                date_text(r.review_date) or "–",
                ", ".join(u.name for u in sorted(r.units.all(), key=lambda u: u.path)),
            ]
            for r in routines
        ]
        return {
            "figures": {"routines": len(routines)},
            "blocks": [
                blocks.table(
                    "routines",
                    _("Rutiner som gäller vid årets slut"),
                    [_("Rutin"), _("Version"), _("Fastställd"), _("Rutinägare"), _("Nästa översyn"), _("Gäller för")],
                    rows,
                    [False, True, False, False, False, False],
                )
                if rows
                else blocks.text(_("Inga rutiner gäller för verksamheten."))
            ],
        }


class ProcessMapAppendix(Section):
    key = "appendix_process_maps"
    title = gettext_lazy("Processkartor")
    narrative = False
    appendix = True

    def compute(self, scope: Scope) -> dict:
        at_end = {p.pk for p in processes_established_at_end(scope)}
        processes = list(
            processes_for(scope)
            .filter(pk__in=at_end)
            .select_related("owner")
            .prefetch_related("activities", "collaborations")
            .order_by("kind", "name", "pk")
        )
        kinds = dict(Process.Kind.choices)
        result_blocks = []
        for p in processes:
            meta = [
                str(kinds[p.kind]),
                _("Processägare: %(who)s") % {"who": p.owner} if p.owner else "",
                _("Startar med: %(what)s") % {"what": p.starts_with} if p.starts_with else "",
                _("Slutar med: %(what)s") % {"what": p.ends_with} if p.ends_with else "",
                _("Samverkan: %(who)s") % {"who": ", ".join(c.partner for c in p.collaborations.all())}
                if p.collaborations.all()
                else "",
            ]
            result_blocks.append(
                blocks.steps(
                    f"process-{p.pk}",
                    p.name,
                    [a.name + (f" ({a.responsible_role})" if a.responsible_role else "") for a in p.activities.all()],
                    meta=" · ".join(part for part in meta if part),
                )
            )
        return {
            "figures": {"process_maps": len(processes)},
            "blocks": result_blocks or [blocks.text(_("Inga fastställda processer."))],
        }
