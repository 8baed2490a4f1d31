"""Demo data: the law list, the responsibility matrix, 20 processes with routines, reading, and a year of calendar tasks.

Everything goes through the services and is checked for first, so loading twice gives the same data.
"""

import datetime

from lots import access
from lots.processes import acknowledgements, services
from lots.processes.calendar import responsible_people
from lots.processes.demo_data import (
    DRAFT_ADDITION,
    PROCESSES,
    ROUTINE_COLLABORATION,
    ROUTINE_NO_COLLABORATION,
    ROUTINES,
)
from lots.processes.models import (
    CalendarRule,
    CalendarTask,
    Law,
    Process,
    ProcessVersion,
    Responsibility,
    Routine,
    RoutineVersion,
)

DEPENDS_ON = ("lots.accounts",)

# Days since the last review, per law reference; None = never reviewed (shows up as due).
LAW_REVIEWS = {
    "SFS 2025:400": 40,
    "SFS 2001:453": 150,
    "SFS 1990:52": 200,
    "SFS 1988:870": 400,
    "SFS 2009:400": None,
    "SFS 2017:900": 90,
    "SFS 2017:725": 300,
    "SFS 1949:381": 120,
    "SOSFS 2011:9": 30,
    "SOSFS 2011:5": 380,
}
LAW_PROCESSES = {
    "SFS 2025:400": ["myndighet-barn", "utredning-vuxna", "ekonomiskt-bistand", "oppenvard-barn", "lex-sarah"],
    "SFS 1990:52": ["mottagning-barn", "utredning-barn", "familjehem"],
    "SFS 1988:870": ["lvm", "utredning-vuxna"],
    "SFS 2009:400": ["introduktion"],
    "SFS 2017:900": ["ekonomiskt-bistand", "utredning-barn"],
    "SFS 1949:381": ["familjeratt"],
    "SOSFS 2011:9": ["kvalitetsberattelse", "synpunkter", "riskanalys"],
    "SOSFS 2011:5": ["lex-sarah"],
}


def establisher_for(unit):
    """The nearest line manager who may establish routines on ``unit``."""
    path = access.assignments_on_path(unit, perm="routine.establish")
    return min(path, key=lambda a: (-a.unit.depth, a.user.username)).user if path else None


def _laws(ctx, municipality, top, actor, processes=None) -> None:
    if Law.objects.filter(municipality=municipality).exists():
        return
    created = services.law_list_seed(actor=actor, municipality=municipality, unit=top)
    for law in created:
        days = LAW_REVIEWS.get(law.reference)
        if days is not None:
            services.law_review(actor=actor, law=law, on=ctx.today - datetime.timedelta(days=days))
        keys = LAW_PROCESSES.get(law.reference, [])
        if processes and keys:
            law.refresh_from_db()
            services.law_update(
                actor=actor, law=law, expected_version=law.version, processes=[processes[k] for k in keys if k in processes]
            )


def _processes(ctx) -> dict[str, Process]:
    found: dict[str, Process] = {}
    for key, name, kind, unit_codes, owner, parent, purpose, starts, ends, steps, collaborations, state in PROCESSES:
        process = Process.objects.filter(municipality=ctx.municipality, name=name).first()
        if process is None:
            process = services.process_create(
                actor=ctx.actor,
                municipality=ctx.municipality,
                name=name,
                kind=kind,
                units=[ctx.unit(c) for c in unit_codes],
                owner=ctx.person(owner),
                parent=found.get(parent),
                purpose=purpose,
                starts_with=starts,
                ends_with=ends,
                no_collaboration_reason="" if collaborations else "Processen genomförs inom enheten utan andra parter.",
            )
            activities = [
                services.activity_create(actor=ctx.actor, process=process, name=n, responsible_role=role, description=text)
                for n, role, text in steps
            ]
            for partner, partner_kind, what, agreement, step in collaborations:
                services.collaboration_create(
                    actor=ctx.actor,
                    process=process,
                    partner=partner,
                    kind=partner_kind,
                    purpose=what,
                    agreement=agreement,
                    activity=activities[step - 1] if step else None,
                )
            if state in {"established", "changed"}:
                services.process_establish(actor=ctx.actor, process=process)
            if state == "changed":
                process.refresh_from_db()
                services.process_update(
                    actor=ctx.actor,
                    process=process,
                    expected_version=process.version,
                    purpose=purpose + " Utredningen följer BBIC från första kontakten.",
                )
            if key == "missbruk":
                process.refresh_from_db()
                services.process_update(
                    actor=ctx.actor,
                    process=process,
                    expected_version=process.version,
                    review_date=ctx.today + datetime.timedelta(days=20),
                )
        found[key] = process
    return found


