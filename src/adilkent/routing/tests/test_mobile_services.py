"""The mobile-service workflows on the real İzmir boundary and population files."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from adilkent.paths import data_dir
from adilkent.routing.empowerment import empowerment_stops, women_reached
from adilkent.routing.kpi import plan_kpis
from adilkent.routing.mobile_services import (
    balanced_teams,
    employment_point,
    legal_aid,
    milk_distribution,
    milk_places,
    milk_service,
    mobile_library,
)
from adilkent.routing.places import PlaceSet, read_places_from_data_dir

MONDAY = dt.date(2026, 1, 5)


@pytest.fixture(scope="module")
def places() -> PlaceSet:
    return read_places_from_data_dir(data_dir())


def test_places_match_the_data_readme(places: PlaceSet) -> None:
    # data/README.md: 1,360 mahalle polygons, 578 of them "Köyler", about 1,284 matched
    assert len(places.places) == 1360
    assert sum(p.is_village for p in places.places) == 578
    assert 1270 <= sum(p.population is not None for p in places.places) <= 1300


def test_teams_are_balanced_by_population(places: PlaceSet) -> None:
    chosen = sorted((p for p in places.places if p.population), key=lambda p: -(p.population or 0))
    chosen = chosen[:614]
    teams = balanced_teams(chosen, 58)
    assert set(teams) == set(range(58))
    load = [0] * 58
    for place, team in zip(chosen, teams, strict=True):
        load[team] += place.population or 0
    mean = sum(load) / 58
    biggest = max(p.population or 0 for p in chosen)
    assert max(load) <= 1.15 * mean + biggest


@pytest.mark.slow
def test_mobile_library_keeps_the_45_day_rule_at_20_villages_a_month(places: PlaceSet) -> None:
    # seed: "goes to a different village every day, visits the same village once in 45 days
    # ... 20 villages per month"
    cycle, per_month, horizon = 45, 20, 90
    result = mobile_library(places, MONDAY, horizon_days=horizon, seconds_per_window=0.3)
    plan = result.plan
    villages = {p.id for p in places.places if p.is_village}
    assert len(plan.sites) == per_month * cycle // 30
    assert set(plan.sites) <= villages
    assert not plan.unserved and not plan.warnings
    days = [route.day for route in plan.routes]
    assert len(days) == len(set(days))  # at most one village a day ...
    assert all(len(route.stops) == 1 for route in plan.routes)
    assert all((MONDAY + dt.timedelta(days=d)).weekday() < 5 for d in days)  # ... a working day
    visits = plan.visits()
    for site_id, site_days in visits.items():
        gaps = [b - a for a, b in itertools.pairwise(site_days)]
        assert site_days and site_days[0] < cycle + 2, site_id
        assert all(gap >= cycle for gap in gaps), (site_id, gaps)  # never less than 45 days
        # the next visit falls on the first working days after the 45 (weekend slack only)
        assert all(gap <= cycle + 2 for gap in gaps), (site_id, gaps)
        assert len(site_days) == 2  # 90 days: twice, a third visit would be < 45 days later
    # the pace: 20 villages a month over the plan, one a working day, 18–22 in every 30 days
    assert len(days) == per_month * horizon // 30
    for month in range(horizon // 30):
        in_month = [d for d in days if 30 * month <= d < 30 * (month + 1)]
        working = sum((MONDAY + dt.timedelta(30 * month + k)).weekday() < 5 for k in range(30))
        assert per_month - 2 <= len(in_month) <= working
    # and no 45-day stretch holds more visits than there are villages
    assert all(sum(s <= d < s + cycle for d in days) <= len(plan.sites) for s in range(horizon))
    kpis = plan_kpis(plan)
    assert kpis.min_gap_violations == kpis.max_gap_violations == 0
    assert "no street network" in plan.travel_model


@pytest.mark.slow
def test_legal_aid_reaches_higher_priority_places_than_the_naive_plan(places: PlaceSet) -> None:
    result = legal_aid(places, MONDAY, seconds_per_window=0.3)
    assert all(len(route.stops) == 1 for route in result.plan.routes)
    assert len(result.plan.routes) == 20  # 4 weeks of weekdays
    residents = {p.id: p.population or 0 for p in places.places}
    assert all(residents[r.stops[0].site_id] >= 1000 for r in result.plan.routes)
    smart, naive = plan_kpis(result.plan), plan_kpis(result.naive)
    assert smart.priority_coverage > naive.priority_coverage


@pytest.mark.slow
def test_the_mobile_employment_point_stops_once_a_weekday_and_says_its_rule_is_borrowed(
    places: PlaceSet,
) -> None:
    result = employment_point(places, MONDAY, seconds_per_window=0.3)
    assert result.service == "employment-point"
    assert len(result.plan.routes) == 20 and all(len(r.stops) == 1 for r in result.plan.routes)
    assert all(site.attributes["registrations"] == 18 for site in result.plan.sites.values())
    stops = [r.stops[0].site_id for r in result.plan.routes]
    assert len(set(stops)) == len(stops)  # no stop repeated within the 28 days
    assert "Legal Aid Vehicle's rule" in result.assumptions[0]
    assert plan_kpis(result.plan).priority_coverage > plan_kpis(result.naive).priority_coverage


@pytest.mark.slow
def test_milk_teams_visit_every_part_once_a_month(places: PlaceSet) -> None:
    plans = milk_distribution(places, MONDAY, team_limit=2, seconds_per_window=0.2)
    assert len(plans) == 2
    for service in plans:
        visits = service.plan.visits()
        assert not service.plan.unserved
        assert all(len(days) == 1 for days in visits.values())
        van = next(iter(service.plan.vehicles.values()))
        assert all(site.demand <= van.capacity for site in service.plan.sites.values())


def test_milk_serves_the_most_populous_mahalle(places: PlaceSet) -> None:
    chosen = milk_places(places, 614)
    assert len(chosen) == 614
    smallest = min(p.population or 0 for p in chosen)
    ids = {p.id for p in chosen}
    assert all((p.population or 0) <= smallest for p in places.places if p.id not in ids)


@pytest.mark.slow
def test_milk_service_is_one_plan_with_a_summary_per_team(places: PlaceSet) -> None:
    result = milk_service(places, MONDAY, team_limit=2, seconds_per_window=0.1)
    teams = result.details["teams"]
    assert [team["team"] for team in teams] == [1, 2]
    assert result.details["rule"]["served"] == 614
    population = {p.id: p.population or 0 for p in places.places}
    for team in teams:
        own = [r for r in result.plan.routes if r.vehicle_id == team["vehicle"]]
        assert team["days"] == len(own)
        assert team["reloads"] == sum(r.reloads for r in own)
        # residents of the team's mahalle, each counted once however many parts it has
        assert team["population"] == sum(population[place] for place in team["places"])
        for route in own:
            trips = [stop.trip for stop in route.stops]
            assert trips == sorted(trips) and trips[0] == 1
            assert trips[-1] <= route.reloads + 1
    places_of = [set(team["places"]) for team in teams]
    assert not places_of[0] & places_of[1]
    served = {site.attributes["place"] for site in result.plan.sites.values()}
    assert served == places_of[0] | places_of[1]
    assert all(len(days) == 1 for days in result.plan.visits().values())


@pytest.mark.slow
def test_empowerment_stops_reach_330_women_in_eight_mahalle(places: PlaceSet) -> None:
    # seed: "sekiz mahallede 330 bayana ulaştı" (eight mahalle, 330 women)
    result = empowerment_stops(places, MONDAY, seconds_per_window=0.2)
    plan = result.plan
    chosen = result.details["mahalle"]
    assert len(chosen) == len(set(chosen)) == 8
    assert not plan.unserved and not plan.warnings
    visited = {
        plan.sites[stop.site_id].attributes["place"] for r in plan.routes for stop in r.stops
    }
    assert visited == set(chosen)
    assert women_reached(result) == pytest.approx(330)
    assert all(len(days) == 1 for days in plan.visits().values())  # each day part once
    days = [route.day for route in plan.routes]
    assert len(days) == len(set(days)) == 8 * result.details["days_per_stop"]
    assert all((MONDAY + dt.timedelta(days=d)).weekday() < 5 and d < 28 for d in days)
    # the eight are the highest-priority urban mahalle of at least 1,000 residents
    by_id = {p.id: p for p in places.places}
    assert all((by_id[pid].population or 0) >= 1000 and not by_id[pid].is_village for pid in chosen)
    priority = {s.attributes["place"]: s.priority for s in plan.sites.values()}
    assert min(priority.values()) > 0


@pytest.mark.slow
def test_empowerment_follows_a_given_need_ranking(places: PlaceSet) -> None:
    urban = [p for p in places.places if (p.population or 0) >= 1000 and not p.is_village]
    wanted = sorted(urban, key=lambda p: p.population or 0)[:8]  # the smallest: never by default
    # as the CLI gives it (routing.priority.priorities_for): every place has a priority
    ranking = {p.id: 1.0 for p in places.places} | {p.id: 10.0 for p in wanted}
    result = empowerment_stops(places, MONDAY, seconds_per_window=0.1, priority=ranking)
    assert set(result.details["mahalle"]) == {p.id for p in wanted}
