"""Readers on small files with bad rows: each bad row reported with its line, the rest read."""

from pathlib import Path

import pytest

from adilkent.importers.csvfiles import read_rows
from adilkent.importers.facilities import (
    coordinate_problem,
    parse_area_m2,
    read_afad_assembly_areas,
)
from adilkent.importers.population import read_tidy_csv, read_tuik_raw
from adilkent.importers.report import SourceFileError

IZMIR_BOX = (26.0, 37.7, 28.6, 39.5)


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_tidy_population_reports_bad_rows_and_reads_the_rest(tmp_path):
    path = write(
        tmp_path,
        "p.csv",
        "ilce,mahalle,tuik_kod,nufus_2025\n"
        "Aliağa,Atatürk Mah.,41320,9104\n"
        "Aliağa,Bozköy Mah.,41331,çok\n"
        ",Yeni Mah.,41340,12\n"
        "Aliağa,Çaltılıdere Mah.,x1,5\n",
    )
    result = read_tidy_csv(path)
    assert [(r.name, r.count) for r in result.records] == [("Atatürk Mah.", 9104)]
    assert [(p.row, p.reason.split(" ")[0]) for p in result.skipped] == [
        (3, "population"),
        (4, "district"),
        (5, "TÜİK"),
    ]


def test_missing_column_is_a_clear_file_error(tmp_path):
    path = write(tmp_path, "p.csv", "ilce;mahalle\nA;B\n")
    with pytest.raises(SourceFileError, match="missing column"):
        read_tidy_csv(path)


def test_missing_file_is_a_clear_file_error(tmp_path):
    with pytest.raises(SourceFileError, match="file not found"):
        read_tidy_csv(tmp_path / "nope.csv")


def test_delimiter_is_detected_from_the_header(tmp_path):
    semi = write(tmp_path, "a.csv", "A;B\n1;2\n")
    comma = write(tmp_path, "b.csv", "A,B\n1,2\n")
    assert (
        list(read_rows(semi, ["A", "B"]))
        == list(read_rows(comma, ["A", "B"]))
        == [(2, {"A": "1", "B": "2"})]
    )


def test_tuik_raw_export_reads_year_blocks_and_reports_malformed_places(tmp_path):
    path = write(
        tmp_path,
        "raw.csv",
        "\ufeff||Sütunlar|\nSatırlar||Belediye, Köy Ve Mahalle Nüfusları|\n|||\n"
        "2025|İzmir(Aliağa/Aliağa Bel./Atatürk Mah.)-41320|9104.0|\n"
        "|İzmir(Aliağa/Aliağa Bel./Yeni Mah.)-41339|624.0|\n"
        "|garbage|1.0|\n"
        "2024|İzmir(Aliağa/Aliağa Bel./Atatürk Mah.)-41320|9000.0|\n|||\n",
    )
    result = read_tuik_raw(path)
    assert [(r.year, r.name, r.tuik_code, r.count) for r in result.records] == [
        (2025, "Atatürk Mah.", "41320", 9104),
        (2025, "Yeni Mah.", "41339", 624),
        (2024, "Atatürk Mah.", "41320", 9000),
    ]
    assert [p.row for p in result.skipped] == [6]


@pytest.mark.parametrize(
    ("lat", "lon", "expected"),
    [
        (38.42, 27.14, None),
        (27.14, 38.42, "swapped"),
        (512937.731, 4256280.278, "projected metres"),
        (38235010.0, 27981148.0, "decimal point"),
        (None, 27.1, "empty"),
        (41.0, 29.0, "outside"),
    ],
)
def test_coordinate_problems_name_the_likely_fault(lat, lon, expected):
    reason = coordinate_problem(lat, lon, IZMIR_BOX)
    assert (reason is None) if expected is None else (expected in reason)


def test_afad_area_uses_turkish_thousands_separator():
    assert parse_area_m2("1.300") == 1300
    assert parse_area_m2("56566") == 56566
    assert parse_area_m2("5166.25") == 5166.25
    assert parse_area_m2("") is None


def test_afad_bad_coordinates_skip_only_that_row(tmp_path):
    path = write(
        tmp_path,
        "afad.csv",
        "sira,tabela_no,ilce,mahalle,adres,alan_m2,lat,lon\n"
        "1,3502-001-01,ALİAĞA,AŞAĞIŞAKRAN,SOKAK,200,38.922745,27.096575\n"
        "2,3520-004-01,KONAK,2. KADRİYE,OKUL,2.150,511992.901,4252609.788\n"
        "3,3502-001-01,ALİAĞA,AŞAĞIŞAKRAN,SOKAK,abc,38.92,27.09\n",
    )
    result = read_afad_assembly_areas(path, IZMIR_BOX)
    assert [r.source_ref for r in result.records] == ["1", "3"]
    assert [(p.row, p.skipped) for p in result.problems] == [(3, True), (4, False), (4, False)]
    assert "projected metres" in result.skipped[0].reason
    assert result.skipped[0].values["tabela_no"] == "3520-004-01"
