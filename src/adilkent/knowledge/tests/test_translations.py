"""The knowledge pages' own catalogue is complete in every language and compiled, and the
screens speak the reader's language."""

from __future__ import annotations

import gettext
from pathlib import Path
from typing import Any

import pytest
from babel.messages.pofile import read_po
from django.conf import settings

from .conftest import signed_in

LOCALE = Path(__file__).resolve().parent.parent / "locale"
LANGUAGES = [code for code, _name in settings.LANGUAGES]


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogue_is_complete_and_compiled(language: str) -> None:
    po = LOCALE / language / "LC_MESSAGES" / "django.po"
    with po.open("rb") as f:
        catalog = read_po(f, locale=language)
    assert catalog.locale is not None and str(catalog.locale) == language
    compiled = gettext.GNUTranslations(po.with_suffix(".mo").open("rb"))
    problems = []
    for message in catalog:
        if not message.id:
            continue
        if message.fuzzy or not message.string:
            problems.append(f"untranslated or fuzzy: {message.id!r}")
            continue
        found = (
            compiled.pgettext(message.context, message.id)
            if message.context
            else compiled.gettext(message.id)
        )
        if found != message.string:
            problems.append(f".mo out of date for {message.id!r}")
        if language == "en" and message.string != message.id:
            problems.append(f"English differs from its msgid: {message.id!r}")
    assert problems == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "heading", "direction"),
    [
        ("tr", "Personel bilgi sayfaları", "ltr"),
        ("ar", "صفحات المعرفة للموظفين", "rtl"),
        ("fa", "صفحه‌های دانش کارکنان", "rtl"),
        ("ru", "Справочные страницы для сотрудников", "ltr"),
        ("uk", "Довідкові сторінки для працівників", "ltr"),
    ],
)
def test_the_index_in_each_language(
    reader: Any, booklet: Any, language: str, heading: str, direction: str
) -> None:
    html = signed_in(reader).get(f"/{language}/staff/knowledge/").content.decode()
    assert f'<html lang="{language}" dir="{direction}">' in html
    assert f"<h1>{heading}</h1>" in html
