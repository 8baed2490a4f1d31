"""Bench data for routines: routines with several established versions over ten years, and read acknowledgements.

Written in bulk, keeping what the services keep:

- each routine has versions 1, 2, 3 …; every established version has its time, the
  person who established it (a line manager) and ``acknowledge_by`` 30 days later;
  ``current_version`` is the latest established one and ``review_date`` its
  establishment date plus the review interval; at most one draft, always the newest;
- the routine applies to one unit (förvaltning, avdelning or enhet); staff are asked to
  read each established version exactly as ``acknowledgements.people_asked`` finds
  them (a staff role on the unit or below), and most of them confirmed it, once per
  version, after it was established — fewer for versions established lately;
- ``search_text`` as ``refresh_routine_search`` writes it;
- audit rows: routine created, each version established (and the routine's current
  version changed), each acknowledgement.
"""

import datetime
import random
from collections import defaultdict

from django.contrib.contenttypes.models import ContentType

from bench import bulk
from bench.gen_deviations import AUDIT_COLUMNS, DAY, _Clock, _people_names, _ref, _Writer
from lots.access.policy import roles_with
from lots.audit.models import AuditEntry
from lots.lib import richtext
from lots.lib.dates import add_months
from lots.lib.textsearch import normalise
from lots.processes.models import Acknowledgement, Routine, RoutineVersion

YEARS = 10
ROUTINE_COLUMNS = [
    "id",
    "version",
    "municipality_id",
    "title",
    "owner_id",
    "valid_from",
    "valid_until",
    "review_interval_months",
    "review_date",
    "current_version_id",
    "created_by_id",
    "created_at",
    "search_text",
    "no_collaboration_reason",
]
# Every routine documents its collaboration or why none is needed (§1.1); the generated ones state the reason.
NO_COLLABORATION = "Rutinen gäller enhetens eget arbete och berör ingen annan verksamhet."
VERSION_COLUMNS = [
    "id",
    "version",
    "routine_id",
    "number",
    "status",
    "body_source",
    "body_html",
    "change_summary",
    "created_by_id",
    "created_at",
    "established_by_id",
    "established_at",
    "acknowledge_by",
]
ACK_COLUMNS = ["id", "version_id", "user_id", "acknowledged_at"]
UNIT_COLUMNS = ["id", "routine_id", "unit_id"]
TITLES = [
    "Rutin för överlämning mellan arbetspass",
    "Rutin för hantering av orosanmälningar",
    "Rutin för dokumentation i journal",
    "Rutin för avvikelsehantering",
    "Rutin för läkemedelshantering",
    "Rutin för synpunkter och klagomål",
    "Rutin för introduktion av nya medarbetare",
    "Rutin för sekretess vid e-post",
]
BODY = "## Syfte\n\nRutinen beskriver hur arbetet går till.\n\n## Så här gör du\n\n1. Läs igenom ärendet.\n2. Dokumentera."


def generate_routines(ds) -> None:
    target = ds.sizes["routines"]
    if not target:
        return
    from bench.generate import municipality_weights

    today = datetime.date.today()
    now = datetime.datetime.now(datetime.UTC).timestamp()
    clock = _Clock(today.year - YEARS - 1, today.year)
    names = _people_names(ds)
    ct = {
        m: ContentType.objects.get_for_model(m, for_concrete_model=False).pk for m in (Routine, RoutineVersion, Acknowledgement)
    }
    units_m2m = Routine.units.through
    writer = _Writer(
        {
            Routine: ROUTINE_COLUMNS,
            RoutineVersion: VERSION_COLUMNS,
            units_m2m: UNIT_COLUMNS,
            Acknowledgement: ACK_COLUMNS,
            AuditEntry: AUDIT_COLUMNS,
        }
    )
    html = richtext.render(BODY)
    search_body = richtext.plain_text(html)
    staff_roles = roles_with("routine.acknowledge")
    # Who is asked to read a routine on a unit: staff on that unit or below (people_asked).
    staff_below = defaultdict(set)
    for a in ds.extra["assignments"]:
        if a.role in staff_roles and a.unit_id:
            for ancestor in a.unit.ancestor_ids():
                staff_below[ancestor].add(a.user)
    managers = {
        a.unit_id: a.user for a in ds.extra["assignments"] if a.role in ("forvaltningschef", "avdelningschef", "enhetschef")
    }
    weights = municipality_weights(len(ds.municipalities))
    counts = [round(target * w) for w in weights]
    counts[0] += target - sum(counts)
    rng = random.Random(f"lots-bench-routines-{ds.scale}")
    written = 0
    with bulk.deferred_indexes(Routine, RoutineVersion, Acknowledgement, units_m2m):
        for municipality, count in zip(ds.municipalities, counts, strict=True):
            units = [
                u for u in ds.units if u.municipality_id == municipality.pk and u.kind in ("forvaltning", "avdelning", "enhet")
            ]
            weights_by_kind = {"forvaltning": 1, "avdelning": 4, "enhet": 5}
            unit_weights = [weights_by_kind[u.kind] / sum(1 for v in units if v.kind == u.kind) for u in units]
            for _ in range(count):
                unit = rng.choices(units, unit_weights)[0]
                owner = managers.get(unit.pk) or managers[ds.forvaltningar[ds.municipalities.index(municipality)].pk]
                asked = sorted(staff_below[unit.pk], key=lambda u: u.pk)
                _routine(writer, rng, clock, ct, names, municipality, unit, owner, asked, html, search_body, now, today)
                written += 1
                if len(writer.rows[AuditEntry]) > 50_000:
                    writer.flush()
            writer.flush()
    bulk.reset_sequences(Routine, RoutineVersion, Acknowledgement, units_m2m, AuditEntry)
    bulk.say(f"routines: {written}, acknowledgements: {writer.counts[Acknowledgement]}")


