"""The registry's names and summaries in all six languages: one file per language
(``data/translations``) merged into the registry data; a translation of something the registry
does not have is refused."""

from __future__ import annotations

import copy
import re

import pytest

from adilkent.programmes.models import KpiDefinition, Partner, Programme
from adilkent.programmes.services import (
    DATA_FILE,
    LANGS,
    LoadReport,
    RegistryDataError,
    read_data,
    translations_merge,
)

NATIVE_DIGITS = re.compile("[\u0660-\u0669\u06f0-\u06f9]")


def test_every_name_and_summary_is_in_every_language() -> None:
    data = read_data()
    missing = [
        (entry["slug"], field, lang)
        for entry in data["programmes"]
        for field in ("name", "summary")
        for lang in LANGS
        if not entry[field].get(lang)
    ]
    missing += [(e["key"], lang) for e in data["partners"] for lang in LANGS if not e.get(lang)]
    missing += [
        (e["key"], prefix, lang)
        for e in data["kpis"]
        for prefix in ("", "unit_")
        for lang in LANGS
        if not e.get(f"{prefix}{lang}")
    ]
    assert missing == []
    for file in (DATA_FILE.parent / "translations").glob("*.json"):
        assert not NATIVE_DIGITS.search(file.read_text(encoding="utf-8")), file.name


@pytest.mark.parametrize(
    "language, texts, message",
    [
        ("ar", {"programmes": {"no-such": {"name": "x"}}}, "no programmes 'no-such'"),
        ("ar", {"partners": {"unhcr": {"summary": "x"}}}, "has no 'summary'"),
        ("ar", {"funders": {}}, "no section 'funders'"),
        ("de", {}, "not a language of the site"),
    ],
)
def test_a_translation_of_nothing_is_refused(language: str, texts: dict, message: str) -> None:
    data = copy.deepcopy(read_data())
    with pytest.raises(RegistryDataError, match=message):
        translations_merge(data, language=language, texts=texts)


def test_the_loaded_registry_has_the_translations(registry: LoadReport) -> None:
    programme = Programme.objects.get(slug="legal-aid-vehicle")
    assert programme.name_uk and programme.name_uk != programme.name_en
    assert programme.summary_fa
    assert "УВКБ ООН" in Partner.objects.get(key="unhcr").name_ru
    kpi = KpiDefinition.objects.get(key="trainees")
    assert kpi.name_ar and kpi.unit_ar
