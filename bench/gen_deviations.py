"""Bench data for deviations: ten years of reports with their handling, lex Sarah investigations and IVO notifications.

Written in bulk (bench.bulk), but every row is what the services would have left:

- numbers: ``sequence`` runs 1, 2, 3 … per municipality and local calendar year in the
  order of ``reported_at`` (as ``_create_numbered`` hands them out); ``year`` is the local year;
- the responsible manager is the one ``responsibility.default_responsibles`` finds for the unit;
- state and timestamps agree: received_at/resolved_at/closed_at are set exactly for the
  states that have passed them, in time order, never in the future; a reopened report has
  the events closed → under utredning → åtgärdad → avslutad and its latest dates;
- one DeviationEvent per move (the first one "" → rapporterad), with the comments the
  services require for åtgärdad, avslutad and reopening;
- lex Sarah: a flagged report has its investigation from the moment it was reported; a
  report is åtgärdad only after its investigation is completed (all SOSFS 2011:5 contents
  filled in) or closed early (with a position and "inte ett missförhållande"); a serious
  classification has an IVO notification due ``ivo_target_days`` after the report, and an
  avslutad report's notification has been sent (after the report, by a named person);
- analysis (causes, severity × probability on the 4-step scale) only before closing;
- ``version`` is 1 + the number of versioned updates the services would have made;
- audit rows as the services write them: created, each transition, the analysis, the
  investigation's update and completion, the IVO notification's creation and sending, and
  improvement actions' creation — same action, object, unit, actor and field changes.

Not reproduced: mails (none are sent in bulk), the PDF copy of a sent IVO notification
(``sent_pdf`` stays empty) and attachments.
"""

import bisect
import datetime
import math
import random
import time
import zoneinfo

from django.conf import settings
from django.contrib.contenttypes.models import ContentType

from bench import bulk
from lots.audit.models import AuditEntry
from lots.deviations import services
from lots.deviations.demo import ACTIONS, EVENTS, LEX_SARAH_EVENTS
from lots.deviations.models import (
    Deviation,
    DeviationCategory,
    DeviationEvent,
    IvoNotification,
    LexSarahInvestigation,
)
from lots.deviations.responsibility import default_responsibles
from lots.improvements.models import ImprovementAction

State = Deviation.State
C = LexSarahInvestigation.Classification
DAY = 86400.0
YEARS = 10
CHUNK = 20_000

LEX_SARAH_SHARE = 0.02
CLASSIFICATIONS = [(C.NOT_A_WRONG, 0.40), (C.RISK, 0.20), (C.WRONG, 0.20), (C.SERIOUS_RISK, 0.10), (C.SERIOUS, 0.10)]
CLOSED_EARLY_SHARE = 0.35  # of those found not to be a wrong
ANALYSED_SHARE = 0.7
ACTION_SHARE = 0.04  # of analysed reports
REOPEN_SHARE = 0.01
COMMENTS = {
    State.RESOLVED: "Orsaken är utredd och åtgärder är genomförda.",
    State.CLOSED: "Åtgärderna har följts upp och fungerar.",
}
REOPEN_COMMENT = "Ny information kom fram vid uppföljningen."