def _routine(writer, rng, clock, ct, names, municipality, unit, owner, asked, html, search_body, now, today):
    routine_id = writer.new_id(Routine)
    title = f"{rng.choice(TITLES)} ({unit.name})"
    created = now - rng.uniform(30, YEARS * 365) * DAY
    audit = writer.rows[AuditEntry]

    def audit_row(at, actor, action, content_type, obj_id, obj_repr, changes, note=""):
        audit.append(
            (
                writer.new_id(AuditEntry),
                clock.dt(at),
                actor.pk if actor else None,
                names[actor.pk] if actor else "",
                action,
                content_type,
                str(obj_id),
                obj_repr[:255],
                unit.pk,
                unit.path,
                changes,
                note,
            )
        )

    audit_row(
        created,
        owner,
        AuditEntry.Action.CREATE,
        ct[Routine],
        routine_id,
        title,
        {
            "title": [None, title],
            "owner": [None, _ref(owner.pk, names[owner.pk])],
            "valid_from": [None, None],
            "valid_until": [None, None],
            "review_interval_months": [None, 12],
            "units": [None, [_ref(unit.pk, unit.name)]],
        },
    )
    writer.rows[Routine.units.through].append((writer.new_id(Routine.units.through), routine_id, unit.pk))
    # Established roughly yearly since creation; the last one mostly within the past year.
    moments, at = [], created + rng.uniform(1, 20) * DAY
    while at < now - DAY:
        moments.append(at)
        at += rng.uniform(500, 1100) * DAY
    draft = rng.random() < 0.05
    current_id, previous, routine_version, review_date = None, None, 1, None
    number = 0
    for number, established in enumerate(moments, start=1):
        version_id = writer.new_id(RoutineVersion)
        acknowledge_by = clock.local_date(established) + datetime.timedelta(days=30)
        writer.rows[RoutineVersion].append(
            (
                version_id,
                2,
                routine_id,
                number,
                RoutineVersion.Status.ESTABLISHED.value,
                BODY,
                html,
                "" if number == 1 else "Uppdaterad efter årlig översyn.",
                owner.pk,
                clock.dt(established - DAY),
                owner.pk,
                clock.dt(established),
                acknowledge_by,
            )
        )
        if number > 1:
            audit_row(
                established - DAY,
                owner,
                AuditEntry.Action.CREATE,
                ct[RoutineVersion],
                version_id,
                f"{title} v{number}",
                {"number": [None, number]},
                "Nytt utkast",
            )
        audit_row(
            established,
            owner,
            AuditEntry.Action.TRANSITION,
            ct[RoutineVersion],
            version_id,
            f"{title} v{number}",
            {"status": ["draft", "established"]},
            f"Fastställd version {number}",
        )
        review_date = add_months(clock.local_date(established), 12)
        audit_row(
            established,
            owner,
            AuditEntry.Action.UPDATE,
            ct[Routine],
            routine_id,
            title,
            {
                "current_version": [previous, _ref(version_id, f"{title} v{number}")],
                "review_date": [None, review_date.isoformat()],
            },
        )
        previous = _ref(version_id, f"{title} v{number}")
        current_id = version_id
        routine_version += 1
        age = now - established
        share = 0.97 if age > 60 * DAY else 0.5 if age > 7 * DAY else 0.2
        for person in asked:
            if rng.random() < share:
                read_at = established + rng.uniform(0.1, min(25.0, age / DAY)) * DAY
                ack_id = writer.new_id(Acknowledgement)
                writer.rows[Acknowledgement].append((ack_id, version_id, person.pk, clock.dt(read_at)))
                audit_row(
                    read_at,
                    person,
                    AuditEntry.Action.CREATE,
                    ct[Acknowledgement],
                    ack_id,
                    f"{names[person.pk]} – {title} v{number}",
                    {"version": [None, _ref(version_id, f"{title} v{number}")]},
                )
    if draft or not moments:
        number += 1
        version_id = writer.new_id(RoutineVersion)
        writer.rows[RoutineVersion].append(
            (
                version_id,
                1,
                routine_id,
                number,
                RoutineVersion.Status.DRAFT.value,
                BODY,
                html,
                "",
                owner.pk,
                clock.dt(min(now - 3600, max(moments or [created]) + DAY)),
                None,
                None,
                None,
            )
        )
    writer.rows[Routine].append(
        (
            routine_id,
            routine_version,
            municipality.pk,
            title,
            owner.pk,
            None,
            None,
            12,
            review_date,
            current_id,
            owner.pk,
            clock.dt(created),
            normalise(f"{title} {search_body}"),
            NO_COLLABORATION,
        )
    )
