"""The chain triggers of 0002 once more: on SQLite, altering the ledger table in 0006 rebuilt tables and the triggers
went with them. A later migration that rebuilds ``ledger_ledger`` or ``ledger_ledgerentry`` on SQLite must end by
running ``recreate`` again (test_database_rules fails otherwise)."""

from django.db import migrations

from lots.ledger.migrations import _triggers


class Migration(migrations.Migration):
    dependencies = [("ledger", "0007_receipt_random_name")]

    operations = [migrations.RunPython(_triggers.recreate, migrations.RunPython.noop)]
