"""The records each access-log entry read, one row per record; append-only on PostgreSQL like the entries."""

import django.db.models.deletion
from django.db import migrations, models

FORWARD = """
CREATE TRIGGER audit_auditread_append_only
    BEFORE UPDATE OR DELETE ON audit_auditread
    FOR EACH ROW EXECUTE FUNCTION lots_audit_refuse_change();
"""

BACKWARD = "DROP TRIGGER IF EXISTS audit_auditread_append_only ON audit_auditread;"


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD)


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0002_append_only"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.CreateModel(
            name="AuditRead",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("object_id", models.CharField(max_length=64)),
                (
                    "content_type",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="+", to="contenttypes.contenttype"
                    ),
                ),
                (
                    "entry",
                    models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="reads", to="audit.auditentry"),
                ),
            ],
            options={
                "verbose_name": "läst post",
                "verbose_name_plural": "lästa poster",
                "indexes": [models.Index(fields=["content_type", "object_id"], name="audit_read_object")],
            },
        ),
        migrations.RunPython(forward, backward, elidable=False),
    ]
