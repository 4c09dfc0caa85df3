"""Aggregated, de-identified figures for analysts: counts only, small cells suppressed."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.db.models import Count
from django.db.models.functions import TruncMonth

from . import conf
from .models import Case, Referral


@dataclass(frozen=True)
class Cell:
    label: str
    count: int | None  # None: fewer than the minimum cell size, not shown

    @property
    def suppressed(self) -> bool:
        return self.count is None


def suppress(counts: dict[str, int], minimum: int | None = None) -> list[Cell]:
    """Counts below the minimum cell size are hidden (and so is zero's absence: no gaps).

    If exactly one cell is hidden, the next smallest is hidden too, so that a total cannot
    give the hidden one back by subtraction.
    """
    minimum = conf.min_cell_size() if minimum is None else minimum
    cells = sorted(counts.items(), key=lambda kv: kv[0])
    hidden = {k for k, v in cells if 0 < v < minimum}
    if len(hidden) == 1:
        rest = sorted(((v, k) for k, v in cells if k not in hidden and v > 0))
        if rest:
            hidden.add(rest[0][1])
    return [Cell(k, None if k in hidden else v) for k, v in cells if v > 0]


def cases_by_month() -> list[Cell]:
    rows = (
        Case.objects.annotate(month=TruncMonth("opened_at"))
        .values("month")
        .annotate(n=Count("pk"))
        .order_by("month")
    )
    return suppress({r["month"].strftime("%Y-%m"): r["n"] for r in rows})


def cases_by(field: str) -> list[Cell]:
    allowed = {
        "type": "case_type__name",
        "nationality": "person__nationality",
        "gender": "person__gender",
        "district": "person__district__name",
        "protection_status": "person__protection_status",
    }
    rows = Case.objects.values(allowed[field]).annotate(n=Count("pk"))
    counts: Counter[str] = Counter()
    for r in rows:
        counts[str(r[allowed[field]] or "—")] += r["n"]
    return suppress(dict(counts))


def referrals_by_partner() -> list[Cell]:
    rows = Referral.objects.values("to_unit__organisation__name").annotate(n=Count("pk"))
    return suppress({r["to_unit__organisation__name"]: r["n"] for r in rows})
