"""``{{ visit.start|hours }}``: a plan's time of day ("09:45") in the reader's digits."""

from __future__ import annotations

from django import template

from adilkent.core import l10n

register = template.Library()


@register.filter
def hours(value: object) -> str:
    text = str(value or "")
    return "\u2066" + l10n.localise_digits(text, l10n.current_locale()) + "\u2069" if text else ""
