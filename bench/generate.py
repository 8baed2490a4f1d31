"""Bench data: built through bulk paths that keep the invariants the services keep.

The foundation's part (municipalities, unit trees with correct materialised paths,
people with role assignments) lives here; each module adds a generator function
to GENERATORS. Everything is deterministic for a scale.
"""

import random
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.db import transaction

from lots.accounts.models import Role, RoleAssignment, User
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


def generate_foundation(ds: Dataset) -> None:
    for m in range(ds.sizes["municipalities"]):
        municipality = Municipality.objects.create(name=f"Benchkommun {m + 1}", slug=f"bench-{m + 1}")
        ds.municipalities.append(municipality)
        _unit_tree(ds, municipality, m + 1)
    password = make_password(BENCH_PASSWORD)
    users = User.objects.bulk_create(
        [
            User(username=f"bench{i}", first_name="Bench", last_name=f"Person {i}", password=password)
            for i in range(ds.sizes["people"])
        ]
    )
    ds.people = users
    assignments = []
    leaf = ds.leaf_units
    for i, user in enumerate(users):
        if i < len(ds.forvaltningar):
            assignments.append(RoleAssignment(user=user, role=Role.FORVALTNINGSCHEF, unit=ds.forvaltningar[i]))
        elif i < 2 * len(ds.forvaltningar):
            namnd = ds.units[ds.units.index(ds.forvaltningar[i - len(ds.forvaltningar)]) - 1]
            assignments.append(RoleAssignment(user=user, role=Role.KVALITETSSAMORDNARE, unit=namnd))
        elif i % 10 == 0:
            assignments.append(RoleAssignment(user=user, role=Role.ENHETSCHEF, unit=leaf[i % len(leaf)]))
        else:
            assignments.append(RoleAssignment(user=user, role=Role.MEDARBETARE, unit=leaf[i % len(leaf)], include_subunits=False))
    RoleAssignment.objects.bulk_create(assignments)
    ds.manager = users[0]
    ds.coordinator = users[len(ds.forvaltningar)]


# Each module appends ``fn(ds)``; they run in order inside one transaction per generator.
GENERATORS = [generate_foundation]


def generate(scale: str) -> Dataset:
    ds = Dataset(scale=scale, sizes=SCALES[scale], rng=random.Random(f"lots-bench-{scale}"))
    for generator in GENERATORS:
        with transaction.atomic():
            generator(ds)
    return ds
