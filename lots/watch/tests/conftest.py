import datetime

import pytest
from django.utils import timezone

from lots.accounts.models import Role
from lots.testing.factories import RoleAssignmentFactory, UserFactory
from lots.watch import services
from lots.watch.models import ImportBatch, PlacementKind

TEST_IDENTITY = "19121212-1212"  # Tolvan Tolvansson, the published test identity


@pytest.fixture
def worker(world):
    """The responsible social worker: the medarbetare persona, on "own" without sub-units."""
    return world.persona("medarbetare")


@pytest.fixture
def importer(world):
    """A quality coordinator for the whole förvaltning, who imports for every unit of it."""
    user = UserFactory(username="importor", first_name="Import", last_name="Samordnare")
    RoleAssignmentFactory(user=user, role=Role.KVALITETSSAMORDNARE, unit=world.forvaltning, include_subunits=True)
    return user


@pytest.fixture
def place(world, worker, importer):
    """``place(rows, at=...)`` imports placement rows through the service; a row is a dict of overrides."""

    def make(rows, *, at=None, actor=None, unit=None):
        full = []
        for line, row in enumerate(rows, start=2):
            values = {
                "line": line,
                "case_reference": f"BU-2026-{line:04d}",
                "unit": unit or world.own,
                "worker": worker,
                "kind": PlacementKind.CHILD_SOL_HVB,
                "start_date": datetime.date(2026, 1, 10),
                "last_visit_date": None,
                "last_reconsideration_date": None,
                "end_date": None,
            }
            values.update(row)
            full.append(values)
        return services.placements_import(
            actor=actor or importer,
            municipality=world.m1,
            rows=full,
            source=ImportBatch.Source.CSV,
            at=at or timezone.now(),
        )

    return make
