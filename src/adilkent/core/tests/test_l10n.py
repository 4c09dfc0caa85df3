"""Numbers and dates follow CLDR for each language (checked against Babel's documentation
and CLDR's symbol tables, not against this code's own output)."""

from __future__ import annotations

import datetime as dt

import pytest
from babel import Locale
from babel.numbers import get_decimal_symbol, get_group_symbol
from django.template import Context, Template
from django.utils import translation

from adilkent.core import l10n

PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹"  # U+06F0..U+06F9, CLDR numbering system "arabext"
ARABIC_INDIC_DIGITS = "٠١٢٣٤٥٦٧٨٩"  # U+0660..U+0669, CLDR numbering system "arab"


def render(template: str, language: str, **context: object) -> str:
    with translation.override(language):
        return Template("{% load l10n_extras %}" + template).render(Context(context))


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("tr", "4.503.964"),  # CLDR tr: group ".", as TÜİK prints it
        ("en", "4,503,964"),
        ("ru", "4\u00a0503\u00a0964"),  # CLDR ru: group is a no-break space
        ("fa", "۴٬۵۰۳٬۹۶۴"),  # Persian digits and the Arabic thousands separator U+066C
    ],
)
def test_number_uses_the_language_grouping_and_digits(language: str, expected: str) -> None:
    assert l10n.format_number(4503964, language) == expected
    assert render("{{ v|number }}", language, v=4503964) == expected


def test_number_for_every_language_follows_its_default_numbering_system() -> None:
    for language in ("tr", "en", "ar", "fa", "ru", "uk"):
        locale = Locale.parse(language)
        system = locale.default_numbering_system
        group = get_group_symbol(locale, numbering_system=system)
        digits = {"latn": "0123456789", "arab": ARABIC_INDIC_DIGITS, "arabext": PERSIAN_DIGITS}[
            system
        ]
        expected = digits[1] + group + digits[2] + digits[3] + digits[4]
        assert l10n.format_number(1234, language) == expected, language


def test_number_with_decimals_uses_the_decimal_mark() -> None:
    assert l10n.format_number(1234.56, "en", decimals=1) == "1,234.6"
    assert l10n.format_number(1234.56, "tr", decimals=1) == "1.234,6"
    mark = get_decimal_symbol("fa", numbering_system="arabext")
    assert l10n.format_number(0.5, "fa", decimals=1) == "۰" + mark + "۵"


def test_babel_documented_examples_pass_through_unchanged() -> None:
    # babel.numbers.format_decimal docs: format_decimal(12345, locale='de') == '12.345'
    assert l10n.format_number(12345, "de") == "12.345"
    # babel.numbers.format_percent docs: format_percent(0.34, locale='en_US') == '34%'
    assert l10n.format_percentage(0.34, "en") == "34%"
    # babel.dates.format_date docs: format_date(date(2007, 4, 1), locale='en_US') == 'Apr 1, 2007'
    assert l10n.format_day(dt.date(2007, 4, 1), "en", "medium") == "Apr 1, 2007"


def test_percent_follows_cldr_pattern() -> None:
    assert l10n.format_percentage(0.25, "en") == "25%"
    assert l10n.format_percentage(0.25, "tr") == "%25"  # CLDR tr pattern "%#,##0"
    assert l10n.format_percentage(0.255, "en", decimals=1) == "25.5%"
    # Persian: Persian digits and the Persian percent sign U+066A from CLDR's arabext symbols.
    assert l10n.format_percentage(0.25, "fa") == "۲۵٪"
    assert render("{{ v|percent }}", "tr", v=0.5) == "%50"


def test_dates_are_localised() -> None:
    day = dt.date(2025, 3, 1)
    assert l10n.format_day(day, "en") == "March 1, 2025"
    assert l10n.format_day(day, "tr") == "1 Mart 2025"  # CLDR tr long: "d MMMM y"
    assert render("{{ d|date_local }}", "tr", d=day) == "1 Mart 2025"
    assert PERSIAN_DIGITS[1] in l10n.format_day(day, "fa")
    assert l10n.format_day(dt.datetime(2025, 3, 1, 23, 0), "en") == "March 1, 2025"


def test_year_has_no_grouping() -> None:
    assert render("{{ y|year }}", "tr", y=2025) == "2025"
    assert render("{{ y|year }}", "fa", y=2025) == "۲۰۲۵"


def test_empty_values_render_empty() -> None:
    assert render("[{{ v|number }}]", "tr", v=None) == "[]"
    assert render("[{{ v|percent }}]", "tr", v=None) == "[]"
    assert render("[{{ v|date_local }}]", "tr", v=None) == "[]"


def test_negative_numbers_keep_their_sign_in_right_to_left_text() -> None:
    # Without an isolate the bidi algorithm shows "-2.1" in an Arabic sentence as "2.1-".
    for language in ("ar", "fa"):
        text = l10n.format_number(-2.07, language, decimals=1)
        assert text.startswith("\u2066") and text.endswith("\u2069"), (language, text)
    assert l10n.format_number(-2.07, "tr", decimals=1) == "-2,1"
    assert "\u2066" not in l10n.format_number(2.07, "ar", decimals=1)
