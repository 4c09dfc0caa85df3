"""Days the mobile services do not go out: a country's public holidays, from the maintained
``holidays`` package (no network; its rules cover the moving religious holidays too)."""

from __future__ import annotations

import datetime as dt

import holidays


class UnknownCountry(ValueError):
    pass


def public_holidays(country: str, first: dt.date, last: dt.date) -> frozenset[dt.date]:
    """The public holidays of ``country`` (ISO 3166-1 alpha-2, e.g. ``"TR"``) from ``first``
    to ``last``, both included; empty for an empty ``country``. Half-day holidays (the eve of
    a religious holiday, 28 October afternoon in Türkiye) are not included: services work in
    the morning."""
    if not country:
        return frozenset()
    if country.upper() not in holidays.list_supported_countries():
        raise UnknownCountry(f"no public holiday calendar for the country code {country!r}")
    years = range(first.year, last.year + 1)
    calendar = holidays.country_holidays(country.upper(), years=years)
    return frozenset(day for day in calendar if first <= day <= last)
