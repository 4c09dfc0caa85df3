"""Locale-aware formatting of numbers and dates with Babel (CLDR), for templates and JSON.

Django's own number formatting knows one grouping separator per language and always writes
Latin digits. CLDR knows more: Turkish groups with a dot (``4.503.964``), Russian with a
no-break space. Babel carries CLDR; these helpers ask it for the symbols of the numbering
system chosen for the language in ``NUMBERING_SYSTEM``: Latin digits in all six languages
(decision 0016), although CLDR's default for Persian is its own digits (``۴٬۵۰۳٬۹۶۴``), so
that a page never mixes two digit systems.

Babel chooses the separators of a numbering system but always emits ASCII digits, so if a
language is ever given a non-Latin system its digits are substituted from CLDR's digit table.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from babel import Locale, UnknownLocaleError
from babel.dates import format_date as babel_format_date
from babel.dates import format_skeleton
from babel.numbers import format_decimal, format_percent
from django.conf import settings
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import get_language, to_locale

# Digits of the CLDR numbering systems our languages use (common/supplemental/numberingSystems.xml).
_DIGITS = {
    "latn": "0123456789",
    "arab": "٠١٢٣٤٥٦٧٨٩",
    "arabext": "۰۱۲۳۴۵۶۷۸۹",
}

Number = int | float | Decimal


def current_locale(language: str | None = None) -> Locale:
    """The Babel locale of ``language`` (default: the active Django language)."""
    code = language or get_language() or settings.LANGUAGE_CODE
    try:
        return Locale.parse(to_locale(code))
    except (UnknownLocaleError, ValueError):
        return Locale.parse(to_locale(settings.LANGUAGE_CODE))


# The digits every language writes (docs/decisions/0016-digits-and-dates.md): Latin in all six,
# as Django's own number and date formatting, the browser's (static/js/format.js), Turkish
# official documents and the data write them. A language may only change this here, and then
# for every page (server and browser) at once.
NUMBERING_SYSTEM = {
    "tr": "latn",
    "en": "latn",
    "ar": "latn",
    "fa": "latn",
    "ru": "latn",
    "uk": "latn",
}


def _numbering_system(locale: Locale) -> str:
    return NUMBERING_SYSTEM.get(locale.language, "latn")


def localise_digits(text: str, locale: Locale) -> str:
    """Replace ASCII digits with the digits of the locale's default numbering system."""
    digits = _DIGITS.get(_numbering_system(locale), _DIGITS["latn"])
    if digits == _DIGITS["latn"]:
        return text
    return text.translate(str.maketrans(_DIGITS["latn"], digits))


def format_number(value: Number | None, language: str | None = None, decimals: int = 0) -> str:
    """A number with the language's grouping, decimal mark and digits (``None`` → ``""``)."""
    if value is None or value == "":
        return ""
    locale = current_locale(language)
    pattern = "#,##0" + ("." + "0" * decimals if decimals > 0 else "")
    text = format_decimal(
        value, format=pattern, locale=locale, numbering_system=_numbering_system(locale)
    )
    return _isolate_if_negative(localise_digits(text, locale), value, locale)


def _isolate_if_negative(text: str, value: Number, locale: Locale) -> str:
    """Keep a minus sign on the left of its number in right-to-left text.

    In an Arabic or Persian sentence the bidirectional algorithm moves a leading minus sign to
    the far (left) side as a neutral character: −2.1 would read as "2.1-". A left-to-right
    isolate (LRI … PDI, invisible) keeps the number and its sign together.
    """
    if value < 0 and locale.character_order == "right-to-left":
        return f"\u2066{text}\u2069"
    return text


def format_percentage(value: Number | None, language: str | None = None, decimals: int = 0) -> str:
    """A fraction as a percentage (``0.25`` → ``%25`` in Turkish, ``25%`` in English)."""
    if value is None or value == "":
        return ""
    locale = current_locale(language)
    system = _numbering_system(locale)
    pattern = None
    if decimals > 0:
        base = locale.percent_formats[None].pattern
        pattern = base.replace("#,##0", "#,##0." + "0" * decimals, 1)
    text = format_percent(value, format=pattern, locale=locale, numbering_system=system)
    if system != "latn":
        # Babel keeps the pattern's literal "%"; CLDR gives each numbering system its own sign.
        text = text.replace("%", locale.number_symbols[system]["percentSign"])
    return localise_digits(text, locale)


def format_day(
    value: dt.date | dt.datetime | None, language: str | None = None, style: str = "long"
) -> str:
    """A calendar date in the language's CLDR pattern (``style``: short/medium/long/full)."""
    if value is None or value == "":
        return ""
    if isinstance(value, dt.datetime):
        value = value.date()
    locale = current_locale(language)
    return localise_digits(babel_format_date(value, format=style, locale=locale), locale)


def format_month(year: int | None, month: int | None, language: str | None = None) -> str:
    """A month and its year in the language's CLDR order ("Mart 2022", "March 2022")."""
    if not year or not month:
        return ""
    locale = current_locale(language)
    text = format_skeleton("yMMMM", dt.date(int(year), int(month), 1), locale=locale)
    return localise_digits(text, locale)


def format_year(value: int | None, language: str | None = None) -> str:
    """A year or code without grouping, in the language's digits (``2025``, ``۲۰۲۵``)."""
    if value is None or value == "":
        return ""
    return localise_digits(str(int(value)), current_locale(language))


def name_in_language(names: dict[str, str], language: str | None = None) -> str:
    """A name kept as ``{"tr": ..., "en": ...}`` in the reader's language, else Turkish,
    else English, else any given."""
    return name_shown(names, language).text


def name_shown(names: dict[str, str], language: str | None = None) -> Shown:
    """:func:`name_in_language` with the language the name is written in."""
    code = (language or get_language() or "tr")[:2]
    for candidate in (code, "tr", "en", *names):
        if names.get(candidate):
            return Shown(str(names[candidate]), candidate, candidate == code)
    return Shown("", code, True)


@dataclass(frozen=True)
class Shown:
    """A text as the reader gets it: in her language (``own``), or in the language it fell
    back to, which the page must then mark (``attrs``: ``lang`` and ``dir``)."""

    text: str
    language: str
    own: bool

    @property
    def dir(self) -> str:
        return "rtl" if get_language_bidi_of(self.language) else "ltr"

    @property
    def attrs(self) -> SafeString:
        if self.own or not self.text:
            return SafeString("")
        return format_html(' lang="{}" dir="{}"', self.language, self.dir)


def get_language_bidi_of(code: str) -> bool:
    return code in settings.LANGUAGES_BIDI


def fallback_order(language: str | None = None) -> list[str]:
    """The languages a translated field is read in for a reader of ``language``: hers, then
    those of ``MODELTRANSLATION_FALLBACK_LANGUAGES`` (as django-modeltranslation does)."""
    code = (language or get_language() or settings.LANGUAGE_CODE)[:2]
    fallbacks = settings.MODELTRANSLATION_FALLBACK_LANGUAGES
    order = [code, *fallbacks.get(code, fallbacks.get("default", ()))]
    return list(dict.fromkeys(order))


def shown_field(obj: object, field: str, language: str | None = None) -> Shown:
    """The text of a translated field (``<field>_<code>`` columns) that the reader of
    ``language`` is shown, with the language it is written in."""
    order = fallback_order(language)
    for code in order:
        text = getattr(obj, f"{field}_{code}", "") or ""
        if text:
            return Shown(str(text), code, code == order[0])
    return Shown("", order[0], True)
