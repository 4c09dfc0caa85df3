"""Withholding small counts in a month's figures and in the year-to-date figures beside them.

A count of people (or of their cases, requests, appointments) below the minimum cell size is
withheld, with the cases area's rule for a breakdown (:func:`adilkent.cases.figures.suppress`:
when a single cell is withheld, the next smallest goes with it, so that the total cannot give it
back by subtraction).

Publishing every month *and* the year to date adds a way back by subtraction across time: the
year to March minus the year to February is March. So the year-to-date value of a cell is
withheld too when, since the last year-to-date value shown for that cell,

* it grew by fewer than the minimum (but more than nothing), or
* the months withheld in between add up to fewer than the minimum (but more than nothing),

and a breakdown left with a single withheld year-to-date cell withholds the next smallest, as
above. Zero is shown as zero only for a total (nobody is in an empty count); empty cells of a
breakdown are not listed at all.
"""

from __future__ import annotations

from collections.abc import Sequence

from adilkent.cases.figures import suppress

Counts = dict[str, int]
Shown = dict[str, int | None]  # None: withheld

TOTAL = ""


def _month_cells(counts: Counts, minimum: int) -> Shown:
    shown: Shown = {cell.label: cell.count for cell in suppress(counts, minimum)}
    if counts.get(TOTAL) == 0:
        shown[TOTAL] = 0
    return shown


def _withhold_partner(shown: Shown, counts: Counts) -> None:
    """A breakdown with exactly one withheld cell withholds its smallest shown cell too."""
    withheld = [k for k, v in shown.items() if v is None]
    visible = sorted((counts[k], k) for k, v in shown.items() if v is not None and v > 0)
    if len(withheld) == 1 and visible:
        shown[visible[0][1]] = None


def protect(
    monthly: Sequence[Counts], year_to_date: Sequence[Counts], minimum: int
) -> tuple[list[Shown], list[Shown]]:
    """What may be shown of a year's months and of its year-to-date values.

    Parameters
    ----------
    monthly
        For each month from January, the count of each cell in that month.
    year_to_date
        For each month from January, the count of each cell from 1 January to that month's end
        (the sum of the months for counts of events; fewer for counts of distinct people).
    minimum
        The minimum cell size.

    Returns
    -------
    The shown values month by month and year to date by year to date; ``None`` marks a
    withheld cell.
    """
    if len(monthly) != len(year_to_date):
        raise ValueError("one year-to-date breakdown is needed for each month")
    months = [_month_cells(counts, minimum) for counts in monthly]
    last_shown: Counts = {}
    pending: Counts = {}  # withheld monthly counts since the last year-to-date value shown
    totals: list[Shown] = []
    for index, counts in enumerate(year_to_date):
        shown = _month_cells(counts, minimum)
        for key, value in months[index].items():
            if value is None:
                pending[key] = pending.get(key, 0) + monthly[index][key]
        for key, value in list(shown.items()):
            if value is None:
                continue
            growth = value - last_shown.get(key, 0)
            hidden = pending.get(key, 0)
            if 0 < growth < minimum or 0 < hidden < minimum:
                shown[key] = None
        _withhold_partner(shown, counts)
        for key, value in shown.items():
            if value is not None:
                last_shown[key] = value
                pending[key] = 0
        totals.append(shown)
    return months, totals
