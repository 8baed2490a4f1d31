"""Links the entries written before the chain existed into their chains, oldest first, and sets the heads.

The rows are updated once, here, by the owner role that runs migrations; on PostgreSQL the
append-only trigger is switched off for that and on again in the same transaction.
"""

from django.db import migrations

CHUNK = 2000


def forward(apps, schema_editor):
    from lots.audit import chain

    AuditEntry = apps.get_model("audit", "AuditEntry")
    AuditRead = apps.get_model("audit", "AuditRead")
    AuditChain = apps.get_model("audit", "AuditChain")
    if not AuditEntry.objects.filter(seq__isnull=True).exists():
        return
    secret = chain.key()
    postgresql = schema_editor.connection.vendor == "postgresql"
    if postgresql:
        schema_editor.execute("ALTER TABLE audit_auditentry DISABLE TRIGGER audit_auditentry_append_only")
    heads = {head.pk: head for head in AuditChain.objects.all()}
    last_id = 0
    while True:
        rows = list(
            AuditEntry.objects.filter(seq__isnull=True, id__gt=last_id).order_by("id").values("id", *chain.HASHED_FIELDS)[:CHUNK]
        )
        if not rows:
            break
        reads = {}
        for entry_id, content_type_id, object_id in AuditRead.objects.filter(entry_id__in=[r["id"] for r in rows]).values_list(
            "entry_id", "content_type_id", "object_id"
        ):
            reads.setdefault(entry_id, []).append((content_type_id, object_id))
        linked = []
        for row in rows:
            number = chain.chain_of(row["unit_path"])
            head = heads.setdefault(number, AuditChain(pk=number, seq=0, hash=""))
            row.update(chain=number, seq=head.seq + 1)
            head.seq, head.hash = row["seq"], chain.digest(row, reads.get(row["id"], []), head.hash, secret)
            linked.append(AuditEntry(id=row["id"], chain=number, seq=head.seq, hash=head.hash))
        AuditEntry.objects.bulk_update(linked, ["chain", "seq", "hash"])
        last_id = rows[-1]["id"]
    for head in heads.values():
        head.save()
    if postgresql:
        schema_editor.execute("ALTER TABLE audit_auditentry ENABLE TRIGGER audit_auditentry_append_only")


class Migration(migrations.Migration):
    dependencies = [("audit", "0004_chain_entries")]
    operations = [migrations.RunPython(forward, migrations.RunPython.noop, elidable=False)]
