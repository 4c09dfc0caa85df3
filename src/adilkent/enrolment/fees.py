"""Monthly fees: the table in force on a day, the band of a family's income, exemptions, and
the month's schedule of what each enrolled family owes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from .models import FeeBand, FeeTable, Placement, Term


def table_in_force(programme_id: int, on: dt.date) -> FeeTable | None:
    """The latest table from ``on`` or before; a table without a start date counts as the one
    before every dated table."""
    dated = (
        FeeTable.objects.filter(programme_id=programme_id, effective_from__lte=on)
        .order_by("-effective_from")
        .first()
    )
    if dated is not None:
        return dated
    return FeeTable.objects.filter(programme_id=programme_id, effective_from__isnull=True).first()


def _income(text: str) -> Decimal | None:
    try:
        value = Decimal(text)
    except (InvalidOperation, ValueError):
        return None
    return value if value.is_finite() and value >= 0 else None


@dataclass(frozen=True)
class Fee:
    amount: Decimal
    band: str
    table: str
    exempt_reason: str = ""


def fee_of(placement: Placement, on: dt.date) -> Fee | None:
    """What the family of ``placement`` pays for the month of ``on`` (``None``: no fee table
    for the programme). An exempt place pays 0 with its reason; a family that declared no
    income pays the band with no income limit."""
    programme_id = placement.application.term.programme_id
    table = table_in_force(programme_id, on.replace(day=1))
    if table is None:
        return None
    income = _income(placement.application.monthly_income)
    bands = list(table.bands.all())
    fitting = [
        b
        for b in bands
        if income is not None and b.income_up_to is not None and income <= b.income_up_to
    ]
    band: FeeBand | None
    if fitting:
        band = min(fitting, key=lambda b: b.income_up_to or 0)
    else:
        band = next((b for b in bands if b.income_up_to is None), bands[0] if bands else None)
    if band is None:
        return None
    if placement.fee_exempt_reason:
        return Fee(Decimal(0), band.label, table.label, placement.fee_exempt_reason)
    return Fee(band.monthly_fee, band.label, table.label)


@dataclass(frozen=True)
class ScheduleRow:
    placement: Placement
    fee: Fee | None


def month_schedule(term: Term, month: dt.date, centres: Any) -> list[ScheduleRow]:
    """Every place held (accepted) in the term's groups of ``centres`` in ``month`` with its fee."""
    placements = (
        Placement.objects.filter(
            group__term=term, group__centre__in=centres, state=Placement.State.ACCEPTED
        )
        .select_related("application__term", "group__centre")
        .order_by("group__centre__name", "group__label", "pk")
    )
    return [ScheduleRow(p, fee_of(p, month)) for p in placements]
