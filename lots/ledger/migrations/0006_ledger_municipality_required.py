import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("ledger", "0005_fill_ledger_municipality")]

    operations = [
        migrations.AlterField(
            model_name="ledger",
            name="municipality",
            field=models.ForeignKey(
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="organisation.municipality",
            ),
        ),
    ]
