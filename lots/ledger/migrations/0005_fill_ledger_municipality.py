"""Each ledger's municipality is its unit's."""

from django.db import migrations
from django.db.models import OuterRef, Subquery


def fill(apps, schema_editor):
    Ledger = apps.get_model("ledger", "Ledger")
    Unit = apps.get_model("organisation", "Unit")
    Ledger.objects.filter(municipality__isnull=True).update(
        municipality_id=Subquery(Unit.objects.filter(pk=OuterRef("unit_id")).values("municipality_id")[:1])
    )


class Migration(migrations.Migration):
    dependencies = [("ledger", "0004_ledger_municipality")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