DEVIATION_COLUMNS = [
    "id",
    "version",
    "municipality_id",
    "year",
    "sequence",
    "unit_id",
    "category_id",
    "reported_by_id",
    "reported_at",
    "occurred_at",
    "description",
    "immediate_action",
    "possible_lex_sarah",
    "case_reference",
    "integrity_confirmed",
    "state",
    "responsible_id",
    "received_at",
    "resolved_at",
    "closed_at",
    "causes",
    "cause_description",
    "severity",
    "probability",
    "source_type_id",
    "source_id",
    "external_reference",
]
EVENT_COLUMNS = ["id", "deviation_id", "at", "actor_id", "from_state", "to_state", "comment"]
INVESTIGATION_COLUMNS = [
    "id",
    "version",
    "deviation_id",
    "status",
    "started_at",
    "started_by_id",
    "what_happened",
    "when_where",
    "affected",
    "informed",
    "informed_details",
    "causes",
    "actions_taken",
    "actions_planned",
    "final_assessment",
    "classification",
    "early_close_position",
    "completed_at",
    "completed_by_id",
]
IVO_COLUMNS = [
    "id",
    "version",
    "deviation_id",
    "started_at",
    "started_by_id",
    "due_date",
    "contact_name",
    "contact_phone",
    "contact_email",
    "activity_area",
    "other_notifications",
    "investigation_expected",
    "decided_at",
    "decided_by_id",
    "decision_basis",
    "decision_reference",
    "sent_at",
    "sent_by_id",
    "ivo_reference",
    "sent_pdf",
]
ACTION_COLUMNS = [
    "id",
    "version",
    "title",
    "description",
    "unit_id",
    "owner_id",
    "source_kind",
    "source_type_id",
    "source_id",
    "stage",
    "due_date",
    "expected_effect",
    "effect_measure",
    "effect_result",
    "done_notes",
    "conclusion",
    "stage_changed_at",
    "closed_at",
    "created_by_id",
    "created_at",
]
AUDIT_COLUMNS = [
    "id",
    "at",
    "actor_id",
    "actor_name",
    "action",
    "content_type_id",
    "object_id",
    "object_repr",
    "unit_id",
    "unit_path",
    "changes",
    "note",
]

INVESTIGATION_TEXT = {
    "affected": "Den enskilde påverkades genom att stödet uteblev och oro uppstod.",
    "informed": LexSarahInvestigation.Informed.YES_WITH_VIEW.value,
    "informed_details": "Informerades vid ett samtal och fick lämna sina synpunkter, som finns i akten.",
    "causes": "Rutinen för överlämning var oklar och bemanningen var låg.",
    "actions_taken": "Rutinen har förtydligats och all personal har gått igenom den.",
    "actions_planned": "Uppföljning av rutinen vid arbetsplatsträff om tre månader.",
    "final_assessment": "Händelsen bedöms utifrån vad som framkommit i utredningen.",
}
EARLY_POSITION = "Händelsen gällde en planerad ändring som den enskilde hade godkänt; det är uppenbart inte ett missförhållande."


class _Clock:
    """Epoch seconds ↔ aware datetimes, and the local (Stockholm) year and date of a moment, fast."""

    def __init__(self, first_year: int, last_year: int):
        self.tz = zoneinfo.ZoneInfo(settings.TIME_ZONE)
        self.year_starts = [datetime.datetime(y, 1, 1, tzinfo=self.tz).timestamp() for y in range(first_year, last_year + 2)]
        self.first_year = first_year

    @staticmethod
    def dt(ts: float) -> datetime.datetime:
        return datetime.datetime.fromtimestamp(ts, datetime.UTC)

    def year(self, ts: float) -> int:
        return self.first_year + bisect.bisect_right(self.year_starts, ts) - 1

    def local_date(self, ts: float) -> datetime.date:
        return datetime.datetime.fromtimestamp(ts, self.tz).date()

    def local_text(self, ts: float) -> str:
        return f"{datetime.datetime.fromtimestamp(ts, self.tz):%Y-%m-%d %H:%M}"


def _ref(obj_id: int, text: str) -> dict:
    return {"id": obj_id, "text": text}


def _report_times(rng: random.Random, count: int, start: float, end: float) -> list[float]:
    """Report moments over the period, more in later years (reporting culture grows), mostly in the daytime."""
    a, b = 0.7, 0.6  # density a + b·x on [0, 1]
    days = (end - start) / DAY
    times = []
    for _ in range(count):
        u = rng.random()
        x = (-a + math.sqrt(a * a + 2 * b * u * (a + b / 2))) / b
        day = math.floor(x * days)
        hour = rng.choice((7, 8, 9, 10, 11, 13, 14, 15, 16, 19, 22)) + rng.random()
        times.append(min(end, start + day * DAY + hour * 3600.0))
    times.sort()
    return times


class _Municipality:
    """What one municipality's reports are drawn from."""

    def __init__(self, municipality, units, people_by_unit, staff, responsibles, categories, coordinator):
        self.municipality = municipality
        self.units = units
        self.people_by_unit = people_by_unit
        self.staff = staff
        self.responsibles = responsibles
        self.categories = categories
        self.coordinator = coordinator


