import secrets

import django.db.models.deletion
from django.db import migrations, models

import adilkent.intake.models


def fill_public_ids(apps, schema_editor):
    Request = apps.get_model("intake", "Request")
    for pk in Request.objects.values_list("pk", flat=True).iterator():
        Request.objects.filter(pk=pk).update(public_id=secrets.token_hex(6))


class Migration(migrations.Migration):
    dependencies = [
        ("intake", "0004_event_type_resident"),
    ]

    operations = [
        migrations.AddField(
            model_name="request",
            name="public_id",
            field=models.CharField(max_length=16, null=True, editable=False, verbose_name="public id (Open311)"),
        ),
        migrations.RunPython(fill_public_ids, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="request",
            name="public_id",
            field=models.CharField(
                default=adilkent.intake.models.new_public_id,
                editable=False,
                max_length=16,
                unique=True,
                verbose_name="public id (Open311)",
            ),
        ),
        migrations.AddField(
            model_name="historicalrequest",
            name="public_id",
            field=models.CharField(
                db_index=True,
                default=adilkent.intake.models.new_public_id,
                editable=False,
                max_length=16,
                verbose_name="public id (Open311)",
            ),
        ),
        migrations.AddField(
            model_name="request",
            name="api_key",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="intake.apikey",
                verbose_name="submitted with the API key",
            ),
        ),
        migrations.AddField(
            model_name="historicalrequest",
            name="api_key",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="intake.apikey",
                verbose_name="submitted with the API key",
            ),
        ),
    ]
