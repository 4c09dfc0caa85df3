"""The Arabic, Persian, Russian and Ukrainian texts of the seeded services (descriptions, who
can use it, how to apply, fees, hours, the request questions and their answers), from
``guide/data/translations``, written where the column is still empty; a text staff have
already written stays as it is."""

from django.conf import settings
from django.db import migrations

LANGUAGES = ("ar", "fa", "ru", "uk")


def fill(apps, schema_editor):
    from adilkent.guide.models import TRANSLATED_FIELDS
    from adilkent.guide.seed_data import SERVICES
    from adilkent.text import fold

    service_model = apps.get_model("guide", "Service")
    attribute_model = apps.get_model("guide", "ServiceAttribute")
    for entry in SERVICES:
        service = service_model.objects.filter(code=entry["code"]).first()
        if service is None:
            continue
        changed = False
        for field in TRANSLATED_FIELDS:
            for language in LANGUAGES:
                text = entry.get(field, {}).get(language, "")
                column = f"{field}_{language}"
                if text and hasattr(service, column) and not getattr(service, column):
                    setattr(service, column, text)
                    changed = True
        if changed:
            parts = [service.code]
            for field in TRANSLATED_FIELDS:
                for code, _name in settings.LANGUAGES:
                    value = getattr(service, f"{field}_{code}", "") or ""
                    if value:
                        parts.append(value)
            service.search_text = fold(" \n".join(parts))
            service.save()
        for seeded in entry.get("attributes", []):
            attribute = attribute_model.objects.filter(service=service, code=seeded["code"]).first()
            if attribute is None:
                continue
            for language in LANGUAGES:
                column = f"description_{language}"
                text = seeded["description"].get(language, "")
                if text and not getattr(attribute, column):
                    setattr(attribute, column, text)
            names = {v["key"]: v["names"] for v in seeded.get("values", [])}
            for value in attribute.values:
                for language in LANGUAGES:
                    text = names.get(value.get("key"), {}).get(language, "")
                    if text and not value.setdefault("names", {}).get(language):
                        value["names"][language] = text
            attribute.save()


class Migration(migrations.Migration):
    dependencies = [("guide", "0004_city_services_group")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
