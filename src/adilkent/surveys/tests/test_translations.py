"""The surveys' own catalogue is complete in every language, compiled, and keeps every
placeholder of the English text."""

from __future__ import annotations

import gettext
import re
from pathlib import Path

import pytest
from babel.messages.catalog import Message
from babel.messages.pofile import read_po
from django.conf import settings

LOCALE = Path(__file__).resolve().parent.parent / "locale"
LANGUAGES = [code for code, _name in settings.LANGUAGES]
PLACEHOLDER = re.compile(r"%\(\w+\)s|\$\{name\}")


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogue_is_complete_and_compiled(language: str) -> None:
    po = LOCALE / language / "LC_MESSAGES" / "django.po"
    with po.open("rb") as f:
        catalog = read_po(f, locale=language)
    assert catalog.locale is not None and str(catalog.locale) == language
    with po.with_suffix(".mo").open("rb") as f:
        compiled = gettext.GNUTranslations(f)
    problems = []
    for message in catalog:
        if not message.id:
            continue
        if message.pluralizable:
            problems += _plural_problems(message, compiled, language)
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
        if sorted(PLACEHOLDER.findall(message.id)) != sorted(PLACEHOLDER.findall(message.string)):
            problems.append(f"placeholders differ: {message.id!r}")
        if language == "en" and message.string != message.id:
            problems.append(f"English differs from its msgid: {message.id!r}")
    assert problems == []


def _plural_problems(
    message: Message, compiled: gettext.GNUTranslations, language: str
) -> list[str]:
    singular, plural = message.id
    forms = list(message.string)
    if message.fuzzy or not all(forms):
        return [f"untranslated or fuzzy: {singular!r}"]
    problems = []
    if compiled.ngettext(singular, plural, 1) not in forms:
        problems.append(f".mo out of date for {singular!r}")
    wanted = set(PLACEHOLDER.findall(plural))
    if any(set(PLACEHOLDER.findall(form)) != wanted for form in forms):
        problems.append(f"placeholders differ: {singular!r}")
    if language == "en" and forms != [singular, plural]:
        problems.append(f"English differs from its msgid: {singular!r}")
    return problems
