"""What a measured programme indicator is: the month (:class:`Period`), the days counted
(:class:`Window`), the indicator (:class:`Indicator`) and the small helpers its counts use.

This module knows no app: each app's ``measured.py`` builds its indicators from these, and
:mod:`.measured` gathers them by programme. Counts are dictionaries of breakdown cells
(``""`` for a total, ``family:code`` for a cell, e.g. ``language:ar``) to numbers.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

RECORDS_SOURCE = "adilkent records"

Counts = dict[str, int]


# --- periods ----------------------------------------------------------------------------------


@dataclass(frozen=True, order=True)
class Period:
    """A calendar month."""

    year: int
    month: int

    _PATTERN = re.compile(r"^([0-9]{4})-([0-9]{2})$")

    @classmethod
    def parse(cls, text: str) -> Period:
        match = cls._PATTERN.match(text.strip())
        if not match:
            raise ValueError(_("Write the month as YYYY-MM, for example 2026-03."))
        year, month = int(match.group(1)), int(match.group(2))
        if not 1 <= month <= 12:
            raise ValueError(_("A month is a number from 1 to 12."))
        if not 2000 <= year <= 2100:
            raise ValueError(_("The year must be between 2000 and 2100."))
        return cls(year, month)

    @classmethod
    def of(cls, day: dt.date) -> Period:
        return cls(day.year, day.month)

    @property
    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month, 1)

    @property
    def last_day(self) -> dt.date:
        return dt.date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])

    @property
    def year_start(self) -> dt.date:
        return dt.date(self.year, 1, 1)

    def months_of_year(self) -> list[Period]:
        """January to this month."""
        return [Period(self.year, m) for m in range(1, self.month + 1)]

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"


def _moment(day: dt.date) -> dt.datetime:
    """The first instant of a local calendar day."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


@dataclass(frozen=True)
class Window:
    """From ``first`` to ``last`` (local calendar days, both included)."""

    first: dt.date
    last: dt.date

    @property
    def start(self) -> dt.datetime:
        return _moment(self.first)

    @property
    def end(self) -> dt.datetime:  # exclusive
        return _moment(self.last + dt.timedelta(days=1))

    @property
    def reference_day(self) -> dt.date:
        """The day ages are taken on: the window's last day, or today while it runs."""
        return min(self.last, timezone.localdate())


# --- what is counted --------------------------------------------------------------------------


@dataclass(frozen=True)
class Indicator:
    """One measured indicator of one programme."""

    key: str
    programme: str
    name: Promise
    unit: Promise
    method: Promise
    count: Callable[[Window], Counts]
    #: Counts of people or of their records: small cells are withheld. Plans of places are not.
    protected: bool = True
    #: The cells share out one whole (each counted once), so shares of it can be shown.
    partition: bool = False


def total(n: int) -> Counts:
    """A count with no breakdown."""
    return {"": n}


def tally(values: Iterable[str], prefix: str) -> Counts:
    """One cell ``prefix:value`` per different value, with how often it comes."""
    return {f"{prefix}:{value}": n for value, n in Counter(values).items()}


# --- units, shared by the indicators of every app ----------------------------------------------

CASES = gettext_lazy("cases")
PEOPLE = gettext_lazy("people")
REFERRALS = gettext_lazy("referrals")
REQUESTS = gettext_lazy("requests")
APPOINTMENTS = gettext_lazy("appointments")
STOPS = gettext_lazy("stops")
VISITS = gettext_lazy("visits")
NEIGHBOURHOODS = gettext_lazy("neighbourhoods")
VILLAGES = gettext_lazy("villages")
APPLICATIONS = gettext_lazy("applications")
OFFERS = gettext_lazy("offers")
PLACES = gettext_lazy("places")
REPORTS = gettext_lazy("reports")
HOURS = gettext_lazy("hours")
GRANTS = gettext_lazy("grants")
FLAGS = gettext_lazy("flags")
ASSESSMENTS = gettext_lazy("assessments")
RECOMMENDATIONS = gettext_lazy("recommendations")
INSTALMENTS = gettext_lazy("instalments")
