"""The seeded services in all six languages: every text the Turkish or English entry has is
translated, a translation of something that does not exist is refused, and databases made
before the translations get them without losing what staff wrote."""

from __future__ import annotations

import copy
import importlib
import re

import pytest
from django.apps import apps as django_apps
from django.conf import settings

from adilkent.guide.models import TRANSLATED_FIELDS, Service, ServiceAttribute
from adilkent.guide.seed_data import SERVICES, TRANSLATIONS_DIR, translations_merge

LANGUAGES = [code for code, _name in settings.LANGUAGES]
NATIVE_DIGITS = re.compile("[\u0660-\u0669\u06f0-\u06f9]")


def test_every_seeded_text_is_in_every_language() -> None:
    missing = []
    for entry in SERVICES:
        for field in TRANSLATED_FIELDS:
            texts = entry.get(field, {})
            if texts.get("tr") or texts.get("en"):
                missing += [
                    (entry["code"], field, lang) for lang in LANGUAGES if not texts.get(lang)
                ]
        for attribute in entry.get("attributes", []):
            description = attribute["description"]
            missing += [
                (entry["code"], attribute["code"], lang)
                for lang in LANGUAGES
                if not description.get(lang)
            ]
            for value in attribute.get("values", []):
                missing += [
                    (attribute["code"], value["key"], lang)
                    for lang in LANGUAGES
                    if not value["names"].get(lang)
                ]
    assert missing == []


def test_translation_files_write_latin_digits() -> None:
    files = sorted(TRANSLATIONS_DIR.glob("*.json"))
    assert [f.stem for f in files] == ["ar", "fa", "ru", "uk"]
    for file in files:
        assert not NATIVE_DIGITS.search(file.read_text(encoding="utf-8")), file.name


@pytest.mark.parametrize(
    "texts, message",
    [
        ({"services": {"no-such-service": {"description": "x"}}}, "no service 'no-such-service'"),
        ({"services": {"him": {"no_such_field": "x"}}}, "has no 'no_such_field'"),
        ({"attributes": {"him": {"no_such_question": {"description": "x"}}}}, "no question"),
        (
            {"attributes": {"legal-aid": {"topic": {"values": {"no_such_answer": "x"}}}}},
            "has no answer 'no_such_answer'",
        ),
    ],
)
def test_a_translation_of_nothing_is_refused(texts: dict, message: str) -> None:
    services = copy.deepcopy(SERVICES)
    with pytest.raises(ValueError, match=message):
        translations_merge(services, language="ar", texts=texts)


@pytest.mark.django_db
def test_an_older_database_gets_the_translations_and_keeps_staff_texts() -> None:
    service = Service.objects.get(code="legal-aid")
    service.description_ar = ""
    service.fees_ru = "Staff wrote this."
    service.save()
    topic = ServiceAttribute.objects.get(service=service, code="topic")
    topic.description_uk = ""
    for value in topic.values:
        value["names"].pop("fa", None)
    topic.save()

    migration = importlib.import_module("adilkent.guide.migrations.0005_seed_translations")
    migration.fill(django_apps, None)

    service.refresh_from_db()
    seeded = next(e for e in SERVICES if e["code"] == "legal-aid")
    assert service.description_ar == seeded["description"]["ar"]
    assert service.fees_ru == "Staff wrote this."
    topic.refresh_from_db()
    assert (
        topic.description_uk
        == next(a for a in seeded["attributes"] if a["code"] == "topic")["description"]["uk"]
    )
    assert all(value["names"]["fa"] for value in topic.values)
