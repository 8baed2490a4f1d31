import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("ledger", "0003_seed_base_amounts"),
        ("organisation", "__first__"),
    ]

    operations = [
        migrations.AddField(
            model_name="ledger",
            name="municipality",
            field=models.ForeignKey(
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="organisation.municipality",
            ),
        ),
    ]