def _acknowledge(ctx, routine: Routine, share: float) -> None:
    routine.refresh_from_db()
    for person in sorted(acknowledgements.people_asked(routine), key=lambda u: u.username):
        if ctx.rng.random() < share and not acknowledgements.has_confirmed(person, routine):
            services.acknowledge(actor=person, routine=routine)


def _routines(ctx, processes: dict[str, Process]) -> None:
    for title, unit_codes, owner, steps, share, versions, open_draft in ROUTINES:
        if Routine.objects.filter(municipality=ctx.municipality, title=title).exists():
            continue
        units = [ctx.unit(c) for c in unit_codes]
        linked = [processes[key] for key, _n in steps]
        activities = [processes[key].activities.get(position=n) for key, n in steps]
        routine = services.routine_create(
            actor=ctx.person(owner),
            municipality=ctx.municipality,
            title=title,
            owner=ctx.person(owner),
            units=units,
            body=versions[0][0],
            processes=list(dict.fromkeys(linked)),
            activities=activities,
            no_collaboration_reason="" if title in ROUTINE_COLLABORATION else ROUTINE_NO_COLLABORATION,
        )
        for partner, partner_kind, what, agreement in ROUTINE_COLLABORATION.get(title, []):
            services.routine_collaboration_create(
                actor=ctx.person(owner), routine=routine, partner=partner, kind=partner_kind, purpose=what, agreement=agreement
            )
        establisher = establisher_for(units[0])
        services.routine_establish(actor=establisher, draft=routine.versions.get(number=1))
        for body, summary in versions[1:]:
            _acknowledge(ctx, routine, 0.9)
            draft = services.routine_draft_start(actor=ctx.person(owner), routine=routine)
            services.routine_draft_update(
                actor=ctx.person(owner), draft=draft, expected_version=draft.version, body=body, change_summary=summary
            )
            services.routine_establish(actor=establisher, draft=draft)
        _acknowledge(ctx, routine, share)
        if open_draft:
            routine.refresh_from_db()
            draft = services.routine_draft_start(actor=ctx.person(owner), routine=routine)
            services.routine_draft_update(
                actor=ctx.person(owner),
                draft=draft,
                expected_version=draft.version,
                body=versions[-1][0] + DRAFT_ADDITION,
                change_summary="Uppföljning av tidsfristen läggs till.",
            )
        if title == "Hot och våld mot personal":
            routine.refresh_from_db()
            services.routine_update(
                actor=ctx.actor,
                routine=routine,
                expected_version=routine.version,
                review_date=ctx.today - datetime.timedelta(days=12),
            )


def _calendar(ctx, municipality, actor) -> None:
    if CalendarRule.objects.filter(unit__municipality=municipality).exists():
        return
    services.calendar_seed(actor=actor, municipality=municipality)
    services.calendar_generate(actor=actor, municipality=municipality, year=ctx.today.year)
    services.calendar_generate(actor=actor, municipality=municipality, year=ctx.today.year + 1)
    past = (
        CalendarTask.objects.open().filter(unit__municipality=municipality, due_date__lt=ctx.today).select_related("unit", "rule")
    )
    left_overdue = 0
    for task in past.order_by("-due_date", "unit__path"):
        # The two most recent unfinished tasks stay overdue, so the demo shows what that looks like.
        if left_overdue < 2:
            left_overdue += 1
            continue
        people = responsible_people(task)
        services.task_complete(actor=people[0] if people else actor, task=task, note="")


