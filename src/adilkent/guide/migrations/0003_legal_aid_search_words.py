"""The words residents use for legal aid ("правова допомога", "правовая помощь", "مساعدة
قانونية", "کمک حقوقی", "hukuki yardım", "legal aid") added to the Legal Aid Vehicle's search
words where they are missing; the other texts, as staff may have edited them, stay."""

from django.conf import settings
from django.db import migrations

WORDS = {
    "tr": "hukuki yardım adli yardım",
    "en": "legal aid legal help",
    "ar": "مساعدة قانونية عون قانوني",
    "fa": "کمک حقوقی معاضدت حقوقی",
    "ru": "юридическая помощь правовая помощь",
    "uk": "юридична допомога правова допомога правнича допомога",
}


def add_words(apps, schema_editor):
    from adilkent.guide.models import TRANSLATED_FIELDS
    from adilkent.text import fold

    service = apps.get_model("guide", "Service").objects.filter(code="legal-aid").first()
    if service is None:
        return
    for language, words in WORDS.items():
        field = f"keywords_{language}"
        if not hasattr(service, field):
            continue
        current = getattr(service, field) or ""
        if fold(words) not in fold(current):
            setattr(service, field, f"{current} {words}".strip())
    parts = [service.code]
    for name in TRANSLATED_FIELDS:
        for code, _language in settings.LANGUAGES:
            value = getattr(service, f"{name}_{code}", "") or ""
            if value:
                parts.append(value)
    service.search_text = fold(" \n".join(parts))
    service.save()


class Migration(migrations.Migration):
    dependencies = [("guide", "0002_seed_services")]
    operations = [migrations.RunPython(add_words, migrations.RunPython.noop)]
