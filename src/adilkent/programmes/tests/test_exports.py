"""Open data exports and the XLSX round trip of programmes."""

from __future__ import annotations

import csv
import io
import json

from openpyxl import load_workbook

from adilkent.programmes.exports import (
    PROGRAMME_COLUMNS,
    export,
    import_programmes_xlsx,
    programme_rows,
)
from adilkent.programmes.models import Programme
from adilkent.programmes.services import LoadReport


def _sheet_rows(body: bytes) -> list[list[object]]:
    sheet = load_workbook(io.BytesIO(body)).worksheets[0]
    return [list(r) for r in sheet.iter_rows(values_only=True)]


def test_formats_hold_the_same_rows(registry: LoadReport) -> None:
    for dataset in ("programmes", "kpis", "checklist"):
        as_json = json.loads(export(dataset, "json")[0])
        as_csv = list(csv.DictReader(io.StringIO(export(dataset, "csv")[0].decode("utf-8-sig"))))
        as_xlsx = _sheet_rows(export(dataset, "xlsx")[0])
        assert len(as_json) == len(as_csv) == len(as_xlsx) - 1 > 0
        assert list(as_csv[0]) == as_xlsx[0] == list(as_json[0])
    assert len(json.loads(export("programmes", "json")[0])) == Programme.objects.count()


def test_xlsx_round_trip_changes_nothing(registry: LoadReport) -> None:
    before = programme_rows()
    result = import_programmes_xlsx(io.BytesIO(export("programmes", "xlsx")[0]))
    assert (result.fatal, result.errors, result.created) == ("", [], 0)
    assert result.updated == len(before)
    assert programme_rows() == before


def test_xlsx_edits_are_applied_and_bad_rows_reported(registry: LoadReport) -> None:
    from openpyxl import Workbook

    rows = _sheet_rows(export("programmes", "xlsx")[0])
    header = rows[0]
    col = {name: header.index(name) for name in header}
    sut = next(r for r in rows[1:] if r[col["slug"]] == "sut-kuzusu")
    sut[col["status"]] = "completed"
    new = list(sut)
    new[col["slug"]] = "new-programme"
    new[col["name_tr"]] = "Yeni Program"
    bad_status = list(sut)
    bad_status[col["slug"]] = "bad-one"
    bad_status[col["status"]] = "finished"
    bad_group = list(sut)
    bad_group[col["slug"]] = "bad-two"
    bad_group[col["target_groups"]] = "children, martians"
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in [header, sut, new, bad_status, bad_group]:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    result = import_programmes_xlsx(out)
    assert (result.created, result.updated) == (1, 1)
    assert [n for n, _why in result.errors] == [4, 5]
    assert "finished" in result.errors[0][1] and "martians" in result.errors[1][1]
    assert Programme.objects.get(slug="sut-kuzusu").status == "completed"
    assert Programme.objects.get(slug="new-programme").name_tr == "Yeni Program"
    assert not Programme.objects.filter(slug__in=["bad-one", "bad-two"]).exists()
    # The change is in the history.
    assert Programme.objects.get(slug="sut-kuzusu").history.first().status == "completed"


def test_not_a_workbook_is_refused(registry: LoadReport) -> None:
    result = import_programmes_xlsx(io.BytesIO(b"slug,name\n"))
    assert result.fatal and not result.created


def test_missing_columns_are_named(registry: LoadReport) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["slug", "name_tr"])
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    result = import_programmes_xlsx(out)
    assert "kind" in result.fatal and "status" in result.fatal
    assert "start" not in result.fatal.split(": ")[1].split(", ")  # read-only column


def test_columns_are_documented_order() -> None:
    assert PROGRAMME_COLUMNS[0] == "slug"
