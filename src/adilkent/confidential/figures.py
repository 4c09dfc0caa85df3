"""Figures of the confidential channel, from the clear facts of the reports only (kind, unit,
outcome, dates): never a report's number, its text or anything encrypted.

A count is released only when it cannot point at a person:

* every breakdown goes through :func:`adilkent.cases.figures.suppress` (counts below the
  minimum cell size withheld, and the next smallest with a lone withheld cell);
* a unit with fewer employees than ``CONFIDENTIAL_MIN_UNIT_EMPLOYEES`` (default 50), or
  whose head count is not recorded, is never shown on its own: its reports are counted in one
  row, "Other units";
* the public page counts the reports received up to the end of the last complete quarter, as
  they stood then (closed or not, answered or not): it changes once a quarter, so comparing
  it from one day to the next cannot tell that a report about a unit came, or was closed,
  on a given day.

The same clear facts give the programme pages their measured indicators
(:func:`measured_counter`): reports received in a period by kind, reports closed in it by
outcome.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from django.conf import settings
from django.db.models import Count, QuerySet
from django.db.models.functions import ExtractQuarter, ExtractYear
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from adilkent.cases import conf
from adilkent.cases.figures import Cell, suppress

from .models import Report, ReportKind, Unit

UNIT = "unit:"
OTHER_UNITS = "other-units"
NO_UNIT = "no-unit"
NOT_CLOSED = "not-closed"
NO_OUTCOME = "none"
IN_TIME = "in-time"
NOT_IN_TIME = "not-in-time"
TOTAL = ""


def min_unit_employees() -> int:
    """Units with fewer employees than this are not shown on their own."""
    return int(getattr(settings, "CONFIDENTIAL_MIN_UNIT_EMPLOYEES", 50))


# --- the moment the figures stand at ----------------------------------------------------------


def quarter_start(day: dt.date) -> dt.date:
    return dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def moment(day: dt.date) -> dt.datetime:
    """The first instant of a local calendar day."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _received(as_of: dt.datetime | None) -> QuerySet[Report]:
    reports = Report.objects.all()
    return reports if as_of is None else reports.filter(created_at__lt=as_of)


# --- counts (before suppression), keyed by codes ----------------------------------------------
# ``as_of``: the reports received before that moment, as they stood then (None: all, now).


def counts_by_kind(as_of: dt.datetime | None = None) -> dict[str, int]:
    rows = _received(as_of).values("kind__code").annotate(n=Count("pk"))
    return {r["kind__code"]: r["n"] for r in rows}


def shown_units(threshold: int | None = None) -> set[int]:
    """The units large enough to be shown on their own."""
    threshold = min_unit_employees() if threshold is None else threshold
    return set(
        Unit.objects.filter(employees__isnull=False, employees__gte=threshold).values_list(
            "pk", flat=True
        )
    )


def counts_by_unit(
    as_of: dt.datetime | None = None, threshold: int | None = None
) -> dict[str, int]:
    """``unit:<name>`` for the units shown on their own; :data:`OTHER_UNITS` for the rest,
    :data:`NO_UNIT` for reports that name no unit."""
    shown = shown_units(threshold)
    names = dict(Unit.objects.filter(pk__in=shown).values_list("pk", "name"))
    counts: Counter[str] = Counter()
    for row in _received(as_of).values("unit_id").annotate(n=Count("pk")):
        unit_id = row["unit_id"]
        if unit_id is None:
            counts[NO_UNIT] += row["n"]
        elif unit_id in shown:
            counts[f"{UNIT}{names[unit_id]}"] += row["n"]
        else:
            counts[OTHER_UNITS] += row["n"]
    return dict(counts)


def counts_by_quarter(as_of: dt.datetime | None = None) -> dict[str, int]:
    """By calendar quarter of the day received (local time), keyed ``2026-Q1``."""
    rows = (
        _received(as_of)
        .annotate(year=ExtractYear("created_at"), quarter=ExtractQuarter("created_at"))
        .values("year", "quarter")
        .annotate(n=Count("pk"))
    )
    return {f"{r['year']:04d}-Q{r['quarter']}": r["n"] for r in rows}


