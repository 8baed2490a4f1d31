"""Demo data for the deadline watch: fourteen months of monthly imports from a fictional case-management system.

Children placed by Utredning barn och unga (the barnhandläggare Ali Hassan and Linnea Åström) and by the
Familjehemsgruppen (Nora Engström), and adults in voluntary 24-hour care by Utredning vuxna (Erik Blom). Each
placement has a made-up history of visits and reconsiderations, mostly in time and sometimes late; each monthly
import shows what had happened by its day, so the compliance chart has a history and the snapshots show what was
known when. Today's import has overdue visits on Ali Hassan (two) and Nora Engström (one) and an overdue adult
reconsideration on Erik Blom. The case references are pseudonymous (BU-/VU- and a number); nothing names a client.
"""

import datetime

from django.utils import timezone

from lots.lib.dates import add_months
from lots.watch import services
from lots.watch.models import ImportBatch, PlacementKind, Snapshot

DEPENDS_ON = ("lots.organisation", "lots.accounts")

K = PlacementKind
# (unit code, worker, kinds to draw from, how many placements)
CASELOADS = [
    ("utredning-barn", "ssk-barn1", [K.CHILD_SOL_HVB, K.CHILD_LVU_HVB, K.CHILD_SOL_SUPPORTED], 9),
    ("utredning-barn", "ssk-barn2", [K.CHILD_SOL_FAMILY_HOME, K.CHILD_LVU_HVB, K.CHILD_SOL_HVB], 8),
    ("familjehem", "ssk-familjehem", [K.CHILD_SOL_FAMILY_HOME, K.CHILD_LVU_FAMILY_HOME], 10),
    ("utredning-vuxna", "ssk-vuxna", [K.ADULT_VOLUNTARY], 6),
]
# Today's overdue visits (worker → how many of their child placements had their last visit over three months ago).
OVERDUE_VISITS = {"ssk-barn1": 2, "ssk-familjehem": 1}
MONTHS = 14


def load(ctx) -> None:
    units = [ctx.units[code] for code, *_rest in CASELOADS]
    if Snapshot.objects.filter(unit__in=units).exists():
        return
    today = ctx.today
    rng = ctx.rng
    histories = []
    number = 100
    for code, username, kinds, count in CASELOADS:
        for index in range(count):
            number += rng.randint(1, 9)
            kind = rng.choice(kinds)
            prefix = "VU" if kind == K.ADULT_VOLUNTARY else "BU"
            late_now = index < OVERDUE_VISITS.get(username, 0)
            start = today - datetime.timedelta(days=rng.randint(200 if late_now else 40, 520))
            histories.append(_history(rng, today, code, username, kind, f"{prefix}-{start.year}-{number:04d}", start, late_now))
    # An adult placement whose reconsideration is overdue today.
    start = today - datetime.timedelta(days=200)
    histories.append(
        {
            "unit": "utredning-vuxna",
            "worker": "ssk-vuxna",
            "kind": K.ADULT_VOLUNTARY,
            "reference": f"VU-{start.year}-0977",
            "start": start,
            "end": None,
            "visits": [],
            "reconsiderations": [start + datetime.timedelta(days=88)],
        }
    )
    first = add_months(today.replace(day=1), -(MONTHS - 1))
    days = [add_months(first, i).replace(day=3) for i in range(MONTHS)]
    days = [d for d in days if d < today] + [today]
    for day in days:
        rows = _rows_known_on(ctx, histories, day)
        if not rows:
            continue
        at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(6, 30)))
        if day == today:
            at = min(at, timezone.now())
        services.placements_import(
            actor=ctx.actor, municipality=ctx.municipality, rows=rows, source=ImportBatch.Source.API, at=at
        )


def _history(rng, today, unit, worker, kind, reference, start, late_now) -> dict:
    """Made-up visits and reconsiderations from ``start`` to today: mostly in time, now and then a few weeks late."""
    child = kind != K.ADULT_VOLUNTARY
    visits, reconsiderations = [], []
    if child:
        day = start
        while True:
            day = day + datetime.timedelta(days=rng.choice([55, 70, 80, 85, 88, 90, 104]))
            if day > today:
                break
            visits.append(day)
        if late_now:
            visits = [v for v in visits if v < today - datetime.timedelta(days=100)]
    day = start
    step = [160, 170, 178, 181, 195] if child else [80, 85, 88, 90, 99]
    while True:
        day = day + datetime.timedelta(days=rng.choice(step))
        if day > today:
            break
        reconsiderations.append(day)
    ended = not late_now and rng.random() < 0.15
    end = start + datetime.timedelta(days=rng.randint(90, 300)) if ended else None
    if end is not None and end >= today:
        end = None
    return {
        "unit": unit,
        "worker": worker,
        "kind": kind,
        "reference": reference,
        "start": start,
        "end": end,
        "visits": visits,
        "reconsiderations": reconsiderations,
    }


def _rows_known_on(ctx, histories, day) -> list[dict]:
    """What the case-management system held on ``day``: placements started by then and not ended two months before."""
    rows = []
    for line, h in enumerate(histories, start=2):
        if h["start"] > day or (h["end"] is not None and h["end"] < day - datetime.timedelta(days=60)):
            continue
        end = h["end"] if h["end"] is not None and h["end"] <= day else None
        rows.append(
            {
                "line": line,
                "case_reference": h["reference"],
                "unit": ctx.units[h["unit"]],
                "worker": ctx.people[h["worker"]],
                "kind": h["kind"],
                "start_date": h["start"],
                "last_visit_date": max((v for v in h["visits"] if v <= day), default=None),
                "last_reconsideration_date": max((r for r in h["reconsiderations"] if r <= day), default=None),
                "end_date": end,
            }
        )
    return rows
