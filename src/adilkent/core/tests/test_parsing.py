"""The strict parsers: digit-like characters, non-finite numbers, impossible dates and offsets
are refused with a ParseError naming the field; good values come back as numbers and dates."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from adilkent.core.parsing import (
    ParseError,
    parse_date,
    parse_datetime,
    parse_float,
    parse_int,
    parse_optional_int,
)


@pytest.mark.parametrize(
    "raw", ["²", "٣", "１２", "12a", "", " ", "1.5", "0x10", "1_000", "+", "9" * 19]
)
def test_parse_int_refuses_what_is_not_ascii_digits(raw: str) -> None:
    with pytest.raises(ParseError) as caught:
        parse_int(raw, field="year")
    assert caught.value.field == "year"
    assert caught.value.message


@pytest.mark.parametrize(("raw", "expected"), [("2024", 2024), (" 7 ", 7), ("-3", -3), (12, 12)])
def test_parse_int_reads_whole_numbers(raw: object, expected: int) -> None:
    assert parse_int(raw, field="n") == expected


def test_parse_int_bounds() -> None:
    assert parse_int("1900", field="year", minimum=1900, maximum=2100) == 1900
    with pytest.raises(ParseError, match="year"):
        parse_int("2101", field="year", minimum=1900, maximum=2100)
    assert parse_optional_int("", field="x") is None
    assert parse_optional_int(None, field="x") is None


@pytest.mark.parametrize(
    "raw", ["nan", "NaN", "inf", "-inf", "1e400", "-1e400", "١٫٥", "1,2,3", "e5", True]
)
def test_parse_float_refuses_non_finite_and_foreign_digits(raw: object) -> None:
    with pytest.raises(ParseError):
        parse_float(raw, field="amount")


def test_parse_float_reads_decimals() -> None:
    assert parse_float("38.42", field="lat") == 38.42
    assert parse_float("38,42", field="lat") == 38.42
    assert parse_float("1e3", field="x") == 1000.0
    with pytest.raises(ParseError):
        parse_float("91", field="lat", minimum=-90, maximum=90)


@pytest.mark.parametrize(
    "raw", ["2026-13-45", "2026-02-30", "2026-2-3", "20260203", "²０26-01-01", ""]
)
def test_parse_date_refuses_dates_not_on_the_calendar(raw: str) -> None:
    with pytest.raises(ParseError):
        parse_date(raw, field="date")


def test_parse_date_reads_iso_dates() -> None:
    assert parse_date("2024-02-29", field="d") == dt.date(2024, 2, 29)


@pytest.mark.parametrize(
    "raw",
    [
        "9999-12-31T23:59:59Z",
        "0001-01-01T00:00:00Z",
        "2026-01-01T00:00:00+99:00",
        "2026-01-01T00:00:00+14:60",
        "2026-02-30T00:00:00Z",
        "2026-01-01T25:00:00Z",
        "yesterday",
    ],
)
def test_parse_datetime_refuses_impossible_instants(raw: str) -> None:
    with pytest.raises(ParseError):
        parse_datetime(raw, field="start_date")


def test_parse_datetime_reads_offsets_and_utc() -> None:
    moment = parse_datetime("2026-03-01T10:00:00+03:00", field="s")
    assert moment == dt.datetime(2026, 3, 1, 7, 0, tzinfo=dt.UTC)
    assert parse_datetime("2026-03-01T07:00:00Z", field="s") == moment
    assert parse_datetime("2026-03-01 10:00", field="s").tzinfo is not None


@given(st.text(max_size=12))
def test_parse_int_never_raises_anything_but_parse_error(raw: str) -> None:
    try:
        value = parse_int(raw, field="n")
    except ParseError:
        return
    assert value == int(raw.strip())
    assert raw.strip().lstrip("+-").isascii()


@given(st.text(max_size=30))
def test_parse_datetime_never_raises_anything_but_parse_error(raw: str) -> None:
    try:
        moment = parse_datetime(raw, field="d")
    except ParseError:
        return
    assert moment.tzinfo is not None
