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
        # Latin digits in every language (decision 0016), with CLDR fa's symbols for them
        ("fa", "4,503,964"),
    ],
)
def test_number_uses_the_language_grouping_and_digits(language: str, expected: str) -> None:
    assert l10n.format_number(4503964, language) == expected
    assert render("{{ v|number }}", language, v=4503964) == expected


def test_number_for_every_language_uses_latin_digits_and_their_cldr_symbols() -> None:
    # Decision 0016: one digit system (Latin) in every language, also where CLDR's default
    # is another one (Persian: arabext); the grouping is CLDR's for the Latin digits.
    for language in ("tr", "en", "ar", "fa", "ru", "uk"):
        locale = Locale.parse(language)
        group = get_group_symbol(locale, numbering_system="latn")
        expected = "1" + group + "234"
        text = l10n.format_number(1234, language)
        assert text == expected, language
        assert not set(text) & set(PERSIAN_DIGITS + ARABIC_INDIC_DIGITS), language


def test_number_with_decimals_uses_the_decimal_mark() -> None:
    assert l10n.format_number(1234.56, "en", decimals=1) == "1,234.6"
    assert l10n.format_number(1234.56, "tr", decimals=1) == "1.234,6"
    mark = get_decimal_symbol("fa", numbering_system="latn")
    assert l10n.format_number(0.5, "fa", decimals=1) == "0" + mark + "5"


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
    # Persian: Latin digits (decision 0016), so CLDR's percent sign of its latn symbols.
    assert l10n.format_percentage(0.25, "fa") == "25%"
    assert render("{{ v|percent }}", "tr", v=0.5) == "%50"


def test_dates_are_localised() -> None:
    day = dt.date(2025, 3, 1)
    assert l10n.format_day(day, "en") == "March 1, 2025"
    assert l10n.format_day(day, "tr") == "1 Mart 2025"  # CLDR tr long: "d MMMM y"
    assert render("{{ d|date_local }}", "tr", d=day) == "1 Mart 2025"
    persian = l10n.format_day(day, "fa")
    assert "1" in persian and "2025" in persian
    assert not set(persian) & set(PERSIAN_DIGITS)
    assert l10n.format_day(dt.datetime(2025, 3, 1, 23, 0), "en") == "March 1, 2025"


def test_year_has_no_grouping() -> None:
    assert render("{{ y|year }}", "tr", y=2025) == "2025"
    assert render("{{ y|year }}", "fa", y=2025) == "2025"


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


def test_month_and_year_in_the_language_order() -> None:
    # CLDR's yMMMM skeleton: "MMMM y" in Turkish and English, never the source's "2022 March".
    assert render("{{ y|month_year:m }}", "tr", y=2022, m=3) == "Mart 2022"
    assert render("{{ y|month_year:m }}", "en", y=2022, m=3) == "March 2022"
    assert "2022" in l10n.format_month(2022, 3, "fa")  # Latin digits (decision 0016)
    assert render("[{{ y|month_year:m }}]", "tr", y=2022, m=None) == "[]"


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        # Django's formats, day first except English (month first): one order per language.
        ("tr", ("25 Mart 2026", "25 Mar 2026")),
        ("en", ("March 25, 2026", "03/25/2026")),
        ("ru", ("25 марта 2026 г.", "25.03.2026")),
        # adilkent.formats: Arabic date-and-time and Persian short dates made day first too.
        ("ar", ("25 مارس، 2026، 14:05", "25\u200f/03\u200f/2026 14:05")),
        ("fa", ("25 مارس 2026", "25/3/2026")),
    ],
)
def test_django_dates_put_the_day_in_one_place_per_language(
    language: str, expected: tuple[str, str]
) -> None:
    moment = dt.datetime(2026, 3, 25, 14, 5)
    long_format, short_format = {
        "ar": ("DATETIME_FORMAT", "SHORT_DATETIME_FORMAT"),
    }.get(language, ("DATE_FORMAT", "SHORT_DATE_FORMAT"))
    template = f'{{{{ m|date:"{long_format}" }}}}|{{{{ m|date:"{short_format}" }}}}'
    with translation.override(language):
        shown = Template(template).render(Context({"m": moment}))
    assert shown.split("|") == list(expected)


def test_a_name_says_which_language_it_is_shown_in() -> None:
    names = {"tr": "Kadın hakları", "en": "Women's rights", "ar": "حقوق المرأة"}
    assert l10n.name_shown(names, "ar") == l10n.Shown("حقوق المرأة", "ar", True)
    fell_back = l10n.name_shown(names, "ru")  # Turkish first, as name_in_language does
    assert (fell_back.text, fell_back.language, fell_back.own) == ("Kadın hakları", "tr", False)
    assert str(fell_back.attrs) == ' lang="tr" dir="ltr"'
    assert l10n.name_shown({"fa": "فقط فارسی"}, "en").attrs == ' lang="fa" dir="rtl"'
    assert l10n.name_in_language(names, "ru") == "Kadın hakları"
    assert l10n.name_shown({}, "uk").text == ""
