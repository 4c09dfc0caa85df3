"""The command line on real files: clear errors for bad input, and a full run end to end."""

from pathlib import Path

import pandas as pd
import pytest

from adilkent.access.cli import main
from adilkent.access.data import InputError, check_places, read_table


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def small(tmp_path: Path) -> tuple[Path, Path]:
    places = write(
        tmp_path / "places.csv",
        "place_id,lon,lat,district,total,village\n"
        "a,27.00,38.40,X,1000,0\nb,27.01,38.40,X,500,0\nc,27.30,38.60,Y,200,200\n",
    )
    facilities = write(
        tmp_path / "facilities.csv",
        "facility_id,lon,lat,type,capacity\nh1,27.005,38.40,clinic,10\n",
    )
    return places, facilities


def test_run_writes_every_output_and_names_the_model(
    small: tuple[Path, Path], tmp_path: Path
) -> None:
    places, facilities = small
    out = tmp_path / "out"
    code = main(
        [
            "run",
            "--places",
            str(places),
            "--facilities",
            str(facilities),
            "--groups",
            "total,village",
            "--out",
            str(out),
            "--no-progress",
        ]
    )
    assert code == 0
    for name in (
        "places.csv",
        "places.parquet",
        "places.geojson",
        "lorenz.png",
        "map.png",
        "need.csv",
        "districts.csv",
    ):
        assert (out / "clinic" / name).stat().st_size > 0
    report = (out / "report.html").read_text(encoding="utf-8")
    assert "straight line" in report and "no street network" in report
    result = pd.read_csv(out / "clinic" / "places.csv")
    # c is ~35 km away: no clinic within 60 minutes' walk; a and b are within 15
    assert result.set_index("place_id").loc["c", "facilities_within_60"] == 0
    assert result.set_index("place_id").loc["a", "facilities_within_15"] == 1


@pytest.mark.parametrize(
    ("places_text", "message"),
    [
        ("place_id,lon,lat,total\na,27,38,5\na,27.1,38,6\n", "'a' appears more than once"),
        ("place_id,lon,lat,total\na,27,38,0\nb,27.1,38,0\n", "population is zero everywhere"),
        ("place_id,lon,lat,total\na,27,38,\n", "missing or negative on rows 2"),
        ("place_id,lon,lat,total\na,500000,4250000,3\n", "not degrees"),
        ("place_id,lon,lat\n", "no rows"),
        ("place_id,lon,lat,people\na,27,38,5\n", "population column 'total' is missing"),
    ],
)
def test_bad_places_get_a_specific_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], places_text: str, message: str
) -> None:
    places = write(tmp_path / "p.csv", places_text)
    facilities = write(tmp_path / "f.csv", "facility_id,lon,lat,type\nf,27,38,clinic\n")
    assert (
        main(
            [
                "run",
                "--places",
                str(places),
                "--facilities",
                str(facilities),
                "--out",
                str(tmp_path / "o"),
            ]
        )
        == 2
    )
    assert message in capsys.readouterr().err


def test_unknown_crs_and_projected_input(tmp_path: Path) -> None:
    path = write(tmp_path / "p.csv", "place_id,x,y,total\na,500000,4250000,3\n")
    with pytest.raises(InputError, match="unknown CRS"):
        read_table(path, crs="EPSG:999999")
    # UTM zone 35N (EPSG:32635) easting 500000 is its central meridian, 27° E
    frame = check_places(read_table(path, crs="EPSG:32635"), ["total"])
    assert frame.loc[0, "lon"] == pytest.approx(27.0)


def test_geojson_in_another_crs_is_refused(tmp_path: Path) -> None:
    path = write(
        tmp_path / "p.geojson",
        '{"type": "FeatureCollection", "crs": {"type": "name", "properties": {"name": "EPSG:3857"}},'
        ' "features": [{"type": "Feature", "geometry": {"type": "Point", "coordinates": [1, 2]}, "properties": {}}]}',
    )
    with pytest.raises(InputError, match="not WGS84"):
        read_table(path)


def test_osm_file_missing_is_a_clear_error(
    small: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    places, facilities = small
    code = main(
        [
            "run",
            "--places",
            str(places),
            "--facilities",
            str(facilities),
            "--out",
            str(tmp_path / "o"),
            "--osm",
            str(tmp_path / "none.osm.pbf"),
        ]
    )
    assert code == 2
    assert "none.osm.pbf" in capsys.readouterr().err
