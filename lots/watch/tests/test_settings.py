"""A municipality may shorten the intervals, never lengthen them; a change recomputes the current due dates only."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from lots.audit.models import AuditEntry
from lots.watch.models import Placement, WatchSettings

D = datetime.date


def post(client, **data):
    values = {"child_visit_months": 3, "child_reconsideration_months": 6, "adult_reconsideration_months": 3}
    values.update(data)
    return client.post(reverse("watch:settings"), values)


def test_a_shorter_visit_interval_recomputes_the_current_placements_and_keeps_old_snapshots(world, place, client_for):
    place([{"case_reference": "BU-1", "start_date": D(2026, 1, 15)}], at=timezone.now() - datetime.timedelta(days=3))
    place([{"case_reference": "BU-1", "start_date": D(2026, 1, 15)}])
    client = client_for(world.persona("kvalitetssamordnare"))
    response = post(client, child_visit_months=2, version=1)
    assert response.status_code == 302
    current = Placement.objects.get(is_current=True)
    old = Placement.objects.get(is_current=False)
    assert (current.visit_due, current.next_due) == (D(2026, 3, 15), D(2026, 3, 15))
    assert old.visit_due == D(2026, 4, 15)
    entry = AuditEntry.objects.filter(content_type__model="watchsettings", action="update").get()
    assert entry.changes["child_visit_months"] == [3, 2]


def test_a_new_import_uses_the_municipalitys_intervals(world, place, client_for):
    post(client_for(world.persona("kvalitetssamordnare")), adult_reconsideration_months=1, version=1)
    place([{"case_reference": "VU-1", "kind": "vuxen_frivillig_dygnsvard", "start_date": D(2026, 1, 15)}])
    assert Placement.objects.get().reconsideration_due == D(2026, 2, 15)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("child_visit_months", 4, "Högst 3 månader."),
        ("child_reconsideration_months", 7, "Högst 6 månader."),
        ("adult_reconsideration_months", 0, "Minst en månad."),
    ],
)
def test_an_interval_longer_than_the_rule_is_refused_at_its_field(world, client_for, field, value, message):
    response = post(client_for(world.persona("kvalitetssamordnare")), **{field: value, "version": 1})
    assert response.status_code == 422
    assert response.context["form"].errors[field] == [message]
    assert not WatchSettings.objects.exists()


def test_a_concurrent_change_is_409_with_what_was_typed(world, client_for):
    client = client_for(world.persona("kvalitetssamordnare"))
    post(client, child_visit_months=2, version=1)
    response = post(client, child_visit_months=1, version=1)
    assert response.status_code == 409
    assert response.context["form"]["child_visit_months"].value() in ("1", 1)
    assert WatchSettings.objects.get().child_visit_months == 2


@pytest.mark.parametrize("role", ["enhetschef", "forvaltningschef", "medarbetare"])
def test_only_the_quality_coordinator_changes_the_intervals(world, client_for, role):
    assert client_for(world.persona(role)).get(reverse("watch:settings")).status_code == 404