def _people_names(ds) -> dict:
    return {u.pk: u.get_full_name() or u.username for u in ds.people}


def _contexts(ds) -> list[_Municipality]:
    assignments = ds.extra["assignments"]
    contexts = []
    for municipality in ds.municipalities:
        services.categories_ensure(municipality=municipality)
        services.settings_update(
            actor=None,
            municipality=municipality,
            expected_version=None,
            provider_name=f"Socialnämnden i {municipality.name}",
            organisation_number="212000-0142",
            address="Box 1, 999 99 Benchstad",
        )
        units = [u for u in ds.units if u.municipality_id == municipality.pk]
        # Reports come mostly from the leaf units where staff work, some from avdelningar.
        reporting_units = [u for u in units if u in ds.leaf_units or u.kind == "avdelning"]
        people_by_unit = {}
        for a in assignments:
            if a.unit_id and a.unit.municipality_id == municipality.pk:
                people_by_unit.setdefault(a.unit_id, []).append(a.user)
        staff = [user for users in people_by_unit.values() for user in users]
        categories = [(c.pk, c.name) for c in DeviationCategory.objects.filter(municipality=municipality).order_by("position")]
        coordinator = next(
            a.user for a in assignments if a.role == "kvalitetssamordnare" and a.unit.municipality_id == municipality.pk
        )
        contexts.append(
            _Municipality(
                municipality,
                reporting_units,
                people_by_unit,
                staff,
                default_responsibles(units),
                categories,
                coordinator,
            )
        )
    return contexts


class _Writer:
    """Collects one chunk's rows per table, then writes them table by table (in the order given)."""

    def __init__(self, columns: dict | None = None):
        self.columns = columns or {
            Deviation: DEVIATION_COLUMNS,
            DeviationEvent: EVENT_COLUMNS,
            LexSarahInvestigation: INVESTIGATION_COLUMNS,
            IvoNotification: IVO_COLUMNS,
            ImprovementAction: ACTION_COLUMNS,
            AuditEntry: AUDIT_COLUMNS,
        }
        self.ids = {m: bulk.next_id(m) for m in self.columns}
        self.rows = {m: [] for m in self.columns}
        self.counts = dict.fromkeys(self.columns, 0)

    def new_id(self, model) -> int:
        value = self.ids[model]
        self.ids[model] = value + 1
        return value

    def flush(self) -> None:
        for model, rows in self.rows.items():
            if rows:
                self.counts[model] += bulk.write(model, self.columns[model], rows)
                rows.clear()


def generate_deviations(ds) -> None:
    total = ds.sizes["deviations"]
    if not total:
        return
    from bench.generate import municipality_weights

    now = datetime.datetime.now(datetime.UTC).timestamp()
    today = datetime.date.today()
    clock = _Clock(today.year - YEARS - 1, today.year)
    first_day = today - datetime.timedelta(days=round(YEARS * 365.25))
    start = datetime.datetime.combine(first_day, datetime.time.min, tzinfo=clock.tz).timestamp()
    contexts = _contexts(ds)
    names = _people_names(ds)
    ct = {
        m: ContentType.objects.get_for_model(m, for_concrete_model=False).pk
        for m in (Deviation, LexSarahInvestigation, IvoNotification, ImprovementAction)
    }
    weights = municipality_weights(len(contexts))
    counts = [round(total * w) for w in weights]
    counts[0] += total - sum(counts)
    writer = _Writer()
    models = list(writer.ids)
    started = time.perf_counter()
    with bulk.deferred_indexes(*[m for m in models if m is not AuditEntry]):
        for index, (context, count) in enumerate(zip(contexts, counts, strict=True)):
            rng = random.Random(f"lots-bench-deviations-{ds.scale}-{index}")
            times = _report_times(rng, count, start, now - 3600.0)
            sequences: dict[int, int] = {}
            for position, reported in enumerate(times):
                year = clock.year(reported)
                sequences[year] = sequences.get(year, 0) + 1
                _one(writer, rng, clock, context, ct, names, reported, year, sequences[year], now)
                if (position + 1) % CHUNK == 0:
                    writer.flush()
            writer.flush()
            bulk.say(f"deviations of {context.municipality.name}: {count} in {time.perf_counter() - started:.0f} s so far")
    bulk.reset_sequences(*models)
    ds.extra["deviation_counts"] = {m.__name__: n for m, n in writer.counts.items()}