def counts_by_outcome(as_of: dt.datetime | None = None) -> dict[str, int]:
    """Closed reports by outcome; the others (and those closed after ``as_of``) as
    :data:`NOT_CLOSED`."""
    counts: Counter[str] = Counter()
    for status, outcome, closed_at in _received(as_of).values_list(
        "status", "outcome", "closed_at"
    ):
        closed = status == Report.Status.CLOSED and (
            as_of is None or (closed_at is not None and closed_at < as_of)
        )
        counts[(outcome or NO_OUTCOME) if closed else NOT_CLOSED] += 1
    return dict(counts)


def counts_answered_in_time(as_of: dt.datetime | None = None) -> dict[str, int]:
    """Reports answered, or past the day due, at ``as_of`` (default: now): :data:`IN_TIME`
    when the first answer to the reporter came on or before the day due, :data:`NOT_IN_TIME`
    when it came later or had not come (a report closed without an answer to the reporter
    counts as not answered). Reports not answered and not yet due are not counted."""
    as_of = as_of or timezone.now()
    today = timezone.localdate(as_of)
    counts = {IN_TIME: 0, NOT_IN_TIME: 0}
    for answer_by, answered_at in _received(as_of).values_list("answer_by", "answered_at"):
        if answered_at is not None and answered_at < as_of:
            in_time = timezone.localdate(answered_at) <= answer_by
            counts[IN_TIME if in_time else NOT_IN_TIME] += 1
        elif answer_by < today:
            counts[NOT_IN_TIME] += 1
    return counts


# --- labels -----------------------------------------------------------------------------------


def kind_names() -> dict[str, str]:
    return {kind.code: str(kind) for kind in ReportKind.objects.all()}


def outcome_names() -> dict[str, str]:
    names = {str(value): capfirst(str(label)) for value, label in Report.Outcome.choices}
    names[NOT_CLOSED] = _("Not closed yet")
    names[NO_OUTCOME] = _("No outcome recorded")
    return names


def quarter_name(key: str) -> str:
    year, _sep, quarter = key.partition("-Q")
    return _("Q%(quarter)s %(year)s") % {"quarter": quarter, "year": year}


# --- what is shown ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    label: str
    count: int | None  # None: withheld
    width: int  # the bar's length, in per cent of the table's largest shown count


@dataclass(frozen=True)
class Table:
    key: str
    title: str
    heading: str  # of the first column
    rows: list[Row]


@dataclass(frozen=True)
class Figures:
    until: dt.date  # the last day counted: the end of the last complete quarter
    total: int | None  # None: withheld
    tables: list[Table]
    in_time: list[Row]  # answered by the day due, and not
    in_time_share: float | None  # of the reports counted there (0 to 1), when both are shown
    minimum: int
    unit_threshold: int


def _rows(cells: Iterable[Cell], names: dict[str, str], order: Sequence[str] = ()) -> list[Row]:
    """Rows with display names; the keys in ``order`` go last, in that order."""
    cells = sorted(cells, key=lambda c: order.index(c.label) if c.label in order else -1)
    top = max((c.count for c in cells if c.count is not None), default=0)
    return [
        Row(
            names.get(c.label, c.label),
            c.count,
            round(100 * c.count / top) if c.count and top else 0,
        )
        for c in cells
    ]


