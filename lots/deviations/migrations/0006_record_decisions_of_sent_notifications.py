from django.db import migrations
from django.db.models import F


def record_decisions(apps, schema_editor):
    """Notifications sent before decisions were recorded: the sender made the decision under the delegation order."""
    IvoNotification = apps.get_model("deviations", "IvoNotification")
    IvoNotification.objects.filter(sent_at__isnull=False, decided_at__isnull=True).update(
        decided_at=F("sent_at"),
        decided_by=F("sent_by"),
        decision_basis="delegation",
        decision_reference="Registrerat när anmälan skickades",
    )


class Migration(migrations.Migration):
    dependencies = [("deviations", "0005_ivo_notification_decision")]

    operations = [migrations.RunPython(record_decisions, migrations.RunPython.noop)]
