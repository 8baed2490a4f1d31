"""Bench data: built through bulk paths that keep the invariants the services keep.

The foundation's part (municipalities, unit trees with correct materialised paths,
people with role assignments) lives here; each module adds a generator function
to GENERATORS. Everything is deterministic for a scale.
"""

import random
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.db import transaction

from bench import bulk
from bench.gen_deviations import generate_deviations
from bench.gen_feedback import generate_feedback
from bench.gen_risks import generate_risks
from bench.gen_routines import generate_routines
from lots.accounts.models import Role, RoleAssignment, User
from lots.audit.models import AuditEntry
from lots.organisation.models import Municipality, Unit, path_segment

SCALES = {
    # "T" is for the generator's own tests only.
    "T": {"municipalities": 2, "units": 12, "people": 30, "deviations": 200, "feedback": 60, "risks": 20, "routines": 5},
    # municipalities, units per municipality, people, deviations, feedback cases, risks, routines
    "S": {
        "municipalities": 2,
        "units": 30,
        "people": 300,
        "deviations": 10_000,
        "feedback": 3_000,
        "risks": 500,
        "routines": 100,
    },
    "M": {
        "municipalities": 4,
        "units": 30,
        "people": 1_000,
        "deviations": 100_000,
        "feedback": 30_000,
        "risks": 4_000,
        "routines": 1_000,
    },
    "L": {
        "municipalities": 10,
        "units": 30,
        "people": 3_000,
        "deviations": 1_000_000,
        "feedback": 300_000,
        "risks": 20_000,
        "routines": 5_000,
    },
}
BENCH_PASSWORD = "bench-password"


@dataclass
class Dataset:
    scale: str
    sizes: dict
    rng: random.Random
    municipalities: list = field(default_factory=list)
    units: list = field(default_factory=list)  # every unit, all municipalities
    leaf_units: list = field(default_factory=list)
    forvaltningar: list = field(default_factory=list)
    people: list = field(default_factory=list)
    manager: User | None = None  # förvaltningschef of the first municipality: the benchmark's viewer
    coordinator: User | None = None
    extra: dict = field(default_factory=dict)


