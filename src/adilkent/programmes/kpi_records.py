"""Writes of the measured indicators: count, withhold small cells, store as ``KpiValue`` rows.

One run for a month recounts every month of that year up to it, and the year to each of
those months' ends, so that the withholding across months (:mod:`.disclosure`) is decided on
the same counts every time. Re-running updates the same rows (one per programme, indicator,
kind of period, last day and breakdown cell), removes cells that no longer have records, and
leaves the figures quoted from the seed documents alone.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation

from adilkent.cases import conf

from . import disclosure
from .measured import INDICATORS, RECORDS_SOURCE, Indicator, Period, Window
from .models import KpiDefinition, KpiOrigin, KpiValue, PeriodKind, Programme


@dataclass
class UpdateReport:
    period: Period
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    withheld: int = 0
    missing_programmes: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        out = [
            f"period {self.period} (each month of {self.period.year} up to it, and year to date)",
            f"values created: {self.created}, updated: {self.updated}, "
            f"unchanged: {self.unchanged}, removed: {self.removed}",
            f"withheld (below the minimum cell size {conf.min_cell_size()}): {self.withheld}",
        ]
        if self.missing_programmes:
            out.append(
                "programmes not in the registry (run load_programmes first): "
                + ", ".join(sorted(self.missing_programmes))
            )
        return out


def _languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def definition_for(indicator: Indicator) -> KpiDefinition:
    """The indicator's definition, its name, unit and method in every language."""
    kpi = KpiDefinition.objects.filter(key=indicator.key).first() or KpiDefinition(
        key=indicator.key
    )
    for language in _languages():
        with translation.override(language):
            setattr(kpi, f"name_{language}", str(indicator.name))
            setattr(kpi, f"unit_{language}", str(indicator.unit))
            setattr(kpi, f"method_{language}", str(indicator.method))
    with translation.override(settings.LANGUAGE_CODE):
        kpi.name, kpi.unit, kpi.method = (
            str(indicator.name),
            str(indicator.unit),
            str(indicator.method),
        )
    kpi.save()
    return kpi


def _windows(period: Period) -> tuple[list[Window], list[Window]]:
    months = period.months_of_year()
    monthly = [Window(m.first_day, m.last_day) for m in months]
    to_date = [Window(period.year_start, m.last_day) for m in months]
    return monthly, to_date


def _shown(indicator: Indicator, period: Period) -> list[tuple[str, Window, dict[str, int | None]]]:
    monthly_windows, ytd_windows = _windows(period)
    monthly = [indicator.count(w) for w in monthly_windows]
    ytd = [indicator.count(w) for w in ytd_windows]
    if indicator.protected:
        months, totals = disclosure.protect(monthly, ytd, conf.min_cell_size())
    else:
        months = [dict(c) for c in monthly]
        totals = [dict(c) for c in ytd]
    rows: list[tuple[str, Window, dict[str, int | None]]] = []
    for w, cells in zip(monthly_windows, months, strict=True):
        rows.append((PeriodKind.MONTH, w, dict(cells)))
    for w, cells in zip(ytd_windows, totals, strict=True):
        rows.append((PeriodKind.YEAR_TO_DATE, w, dict(cells)))
    return rows


def _period_text(kind: str, w: Window) -> str:
    if kind == PeriodKind.MONTH:
        return f"{w.first:%Y-%m}"
    return f"{w.first:%Y-%m}/{w.last:%Y-%m}"


@transaction.atomic
def _store(
    programme: Programme,
    kpi: KpiDefinition,
    kind: str,
    w: Window,
    cells: dict[str, int | None],
    now: dt.datetime,
    report: UpdateReport,
) -> None:
    existing = {
        v.breakdown: v
        for v in KpiValue.objects.filter(
            programme=programme,
            kpi=kpi,
            origin=KpiOrigin.RECORDS,
            period_kind=kind,
            period_end=w.last,
        )
    }
    for breakdown, count in sorted(cells.items()):
        value = None if count is None else Decimal(count)
        row = existing.pop(breakdown, None)
        if row is not None and row.value == value and row.withheld == (count is None):
            report.unchanged += 1
        else:
            if row is None:
                row = KpiValue(
                    programme=programme,
                    kpi=kpi,
                    origin=KpiOrigin.RECORDS,
                    period_kind=kind,
                    period_start=w.first,
                    period_end=w.last,
                    breakdown=breakdown,
                )
                report.created += 1
            else:
                report.updated += 1
            row.value = value
            row.withheld = count is None
            row.year = w.last.year
            row.period_text = _period_text(kind, w)
            row.seed = RECORDS_SOURCE
            row.measured_at = now
            row.save()
        if count is None:
            report.withheld += 1
    for stale in existing.values():
        stale.delete()
        report.removed += 1


def update_measured_kpis(period: Period | None = None) -> UpdateReport:
    """Count every measured indicator for ``period`` (default: the current month)."""
    period = period or Period.of(timezone.localdate())
    report = UpdateReport(period)
    programmes = {
        p.slug: p for p in Programme.objects.filter(slug__in={i.programme for i in INDICATORS})
    }
    now = timezone.now()
    for indicator in INDICATORS:
        programme = programmes.get(indicator.programme)
        if programme is None:
            if indicator.programme not in report.missing_programmes:
                report.missing_programmes.append(indicator.programme)
            continue
        kpi = definition_for(indicator)
        for kind, w, cells in _shown(indicator, period):
            _store(programme, kpi, kind, w, cells, now, report)
    return report
