"""The command line: files in, plan files out, bad rows and impossible sites explained."""

from __future__ import annotations

import json
from pathlib import Path

import icalendar
import pytest

from adilkent.routing.cli import main

SITES = """id,name,lon,lat,service_minutes,demand,allowed_weekdays,window_start,window_end,min_gap_days,max_gap_days,last_visit,priority
a,Alpha,27.13,38.45,60,2,"Mon,Wed,Fri",09:00,16:00,7,14,2026-01-01,2
b,Beta,27.16,38.47,45,3,,,,7,,,1
c,Gamma,27.10,38.40,30,1,Tue,10:00,12:00,3,10,,1
heavy,Too heavy,27.12,38.41,30,99,,,,1,,,1
late,Closes early,27.13,39.40,30,1,,06:00,08:30,1,,,1
bad,Bad row,east,38.4,30,1,,,,1,,,1
gap,Bad gap,27.12,38.41,30,1,,,,9,3,,1
"""

VEHICLES = """id,name,depot_id,depot_name,depot_lon,depot_lat,capacity,working_weekdays,shift_start,shift_end,break_minutes,max_stops_per_day
v1,Van,konak,Konak district centroid,27.1349,38.4287,10,"Mon,Tue,Wed,Thu,Fri",08:00,17:00,60,3
"""


def test_plan_from_csv_writes_json_csv_ics_and_explains_what_it_could_not_use(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "sites.csv").write_text(SITES, encoding="utf-8")
    (tmp_path / "vehicles.csv").write_text(VEHICLES, encoding="utf-8")
    status = main(
        [
            "plan",
            "--sites",
            str(tmp_path / "sites.csv"),
            "--vehicles",
            str(tmp_path / "vehicles.csv"),
            "--start",
            "2026-01-05",
            "--days",
            "14",
            "--seconds",
            "0.2",
            "--out",
            str(tmp_path / "out"),
        ]
    )
    captured = capsys.readouterr()
    assert status == 1  # a partial plan
    assert "sites.csv row 7: lon 'east' is not a number" in captured.err
    assert (
        "sites.csv row 8: site 'gap': a maximum gap (3 d) below its minimum gap (9 d)"
        in captured.err
    )
    assert (
        "unserved: heavy: no vehicle can serve it — v1: demand 99 exceeds capacity 10"
        in captured.err
    )
    assert "unserved: late:" in captured.err and "after the latest start 08:00" in captured.err
    assert "no street network" in captured.out

    document = json.loads((tmp_path / "out" / "sites.json").read_text(encoding="utf-8"))
    assert {u["site"] for u in document["unserved"]} == {"heavy", "late"}
    assert "comparison" in document and "naive" in document["comparison"]
    assert "straight line" in document["travel_model"]
    calendar = document["calendar"]
    # Alpha: last visit 1 Jan, at least 7 days apart → not before 8 Jan, and only Mon/Wed/Fri
    assert calendar["a"] and all(day >= "2026-01-08" for day in calendar["a"])
    assert calendar["c"]  # Tuesdays only, 10:00–12:00
    for route in document["routes"]:
        assert len(route["stops"]) <= 3
        for stop in route["stops"]:
            if stop["site"] == "c":
                assert stop["start"] >= "10:00" and stop["end"] <= "12:00"

    ics = icalendar.Calendar.from_ical((tmp_path / "out" / "sites.ics").read_bytes())
    events = [c for c in ics.walk() if c.name == "VEVENT"]
    assert len(events) == sum(len(r["stops"]) for r in document["routes"])
    rows = (tmp_path / "out" / "sites.csv").read_text(encoding="utf-8").splitlines()
    assert rows[0].startswith("date,vehicle,order,site") and len(rows) == len(events) + 1


def test_geojson_sites_are_read_from_points_and_polygons(tmp_path: Path) -> None:
    features = [
        {
            "type": "Feature",
            "id": "p",
            "properties": {"name": "Point"},
            "geometry": {"type": "Point", "coordinates": [27.14, 38.44]},
        },
        {
            "type": "Feature",
            "properties": {"id": "q", "name": "Square", "service_minutes": 20},
            "geometry": {
                "type": "Polygon",
                "coordinates": [
                    [[27.10, 38.40], [27.12, 38.40], [27.12, 38.42], [27.10, 38.42], [27.10, 38.40]]
                ],
            },
        },
    ]
    (tmp_path / "s.geojson").write_text(
        json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8"
    )
    (tmp_path / "v.csv").write_text(VEHICLES, encoding="utf-8")
    status = main(
        [
            "plan",
            "--sites",
            str(tmp_path / "s.geojson"),
            "--vehicles",
            str(tmp_path / "v.csv"),
            "--start",
            "2026-01-05",
            "--days",
            "2",
            "--seconds",
            "0.1",
            "--out",
            str(tmp_path),
        ]
    )
    assert status == 0
    calendar = json.loads((tmp_path / "s.json").read_text())["calendar"]
    assert set(calendar) == {"p", "q"} and all(calendar.values())


def test_nothing_usable_is_an_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "s.csv").write_text("id,name,lon,lat\nx,X,,\n", encoding="utf-8")
    (tmp_path / "v.csv").write_text(VEHICLES, encoding="utf-8")
    status = main(
        [
            "plan",
            "--sites",
            str(tmp_path / "s.csv"),
            "--vehicles",
            str(tmp_path / "v.csv"),
            "--out",
            str(tmp_path / "o"),
        ]
    )
    assert status == 2
    assert "s.csv row 2: lon is missing" in capsys.readouterr().err
