"""Old imports are culled with their snapshots after the municipality's period; a unit's current one is kept."""

import datetime

from django.utils import timezone

from lots.privacy import services as privacy_services
from lots.watch.models import ImportBatch, Placement, Snapshot


def at(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(9)))


def test_an_old_import_goes_with_its_rows_and_the_current_one_stays(world, place):
    place([{"case_reference": "BU-1"}], at=at(datetime.date(2019, 1, 5)))
    place([{"case_reference": "BU-2"}], unit=world.sub, at=at(datetime.date(2019, 1, 6)))
    place([{"case_reference": "BU-1"}], at=at(datetime.date(2026, 1, 5)))
    privacy_services.retention_cull(today=datetime.date(2026, 6, 1), actor=None)
    assert list(ImportBatch.objects.order_by("imported_at").values_list("imported_at", flat=True)) == [
        at(datetime.date(2019, 1, 6)),
        at(datetime.date(2026, 1, 5)),
    ]
    assert Snapshot.objects.count() == 2
    assert sorted(Placement.objects.values_list("case_reference", flat=True)) == ["BU-1", "BU-2"]
