"""``{{ stop.start_time|clock }}``: a time of day as HH:MM in the reader's digits."""

from __future__ import annotations

import datetime as dt

from django import template

from adilkent.core import l10n

register = template.Library()


@register.filter
def clock(value: object) -> object:
    if not isinstance(value, dt.time | dt.datetime):
        return value
    return l10n.localise_digits(value.strftime("%H:%M"), l10n.current_locale())
