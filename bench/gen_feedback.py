"""Bench data for feedback and complaints: ten years of cases from the e-service, phone, letters and meetings.

Written in bulk (bench.bulk), keeping what the services keep:

- ``reference`` is ``SYN-<local year received>-<id:05d>``, as ``_create`` sets it after the insert;
- ``due_date`` is the day received plus the municipality's deadline (14 days, the default);
- the handler at creation is ``responsible_managers(unit)[0]`` — the service's own function;
- status and timestamps agree: ny → pagar (taken_at) → besvarad (answer, answered_at/by,
  only for senders who can be answered) → avslutad (category set, closed_at/by); a sender
  who asked for an answer gets one before the case is closed; anonymous cases carry no
  contact details; nothing lies in the future;
- a case still open a day after its deadline is escalated once to the next level
  (``escalation_managers``), as the daily reminders do;
- e-service cases (and staff-registered ones with an e-mail address) have a status-link
  hash; the links themselves are thrown away, as the service never stores them;
- ``version`` is 1 + the versioned updates; audit rows for creation, receiving,
  classification, answer, closing and escalation, with the services' notes and fields.

Not reproduced: mails, attachments, the per-address submission log and lex Sarah hand-overs.
"""

import datetime
import hashlib
import random
import time

from django.contrib.contenttypes.models import ContentType

from bench import bulk
from bench.gen_deviations import AUDIT_COLUMNS, DAY, YEARS, _Clock, _exp, _people_names, _ref, _report_times
from lots.audit.models import AuditEntry
from lots.feedback import services
from lots.feedback.models import FeedbackCase

C = FeedbackCase
CHUNK = 20_000
CHANNELS = [
    (C.Channel.E_SERVICE, 0.5),
    (C.Channel.PHONE, 0.2),
    (C.Channel.EMAIL, 0.15),
    (C.Channel.LETTER, 0.08),
    (C.Channel.VISIT, 0.05),
    (C.Channel.MEETING, 0.02),
]
KINDS = [(C.Kind.COMPLAINT, 0.45), (C.Kind.OPINION, 0.3), (C.Kind.SUGGESTION, 0.12), (C.Kind.PRAISE, 0.13)]
SENDERS = [r.value for r in C.PUBLIC_SENDER_ROLES]
REPLIES = [(C.Reply.EMAIL, 0.45), (C.Reply.LETTER, 0.1), (C.Reply.PHONE, 0.15), (C.Reply.NONE, 0.3)]
TEXTS = [
    "Min mamma har inte fått besök av hemtjänsten på utsatt tid tre gånger den här månaden.",
    "Handläggaren svarade inte på mina mejl under flera veckor.",
    "Jag vill tacka personalen på boendet för ett fint bemötande.",
    "Det borde gå att boka tid hos socialtjänsten via webben.",
    "Beslutet var svårt att förstå och ingen förklarade hur jag kan överklaga.",
    "Lokalen är inte tillgänglig med rullstol.",
]
ANSWER = "Tack för att du hörde av dig. Vi har gått igenom det du skrev och ändrat våra rutiner."
INVESTIGATION = "Kontakt med berörd personal och genomgång av dokumentationen."
CLOSING = "Besvarad och åtgärdad."
COLUMNS = [
    "id",
    "version",
    "reference",
    "municipality_id",
    "unit_id",
    "kind",
    "sender_role",
    "channel",
    "category",
    "authority",
    "external_reference",
    "description",
    "is_anonymous",
    "contact_name",
    "contact_email",
    "contact_phone",
    "contact_address",
    "preferred_reply",
    "received_at",
    "due_date",
    "status",
    "registered_by_id",
    "handler_id",
    "taken_at",
    "investigation",
    "answer",
    "answer_method",
    "answered_at",
    "answered_by_id",
    "closing_note",
    "closed_at",
    "closed_by_id",
    "escalated_at",
    "escalated_to_id",
    "lex_sarah_at",
    "status_token_hash",
    "created_at",
]
KIND_LABELS = {k.value: str(k.label).lower() for k in C.Kind}


def _choice(rng, weighted):
    return rng.choices([value for value, _w in weighted], [w for _v, w in weighted])[0]


