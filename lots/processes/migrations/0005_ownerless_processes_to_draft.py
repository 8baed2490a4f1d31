from django.db import migrations


def ownerless_to_draft(apps, schema_editor):
    """An established process without an owner was never complete: it goes back to draft until someone owns it.

    Its established versions stay in its history.
    """
    Process = apps.get_model("processes", "Process")
    Process.objects.filter(status="established", owner__isnull=True).update(status="draft")


class Migration(migrations.Migration):
    dependencies = [("processes", "0004_process_owner_and_collaboration")]

    operations = [migrations.RunPython(ownerless_to_draft, migrations.RunPython.noop)]
