"""Template filters that format numbers and dates by CLDR rules for the active language.

``{% load l10n_extras %}`` then ``{{ population|number }}``, ``{{ share|percent }}``,
``{{ share|percent:1 }}``, ``{{ area|number:1 }}``, ``{{ day|date_local }}``,
``{{ day|date_local:"medium" }}``, ``{{ year|month_year:month }}``.
"""

from __future__ import annotations

from django import template

from adilkent.core import l10n

register = template.Library()


@register.filter
def number(value: object, decimals: object = 0) -> object:
    try:
        return l10n.format_number(value, decimals=int(decimals))  # type: ignore[arg-type, call-overload]
    except (ValueError, TypeError, ArithmeticError):
        return value


@register.filter
def percent(value: object, decimals: object = 0) -> object:
    try:
        return l10n.format_percentage(value, decimals=int(decimals))  # type: ignore[arg-type, call-overload]
    except (ValueError, TypeError, ArithmeticError):
        return value


@register.filter
def date_local(value: object, style: str = "long") -> object:
    try:
        return l10n.format_day(value, style=style)  # type: ignore[arg-type]
    except (ValueError, TypeError, AttributeError):
        return value


@register.filter
def month_year(year: object, month: object) -> object:
    """``{{ p.start_year|month_year:p.start_month }}``: "Mart 2022", "March 2022"."""
    try:
        return l10n.format_month(year, month)  # type: ignore[arg-type]
    except (ValueError, TypeError):
        return ""


@register.filter
def year(value: object) -> object:
    try:
        return l10n.format_year(value)  # type: ignore[arg-type]
    except (ValueError, TypeError):
        return value


@register.filter
def in_language(names: object) -> str:
    """A text kept per language (``{"tr": ..., "en": ...}``) in the reader's language, or
    the first one there is."""
    return l10n.name_in_language(names if isinstance(names, dict) else {})


@register.simple_tag
def shown(obj: object, field: str) -> l10n.Shown:
    """``{% shown service "description" as text %}<p{{ text.attrs }}>{{ text.text }}</p>``: the
    field in the reader's language, or in the language it fell back to, marked as such."""
    return l10n.shown_field(obj, field)