def generate_feedback(ds) -> None:
    total = ds.sizes["feedback"]
    if not total:
        return
    from bench.generate import municipality_weights

    now = datetime.datetime.now(datetime.UTC).timestamp()
    today = datetime.date.today()
    clock = _Clock(today.year - YEARS - 1, today.year)
    first_day = today - datetime.timedelta(days=round(YEARS * 365.25))
    start = datetime.datetime.combine(first_day, datetime.time.min, tzinfo=clock.tz).timestamp()
    names = _people_names(ds)
    ct = ContentType.objects.get_for_model(FeedbackCase, for_concrete_model=False).pk
    weights = municipality_weights(len(ds.municipalities))
    counts = [round(total * w) for w in weights]
    counts[0] += total - sum(counts)
    ids = {FeedbackCase: bulk.next_id(FeedbackCase), AuditEntry: bulk.next_id(AuditEntry)}
    rows = {FeedbackCase: [], AuditEntry: []}
    written = dict.fromkeys(rows, 0)

    def flush():
        written[FeedbackCase] += bulk.write(FeedbackCase, COLUMNS, rows[FeedbackCase])
        written[AuditEntry] += bulk.write(AuditEntry, AUDIT_COLUMNS, rows[AuditEntry])
        rows[FeedbackCase].clear()
        rows[AuditEntry].clear()

    started = time.perf_counter()
    with bulk.deferred_indexes(FeedbackCase):
        for index, (municipality, count) in enumerate(zip(ds.municipalities, counts, strict=True)):
            rng = random.Random(f"lots-bench-feedback-{ds.scale}-{index}")
            units = [u for u in ds.leaf_units if u.municipality_id == municipality.pk]
            staff = [a.user for a in ds.extra["assignments"] if a.unit_id and a.unit.municipality_id == municipality.pk]
            handlers = {u.pk: (services.responsible_managers(u) or [None])[0] for u in units}
            escalation: dict = {}
            for position, received in enumerate(_report_times(rng, count, start, now - 3600.0)):
                _one(rows, ids, rng, clock, municipality, units, staff, handlers, escalation, names, ct, received, now)
                if (position + 1) % CHUNK == 0:
                    flush()
            flush()
            bulk.say(f"feedback of {municipality.name}: {count} in {time.perf_counter() - started:.0f} s so far")
    bulk.reset_sequences(FeedbackCase, AuditEntry)


def _escalation_target(escalation, unit, handler):
    key = (unit.pk, handler.pk if handler else None)
    if key not in escalation:
        probe = FeedbackCase(unit=unit, handler=handler)
        people = services.escalation_managers(probe)
        escalation[key] = people[0] if people else None
    return escalation[key]


