from django.urls import reverse

from lots.audit import services as audit
from lots.audit.models import AuditEntry


def test_entries_are_found_by_person_record_and_period(world, client_for):
    coordinator = world.persona("kvalitetssamordnare")
    audit.record(actor=world.persona("enhetschef"), action="update", obj=world.own, note="ändrade namnet")
    audit.record(actor=coordinator, action="view", obj=world.sub)
    client = client_for(coordinator)
    html = client.get(reverse("audit:search"), {"person": "Enhetschef"}).content.decode()
    assert "ändrade namnet" in html and "Underenheten" not in html
    html = client.get(reverse("audit:search"), {"record": "Underenheten"}).content.decode()
    assert "Läste" in html and "ändrade namnet" not in html
    html = client.get(reverse("audit:search"), {"date_from": "2000-01-01", "date_to": "2000-12-31"}).content.decode()
    assert "Inga loggposter" in html


def test_a_period_ending_before_it_starts_is_explained(world, client_for):
    client = client_for(world.persona("granskare"))
    response = client.get(reverse("audit:search"), {"date_from": "2026-05-01", "date_to": "2026-04-01"})
    html = response.content.decode()
    assert "Slutdatumet kan inte vara före startdatumet" in html
    assert 'value="2026-05-01"' in html


def test_sensitive_reads_are_logged_with_who_looked(world):
    entry = audit.record_view(actor=world.persona("granskare"), obj=world.own)
    assert entry.action == AuditEntry.Action.VIEW
    assert entry.actor_name == "Granskare Persona"
    assert entry.unit_path == world.own.path


def test_field_values_are_stored_in_readable_form(world):
    import datetime

    entry = audit.record(
        actor=None,
        action="update",
        obj=world.own,
        changes={"closed_at": (None, datetime.date(2026, 1, 2)), "parent": (world.namnd, world.forvaltning)},
    )
    entry.refresh_from_db()
    assert entry.changes["closed_at"] == [None, "2026-01-02"]
    assert entry.changes["parent"][1] == {"id": world.forvaltning.pk, "text": "Förvaltningen"}


def test_changes_are_shown_with_the_fields_names(world, client_for):
    audit.record(
        actor=None, action="update", obj=world.own, changes={"public_name": ("", "Publikt namn"), "role": (None, "Enhetschef")}
    )
    html = client_for(world.persona("kvalitetssamordnare")).get(reverse("audit:search"), {"record": "Egna"}).content.decode()
    assert "<strong>Namn i e-tjänsten</strong>: – → text, 12 tecken" in html
    assert "<strong>Roll</strong>: – → Enhetschef" in html
