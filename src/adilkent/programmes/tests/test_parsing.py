"""Amounts and partial dates read as the seed documents write them."""

from decimal import Decimal

import pytest

from adilkent.programmes.parsing import ParseError, parse_amount, parse_partial_date


@pytest.mark.parametrize(
    ("text", "value", "currency", "qualifier"),
    [
        ("906 million TL", Decimal("906000000"), "TRY", "exact"),
        ("500.000", Decimal("500000"), "TRY", "exact"),
        ("Approximately 25 million TL", Decimal("25000000"), "TRY", "approximate"),
        ("700.000 TL", Decimal("700000"), "TRY", "exact"),
        ("435 million TL", Decimal("435000000"), "TRY", "exact"),
        ("Approximately 150.000 TL", Decimal("150000"), "TRY", "approximate"),
        ("110.000", Decimal("110000"), "TRY", "exact"),
        ("4 bin TL", Decimal("4000"), "TRY", "exact"),
        ("1,250.5 EUR", Decimal("1250.5"), "EUR", "exact"),
    ],
)
def test_amounts_as_written(text: str, value: Decimal, currency: str, qualifier: str) -> None:
    amount = parse_amount(text)
    assert (amount.value, amount.currency, amount.qualifier) == (value, currency, qualifier)
    assert amount.text == text


def test_amount_without_currency_says_so() -> None:
    assert parse_amount("500.000").currency_stated is False
    assert parse_amount("700.000 TL").currency_stated is True


@pytest.mark.parametrize("text", ["", "   ", "not stated"])
def test_amount_without_number_is_refused(text: str) -> None:
    with pytest.raises(ParseError):
        parse_amount(text)


@pytest.mark.parametrize(
    ("text", "kind", "year", "month", "day"),
    [
        ("2022 March", "date", 2022, 3, None),
        ("March 2022", "date", 2022, 3, None),
        ("2019", "date", 2019, None, None),
        ("April 20", "date", 2020, 4, None),
        ("December 21", "date", 2021, 12, None),
        ("September 2020", "date", 2020, 9, None),
        ("10 Haziran 2021", "date", 2021, 6, 10),
        ("10.12.2020", "date", 2020, 12, 10),
        ("Ongoing", "ongoing", None, None, None),
        ("Year-round project", "year-round", None, None, None),
        ("", "unknown", None, None, None),
    ],
)
def test_partial_dates(text: str, kind: str, year: int, month: int, day: int) -> None:
    parsed = parse_partial_date(text)
    assert (parsed.kind, parsed.year, parsed.month, parsed.day) == (kind, year, month, day)
    assert parsed.text == text


def test_two_digit_year_is_noted() -> None:
    assert "2020" in parse_partial_date("April 20").note


@pytest.mark.parametrize(
    "text", ["March April", "2019 2020", "Smarch", "35 March 2020", "40.13.2020"]
)
def test_unreadable_dates_are_refused(text: str) -> None:
    with pytest.raises(ParseError):
        parse_partial_date(text)
