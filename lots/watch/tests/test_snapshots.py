"""Every import is kept as a dated snapshot per unit: the newest is current, the older ones show what was known when."""

import datetime

from django.urls import reverse
from django.utils import timezone

from lots.watch.models import Placement, Snapshot

D = datetime.date


def at(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(9)))


def test_a_new_import_replaces_the_units_current_state_and_keeps_the_old_snapshot(world, place):
    place([{"case_reference": "BU-1"}, {"case_reference": "BU-2"}], at=at(D(2026, 1, 5)))
    place([{"case_reference": "BU-1", "last_visit_date": D(2026, 2, 1)}], at=at(D(2026, 2, 3)))
    place([{"case_reference": "BU-9"}], unit=world.sub, at=at(D(2026, 2, 4)))
    assert Snapshot.objects.filter(unit=world.own).count() == 2
    assert list(Placement.objects.current().filter(unit=world.own).values_list("case_reference", "last_visit_date")) == [
        ("BU-1", D(2026, 2, 1))
    ]
    old = Snapshot.objects.get(unit=world.own, is_current=False)
    assert sorted(old.placements.values_list("case_reference", flat=True)) == ["BU-1", "BU-2"]
    # The import for the sub-unit left "own" as it was.
    assert Snapshot.objects.get(unit=world.own, is_current=True).taken_at == at(D(2026, 2, 3))


def test_known_at_gives_each_units_newest_snapshot_by_then(world, place):
    place([{}], at=at(D(2026, 1, 5)))
    place([{}], at=at(D(2026, 2, 3)))
    first = Snapshot.objects.get(taken_at=at(D(2026, 1, 5)))
    assert list(Snapshot.objects.known_at(at(D(2026, 1, 31)))) == [first]
    assert list(Snapshot.objects.known_at(at(D(2026, 1, 1)))) == []


def test_an_inspector_sees_what_was_known_on_a_day(world, place, client_for):
    place([{"case_reference": "BU-1", "start_date": D(2025, 10, 1)}], at=at(D(2026, 1, 5)))
    place([{"case_reference": "BU-1", "start_date": D(2025, 10, 1), "last_visit_date": D(2026, 1, 20)}], at=at(D(2026, 2, 3)))
    client = client_for(world.persona("kvalitetssamordnare"))
    response = client.get(reverse("watch:snapshots"), {"unit": world.own.pk, "day": "2026-01-25"})
    first = Snapshot.objects.get(taken_at=at(D(2026, 1, 5)))
    assert response.status_code == 302 and response.url == reverse("watch:snapshot", args=[first.pk]) + "?dag=2026-01-25"
    page = client.get(response.url)
    [row] = page.context["rows"]
    # Known on 25 January: no visit since the start; the visit due on 1 January was overdue.
    assert (row.last_visit_date, row.late_then) == (None, True)
    assert page.context["newer"].taken_at == at(D(2026, 2, 3))


def test_a_day_before_any_import_is_an_error_at_the_field(world, place, client_for):
    place([{}], at=at(D(2026, 1, 5)))
    response = client_for(world.persona("kvalitetssamordnare")).get(
        reverse("watch:snapshots"), {"unit": world.own.pk, "day": "2025-12-01"}
    )
    assert response.status_code == 422
    assert response.context["form"].errors["day"] == ["Ingen inläsning för enheten hade gjorts då."]


def test_the_placement_page_shows_the_case_in_each_snapshot(world, place, client_for):
    place([{"case_reference": "BU-1"}], at=at(D(2026, 1, 5)))
    place([{"case_reference": "BU-1", "last_visit_date": D(2026, 2, 1)}], at=at(D(2026, 2, 3)))
    current = Placement.objects.get(is_current=True)
    response = client_for(world.persona("enhetschef")).get(reverse("watch:detail", args=[current.pk]))
    assert [h.snapshot.taken_at for h in response.context["history"]] == [at(D(2026, 2, 3)), at(D(2026, 1, 5))]


def test_snapshots_of_other_units_are_hidden(world, place, client_for):
    place([{}], unit=world.other)
    snapshot = Snapshot.objects.get()
    client = client_for(world.persona("enhetschef"))
    assert client.get(reverse("watch:snapshot", args=[snapshot.pk])).status_code == 404
    assert list(client.get(reverse("watch:snapshots")).context["snapshots"]) == []