def _grannby(ctx) -> None:
    municipality = ctx.second
    if municipality is None:
        return
    actor = ctx.person("grannby-kvalitet")
    top = ctx.unit("grannby-namnd")
    _laws(ctx, municipality, top, actor)
    if not Responsibility.objects.filter(municipality=municipality).exists():
        services.responsibilities_seed(actor=actor, municipality=municipality)
    _calendar(ctx, municipality, actor)
    name = "Handläggning av försörjningsstöd"
    if Process.objects.filter(municipality=municipality, name=name).exists():
        return
    unit = ctx.unit("grannby-stod")
    process = services.process_create(
        actor=actor,
        municipality=municipality,
        name=name,
        units=[unit],
        owner=ctx.person("grannby-ec"),
        purpose="Att ansökningar om försörjningsstöd handläggs rättssäkert och snabbt.",
        starts_with="Ansökan kommer in",
        ends_with="Beslut och utbetalning",
        no_collaboration_reason="Handläggningen sker inom enheten; utbetalningen går genom kommunens ekonomisystem.",
    )
    for step in ("Ansökan", "Utredning", "Beslut", "Utbetalning"):
        services.activity_create(actor=actor, process=process, name=step, responsible_role="Handläggare")
    services.process_establish(actor=actor, process=process)
    routine = services.routine_create(
        actor=actor,
        municipality=municipality,
        title="Handläggningstid för försörjningsstöd",
        owner=ctx.person("grannby-ec"),
        units=[unit],
        processes=[process],
        body="## Syfte\nBeslut fattas inom tio arbetsdagar från komplett ansökan.",
        no_collaboration_reason="Handläggningen sker inom enheten.",
    )
    services.routine_establish(actor=ctx.person("grannby-ec"), draft=routine.versions.get(number=1))


def _history(ctx, municipality) -> None:
    """The management system has a past: most processes and routines were first established last year, so last year's
    annual report has processes and routines in force at its year end, and this year's counts only what was new or
    changed since. Every sixth keeps this year's date (new this year). The dates are fixed, so loading twice changes
    nothing; later versions keep their dates (changed this year)."""
    first_of_year = datetime.datetime(ctx.today.year - 1, 2, 1, 10, tzinfo=datetime.UTC)
    for model, parent in ((ProcessVersion, "process"), (RoutineVersion, "routine")):
        firsts = model.objects.filter(**{f"{parent}__municipality": municipality, "number": 1}).exclude(established_at=None)
        for index, version in enumerate(firsts.order_by(f"{parent}_id")):
            if index % 6 == 5:
                continue
            when = first_of_year + datetime.timedelta(days=9 * index)
            model.objects.filter(pk=version.pk).update(established_at=when)
    # A process's own date is that of its latest established version.
    for process in Process.objects.filter(municipality=municipality).exclude(established_at=None):
        latest = process.versions.order_by("-number").values_list("established_at", flat=True).first()
        Process.objects.filter(pk=process.pk).update(established_at=latest)


def load(ctx) -> None:
    actor = ctx.actor
    municipality = ctx.municipality
    if not Responsibility.objects.filter(municipality=municipality).exists():
        services.responsibilities_seed(actor=actor, municipality=municipality)
    processes = _processes(ctx)
    _laws(ctx, municipality, ctx.unit("socialnamnd"), actor, processes)
    _routines(ctx, processes)
    _history(ctx, municipality)
    _calendar(ctx, municipality, actor)
    _grannby(ctx)
    ctx.processes = processes