def _exp(rng: random.Random, mean_days: float) -> float:
    return rng.expovariate(1 / mean_days) * DAY


def _one(writer: _Writer, rng, clock: _Clock, ctx: _Municipality, ct, names, reported: float, year, sequence, now):
    """One report and everything that happened to it up to ``now``."""
    unit = rng.choice(ctx.units)
    reporter = rng.choice(ctx.people_by_unit.get(unit.pk) or ctx.staff)
    responsible = ctx.responsibles.get(unit.pk)
    handler = responsible or ctx.coordinator
    lex = rng.random() < LEX_SARAH_SHARE
    category_name, description, immediate = rng.choice(LEX_SARAH_EVENTS if lex else EVENTS)
    category = next(((pk, name) for pk, name in ctx.categories if name == category_name), None)
    if rng.random() < 0.05:
        category = None
    occurred = reported - rng.uniform(0.5, 48) * 3600
    case_reference = f"{unit.code[:3].upper()}-{rng.randrange(100, 9999)}" if rng.random() < 0.3 else ""
    deviation_id = writer.new_id(Deviation)
    number = f"AV-{year}-{sequence:04d}"
    repr_ = f"Avvikelse {number}"
    audit = writer.rows[AuditEntry]
    events = writer.rows[DeviationEvent]

    def audit_row(at, actor, action, model, obj_id, obj_repr, changes, note=""):
        audit.append(
            (
                writer.new_id(AuditEntry),
                clock.dt(at),
                actor.pk if actor else None,
                names[actor.pk] if actor else "",
                action,
                model if isinstance(model, int) else ct[model],
                str(obj_id),
                obj_repr[:255],
                unit.pk,
                unit.path,
                changes,
                note,
            )
        )

    # The planned course of the report: received → investigating → resolved → closed.
    stall_p = 0.004 if now - reported < 2 * 365 * DAY else 0.0005
    stall_at = rng.randrange(4) if rng.random() < stall_p else None
    received = reported + (rng.uniform(0.05, 0.9) * DAY if lex else _exp(rng, 1.2))
    investigating = received + _exp(rng, 3)
    resolved = investigating + DAY + _exp(rng, 14)
    closed = resolved + _exp(rng, 10)

    # Lex Sarah: investigation completed before resolving; a serious one sent to IVO before closing.
    investigation = None
    if lex:
        classification = rng.choices([c for c, _w in CLASSIFICATIONS], [w for _c, w in CLASSIFICATIONS])[0]
        decided = investigating + _exp(rng, 5)
        done = decided + _exp(rng, 4)
        early = classification == C.NOT_A_WRONG and rng.random() < CLOSED_EARLY_SHARE
        serious = classification in LexSarahInvestigation.SERIOUS
        sent = decided + _exp(rng, 4) if serious else None
        resolved = max(resolved, done + 3600)
        if sent is not None:
            closed = max(closed, sent + 3600)
        closed = max(closed, resolved + 3600)
        investigation = (classification, decided, done, early, serious, sent)

    # Reopening: some closed reports come back to "under utredning" and are closed again.
    reopen = None
    if rng.random() < REOPEN_SHARE:
        reopened = closed + _exp(rng, 20)
        re_resolved = reopened + DAY + _exp(rng, 7)
        re_closed = re_resolved + _exp(rng, 5)
        reopen = (reopened, re_resolved, re_closed)

    moves = [(received, State.REPORTED, State.RECEIVED), (investigating, State.RECEIVED, State.INVESTIGATING)]
    moves += [(resolved, State.INVESTIGATING, State.RESOLVED), (closed, State.RESOLVED, State.CLOSED)]
    if reopen:
        moves += [
            (reopen[0], State.CLOSED, State.INVESTIGATING),
            (reopen[1], State.INVESTIGATING, State.RESOLVED),
            (reopen[2], State.RESOLVED, State.CLOSED),
        ]
    if stall_at is not None:
        moves = moves[:stall_at]
    moves = [m for m in moves if m[0] <= now]
    # A step is only ever taken after the previous one (the cut above keeps the order).
    state = State.REPORTED
    received_at = resolved_at = closed_at = None
    version = 1

    events.append((writer.new_id(DeviationEvent), deviation_id, clock.dt(reported), reporter.pk, "", State.REPORTED.value, ""))
    audit_row(
        reported,
        reporter,
        AuditEntry.Action.CREATE,
        Deviation,
        deviation_id,
        repr_,
        {
            "unit": [None, _ref(unit.pk, unit.name)],
            "category": [None, _ref(*category) if category else None],
            "occurred_at": [None, clock.dt(occurred).isoformat()],
            "possible_lex_sarah": [None, lex],
            "case_reference": [None, case_reference],
            "responsible": [None, _ref(responsible.pk, names[responsible.pk]) if responsible else None],
            "state": [None, State.REPORTED.value],
        },
    )

    # Analysis some time while under investigation (never after closing).
    analysis = None
    reached_investigating = any(to == State.INVESTIGATING for _t, _f, to in moves)
    if reached_investigating and rng.random() < ANALYSED_SHARE:
        until = resolved if resolved <= now else now
        at = investigating + rng.random() * max(0.0, until - investigating)
        causes_all = Deviation.Cause.values
        causes = sorted({rng.choice(causes_all) for _ in range(1 + (rng.random() < 0.3))}, key=causes_all.index)
        analysis = (at, causes, 1 + rng.randrange(4), 1 + rng.randrange(4))

    timeline = [(t, "move", (f, to)) for t, f, to in moves]
    if analysis:
        timeline.append((analysis[0], "analysis", None))
    timeline.sort(key=lambda item: item[0])

    # Investigation rows (written with their final state; audited at the moments they changed).
    investigation_row = None
    ivo_row = None
    if investigation is not None:
        classification, decided, done, early, serious, sent = investigation
        investigation_id = writer.new_id(LexSarahInvestigation)
        inv_repr = f"Lex Sarah-utredning för {repr_}"
        audit_row(
            reported,
            reporter,
            AuditEntry.Action.CREATE,
            LexSarahInvestigation,
            investigation_id,
            inv_repr,
            {"status": [None, "open"], "started_at": [None, clock.dt(reported).isoformat()]},
        )
        fields = {
            "what_happened": description,
            "when_where": f"{clock.local_text(occurred)}, {unit.name}",
            **dict.fromkeys(INVESTIGATION_TEXT, ""),
            "classification": "",
            "early_close_position": "",
        }
        inv_version = 1
        status = LexSarahInvestigation.Status.OPEN
        completed_at = completed_by = None
        if early and done <= now:
            fields.update(classification=C.NOT_A_WRONG.value, early_close_position=EARLY_POSITION)
            status, completed_at, completed_by = LexSarahInvestigation.Status.CLOSED_EARLY, done, handler
            inv_version += 1
            audit_row(
                done,
                handler,
                AuditEntry.Action.TRANSITION,
                LexSarahInvestigation,
                investigation_id,
                inv_repr,
                {
                    "status": ["open", status.value],
                    "classification": ["", C.NOT_A_WRONG.value],
                    "early_close_position": ["", EARLY_POSITION],
                    "completed_at": [None, clock.dt(done).isoformat()],
                    "completed_by": [None, _ref(handler.pk, names[handler.pk])],
                },
            )
        elif not early and decided <= now:
            fields.update(INVESTIGATION_TEXT, classification=classification.value)
            inv_version += 1
            audit_row(
                decided,
                handler,
                AuditEntry.Action.UPDATE,
                LexSarahInvestigation,
                investigation_id,
                inv_repr,
                {name: ["", value] for name, value in INVESTIGATION_TEXT.items()}
                | {"classification": ["", classification.value]},
            )
            if serious:
                ivo_id = writer.new_id(IvoNotification)
                due = clock.local_date(reported) + datetime.timedelta(days=14)
                ivo_repr = f"Anmälan till IVO för {repr_}"
                audit_row(
                    decided,
                    handler,
                    AuditEntry.Action.CREATE,
                    IvoNotification,
                    ivo_id,
                    ivo_repr,
                    {"due_date": [None, due.isoformat()], "contact_name": [None, names[handler.pk]]},
                )
                is_sent = sent is not None and sent <= now
                reference = f"3.5.1-{deviation_id}" if is_sent else ""
                if is_sent:
                    audit_row(
                        sent,
                        handler,
                        AuditEntry.Action.TRANSITION,
                        IvoNotification,
                        ivo_id,
                        ivo_repr,
                        {
                            "sent_at": [None, clock.dt(sent).isoformat()],
                            "sent_by": [None, _ref(handler.pk, names[handler.pk])],
                            "ivo_reference": ["", reference],
                        },
                    )
                ivo_row = (
                    ivo_id,
                    2 if is_sent else 1,
                    deviation_id,
                    clock.dt(decided),
                    handler.pk,
                    due,
                    names[handler.pk],
                    handler.phone,
                    handler.email,
                    "Individ- och familjeomsorg",
                    "",
                    None,
                    # A sent notification was decided first; the generator records the decision at the sending.
                    clock.dt(sent) if is_sent else None,
                    handler.pk if is_sent else None,
                    "delegation" if is_sent else "",
                    "Delegationsordningen punkt 1.4" if is_sent else "",
                    clock.dt(sent) if is_sent else None,
                    handler.pk if is_sent else None,
                    reference,
                    "",
                )
            if done <= now:
                status, completed_at, completed_by = LexSarahInvestigation.Status.COMPLETED, done, handler
                inv_version += 1
                audit_row(
                    done,
                    handler,
                    AuditEntry.Action.TRANSITION,
                    LexSarahInvestigation,
                    investigation_id,
                    inv_repr,
                    {
                        "status": ["open", status.value],
                        "completed_at": [None, clock.dt(done).isoformat()],
                        "completed_by": [None, _ref(handler.pk, names[handler.pk])],
                    },
                )
        investigation_row = (
            investigation_id,
            inv_version,
            deviation_id,
            status.value,
            clock.dt(reported),
            reporter.pk,
            fields["what_happened"],
            fields["when_where"],
            fields["affected"],
            fields["informed"],
            fields["informed_details"],
            fields["causes"],
            fields["actions_taken"],
            fields["actions_planned"],
            fields["final_assessment"],
            fields["classification"],
            fields["early_close_position"],
            clock.dt(completed_at) if completed_at else None,
            completed_by.pk if completed_by else None,
        )

    causes, severity, probability, cause_description = [], None, None, ""
    for at, kind, payload in timeline:
        if kind == "analysis":
            _at, causes, severity, probability = analysis
            cause_description = "Genomgång med personalgruppen visade brister i rutinen."
            version += 1
            audit_row(
                at,
                handler,
                AuditEntry.Action.UPDATE,
                Deviation,
                deviation_id,
                repr_,
                {
                    "causes": [[], causes],
                    "cause_description": ["", cause_description],
                    "severity": [None, severity],
                    "probability": [None, probability],
                },
            )
            continue
        from_state, to_state = payload
        reopening = from_state in (State.RESOLVED, State.CLOSED) and to_state == State.INVESTIGATING
        changes = {"state": [from_state.value, to_state.value]}
        if to_state == State.RECEIVED:
            received_at = at
            changes["received_at"] = [None, clock.dt(at).isoformat()]
        elif to_state == State.RESOLVED:
            resolved_at = at
            changes["resolved_at"] = [None, clock.dt(at).isoformat()]
        elif to_state == State.CLOSED:
            closed_at = at
            changes["closed_at"] = [None, clock.dt(at).isoformat()]
        if reopening:
            changes["resolved_at"] = [clock.dt(resolved_at).isoformat(), None]
            if closed_at is not None:
                changes["closed_at"] = [clock.dt(closed_at).isoformat(), None]
            resolved_at = closed_at = None
        comment = REOPEN_COMMENT if reopening else COMMENTS.get(to_state, "")
        version += 1
        state = to_state
        events.append(
            (writer.new_id(DeviationEvent), deviation_id, clock.dt(at), handler.pk, from_state.value, to_state.value, comment)
        )
        audit_row(at, handler, AuditEntry.Action.TRANSITION, Deviation, deviation_id, repr_, changes, comment)

    if analysis and rng.random() < ACTION_SHARE:
        _action(
            writer,
            rng,
            clock,
            unit,
            handler,
            names,
            (ct[ImprovementAction], ct[Deviation], ImprovementAction.Source.DEVIATION.value, deviation_id),
            analysis[0] + 3600,
            closed_at,
            audit_row,
        )

    writer.rows[Deviation].append(
        (
            deviation_id,
            version,
            ctx.municipality.pk,
            year,
            sequence,
            unit.pk,
            category[0] if category else None,
            reporter.pk,
            clock.dt(reported),
            clock.dt(occurred),
            description,
            immediate,
            lex,
            case_reference,
            False,
            state.value,
            responsible.pk if responsible else None,
            clock.dt(received_at) if received_at else None,
            clock.dt(resolved_at) if resolved_at else None,
            clock.dt(closed_at) if closed_at else None,
            causes,
            cause_description,
            severity,
            probability,
            None,
            "",
            "",
        )
    )
    if investigation_row:
        writer.rows[LexSarahInvestigation].append(investigation_row)
    if ivo_row:
        writer.rows[IvoNotification].append(ivo_row)


