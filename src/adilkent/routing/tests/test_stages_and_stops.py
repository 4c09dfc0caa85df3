"""Mobil Sahne (two mobile stages) and the per-stop figures of Güçlenme Durakları on the real
İzmir places."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from pathlib import Path

import pytest

from adilkent.paths import data_dir
from adilkent.routing.cli import main
from adilkent.routing.empowerment import empowerment_stops, women_reached
from adilkent.routing.model import Site
from adilkent.routing.places import PlaceSet, read_places_from_data_dir
from adilkent.routing.stages import mobile_stages, spread_over_districts

MONDAY = dt.date(2026, 1, 5)


@pytest.fixture(scope="module")
def places() -> PlaceSet:
    return read_places_from_data_dir(data_dir())


@pytest.mark.slow
def test_two_stages_keep_the_seed_pace_once_a_week_each_in_outer_places(
    places: PlaceSet,
) -> None:
    result = mobile_stages(places, MONDAY, horizon_days=56, seconds_per_window=0.1)
    plan = result.plan
    about = result.details["stage"]
    # seed: nearly 200 plays in 2020–2021, so 100 a year; 56 days of it
    assert about["performances"] == round(100 * 56 / 365)
    assert not plan.unserved and not plan.warnings
    # every performance at a different place, each place once
    visits = plan.visits()
    assert sum(len(days) for days in visits.values()) == about["performances"]
    assert all(len(days) == 1 for days in visits.values())
    # stage 1 on Fridays, stage 2 on Saturdays, at most one evening a week each
    for route in plan.routes:
        expected = {"stage-1": 4, "stage-2": 5}[route.vehicle_id]
        assert route.date.weekday() == expected
        assert len(route.stops) == 1
        assert 15 * 60 <= route.stops[0].start <= 17 * 60
        assert route.back <= 24 * 60
    weeks = Counter((r.vehicle_id, (r.date - MONDAY).days // 7) for r in plan.routes)
    assert max(weeks.values()) == 1
    # the places are outer ones: at least 25 km from the centre, 500 residents or more
    by_id = {p.id: p for p in places.places}
    for site in plan.sites.values():
        place = by_id[site.id]
        assert places.km_from_centre(place) >= 25 and (place.population or 0) >= 500
    assert about["villages"] == sum(by_id[s].is_village for s in plan.sites)
    # one place a district in turn: as many districts as places, up to the outer districts
    districts = {by_id[s].district for s in plan.sites}
    outer = {p.district for p in places.places if places.km_from_centre(p) >= 25}
    assert len(districts) == min(len(plan.sites), len(outer))


def test_places_are_taken_one_district_at_a_time() -> None:
    def site(name: str, priority: float) -> Site:
        return Site(name, name, 27.0, 38.0, priority=priority)

    sites = [site("a1", 9), site("a2", 8), site("a3", 7), site("b1", 5), site("c1", 6)]
    district = {"a1": "A", "a2": "A", "a3": "A", "b1": "B", "c1": "C"}
    assert [s.id for s in spread_over_districts(sites, district, 4)] == ["a1", "c1", "b1", "a2"]
    assert [s.id for s in spread_over_districts(sites, district, 9)] == [
        "a1",
        "c1",
        "b1",
        "a2",
        "a3",
    ]


def test_stages_need_a_weekday_each(places: PlaceSet) -> None:
    with pytest.raises(ValueError, match="weekdays"):
        mobile_stages(places, MONDAY, stages=3, stage_weekdays=(4, 5))


@pytest.mark.slow
def test_empowerment_stop_figures_add_up_to_the_seed(places: PlaceSet) -> None:
    result = empowerment_stops(places, MONDAY, seconds_per_window=0.1)
    stops = result.details["stops"]
    assert [row["place"] for row in stops] == result.details["mahalle"]
    assert sum(row["women_planned"] for row in stops) == pytest.approx(330)
    assert sum(row["women_reached"] for row in stops) == pytest.approx(women_reached(result))
    assert result.details["empowerment"]["women_reached"] == pytest.approx(women_reached(result))
    visits = result.plan.visits()
    for row in stops:
        parts = [s for s in result.plan.sites.values() if s.attributes["place"] == row["place"]]
        assert row["days"] == len(parts)
        assert row["visits"] == sum(len(visits[s.id]) for s in parts)
        # a mahalle's first day is its part 1, its second day part 2
        days = sorted(
            (route.date, stop.site_id)
            for route in result.plan.routes
            for stop in route.stops
            if stop.site_id in {s.id for s in parts}
        )
        assert [site for _day, site in days] == sorted(s.id for s in parts)[: len(days)]


@pytest.mark.slow
def test_stages_from_the_command_line(tmp_path: Path) -> None:
    # without public holidays: every one of the 25 chosen places gets its performance (with
    # Türkiye's, Friday 20 and Saturday 21 March 2026, Ramazan Bayramı, are lost to the stages)
    options = ["--seconds", "0.1", "--data-dir", str(data_dir()), "--out", str(tmp_path)]
    options += ["--holidays", ""]
    assert main(["service", "stage", "--start", "2026-01-05", *options]) == 0
    document = json.loads((tmp_path / "mobile-stage.json").read_text())
    assert document["stage"]["stages"] == 2
    assert len(document["routes"]) == document["stage"]["performances"]
    assert any("seed: nearly 200" in line for line in document["assumptions"])
    ics = (tmp_path / "mobile-stage.ics").read_bytes()
    assert ics.count(b"BEGIN:VEVENT") == len(document["routes"])


@pytest.mark.slow
def test_milk_as_one_combined_plan_from_the_command_line(tmp_path: Path) -> None:
    options = ["--seconds", "0.05", "--data-dir", str(data_dir()), "--out", str(tmp_path)]
    assert main(["service", "milk", "--teams", "2", "--combined", *options]) == 0
    # one set of files instead of one per team, with the teams and the rule as on the pages
    assert sorted(p.name for p in tmp_path.iterdir()) == ["milk.csv", "milk.ics", "milk.json"]
    document = json.loads((tmp_path / "milk.json").read_text())
    assert [team["team"] for team in document["teams"]] == [1, 2]
    assert document["rule"]["served"] == 614
    vehicles = {route["vehicle"] for route in document["routes"]}
    assert vehicles == {team["vehicle"] for team in document["teams"]}
    for team in document["teams"]:
        own = [r for r in document["routes"] if r["vehicle"] == team["vehicle"]]
        assert team["days"] == len(own)
    ics = (tmp_path / "milk.ics").read_bytes()
    assert ics.count(b"BEGIN:VEVENT") == sum(len(r["stops"]) for r in document["routes"])
