"""The Legal Aid Vehicle's own catalogue is complete in every language and compiled."""

from __future__ import annotations

import gettext
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.conf import settings

LOCALE = Path(__file__).resolve().parent.parent / "locale"
LANGUAGES = [code for code, _name in settings.LANGUAGES]


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogue_is_complete_and_compiled(language: str) -> None:
    po = LOCALE / language / "LC_MESSAGES" / "django.po"
    with po.open("rb") as f:
        catalog = read_po(f, locale=language)
    compiled = gettext.GNUTranslations(po.with_suffix(".mo").open("rb"))
    problems = []
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy or not all(strings):
            problems.append(f"untranslated or fuzzy: {message.id!r}")
        elif not isinstance(message.id, tuple) and compiled.gettext(message.id) != message.string:
            problems.append(f".mo out of date for {message.id!r}")
        if language == "en" and not isinstance(message.id, tuple) and message.string != message.id:
            problems.append(f"English differs from its msgid: {message.id!r}")
    assert len(catalog) > 50
    assert problems == []
