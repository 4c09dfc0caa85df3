"""The importers on the real İzmir files in ../shared/data (the counts are the files' own).

The data are imported once for this module (about 15 s) and removed afterwards, so the
other test modules start from an empty database.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Count, Sum
from shapely.geometry import Point, shape

from adilkent.places import services, sources
from adilkent.places.models import (
    Boundary,
    DataSource,
    District,
    Facility,
    ImportRun,
    Mahalle,
    Population,
    TransitLine,
    TransitStop,
)

DATA = Path(settings.DATA_DIR)
pytestmark = pytest.mark.slow


def _file_rows(relative: str) -> list[dict[str, str]]:
    with (DATA / relative).open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def _clear() -> None:
    for model in (TransitStop, TransitLine, Facility, Population, Boundary, Mahalle, District):
        model.objects.all().delete()
    ImportRun.objects.all().delete()
    DataSource.objects.all().delete()


@pytest.fixture(scope="module")
def reports(django_db_setup, django_db_blocker):
    if not (DATA / "izmir").is_dir():
        pytest.fail(f"real data not found in {DATA}; set ADILKENT_DATA_DIR")
    with django_db_blocker.unblock():
        _clear()
        first = {r.title: r for r in services.import_all()}
        second = {r.title: r for r in services.import_all()}
        yield first, second
        _clear()


def test_population_is_all_1299_mahalle_summing_to_the_published_total(reports, db):
    assert Mahalle.objects.count() == 1299
    mahalle_pop = Population.objects.filter(mahalle__isnull=False, year=2025, group="total")
    assert mahalle_pop.count() == 1299
    assert mahalle_pop.aggregate(s=Sum("count"))["s"] == 4_503_964
    assert District.objects.count() == 30
    assert set(Mahalle.objects.values_list("district__name", flat=True)) == set(
        District.objects.values_list("name", flat=True)
    )


def test_both_population_formats_carry_the_same_data(reports, db):
    first, _ = reports
    tidy = first["Mahalle population (tidy format)"]
    assert tidy.rows_read == 1299
    assert (tidy.created, tidy.updated, tidy.unchanged) == (0, 0, 1299)


def test_every_polygon_is_kept(reports, db):
    assert Boundary.objects.filter(level="mahalle").count() == 1360
    assert Boundary.objects.filter(level="district").count() == 30
    assert District.objects.filter(geometry__isnull=True).count() == 0


def test_matching_is_reported_and_one_to_one(reports, db):
    first, _ = reports
    m = first["Mahalle boundaries"].sections["matching"]
    assert m["population_mahalle"] == 1299 and m["polygons"] == 1360
    assert m["matched"] + len(m["unmatched_mahalle"]) == 1299
    assert m["matched"] + len(m["unmatched_polygons"]) == 1360
    # The data README: about 1,284 of 1,360 match a TÜİK name after normalisation.
    assert m["matched_by_method"]["exact"] >= 1284
    for unmatched in m["unmatched_mahalle"]:
        assert unmatched["tuik_code"] and "candidates" in unmatched
    linked = Boundary.objects.filter(level="mahalle", mahalle__isnull=False)
    assert linked.count() == m["matched"]
    assert linked.values("mahalle").annotate(n=Count("id")).filter(n__gt=1).count() == 0
    with_polygon = Mahalle.objects.exclude(boundary_source_id=None)
    assert with_polygon.count() == m["matched"]
    assert Mahalle.objects.filter(geometry__isnull=True).count() == len(m["unmatched_mahalle"])


def test_a_spelling_variant_is_left_unmatched_with_its_candidate(reports, db):
    # Buca's "Kırklar Mah." (TÜİK) and "Kırıklar Mh." (polygons) differ by one letter.
    first, _ = reports
    unmatched = {
        u["name"]: u for u in first["Mahalle boundaries"].sections["matching"]["unmatched_mahalle"]
    }
    assert unmatched["Kırklar Mah."]["candidates"][0]["name"] == "Kırıklar Mh."
    assert Mahalle.objects.get(source_name="Kırklar Mah.").geometry is None


def test_village_flag_comes_from_the_polygons(reports, db):
    koyler = {
        f["properties"]["id"]
        for f in json.loads((DATA / sources.MAHALLE_BOUNDARIES.file_name).read_text())["features"]
        if f["properties"]["districtName"] == "Köyler"
    }
    flagged = set(
        Mahalle.objects.filter(is_village=True).values_list("boundary_source_id", flat=True)
    )
    assert flagged and flagged <= koyler
    matched_koyler = koyler & set(Mahalle.objects.values_list("boundary_source_id", flat=True))
    assert flagged == matched_koyler


def test_afad_rows_with_bad_coordinates_are_skipped_with_reasons_and_the_rest_kept(reports, db):
    first, _ = reports
    afad = first["AFAD assembly areas"]
    rows = _file_rows(sources.AFAD.file_name)
    assert afad.rows_read == len(rows) == 2127
    assert afad.skipped, "the AFAD file is known to hold malformed coordinates"
    assert len(afad.skipped) + afad.created == len(rows)
    assert Facility.objects.filter(source__key=sources.AFAD.key).count() == afad.created
    for problem in afad.skipped:
        original = rows[problem.row - 2]  # line 2 is the first data row
        assert problem.values["sira"] == original["sira"]
        lat, lon = float(original["lat"]), float(original["lon"])
        assert not (37.5 < lat < 39.6 and 26.0 < lon < 28.6), problem
        assert problem.reason
    konak = next(p for p in afad.skipped if p.values["tabela_no"] == "3520-004-01")
    assert "projected metres" in konak.reason


def test_points_are_placed_in_the_polygon_that_contains_them(reports, db):
    hospitals = Facility.objects.filter(facility_type__code="hospital").select_related("mahalle")
    assert hospitals.count() == len(_file_rows(sources.HOSPITALS.file_name)) == 84
    placed = [h for h in hospitals if h.mahalle_id]
    assert len(placed) > 70
    for h in placed:
        assert shape(h.mahalle.geometry).covers(Point(h.lon, h.lat)), h


def test_transit_counts_match_the_files(reports, db):
    stops = TransitStop.objects.filter(mode="bus")
    assert stops.count() == 11783
    assert TransitLine.objects.filter(mode="bus").count() == 441
    stop = stops.get(code="10007")
    assert stop.line_codes == ["29", "30"]
    assert TransitLine.objects.filter(mode="tram").count() >= 2
    assert TransitLine.objects.filter(mode="metro", geometry__isnull=False).exists()


def test_second_import_changes_nothing(reports, db):
    _, second = reports
    for title, report in second.items():
        assert (report.created, report.updated) == (0, 0), title


def test_every_run_is_recorded_with_its_report(reports, db):
    run = ImportRun.objects.filter(source__key=sources.AFAD.key).latest("started_at")
    assert run.skipped == len(run.report["skipped"]) > 0
    assert {"row", "reason"} <= set(run.report["skipped"][0])


def test_command_reports_a_missing_file_clearly(reports, db, tmp_path):
    with pytest.raises(CommandError, match="file not found"):
        call_command("import_population", str(tmp_path / "missing.csv"))
