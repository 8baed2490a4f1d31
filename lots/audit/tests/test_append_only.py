import pytest
from django.db import connection, transaction
from django.db.utils import DatabaseError

from lots.audit import services as audit
from lots.audit.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_the_log_page_only_reads(world, client_for):
    from django.urls import reverse

    entry = audit.record(actor=None, action="update", obj=world.own, note="original")
    client = client_for(world.persona("kvalitetssamordnare"))
    for url in (reverse("audit:search"), reverse("audit:search_export", args=["csv"])):
        for method in (client.post, client.put, client.delete):
            assert method(url, {"id": entry.pk, "note": "forged"}).status_code == 405
    entry.refresh_from_db()
    assert entry.note == "original"


def test_no_url_of_the_application_edits_audit_entries():
    from django.urls import get_resolver

    def names(resolver, prefix=""):
        for pattern in resolver.url_patterns:
            if hasattr(pattern, "url_patterns"):
                yield from names(pattern, prefix + str(pattern.pattern))
            else:
                yield prefix + str(pattern.pattern)

    audit_urls = [u for u in names(get_resolver()) if u.startswith("logg/")]
    assert audit_urls == ["logg/", "logg/export.<str:fmt>"]  # the search and its export, both GET only


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the database-level refusal is a PostgreSQL trigger")
def test_postgresql_refuses_update_of_an_audit_row():
    entry = audit.record(actor=None, action="update", note="original")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditentry SET note = 'forged' WHERE id = %s", [entry.pk])
    entry.refresh_from_db()
    assert entry.note == "original"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the database-level refusal is a PostgreSQL trigger")
def test_postgresql_refuses_delete_of_an_audit_row():
    entry = audit.record(actor=None, action="update", note="original")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).delete()
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the database-level refusal is a PostgreSQL trigger")
def test_postgresql_still_accepts_new_entries():
    before = AuditEntry.objects.count()
    audit.record(actor=None, action="create", note="ny")
    assert AuditEntry.objects.count() == before + 1
