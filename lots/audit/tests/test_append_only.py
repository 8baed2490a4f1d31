import pytest
from django.db import connection, transaction
from django.db.utils import DatabaseError

from lots.audit import services as audit
from lots.audit.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_the_application_offers_no_way_to_edit_or_delete_entries(admin_client):
    from django.contrib import admin

    assert AuditEntry not in admin.site._registry


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
