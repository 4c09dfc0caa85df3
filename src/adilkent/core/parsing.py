"""One strict way to read a number or a date that arrives as text (URL, form, file or API).

``str.isdigit`` is true for characters such as ``'²'`` or ``'٣'`` that ``int`` refuses or reads
in a surprising way, and ``float`` accepts ``'nan'``, ``'inf'`` and ``'1e400'``. Every number or
date read from outside goes through these helpers instead: only ASCII digits, finite numbers in
range, real calendar dates and offsets that exist. A bad value raises :class:`ParseError`, a
``ValueError`` that names the field and says what is wrong in the reader's language, so views
answer 400/422 with that message instead of 500.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Any

from django.utils.translation import gettext as _

_INT = re.compile(r"[+-]?[0-9]{1,18}")
_DECIMAL = re.compile(
    r"[+-]?(?:[0-9]{1,18}(?:\.[0-9]{0,18})?|\.[0-9]{1,18})(?:[eE][+-]?[0-9]{1,3})?"
)
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_DATETIME = re.compile(
    r"(?P<date>[0-9]{4}-[0-9]{2}-[0-9]{2})[T ](?P<time>[0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]{1,6})?)?)"
    r"(?P<tz>Z|z|[+-][0-9]{2}:?[0-9]{2})?"
)
# Real UTC offsets run from -12:00 to +14:00.
MAX_OFFSET = dt.timedelta(hours=14)


class ParseError(ValueError):
    """A value that is not what the field needs; ``message`` is for the person who sent it."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    return str(value).strip()


def parse_int(
    value: Any, *, field: str, minimum: int | None = None, maximum: int | None = None
) -> int:
    """A whole number written with ASCII digits (an optional sign), within the bounds."""
    if isinstance(value, bool):
        raise ParseError(field, _("Enter a whole number."))
    if isinstance(value, int):
        number = value
    else:
        text = _text(value)
        if not _INT.fullmatch(text):
            raise ParseError(field, _("Enter a whole number, written with the digits 0–9."))
        number = int(text)
    _check_bounds(number, field=field, minimum=minimum, maximum=maximum)
    return number


def parse_optional_int(
    value: Any, *, field: str, minimum: int | None = None, maximum: int | None = None
) -> int | None:
    """``None`` for an empty value, else :func:`parse_int`."""
    if value is None or _text(value) == "":
        return None
    return parse_int(value, field=field, minimum=minimum, maximum=maximum)


def parse_float(
    value: Any, *, field: str, minimum: float | None = None, maximum: float | None = None
) -> float:
    """A finite decimal number (no ``nan``, no ``inf``, nothing that overflows), within bounds."""
    if isinstance(value, bool):
        raise ParseError(field, _("Enter a number."))
    if isinstance(value, int | float):
        number = float(value)
    else:
        text = _text(value).replace(",", ".", 1) if _text(value).count(",") == 1 else _text(value)
        if not _DECIMAL.fullmatch(text):
            raise ParseError(field, _("Enter a number, written with the digits 0–9."))
        number = float(text)
    if not math.isfinite(number):
        raise ParseError(field, _("Enter a number of ordinary size."))
    _check_bounds(number, field=field, minimum=minimum, maximum=maximum)
    return number


def _check_bounds(
    number: float, *, field: str, minimum: float | None, maximum: float | None
) -> None:
    if minimum is not None and number < minimum:
        raise ParseError(field, _("Enter a number of at least %(min)s.") % {"min": minimum})
    if maximum is not None and number > maximum:
        raise ParseError(field, _("Enter a number of at most %(max)s.") % {"max": maximum})


def parse_date(
    value: Any, *, field: str, earliest: dt.date | None = None, latest: dt.date | None = None
) -> dt.date:
    """A calendar date written YYYY-MM-DD that exists (no 2026-13-45, no 2026-02-30)."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        day = value
    else:
        text = _text(value)
        if not _DATE.fullmatch(text):
            raise ParseError(field, _("Enter a date as YYYY-MM-DD."))
        try:
            day = dt.date.fromisoformat(text)
        except ValueError:
            raise ParseError(
                field, _("%(value)s is not a date on the calendar.") % {"value": text}
            ) from None
    if earliest is not None and day < earliest:
        raise ParseError(
            field, _("Enter a date on or after %(date)s.") % {"date": earliest.isoformat()}
        )
    if latest is not None and day > latest:
        raise ParseError(
            field, _("Enter a date on or before %(date)s.") % {"date": latest.isoformat()}
        )
    return day


def parse_optional_date(value: Any, *, field: str) -> dt.date | None:
    if value is None or _text(value) == "":
        return None
    return parse_date(value, field=field)


def parse_datetime(value: Any, *, field: str) -> dt.datetime:
    """An ISO 8601 date and time; with no offset it is read in the site's time zone. The result
    is aware and can be compared and stored: offsets beyond ±14:00 and instants outside the
    years 1–9999 once converted to UTC are refused."""
    from django.utils import timezone

    text = _text(value)
    match = _DATETIME.fullmatch(text)
    if not match:
        raise ParseError(
            field,
            _("Enter a date and time as YYYY-MM-DDTHH:MM:SS, with an offset such as +03:00 or Z."),
        )
    try:
        day = dt.date.fromisoformat(match["date"])
        clock = dt.time.fromisoformat(match["time"])
    except ValueError:
        raise ParseError(
            field, _("%(value)s is not a date and time on the calendar.") % {"value": text}
        ) from None
    tz_text = match["tz"]
    if tz_text is None:
        tzinfo: dt.tzinfo = timezone.get_current_timezone()
    elif tz_text in ("Z", "z"):
        tzinfo = dt.UTC
    else:
        digits = tz_text[1:].replace(":", "")
        hours, minutes = int(digits[:2]), int(digits[2:])
        offset = dt.timedelta(hours=hours, minutes=minutes)
        if minutes >= 60 or offset > MAX_OFFSET:
            raise ParseError(
                field, _("%(offset)s is not a time-zone offset.") % {"offset": tz_text}
            )
        tzinfo = dt.timezone(-offset if tz_text[0] == "-" else offset)
    moment = dt.datetime.combine(day, clock, tzinfo=tzinfo)
    try:
        moment.astimezone(dt.UTC)
        # Comparisons and database storage may shift by a day across zones: keep a margin.
        (moment + dt.timedelta(days=1)).astimezone(dt.UTC)
        (moment - dt.timedelta(days=1)).astimezone(dt.UTC)
    except OverflowError:
        raise ParseError(
            field, _("%(value)s is outside the years this service can store.") % {"value": text}
        ) from None
    return moment
