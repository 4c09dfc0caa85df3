"""Load the services that the seed documents name (idempotent; see guide.seed_data)."""

from django.db import migrations


def load(apps, schema_editor):
    from adilkent.guide.services import load_seed_services

    load_seed_services(apps.get_model("guide", "Service"), apps.get_model("guide", "ServiceAttribute"))


class Migration(migrations.Migration):
    dependencies = [("guide", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
