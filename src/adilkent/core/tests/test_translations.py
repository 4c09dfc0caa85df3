"""Every interface language is complete, and the compiled .mo files match their .po sources.

The .mo files are committed so that a machine without GNU gettext can run the platform; these
tests make sure nobody edits a .po file and forgets to recompile it (or the reverse).
"""

from __future__ import annotations

import gettext
import io
from pathlib import Path

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from django.conf import settings
from django.utils import translation

from adilkent.places.models import District, Facility, Mahalle, TransitMode

LOCALE_DIR = Path(settings.LOCALE_PATHS[0])
LANGUAGES = [code for code, _name in settings.LANGUAGES]
TRANSLATED = [code for code in LANGUAGES if code != "en"]


def po_path(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / "django.po"


def read_catalog(language: str):  # type: ignore[no-untyped-def]
    with po_path(language).open("rb") as f:
        return read_po(f, locale=language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_po_file_is_complete(language: str) -> None:
    catalog = read_catalog(language)
    assert not catalog.fuzzy, "the header is marked fuzzy: msgfmt would drop it"
    problems = []
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy:
            problems.append(f"fuzzy: {message.id!r}")
        if not strings or any(not s for s in strings):
            problems.append(f"untranslated: {message.id!r}")
    assert not problems, "\n".join(problems)
    assert len([m for m in catalog if m.id]) > 100


@pytest.mark.parametrize("language", TRANSLATED)
def test_placeholders_survive_translation(language: str) -> None:
    import re

    pattern = re.compile(r"%\(\w+\)[sd]|\{\w+\}")
    for message in read_catalog(language):
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        expected = set(pattern.findall(ids[-1]))
        for text in strings:
            found = set(pattern.findall(text))
            # Arabic spells out zero, one and two; other forms must carry every placeholder.
            assert found <= expected, (language, message.id, text)
            if not isinstance(message.id, tuple):
                assert found == expected, (language, message.id, text)


def _mo_catalog(data: bytes) -> dict:
    parsed = gettext.GNUTranslations(io.BytesIO(data))
    return {k: v for k, v in parsed._catalog.items() if k != ""}  # type: ignore[attr-defined]


@pytest.mark.parametrize("language", LANGUAGES)
def test_mo_file_is_compiled_from_the_current_po(language: str) -> None:
    mo = po_path(language).with_suffix(".mo")
    assert mo.exists(), f"{mo} is missing: run manage.py compilemessages"
    buffer = io.BytesIO()
    write_mo(buffer, read_catalog(language))
    expected = _mo_catalog(buffer.getvalue())
    actual = _mo_catalog(mo.read_bytes())
    stale = sorted(str(k) for k in expected.keys() ^ actual.keys())
    changed = sorted(str(k) for k in expected.keys() & actual.keys() if expected[k] != actual[k])
    assert not stale and not changed, (
        f"{mo} does not match {po_path(language).name}; run manage.py compilemessages. "
        f"Differences: {(stale + changed)[:5]}"
    )


@pytest.mark.parametrize(
    ("language", "expected"),
    [("tr", "ilçe"), ("ar", "منطقة"), ("fa", "شهرستان"), ("ru", "район"), ("uk", "район")],
)
def test_model_names_are_translated(language: str, expected: str) -> None:
    with translation.override(language):
        assert str(District._meta.verbose_name) == expected
        assert str(Mahalle._meta.verbose_name_plural) != "mahalleler" or language == "tr"
        assert str(Facility._meta.verbose_name) != "facility"
        assert str(TransitMode.BUS.label) != "bus"


@pytest.mark.parametrize("language", TRANSLATED)
def test_language_names_are_translated(language: str) -> None:
    with translation.override(language):
        names = {code: str(name) for code, name in settings.LANGUAGES}
    english = {"tr": "Turkish", "en": "English", "ar": "Arabic", "fa": "Persian"}
    for code, name in english.items():
        assert names[code] != name, (language, code)
