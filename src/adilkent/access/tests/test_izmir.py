"""The İzmir demo from the real files."""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from adilkent.access.cli import main
from adilkent.access.izmir import load_izmir
from adilkent.access.transit import line_frequency, read_timetables
from adilkent.paths import data_dir


@pytest.mark.slow
def test_izmir_inputs_account_for_every_person() -> None:
    inputs = load_izmir(data_dir())
    notes = inputs.notes["places"]
    # the data README: 1,299 mahalle, 4,503,964 people
    assert notes["mahalle_in_population_list"] == 1299
    assert notes["population_total"] == 4_503_964
    left_out = sum(m["population"] for m in notes["left_out_without_polygon"])
    assert notes["population_placed"] + left_out == 4_503_964
    assert inputs.places["place_id"].is_unique
    assert (inputs.facilities["type"] == "hospital").sum() == 84  # hastaneler.csv has 84 rows


@pytest.mark.slow
def test_izmir_demo_end_to_end(tmp_path: Path) -> None:
    out = tmp_path / "demo"
    assert (
        main(
            [
                "izmir-demo",
                "--data",
                str(data_dir()),
                "--out",
                str(out),
                "--no-progress",
                "--types",
                "hospital",
                "--site-k",
                "2",
            ]
        )
        == 0
    )
    places = pd.read_csv(
        out / "hospital" / "places.csv", dtype={"place_id": str, "nearest_id": str}
    )
    hospitals = pd.read_csv(data_dir() / "izmir/facilities/hastaneler.csv")
    # independent check of one place's nearest time: brute force over the source file
    row = places.iloc[0]
    lat1, lon1 = np.radians(row["lat"]), np.radians(row["lon"])
    lat2, lon2 = np.radians(hospitals["latitude"]), np.radians(hospitals["longitude"])
    a = (
        np.sin((lat2 - lat1) / 2) ** 2
        + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    )
    metres = 2 * 6_371_008.8 * np.arcsin(np.sqrt(a))
    assert row["nearest_minutes"] == pytest.approx(metres.min() * 1.3 / 80, rel=1e-9)
    report = (out / "report.html").read_text(encoding="utf-8")
    assert "no street network" in report
    comparison = pd.read_csv(out / "hospital_before_after.csv")
    within = comparison[
        (comparison.group == "total") & (comparison.measure == "share within 30 min")
    ]
    assert within["after"].item() >= within["before"].item()  # new sites never lengthen trips


def test_timetables_are_read_and_repeats_counted_once() -> None:
    departures, problems = read_timetables(
        data_dir() / "izmir/transit/eshot_timetables_2026-04.tar.gz"
    )
    assert departures.duplicated().sum() == 0
    assert any("repeated departures" in p for p in problems)
    # line 472's file lists weekday outbound times 06:05, 07:50, 09:50, … (every two hours)
    freq = line_frequency(departures, schedule=1, start_hour=7, end_hour=19)
    assert 0 < freq["472"] < 1.5
