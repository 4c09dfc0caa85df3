"""Mobil Sahne (the mobile stages): two trucks fitted out as stages for concerts, plays and
talks, taken to the outer districts and villages.

Seed: "2 mobile stages are vehicles prepared by making the necessary arrangements for
performing concerts and theater performances inside the cargo transport trucks. Dozens of
theater plays, concerts and talks were held on mobile stages throughout the year, especially
in the outer districts and villages of the city", and "nearly 200 (2020, 2021) theater plays
were performed with the mobile stage". So: two stages, about 100 performances a year, in
places far from the centre. The seeds name no place, no weekday and no hours: each of those is
a parameter below, and the plan lists it as an assumption.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from .checks import reachable_vehicles
from .mobile_services import ROAD_MODEL, ServicePlan, _centre_depot, _remoteness
from .model import PlanSettings, Site, Vehicle
from .naive import naive_plan
from .periodic import Progress, build_matrix, plan
from .places import Place, PlaceSet

WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def spread_over_districts(sites: list[Site], district: dict[str, str], count: int) -> list[Site]:
    """``count`` sites, one per district in turn: every district's best site (highest
    priority) first, the districts in the order of their best site, then every district's
    second best, and so on."""
    by_district: dict[str, list[Site]] = {}
    for site in sorted(sites, key=lambda s: (-s.priority, s.id)):
        by_district.setdefault(district[site.id], []).append(site)
    order = list(by_district.values())  # insertion order: by each district's best site
    chosen: list[Site] = []
    rank = 0
    while len(chosen) < count and any(rank < len(group) for group in order):
        chosen.extend(group[rank] for group in order if rank < len(group))
        rank += 1
    return chosen[:count]


def mobile_stages(
    places: PlaceSet,
    start: dt.date,
    *,
    stages: int = 2,
    performances_per_year: int = 100,
    stage_weekdays: tuple[int, ...] = (4, 5),
    horizon_days: int = 90,
    outer_km: float = 25.0,
    min_population: int = 500,
    arrive_from: int = 15 * 60,
    arrive_by: int = 17 * 60,
    stage_minutes: int = 5 * 60,
    seconds_per_window: float = 1.0,
    priority: dict[str, float] | None = None,
    progress: Progress | None = None,
    closed_dates: frozenset[dt.date] = frozenset(),
) -> ServicePlan:
    """Plan the performances of ``stages`` mobile stages over ``horizon_days``.

    The pace is the seed's: ``performances_per_year`` (nearly 200 in 2020–2021, so 100 a
    year) × ``horizon_days`` / 365 performances in the plan, each at a different place.
    Stage *i* plays on weekday ``stage_weekdays[i]`` (one evening a week each, which is the
    seed's pace for two stages: 2 × 52 ≈ 100). The places are the outer ones: mahalle and
    villages at least ``outer_km`` from the centre with at least ``min_population``
    residents (an audience), from which the highest-priority reachable ones are chosen
    (given, e.g. from the access engine's need ranking; by default remoteness, as for the
    mobile library: the seed's aim is "regions with limited access to culture and arts"),
    taken one district at a time so that the stages do not all play in the farthest corner
    (:func:`spread_over_districts`). A stage arrives between
    ``arrive_from`` and ``arrive_by`` and stays ``stage_minutes`` (setting up, the show,
    packing up), and is back at the depot by midnight.
    """
    if stages < 1 or len(stage_weekdays) < stages:
        raise ValueError(f"{stages} stage(s) need as many weekdays, got {stage_weekdays!r}")
    depot = _centre_depot(places)
    trucks = [
        Vehicle(
            f"stage-{number}",
            f"Mobile stage {number}",
            depot,
            working_weekdays=frozenset({stage_weekdays[number - 1]}),
            shift_start=11 * 60,
            shift_end=24 * 60,
            max_stops_per_day=1,
        )
        for number in range(1, stages + 1)
    ]
    performances = round(performances_per_year * horizon_days / 365)
    candidates = [
        p
        for p in places.places
        if (p.population or 0) >= min_population and places.km_from_centre(p) >= outer_km
    ]

    def site_for(p: Place) -> Site:
        return Site(
            p.id,
            f"{p.name} ({p.district})",
            p.lon,
            p.lat,
            service_minutes=stage_minutes,
            window_start=arrive_from,
            window_end=arrive_by + stage_minutes,  # the window holds the whole stay
            min_gap_days=horizon_days,
            max_gap_days=horizon_days,
            priority=(priority or {}).get(p.id, _remoteness(places, p)),
            attributes={"place": p.id, "village": p.is_village},
        )

    whole = [site_for(p) for p in candidates]
    district = {p.id: p.district for p in candidates}
    matrix = build_matrix(whole, trucks, ROAD_MODEL)
    reachable = [s for s in whole if reachable_vehicles(s, trucks, matrix)[0]]
    chosen = spread_over_districts(reachable, district, performances)
    settings = PlanSettings(
        start,
        horizon_days=horizon_days,
        window_days=14,
        commit_days=7,
        seconds_per_window=seconds_per_window,
        closed_dates=closed_dates,
    )
    days = ", ".join(f"stage {i + 1}: {WEEKDAY_NAMES[stage_weekdays[i]]}s" for i in range(stages))
    assumptions = [
        f"depot: {depot.name} (the stages' real base is not in the data)",
        f"travel: {ROAD_MODEL.label}",
        f"{performances} performances = {performances_per_year} a year (seed: nearly 200 in "
        f"2020–2021) × {horizon_days} / 365 days, each at a different place",
        f"{stages} stages (seed), one evening a week each ({days}; assumed)",
        f"places: the {len(candidates)} mahalle and villages ≥ {outer_km:g} km from the centre "
        f"with ≥ {min_population} residents ('outer districts and villages' in the seed; the "
        f"distance and the audience size are assumed); {len(reachable)} reachable with the "
        "hours below; chosen by priority "
        + ("(given)" if priority else "= 1 + km from the centre / 10 (remoteness)")
        + ", one place a district in turn (the districts with the highest priority first)",
        f"arrival {arrive_from // 60:02d}:{arrive_from % 60:02d}–{arrive_by // 60:02d}:"
        f"{arrive_by % 60:02d}, {stage_minutes} min on site (setting up, the show, packing "
        "up), back at the depot by midnight (assumed)",
    ]
    details: dict[str, Any] = {
        "stage": {
            "stages": stages,
            "performances": performances,
            "performances_per_year": performances_per_year,
            "weekdays": list(stage_weekdays[:stages]),
            "horizon_days": horizon_days,
            "outer_km": outer_km,
            "min_population": min_population,
            "candidates": len(candidates),
            "reachable": len(reachable),
            "chosen": len(chosen),
            "villages": sum(1 for s in chosen if s.attributes["village"]),
            "stage_minutes": stage_minutes,
            "priority_given": priority is not None,
        }
    }
    return ServicePlan(
        "mobile-stage",
        plan(
            chosen,
            trucks,
            settings,
            name="mobile-stage",
            travel_model=ROAD_MODEL,
            progress=progress,
        ),
        naive_plan(chosen, trucks, settings, name="mobile-stage (naive)", travel_model=ROAD_MODEL),
        assumptions,
        details=details,
    )
