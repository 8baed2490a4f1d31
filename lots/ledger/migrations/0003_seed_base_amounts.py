"""The prisbasbelopp of 2025 and 2026 (SFS 2025:872), from which the bank-account threshold is computed."""

from django.db import migrations

AMOUNTS = {2025: 58_800, 2026: 59_200}


def seed(apps, schema_editor):
    BaseAmount = apps.get_model("ledger", "BaseAmount")
    for year, amount in AMOUNTS.items():
        BaseAmount.objects.get_or_create(year=year, defaults={"amount": amount})


class Migration(migrations.Migration):
    dependencies = [("ledger", "0002_entry_chain_triggers")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
