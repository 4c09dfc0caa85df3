"""Indicators measured from the records in the open data exports and the JSON API: beside the
seed figures (unchanged), marked with their origin and period, withheld cells without a number.

The records are invented (see ``test_measured``); the months are in 2025.
"""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from openpyxl import load_workbook

from adilkent.programmes.exports import KPI_COLUMNS, export
from adilkent.programmes.kpi_records import update_measured_kpis
from adilkent.programmes.measured import RECORDS_SOURCE, Period
from adilkent.programmes.models import KpiDefinition, KpiOrigin, KpiValue, Programme
from adilkent.programmes.tests.test_measured import SLUGS, YEAR, Records

#: The columns of the indicator export before measured values were added, in their order.
OLD_COLUMNS = [
    "programme",
    "indicator",
    "indicator_name",
    "unit",
    "value",
    "qualifier",
    "target",
    "year",
    "period",
    "as_stated",
    "source",
]
OPENED = "records-cases-opened"


@pytest.fixture
def measured(db: Any) -> KpiValue:
    """Three cases opened in January (a withheld month), six in February; a seed figure."""
    for slug in SLUGS:
        Programme.objects.create(slug=slug, name=f"{slug} (test)")
    records = Records()
    for _ in range(3):
        records.case(1)
    for _ in range(6):
        records.case(2)
    update_measured_kpis(Period(YEAR, 2))
    quoted = KpiDefinition.objects.create(key="people-reached", name="People reached", unit="p")
    return KpiValue.objects.create(
        programme=Programme.objects.get(slug="refugee-desk"),
        kpi=quoted,
        value=Decimal(1200),
        year=2023,
        period_text="2023",
        original_text="1200 people",
        seed="seed-doc.md",
    )


def _opened(rows: list[dict[str, Any]], kind: str, month: int) -> dict[str, Any]:
    end = Period(YEAR, month).last_day.isoformat()
    [row] = [
        r
        for r in rows
        if r["indicator"] == OPENED
        and r["period_kind"] == kind
        and r["period_end"] == end
        and r["breakdown"] in ("", None)
    ]
    return row


def _stored(kind: str, month: int) -> KpiValue:
    return KpiValue.objects.get(
        kpi__key=OPENED,
        origin=KpiOrigin.RECORDS,
        period_kind=kind,
        period_end=Period(YEAR, month).last_day,
        breakdown="",
    )


def _all_formats() -> dict[str, list[dict[str, Any]]]:
    as_json = json.loads(export("kpis", "json")[0])
    as_csv = list(csv.DictReader(io.StringIO(export("kpis", "csv")[0].decode("utf-8-sig"))))
    sheet = load_workbook(io.BytesIO(export("kpis", "xlsx")[0])).worksheets[0]
    header, *values = [list(r) for r in sheet.iter_rows(values_only=True)]
    as_xlsx = [dict(zip(header, r, strict=True)) for r in values]
    return {"json": as_json, "csv": as_csv, "xlsx": as_xlsx}


def test_exports_keep_the_old_columns_first_and_add_origin_and_period(measured: KpiValue) -> None:
    assert KPI_COLUMNS[: len(OLD_COLUMNS)] == OLD_COLUMNS
    for fmt, rows in _all_formats().items():
        assert list(rows[0]) == KPI_COLUMNS, fmt
        assert {r["origin"] for r in rows} == {"seed", "records"}, fmt
        records = [r for r in rows if r["origin"] == "records"]
        assert len(records) == KpiValue.objects.filter(origin=KpiOrigin.RECORDS).count(), fmt
        assert {r["source"] for r in records} == {RECORDS_SOURCE}, fmt


def test_seed_values_are_exported_as_before(measured: KpiValue) -> None:
    for fmt, rows in _all_formats().items():
        [seed] = [r for r in rows if r["origin"] == "seed"]
        text = fmt == "csv"
        assert seed["programme"] == "refugee-desk" and seed["indicator"] == "people-reached"
        assert Decimal(str(seed["value"])) == 1200, fmt
        assert seed["year"] == ("2023" if text else 2023), fmt
        assert (seed["period"], seed["as_stated"], seed["source"]) == (
            "2023",
            "1200 people",
            "seed-doc.md",
        )
        assert seed["target"] == "no"
        blank = "" if fmt != "xlsx" else None
        for column in ("period_kind", "period_start", "period_end", "breakdown", "withheld"):
            assert seed[column] in ("", blank), (fmt, column)


def test_measured_values_carry_their_period_and_withheld_cells_no_number(
    measured: KpiValue,
) -> None:
    january, february, february_ytd = _stored("month", 1), _stored("month", 2), _stored("ytd", 2)
    assert january.withheld and not february.withheld  # three cases, then six
    for fmt, rows in _all_formats().items():
        text = fmt == "csv"
        jan = _opened(rows, "month", 1)
        assert jan["withheld"] == "yes", fmt
        assert jan["value"] in ("", None), fmt  # no number at all, not even a zero
        assert jan["period"] == "2025-01" and jan["period_start"] == "2025-01-01", fmt
        feb = _opened(rows, "month", 2)
        assert feb["withheld"] == "no", fmt
        assert Decimal(str(feb["value"])) == february.value, fmt
        assert feb["period"] == "2025-02" and feb["programme"] == "refugee-desk", fmt
        assert feb["year"] == ("2025" if text else 2025), fmt
        ytd = _opened(rows, "ytd", 2)
        assert ytd["period"] == "2025-01-01/2025-02-28", fmt
        assert ytd["withheld"] == ("yes" if february_ytd.withheld else "no"), fmt
        # every withheld row of every indicator is without a number
        withheld = [r for r in rows if r["withheld"] == "yes"]
        assert withheld and all(r["value"] in ("", None) for r in withheld), fmt
        assert len(withheld) == KpiValue.objects.filter(withheld=True).count(), fmt


def test_api_lists_measured_values_beside_the_seed_ones(measured: KpiValue) -> None:
    rows = Client().get("/api/v1/programmes/kpis").json()
    assert rows == json.loads(export("kpis", "json")[0])
    jan = _opened(rows, "month", 1)
    assert (jan["origin"], jan["withheld"], jan["value"]) == ("records", "yes", None)

    detail = Client().get("/api/v1/programmes/p/refugee-desk").json()
    kpis = detail["kpis"]
    [seed] = [k for k in kpis if k["origin"] == "seed"]
    assert (seed["indicator"], seed["value"], seed["year"], seed["source"]) == (
        "people-reached",
        1200.0,
        2023,
        "seed-doc.md",
    )
    assert seed["withheld"] is False and seed["period_kind"] == ""
    records = [k for k in kpis if k["origin"] == "records"]
    assert (
        len(records)
        == KpiValue.objects.filter(programme__slug="refugee-desk", origin=KpiOrigin.RECORDS).count()
    )
    jan_detail = next(
        k
        for k in records
        if k["indicator"] == OPENED and k["period"] == "2025-01" and k["breakdown"] == ""
    )
    assert jan_detail["withheld"] is True and jan_detail["value"] is None
    feb = next(
        k
        for k in records
        if k["indicator"] == OPENED and k["period"] == "2025-02" and k["breakdown"] == ""
    )
    assert feb["value"] == float(_stored("month", 2).value or 0) and feb["withheld"] is False
    assert feb["period_start"] == "2025-02-01" and feb["period_end"] == "2025-02-28"