PDSA = ["plan", "do", "study", "act"]


def _action(writer, rng, clock, unit, handler, names, source, created, closed_at, audit_row, titles=ACTIONS):
    """An improvement action from a report or a risk; closed (through Göra, Studera, Agera, with an evaluation) at
    ``closed_at`` when that is given. ``source`` is (action content type, source content type, source kind, source id);
    ``audit_row(at, actor, action, content_type_id, obj_id, obj_repr, changes, note="")``."""
    action_ct, source_ct, source_kind, source_id = source
    action_id = writer.new_id(ImprovementAction)
    title = rng.choice(titles)
    due = clock.local_date(created) + datetime.timedelta(days=60)
    audit_row(
        created,
        handler,
        AuditEntry.Action.CREATE,
        action_ct,
        action_id,
        title,
        {
            "title": [None, title],
            "unit": [None, _ref(unit.pk, unit.name)],
            "owner": [None, _ref(handler.pk, names[handler.pk])],
            "source_kind": [None, source_kind],
            "due_date": [None, due.isoformat()],
        },
    )
    version, stage, changed = 1, "plan", created
    effect_measure = effect_result = ""
    if closed_at is not None and closed_at > created:
        step = (closed_at - created) / 5
        for number, (before, after) in enumerate(zip(PDSA, PDSA[1:], strict=False), start=1):
            at = created + number * step
            audit_row(
                at,
                handler,
                AuditEntry.Action.TRANSITION,
                action_ct,
                action_id,
                title,
                {"stage": [before, after], "stage_changed_at": [clock.dt(changed).isoformat(), clock.dt(at).isoformat()]},
            )
            version, stage, changed = version + 1, after, at
        effect_measure, effect_result = "Andel genomgångar enligt rutinen", "Rutinen följs i nio fall av tio"
        audit_row(
            closed_at,
            handler,
            AuditEntry.Action.TRANSITION,
            action_ct,
            action_id,
            title,
            {
                "stage": ["act", "closed"],
                "effect_measure": ["", effect_measure],
                "effect_result": ["", effect_result],
                "closed_at": [None, clock.dt(closed_at).isoformat()],
                "stage_changed_at": [clock.dt(changed).isoformat(), clock.dt(closed_at).isoformat()],
            },
            "Avslutad med utvärdering",
        )
        version, stage, changed = version + 1, "closed", closed_at
    writer.rows[ImprovementAction].append(
        (
            action_id,
            version,
            title,
            "",
            unit.pk,
            handler.pk,
            source_kind,
            source_ct,
            str(source_id),
            stage,
            due,
            "",
            effect_measure,
            effect_result,
            "Genomfört enligt planen." if stage in ("study", "act", "closed") else "",
            "",
            clock.dt(changed),
            clock.dt(closed_at) if stage == "closed" else None,
            handler.pk,
            clock.dt(created),
        )
    )
