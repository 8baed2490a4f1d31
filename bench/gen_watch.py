"""Bench data for the deadline watch: 20 000 current placements at scale L (proportionally fewer below), on the
leaf units where the bench's social workers work, each the responsible worker's, with monthly imports for the
last half year so the compliance page reads a history of snapshots.

Written through the import service (lots.watch.services.placements_import), one import per municipality and month
by the municipality's quality coordinator: the snapshots, the due dates and the audit entries are as an import
writes them. Visits come every 80 to 110 days and reconsiderations every 170 to 200, so some deadlines are late.
"""

import datetime

from django.urls import reverse
from django.utils import timezone

from bench.scenarios import Request, Scenario
from lots.accounts.models import Role
from lots.lib.dates import add_months
from lots.watch import services
from lots.watch.compliance import monthly_compliance
from lots.watch.models import ImportBatch, Placement, PlacementKind

COUNTED = ["watch.ImportBatch", "watch.Snapshot", "watch.Placement"]
PLACEMENTS = {"T": 120, "S": 2_000, "M": 6_000, "L": 20_000}
HISTORY_MONTHS = {"T": 2, "S": 6, "M": 6, "L": 6}
KINDS = list(PlacementKind.values)


def _last(start: datetime.date, every: int, day: datetime.date) -> datetime.date | None:
    """The last of the visits made every ``every`` days from ``start``, by ``day``."""
    done = (day - start).days // every
    return start + datetime.timedelta(days=done * every) if done > 0 else None


def generate(ds) -> None:
    rng = ds.rng
    today = timezone.localdate()
    assignments = ds.extra["assignments"]
    coordinators = {a.unit.municipality_id: a.user for a in assignments if a.role == Role.KVALITETSSAMORDNARE}
    workers = [a for a in assignments if a.role == Role.MEDARBETARE]
    count = PLACEMENTS.get(ds.scale, PLACEMENTS["T"])
    placements = []
    for i in range(count):
        assignment = workers[i % len(workers)]
        kind = rng.choice(KINDS)
        start = today - datetime.timedelta(days=rng.randint(20, 900))
        ended = rng.random() < 0.08
        placements.append(
            {
                "case_reference": f"BU-{start.year}-{i + 1:05d}",
                "unit": assignment.unit,
                "worker": assignment.user,
                "kind": kind,
                "start_date": start,
                "visit_every": rng.choice([80, 85, 88, 90, 110]),
                "reconsideration_every": rng.choice([85, 88, 170, 178, 182, 200]),
                "end_date": start + datetime.timedelta(days=rng.randint(30, 400)) if ended else None,
            }
        )
    months = HISTORY_MONTHS.get(ds.scale, 2)
    days = [add_months(today.replace(day=3), -n) for n in range(months - 1, 0, -1)] + [today]
    for day in days:
        at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(6)))
        at = min(at, timezone.now())
        by_municipality: dict[int, list[dict]] = {}
        for p in placements:
            if p["start_date"] > day:
                continue
            end = p["end_date"] if p["end_date"] is not None and p["end_date"] <= day else None
            if end is not None and end < day - datetime.timedelta(days=60):
                continue
            rows = by_municipality.setdefault(p["unit"].municipality_id, [])
            rows.append(
                {
                    "line": len(rows) + 2,
                    "case_reference": p["case_reference"],
                    "unit": p["unit"],
                    "worker": p["worker"],
                    "kind": p["kind"],
                    "start_date": p["start_date"],
                    "last_visit_date": _last(p["start_date"], p["visit_every"], day),
                    "last_reconsideration_date": _last(p["start_date"], p["reconsideration_every"], day),
                    "end_date": end,
                }
            )
        for municipality in ds.municipalities:
            rows = by_municipality.get(municipality.pk)
            if rows:
                services.placements_import(
                    actor=coordinators[municipality.pk],
                    municipality=municipality,
                    rows=rows,
                    source=ImportBatch.Source.API,
                    at=at,
                )


def scenarios(ds, cookies: dict, tokens: dict) -> list[Scenario]:
    municipality = ds.municipalities[0]
    placement = Placement.objects.current().filter(unit__municipality=municipality).order_by("next_due", "pk").first()
    forvaltning = next(u for u in ds.units if u.municipality_id == municipality.pk and u.kind == "forvaltning")
    index = reverse("watch:index")

    def compliance_figures():
        today = timezone.localdate()
        return monthly_compliance(forvaltning, [add_months(today.replace(day=1), -n) for n in range(11, -1, -1)], today=today)

    found = [
        Scenario(
            "watch_due_list",
            "Bevakning: försenade placeringar (förvaltningschef)",
            "list",
            Request("GET", f"{index}?status=forsenade", cookies=cookies["manager"]),
        ),
        Scenario(
            "watch_list",
            "Bevakning: alla pågående placeringar (förvaltningschef)",
            "list",
            Request("GET", index, cookies=cookies["manager"]),
        ),
        Scenario(
            "watch_compliance",
            "Bevakning: andel i tid per månad och enhet (förvaltningschef)",
            "page",
            Request("GET", f"{reverse('watch:compliance')}?unit={forvaltning.pk}", cookies=cookies["manager"]),
            data=compliance_figures,
            aggregate=True,
        ),
        Scenario(
            "watch_api_list",
            "Bevakning: API-listan över placeringar (förvaltningschef)",
            "api",
            Request("GET", "/api/v1/watch/placements", headers={"Authorization": f"Bearer {tokens['manager']}"}),
        ),
    ]
    if placement is not None:
        found.append(
            Scenario(
                "watch_detail",
                "Bevakning: en placering (förvaltningschef)",
                "detail",
                Request("GET", reverse("watch:detail", args=[placement.pk]), cookies=cookies["manager"]),
            )
        )
    return found