def figures(today: dt.date | None = None) -> Figures:
    """Everything the public page shows, small cells withheld: the reports received up to
    the end of the last complete quarter, as they stood then, so that the page changes once
    a quarter and a day-to-day change cannot point at one report."""
    start = quarter_start(today or timezone.localdate())
    as_of = moment(start)
    minimum = conf.min_cell_size()
    threshold = min_unit_employees()
    (total_cell,) = suppress({TOTAL: _received(as_of).count()}, minimum) or [Cell(TOTAL, 0)]
    by_unit = counts_by_unit(as_of, threshold)
    unit_names = {key: key.removeprefix(UNIT) for key in by_unit}
    unit_names.update({OTHER_UNITS: _("Other units"), NO_UNIT: _("No unit given")})
    by_quarter = counts_by_quarter(as_of)
    tables = [
        Table("kind", _("Reports by kind"), _("Kind"),
              _rows(suppress(counts_by_kind(as_of), minimum), kind_names())),
        Table("unit", _("Reports by unit"), _("Unit"),
              _rows(suppress(by_unit, minimum), unit_names, (OTHER_UNITS, NO_UNIT))),
        Table("quarter", _("Reports by quarter received"), _("Quarter"),
              _rows(suppress(by_quarter, minimum), {k: quarter_name(k) for k in by_quarter})),
        Table("outcome", _("Reports by outcome"), _("Outcome"),
              _rows(suppress(counts_by_outcome(as_of), minimum), outcome_names(),
                    (NO_OUTCOME, NOT_CLOSED))),
    ]  # fmt: skip
    in_time_counts = counts_answered_in_time(as_of)
    in_time_cells = suppress(in_time_counts, minimum)
    counted = sum(in_time_counts.values())
    share = None  # given only when no count of the pair is withheld
    if counted and not any(c.suppressed for c in in_time_cells):
        share = in_time_counts[IN_TIME] / counted
    in_time_names = {
        IN_TIME: _("Answered by the day due"),
        NOT_IN_TIME: _("Answered after the day due, or not answered by it"),
    }
    return Figures(
        until=start - dt.timedelta(days=1),
        total=total_cell.count,
        tables=tables,
        in_time=_rows(in_time_cells, in_time_names, (IN_TIME, NOT_IN_TIME)),
        in_time_share=share,
        minimum=minimum,
        unit_threshold=threshold,
    )


# --- indicators measured for the programme pages ----------------------------------------------

KIND_FAMILY = "report-kind"
OUTCOME_FAMILY = "report-outcome"
CELL_FAMILIES = (KIND_FAMILY, OUTCOME_FAMILY)
MEASURES = ("received", "closed")


class Days(Protocol):
    """A period (``programmes.measured.Window``): from ``start`` to ``end`` (exclusive)."""

    @property
    def start(self) -> dt.datetime: ...

    @property
    def end(self) -> dt.datetime: ...


def measured_counter(measure: str, kinds: Sequence[str]) -> Callable[[Days], dict[str, int]]:
    """A count for a period, as ``programmes.measured`` counts, of the reports of the kinds
    (codes): ``received`` in the period, by kind (``report-kind:<code>``), or ``closed`` in
    it, by outcome (``report-outcome:<outcome>``). No unit, no text: counts of clear facts."""
    if measure not in MEASURES:
        raise ValueError(f"unknown measure {measure!r}")
    codes = [kinds] if isinstance(kinds, str) else list(kinds)

    def count(window: Days) -> dict[str, int]:
        reports = Report.objects.filter(kind__code__in=codes)
        if measure == "received":
            field, family = "kind__code", KIND_FAMILY
            reports = reports.filter(created_at__gte=window.start, created_at__lt=window.end)
        else:
            field, family = "outcome", OUTCOME_FAMILY
            reports = reports.filter(
                status=Report.Status.CLOSED,
                closed_at__gte=window.start,
                closed_at__lt=window.end,
            )
        rows = reports.values(field).annotate(n=Count("pk"))
        return {f"{family}:{r[field] or NO_OUTCOME}": r["n"] for r in rows}

    return count


def cell_label(family: str, code: str) -> str:
    """The name of a measured cell (``report-kind:mobbing`` → "Mobbing", in the active
    language)."""
    if family == KIND_FAMILY:
        return kind_names().get(code, code)
    if family == OUTCOME_FAMILY:
        return outcome_names().get(code, code)
    return code
