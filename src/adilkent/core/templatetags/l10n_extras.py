"""Template filters that format numbers and dates by CLDR rules for the active language.

``{% load l10n_extras %}`` then ``{{ population|number }}``, ``{{ share|percent }}``,
``{{ share|percent:1 }}``, ``{{ area|number:1 }}``, ``{{ day|date_local }}``,
``{{ day|date_local:"medium" }}``.
"""

from __future__ import annotations

from django import template

from adilkent.core import l10n

register = template.Library()


@register.filter
def number(value, decimals=0):  # type: ignore[no-untyped-def]
    try:
        return l10n.format_number(value, decimals=int(decimals))
    except (ValueError, TypeError, ArithmeticError):
        return value


@register.filter
def percent(value, decimals=0):  # type: ignore[no-untyped-def]
    try:
        return l10n.format_percentage(value, decimals=int(decimals))
    except (ValueError, TypeError, ArithmeticError):
        return value


@register.filter
def date_local(value, style="long"):  # type: ignore[no-untyped-def]
    try:
        return l10n.format_day(value, style=style)
    except (ValueError, TypeError, AttributeError):
        return value


@register.filter
def year(value):  # type: ignore[no-untyped-def]
    try:
        return l10n.format_year(value)
    except (ValueError, TypeError):
        return value