def _one(rows, ids, rng, clock, municipality, units, staff, handlers, escalation, names, ct, received, now):
    case_id = ids[FeedbackCase]
    ids[FeedbackCase] += 1
    unit = rng.choice(units)
    channel = _choice(rng, CHANNELS)
    kind = _choice(rng, KINDS)
    sender_role = rng.choice(SENDERS)
    reply = _choice(rng, REPLIES)
    registered_by = None if channel == C.Channel.E_SERVICE else rng.choice(staff)
    contact = {"contact_name": "", "contact_email": "", "contact_phone": "", "contact_address": ""}
    if reply == C.Reply.EMAIL:
        contact["contact_email"] = f"avsandare{case_id}@example.invalid"
    elif reply == C.Reply.LETTER:
        contact.update(contact_name="Bench Avsändare", contact_address="Exempelgatan 1, 999 99 Benchstad")
    elif reply == C.Reply.PHONE:
        contact.update(contact_name="Bench Avsändare", contact_phone="010-000 00 01")
    anonymous = reply == C.Reply.NONE
    answerable = not anonymous
    received_day = clock.local_date(received)
    year = clock.year(received)
    reference = f"SYN-{year}-{case_id:05d}"
    due = received_day + datetime.timedelta(days=14)
    handler = handlers[unit.pk]
    with_token = channel == C.Channel.E_SERVICE or bool(contact["contact_email"])
    token_hash = hashlib.sha256(rng.randbytes(32)).hexdigest() if with_token else ""
    category = rng.choice(C.Category.values)
    repr_ = f"{reference} {KIND_LABELS[kind]}"
    audit = rows[AuditEntry]

    def audit_row(at, actor, action, changes, note=""):
        audit.append(
            (
                ids[AuditEntry],
                clock.dt(at),
                actor.pk if actor else None,
                names[actor.pk] if actor else "",
                action,
                ct,
                str(case_id),
                repr_,
                unit.pk,
                unit.path,
                changes,
                note,
            )
        )
        ids[AuditEntry] += 1

    audit_row(
        received,
        registered_by,
        AuditEntry.Action.CREATE,
        {
            "reference": [None, reference],
            "kind": [None, kind],
            "unit": [None, _ref(unit.pk, unit.name)],
            "channel": [None, channel],
            "sender_role": [None, sender_role],
            "category": [None, ""],
            "authority": [None, ""],
            "is_anonymous": [None, anonymous],
            "due_date": [None, due.isoformat()],
            "handler": [None, _ref(handler.pk, names[handler.pk]) if handler else None],
        },
        "Inkom via e-tjänsten" if channel == C.Channel.E_SERVICE else "Registrerad av personal",
    )
    stall = rng.random() < (0.002 if now - received > 365 * DAY else 0.01)
    taken = received + _exp(rng, 1.0)
    classified = taken + _exp(rng, 2.0)
    answered = classified + _exp(rng, 3.0) if answerable else None
    closed = (answered or classified) + _exp(rng, 2.5)
    steps = [(taken, "take"), (classified, "classify")]
    if answered is not None:
        steps.append((answered, "answer"))
    steps.append((closed, "close"))
    if stall:
        steps = steps[: rng.randrange(len(steps))]
    steps = [s for s in steps if s[0] <= now]
    escalate_at = datetime.datetime.combine(due + datetime.timedelta(days=1), datetime.time(6, 0), tzinfo=clock.tz).timestamp()
    close_time = next((t for t, what in steps if what == "close"), None)
    if escalate_at <= now and (close_time is None or close_time > escalate_at):
        steps.append((escalate_at, "escalate"))
        steps.sort()

    status, version = C.Status.NEW.value, 1
    taken_at = answered_at = closed_at = escalated_at = None
    escalated_to = None
    case_category, investigation, answer, answer_method, closing_note = "", "", "", "", ""
    for at, what in steps:
        version += 1
        if what == "take":
            status, taken_at = C.Status.IN_PROGRESS.value, at
            audit_row(
                at,
                handler,
                AuditEntry.Action.TRANSITION,
                {"status": [C.Status.NEW.value, status], "taken_at": [None, clock.dt(at).isoformat()]},
                "Mottaget av handläggaren",
            )
        elif what == "classify":
            case_category, investigation = category, INVESTIGATION
            audit_row(at, handler, AuditEntry.Action.UPDATE, {"category": ["", category], "investigation": ["", INVESTIGATION]})
        elif what == "answer":
            answer_method = {C.Reply.EMAIL: "e_post", C.Reply.LETTER: "brev", C.Reply.PHONE: "telefon"}[reply]
            answer, answered_at = ANSWER, at
            audit_row(
                at,
                handler,
                AuditEntry.Action.TRANSITION,
                {
                    "status": [status, C.Status.ANSWERED.value],
                    "answer": ["", ANSWER],
                    "answer_method": ["", answer_method],
                    "answered_at": [None, clock.dt(at).isoformat()],
                    "answered_by": [None, _ref(handler.pk, names[handler.pk]) if handler else None],
                },
                "Besvarat",
            )
            status = C.Status.ANSWERED.value
        elif what == "close":
            closing_note, closed_at = CLOSING, at
            audit_row(
                at,
                handler,
                AuditEntry.Action.TRANSITION,
                {
                    "status": [status, C.Status.CLOSED.value],
                    "closing_note": ["", CLOSING],
                    "closed_at": [None, clock.dt(at).isoformat()],
                    "closed_by": [None, _ref(handler.pk, names[handler.pk]) if handler else None],
                },
                "Avslutat",
            )
            status = C.Status.CLOSED.value
        elif what == "escalate":
            escalated_at = at
            escalated_to = _escalation_target(escalation, unit, handler)
            audit_row(
                at,
                None,
                AuditEntry.Action.TRANSITION,
                {
                    "escalated_at": [None, clock.dt(at).isoformat()],
                    "escalated_to": [None, _ref(escalated_to.pk, names[escalated_to.pk]) if escalated_to else None],
                },
                "Eskalerat: tidsfristen har passerat",
            )
    rows[FeedbackCase].append(
        (
            case_id,
            version,
            reference,
            municipality.pk,
            unit.pk,
            kind,
            sender_role,
            channel,
            case_category,
            "",
            "",
            rng.choice(TEXTS),
            anonymous,
            contact["contact_name"],
            contact["contact_email"],
            contact["contact_phone"],
            contact["contact_address"],
            reply,
            clock.dt(received),
            due,
            status,
            registered_by.pk if registered_by else None,
            handler.pk if handler else None,
            clock.dt(taken_at) if taken_at else None,
            investigation,
            answer,
            answer_method,
            clock.dt(answered_at) if answered_at else None,
            handler.pk if answered_at and handler else None,
            closing_note,
            clock.dt(closed_at) if closed_at else None,
            handler.pk if closed_at and handler else None,
            clock.dt(escalated_at) if escalated_at else None,
            escalated_to.pk if escalated_to else None,
            None,
            token_hash,
            clock.dt(received),
        )
    )