def _unit_tree(ds: Dataset, municipality: Municipality, index: int) -> None:
    """nämnd → förvaltning → 4 avdelningar → enheter → sektioner, ``units`` in all, with paths set in bulk."""
    wanted = ds.sizes["units"]
    K = Unit.Kind
    rows = [("namnd", K.NAMND, None), ("forvaltning", K.FORVALTNING, 0)]
    departments = 4
    rows += [(f"avd{d}", K.AVDELNING, 1) for d in range(departments)]
    remaining = wanted - len(rows)
    enheter = max(departments, remaining // 2)
    rows += [(f"enh{e}", K.ENHET, 2 + e % departments) for e in range(enheter)]
    first_enhet = 2 + departments
    rows += [(f"sek{s}", K.SEKTION, first_enhet + s % enheter) for s in range(wanted - len(rows))]
    created = Unit.objects.bulk_create(
        [Unit(municipality=municipality, name=f"{code.capitalize()} K{index}", kind=kind, code=code) for code, kind, _p in rows]
    )
    for unit, (_code, _kind, parent_index) in zip(created, rows, strict=True):
        parent = created[parent_index] if parent_index is not None else None
        unit.parent = parent
        unit.path = (parent.path if parent else "") + path_segment(unit.pk)
        unit.depth = parent.depth + 1 if parent else 0
    Unit.objects.bulk_update(created, ["parent", "path", "depth"])
    ds.units.extend(created)
    ds.forvaltningar.append(created[1])
    ds.leaf_units.extend(u for u in created if u.kind in (K.ENHET, K.SEKTION))


def municipality_weights(count: int) -> list[float]:
    """Shares of the data per municipality: the first (the benchmark's viewer's) is a large one, three times the others."""
    raw = [3.0] + [1.0] * (count - 1)
    return [w / sum(raw) for w in raw]


def generate_foundation(ds: Dataset) -> None:
    """Municipalities with their unit trees; a line manager on every enhet, avdelning and förvaltning; staff on the rest.

    Roles as a real organisation has them, so that "who is responsible" resolves to the
    nearest enhetschef as the services would find it: per municipality a förvaltningschef
    (förvaltning), a kvalitetssamordnare (nämnd), an avdelningschef per avdelning and an
    enhetschef per enhet (including its sektioner). Everyone else is medarbetare on a
    leaf unit, spread over the municipalities in proportion to their size.
    """
    for m in range(ds.sizes["municipalities"]):
        municipality = Municipality.objects.create(name=f"Benchkommun {m + 1}", slug=f"bench-{m + 1}")
        ds.municipalities.append(municipality)
        _unit_tree(ds, municipality, m + 1)
    K = Unit.Kind
    managed = []  # (role, unit) for the line, per municipality
    for municipality in ds.municipalities:
        units = [u for u in ds.units if u.municipality_id == municipality.pk]
        by_kind = {kind: [u for u in units if u.kind == kind] for kind in K.values}
        managed.append((Role.FORVALTNINGSCHEF, by_kind[K.FORVALTNING][0]))
        managed.append((Role.KVALITETSSAMORDNARE, by_kind[K.NAMND][0]))
        managed += [(Role.AVDELNINGSCHEF, u) for u in by_kind[K.AVDELNING]]
        managed += [(Role.ENHETSCHEF, u) for u in by_kind[K.ENHET]]
    if ds.sizes["people"] < len(managed) + len(ds.municipalities):
        raise ValueError("too few people for the line managers")
    password = make_password(BENCH_PASSWORD)
    users = User.objects.bulk_create(
        [
            User(
                username=f"bench{i}",
                first_name="Bench",
                last_name=f"Person {i}",
                password=password,
                email=f"bench{i}@example.invalid",
                phone="010-000 00 00",
            )
            for i in range(ds.sizes["people"])
        ]
    )
    ds.people = users
    assignments = [RoleAssignment(user=users[i], role=role, unit=unit) for i, (role, unit) in enumerate(managed)]
    staff = users[len(managed) :]
    weights = municipality_weights(len(ds.municipalities))
    leaves_by_municipality = [[u for u in ds.leaf_units if u.municipality_id == m.pk] for m in ds.municipalities]
    rng = random.Random(f"lots-bench-people-{ds.scale}")
    for i, user in enumerate(staff):
        # Round-robin within a municipality chosen by weight, so every leaf unit gets staff.
        m = rng.choices(range(len(ds.municipalities)), weights)[0] if i >= len(ds.municipalities) else i
        leaves = leaves_by_municipality[m]
        assignments.append(RoleAssignment(user=user, role=Role.MEDARBETARE, unit=leaves[i % len(leaves)], include_subunits=False))
    RoleAssignment.objects.bulk_create(assignments)
    ds.extra["assignments"] = assignments
    ds.manager = users[0]
    ds.coordinator = users[1]
    ds.extra["unit_manager"] = next(a.user for a in assignments if a.role == Role.ENHETSCHEF)


# Each module appends ``fn(ds)``; they run in order inside one transaction per generator.
GENERATORS = [generate_foundation, generate_deviations, generate_feedback, generate_risks, generate_routines]


# The newer modules each bring ``bench/gen_<app>.py`` with ``generate(ds)``, ``scenarios(ds, cookies, tokens)`` and
# ``COUNTED`` (model labels); a module not yet there is skipped.
MODULE_BENCHES = [
    "staff",
    "competence",
    "workenv",
    "rounds",
    "agreements",
    "interventions",
    "watch",
    "ledger",
    "goals",
    "indicators",
]


def module_benches() -> list:
    from importlib import import_module

    found = []
    for name in MODULE_BENCHES:
        try:
            found.append(import_module(f"bench.gen_{name}"))
        except ModuleNotFoundError as error:
            if error.name != f"bench.gen_{name}":
                raise
    return found


def generate(scale: str) -> Dataset:
    ds = Dataset(scale=scale, sizes=SCALES[scale], rng=random.Random(f"lots-bench-{scale}"))
    # The audit log is written by every generator: its indexes are built once, after all of them.
    with bulk.deferred_indexes(AuditEntry):
        for generator in GENERATORS + [module.generate for module in module_benches()]:
            with transaction.atomic():
                generator(ds)
    # Every table gets planner statistics, not only the bulk-loaded ones: production relies on autovacuum for that,
    # which a test server may have turned off, and a small table without statistics is planned as an empty one.
    bulk.analyse()
    ds.extra["row_counts"] = row_counts()
    return ds


def row_counts() -> dict:
    """Rows in the tables the modules fill, for the results."""
    from django.apps import apps
    from django.db import connection

    counts = {}
    with connection.cursor() as cursor:
        for label in COUNTED + [label for module in module_benches() for label in module.COUNTED]:
            model = apps.get_model(label)
            cursor.execute(f'SELECT COUNT(*) FROM "{model._meta.db_table}"')
            counts[model.__name__] = cursor.fetchone()[0]
    return counts


COUNTED = [
    "organisation.Unit",
    "accounts.User",
    "deviations.Deviation",
    "deviations.DeviationEvent",
    "deviations.LexSarahInvestigation",
    "deviations.IvoNotification",
    "improvements.ImprovementAction",
    "feedback.FeedbackCase",
    "risks.RiskAnalysis",
    "risks.Risk",
    "processes.Routine",
    "processes.RoutineVersion",
    "processes.Acknowledgement",
    "audit.AuditEntry",
]


def load_existing(scale: str) -> Dataset:
    """The dataset of an earlier run, read back from the database (``bench.run --reuse``)."""
    ds = Dataset(scale=scale, sizes=SCALES[scale], rng=random.Random(f"lots-bench-{scale}"))
    ds.municipalities = list(Municipality.objects.filter(slug__startswith="bench-").order_by("pk"))
    ds.units = list(Unit.objects.filter(municipality__in=ds.municipalities).order_by("pk"))
    K = Unit.Kind
    ds.leaf_units = [u for u in ds.units if u.kind in (K.ENHET, K.SEKTION)]
    ds.forvaltningar = [u for u in ds.units if u.kind == K.FORVALTNING]
    ds.people = list(User.objects.filter(username__startswith="bench").order_by("pk"))
    assignments = list(RoleAssignment.objects.filter(user__in=ds.people).select_related("user", "unit").order_by("pk"))
    ds.extra["assignments"] = assignments
    ds.manager = ds.people[0]
    ds.coordinator = ds.people[1]
    ds.extra["unit_manager"] = next(a.user for a in assignments if a.role == Role.ENHETSCHEF)
    ds.extra["row_counts"] = row_counts()
    return ds
