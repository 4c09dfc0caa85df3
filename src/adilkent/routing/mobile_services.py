"""Planning the directorate's mobile services on real places.

Each function states the rules it uses and returns a :class:`ServicePlan`: the optimised plan,
the naive plan on the same sites and vehicles, and the assumptions in words. Figures taken from
the seed documents are named as such; every other number is a parameter with a default that is
an assumption, listed in ``assumptions`` so that no output hides it.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from adilkent.access.model import StraightLineModel

from .checks import reachable_vehicles
from .model import Depot, Plan, PlanSettings, Site, Vehicle, merge_plans
from .naive import naive_plan
from .periodic import Progress, build_matrix, plan
from .places import Place, PlaceSet

ROAD_MODEL = StraightLineModel(speed_kmh=60.0, circuity=1.3, mode="drive")


@dataclass
class ServicePlan:
    service: str
    plan: Plan
    naive: Plan
    assumptions: list[str] = field(default_factory=list)
    site_notes: dict[str, str] = field(default_factory=dict)
    details: dict[str, Any] = field(default_factory=dict)


def _remoteness(places: PlaceSet, place: Place) -> float:
    return 1.0 + places.km_from_centre(place) / 10.0


def _centre_depot(places: PlaceSet) -> Depot:
    return Depot("depot-centre", places.centre_name, places.centre_lon, places.centre_lat)


def mobile_library(
    places: PlaceSet,
    start: dt.date,
    *,
    villages_per_month: int = 20,
    cycle_days: int = 45,
    slack_days: int = 2,
    horizon_days: int = 90,
    service_minutes: int = 180,
    seconds_per_window: float = 1.0,
    priority: dict[str, float] | None = None,
    progress: Progress | None = None,
    closed_dates: frozenset[dt.date] = frozenset(),
) -> ServicePlan:
    """The mobile library: one village a weekday, each served village every ``cycle_days``.

    Seed: "goes to a different village every day, visits the same village once in 45 days …
    20 villages per month". So it serves 20 × 45 / 30 = 30 villages; these are the 30
    reachable villages with the highest priority (by default remoteness: 1 + km from the centre
    / 10). The rule: two visits to the same village are never less than ``cycle_days`` apart
    (a hard minimum), and the next visit is due at the latest ``slack_days`` later (2 by
    default: 45 days after a Wednesday is a Saturday, so the earliest working day is 47 days
    on). With one village a working day, 30 villages and 45–47-day cycles the pace is 20
    villages a month.
    """
    depot = _centre_depot(places)
    library = Vehicle(
        "library",
        "Mobile library",
        depot,
        shift_start=8 * 60,
        shift_end=18 * 60,
        max_stops_per_day=1,
    )
    served = round(villages_per_month * cycle_days / 30)
    candidates = [
        Site(
            p.id,
            f"{p.name} ({p.district})",
            p.lon,
            p.lat,
            service_minutes=service_minutes,
            min_gap_days=cycle_days,
            max_gap_days=cycle_days + slack_days,
            priority=(priority or {}).get(p.id, _remoteness(places, p)),
        )
        for p in places.places
        if p.is_village
    ]
    matrix = build_matrix(candidates, [library], ROAD_MODEL)
    reachable = [s for s in candidates if reachable_vehicles(s, [library], matrix)[0]]
    chosen = sorted(reachable, key=lambda s: (-s.priority, s.id))[:served]
    settings = PlanSettings(
        start,
        horizon_days=horizon_days,
        window_days=14,
        commit_days=7,
        seconds_per_window=seconds_per_window,
        closed_dates=closed_dates,
    )
    assumptions = [
        f"depot: {depot.name} (the library's real base is not in the data)",
        f"travel: {ROAD_MODEL.label}",
        f"{len(candidates)} villages ('Köyler' mahalle) in {places.source}; "
        f"{len(reachable)} reachable and back within the 08:00–18:00 day with "
        f"{service_minutes} min on site (assumed)",
        f"{len(chosen)} villages served = {villages_per_month} a month × {cycle_days} days / 30 "
        "(seed figures), chosen by priority "
        + ("(given)" if priority else "= 1 + km from the centre / 10 (remoteness)"),
        f"one village a working day; two visits to a village at least {cycle_days} days apart "
        f"(seed), the next one due within {cycle_days + slack_days} days",
    ]
    return ServicePlan(
        "mobile-library",
        plan(
            chosen,
            [library],
            settings,
            name="mobile-library",
            travel_model=ROAD_MODEL,
            progress=progress,
        ),
        naive_plan(
            chosen, [library], settings, name="mobile-library (naive)", travel_model=ROAD_MODEL
        ),
        assumptions,
    )


@dataclass(frozen=True)
class WeekdayVehicle:
    """A vehicle that makes one stop a weekday in a mahalle chosen by priority, and what each
    stop offers (``slots`` of ``slot_minutes`` in a stop of ``stop_minutes``)."""

    key: str
    label: str
    slot_name: str  # what the slots are called in the plan's attributes ("appointments")
    horizon_days: int = 28
    slot_minutes: int = 45
    stop_minutes: int = 360
    min_population: int = 1000
    revisit_days: int = 28


def _weekday_stops(
    places: PlaceSet,
    start: dt.date,
    vehicle_rule: WeekdayVehicle,
    *,
    seconds_per_window: float,
    priority: dict[str, float] | None,
    progress: Progress | None,
    slots_assumed: str,
    closed_dates: frozenset[dt.date] = frozenset(),
) -> ServicePlan:
    """One stop a weekday from a central base, in the mahalle with at least
    ``min_population`` residents, by priority (default: residents in thousands × remoteness),
    a stop not repeated within ``revisit_days``."""
    rule = vehicle_rule
    depot = _centre_depot(places)
    vehicle = Vehicle(
        rule.key,
        rule.label,
        depot,
        shift_start=8 * 60 + 30,
        shift_end=17 * 60 + 30,
        max_stops_per_day=1,
        break_minutes=0,
    )
    slots = rule.stop_minutes // rule.slot_minutes
    sites = [
        Site(
            p.id,
            f"{p.name} ({p.district})",
            p.lon,
            p.lat,
            service_minutes=rule.stop_minutes,
            window_start=9 * 60,
            window_end=17 * 60,
            min_gap_days=rule.revisit_days,
            priority=(priority or {}).get(
                p.id, (p.population or 0) / 1000 * _remoteness(places, p)
            ),
            attributes={rule.slot_name: slots},
        )
        for p in places.places
        if (p.population or 0) >= rule.min_population
    ]
    settings = PlanSettings(
        start,
        horizon_days=rule.horizon_days,
        window_days=14,
        commit_days=7,
        seconds_per_window=seconds_per_window,
        closed_dates=closed_dates,
        max_visit_options=600,
    )
    return ServicePlan(
        rule.key,
        plan(sites, [vehicle], settings, name=rule.key, travel_model=ROAD_MODEL, progress=progress),
        naive_plan(sites, [vehicle], settings, name=f"{rule.key} (naive)", travel_model=ROAD_MODEL),
        [
            f"depot: {depot.name} (the vehicle's base is not in the data)",
            f"travel: {ROAD_MODEL.label}",
            f"{len(sites)} candidate mahalle with ≥ {rule.min_population} residents (TÜİK 2025)",
            "priority "
            + ("given" if priority else "= residents / 1000 × (1 + km from centre / 10)"),
            f"{slots} {slots_assumed} of {rule.slot_minutes} min per stop (assumed)",
        ],
    )


def legal_aid(
    places: PlaceSet,
    start: dt.date,
    *,
    horizon_days: int = 28,
    appointment_minutes: int = 45,
    stop_minutes: int = 360,
    min_population: int = 1000,
    revisit_days: int = 28,
    seconds_per_window: float = 1.0,
    priority: dict[str, float] | None = None,
    progress: Progress | None = None,
    closed_dates: frozenset[dt.date] = frozenset(),
) -> ServicePlan:
    """The Legal Aid Vehicle: one mahalle stop a weekday, chosen by priority.

    Seed: free legal support "in areas far from the city center, where social injustice is seen
    intensely". Candidates are mahalle with at least ``min_population`` residents; priority by
    default is residents (thousands) × remoteness — a stand-in for the need ranking of the access
    engine. A stop is not repeated within ``revisit_days``; each offers
    ``stop_minutes // appointment_minutes`` appointments.
    """
    rule = WeekdayVehicle(
        "legal-aid", "Legal Aid Vehicle", "appointments", horizon_days=horizon_days,
        slot_minutes=appointment_minutes, stop_minutes=stop_minutes,
        min_population=min_population, revisit_days=revisit_days,
    )  # fmt: skip
    return _weekday_stops(
        places, start, rule, seconds_per_window=seconds_per_window, priority=priority,
        progress=progress, slots_assumed="appointments", closed_dates=closed_dates,
    )  # fmt: skip


def employment_point(
    places: PlaceSet,
    start: dt.date,
    *,
    horizon_days: int = 28,
    registration_minutes: int = 20,
    stop_minutes: int = 360,
    min_population: int = 1000,
    revisit_days: int = 28,
    seconds_per_window: float = 1.0,
    priority: dict[str, float] | None = None,
    progress: Progress | None = None,
    closed_dates: frozenset[dt.date] = frozenset(),
) -> ServicePlan:
    """The mobile employment application point (Meslek Fabrikası, since 2025): one mahalle
    stop a weekday, where people are signed up to the digital employment platform and helped
    with CVs and applications.

    Seed 004 says the point travels but names neither its places nor its rule; the plan uses
    the Legal Aid Vehicle's rule (residents × remoteness, a stand-in for the need ranking) and
    says so. Each stop offers ``stop_minutes // registration_minutes`` registrations
    (assumed).
    """
    rule = WeekdayVehicle(
        "employment-point", "Mobile employment point", "registrations",
        horizon_days=horizon_days, slot_minutes=registration_minutes, stop_minutes=stop_minutes,
        min_population=min_population, revisit_days=revisit_days,
    )  # fmt: skip
    result = _weekday_stops(
        places, start, rule, seconds_per_window=seconds_per_window, priority=priority,
        progress=progress, slots_assumed="registrations", closed_dates=closed_dates,
    )  # fmt: skip
    result.assumptions.insert(
        0, "the seed names no places or rule for the point: the Legal Aid Vehicle's rule is used"
    )
    return result


def balanced_teams(
    points: list[Place], teams: int, *, slack: float = 0.15, rounds: int = 8
) -> list[int]:
    """Assign places to ``teams`` so each team's population stays within (1 + slack) × mean,
    places close to their team's centre: centres start at evenly spread population quantiles
    along the principal axis, then alternate greedy capacitated assignment (largest regret
    first) and population-weighted centre updates."""
    xy = np.column_stack(
        [
            np.array([p.lon for p in points])
            * math.cos(math.radians(np.mean([p.lat for p in points]))),
            np.array([p.lat for p in points]),
        ]
    )
    weight = np.array([float(p.population or 0) for p in points])
    cap = (1 + slack) * weight.sum() / teams
    rng = np.random.default_rng(0)
    centres = xy[rng.choice(len(points), size=teams, replace=False, p=weight / weight.sum())]
    assignment = np.zeros(len(points), dtype=int)
    for _ in range(rounds):
        dist = np.linalg.norm(xy[:, None, :] - centres[None, :, :], axis=2)
        ordered = np.sort(dist, axis=1)
        regret = ordered[:, 1] - ordered[:, 0]
        load = np.zeros(teams)
        for i in np.argsort(-regret):
            for team in np.argsort(dist[i]):
                if load[team] + weight[i] <= cap or load.min() == load[team]:
                    assignment[i] = team
                    load[team] += weight[i]
                    break
        for team in range(teams):
            members = assignment == team
            if members.any() and weight[members].sum() > 0:
                centres[team] = np.average(xy[members], axis=0, weights=weight[members])
    return [int(team) for team in assignment]


def milk_places(places: PlaceSet, neighbourhoods: int = 614) -> list[Place]:
    """The mahalle Süt Kuzusu serves: the ``neighbourhoods`` most populous mahalle with a
    matched population (ties by id), the stated stand-in for the programme's own list."""
    ranked = sorted(
        (p for p in places.places if p.population), key=lambda p: (-(p.population or 0), p.id)
    )
    return ranked[:neighbourhoods]


def milk_distribution(
    places: PlaceSet,
    start: dt.date,
    *,
    neighbourhoods: int = 614,
    teams: int = 58,
    children_total: int = 156_313,
    litres_per_child: int = 8,
    minutes_per_child: float = 1.5,
    van_litres: int = 1_000,
    horizon_days: int = 30,
    team_limit: int | None = None,
    seconds_per_window: float = 0.3,
    progress: Progress | None = None,
    closed_dates: frozenset[dt.date] = frozenset(),
) -> list[ServicePlan]:
    """Süt Kuzusu: monthly door-to-door milk delivery by teams.

    Seed: "8 liters per child per month … in 614 neighborhoods with 58 different teams"; 156,313
    children (2020). Rule for the 614: the most populous mahalle with a matched population
    (no income or child counts per mahalle are in the data). Children per mahalle: the seed's
    total shared in proportion to population. Teams: :func:`balanced_teams`. Each team's depot
    is its most populous mahalle's centroid (the real warehouses are not in the data). A
    mahalle whose door-to-door round takes longer than a day is split into day parts; each part
    is visited once in the month; vans reload at the depot.
    """
    chosen = milk_places(places, neighbourhoods)
    teams = min(teams, len(chosen))
    total_population = sum(p.population or 0 for p in chosen)
    assignment = balanced_teams(chosen, teams)
    results = []
    team_ids = sorted(set(assignment))[: team_limit or None]
    for number, team in enumerate(team_ids):
        members = [p for p, t in zip(chosen, assignment, strict=True) if t == team]
        home = max(members, key=lambda p: p.population or 0)
        depot = Depot(
            f"depot-team-{team + 1}",
            f"centroid of {home.name} ({home.district})",
            home.lon,
            home.lat,
        )
        van = Vehicle(
            f"team-{team + 1}",
            f"Süt Kuzusu team {team + 1}",
            depot,
            capacity=van_litres,
            shift_start=8 * 60,
            shift_end=17 * 60,
            break_minutes=60,
            max_reloads=8,
        )
        sites = []
        for p in members:
            children = children_total * (p.population or 0) / total_population
            work = children * minutes_per_child
            litres = children * litres_per_child
            parts = max(1, math.ceil(work / (van.route_limit - 60)), math.ceil(litres / van_litres))
            for k in range(parts):
                sites.append(
                    Site(
                        f"{p.id}-{k + 1}" if parts > 1 else p.id,
                        f"{p.name} ({p.district})" + (f" {k + 1}/{parts}" if parts > 1 else ""),
                        p.lon,
                        p.lat,
                        service_minutes=math.ceil(work / parts),
                        demand=math.ceil(litres / parts),
                        min_gap_days=horizon_days,
                        max_gap_days=horizon_days,
                        attributes={
                            "children": children / parts,
                            "place": p.id,
                            "population": (p.population or 0) / parts,
                            "team": team + 1,
                        },
                    )
                )
        settings = PlanSettings(
            start,
            horizon_days=horizon_days,
            window_days=14,
            commit_days=7,
            seconds_per_window=seconds_per_window,
            closed_dates=closed_dates,
        )
        assumptions = [
            f"{len(chosen)} most populous mahalle with a matched population (of "
            f"{len(places.places)}), {teams} teams balanced by population (±15 %) and distance",
            f"children per mahalle: {children_total:,} (seed, 2020) × population share",
            f"{litres_per_child} L per child a month (seed); {minutes_per_child:g} min per "
            f"child door to door and {van_litres} L per van load (assumed)",
            f"depot: {depot.name} (warehouses are not in the data)",
            f"travel: {ROAD_MODEL.label}",
        ]
        results.append(
            ServicePlan(
                f"milk-team-{team + 1}",
                plan(sites, [van], settings, name=f"milk-team-{team + 1}", travel_model=ROAD_MODEL),
                naive_plan(
                    sites,
                    [van],
                    settings,
                    name=f"milk-team-{team + 1} (naive)",
                    travel_model=ROAD_MODEL,
                ),
                assumptions,
            )
        )
        if progress:
            progress(number + 1, len(team_ids))
    return results


def milk_service(
    places: PlaceSet,
    start: dt.date,
    *,
    neighbourhoods: int = 614,
    teams: int = 58,
    children_total: int = 156_313,
    horizon_days: int = 30,
    seconds_per_window: float = 0.3,
    team_limit: int | None = None,
    progress: Progress | None = None,
    closed_dates: frozenset[dt.date] = frozenset(),
) -> ServicePlan:
    """Süt Kuzusu as one plan: every team's routes together, and per team what it serves.

    ``details`` holds the rule for the served mahalle (``rule``: the numbers asked for and
    found) and ``teams``: for each team its depot, mahalle, children, residents, litres, and the
    distance, working days and reloads of its routes and of the naive plan's.
    """
    chosen = milk_places(places, neighbourhoods)
    team_plans = milk_distribution(
        places,
        start,
        neighbourhoods=neighbourhoods,
        teams=teams,
        children_total=children_total,
        horizon_days=horizon_days,
        team_limit=team_limit,
        seconds_per_window=seconds_per_window,
        closed_dates=closed_dates,
        progress=progress,
    )
    summaries = []
    for service in team_plans:
        van = next(iter(service.plan.vehicles.values()))
        members: dict[str, dict[str, float]] = {}
        for site in service.plan.sites.values():
            row = members.setdefault(
                str(site.attributes["place"]), {"children": 0.0, "population": 0.0, "parts": 0}
            )
            row["children"] += site.attributes["children"]
            row["population"] += site.attributes["population"]
            row["parts"] += 1
        summaries.append(
            {
                "team": int(next(iter(service.plan.sites.values())).attributes["team"]),
                "vehicle": van.id,
                "name": van.name,
                "depot": {"name": van.depot.name, "lon": van.depot.lon, "lat": van.depot.lat},
                "places": {
                    place: {
                        "children": round(row["children"]),
                        "population": round(row["population"]),
                        "parts": int(row["parts"]),
                    }
                    for place, row in sorted(members.items())
                },
                "children": round(sum(row["children"] for row in members.values())),
                "population": round(sum(row["population"] for row in members.values())),
                "litres": sum(site.demand for site in service.plan.sites.values()),
                "distance_km": round(sum(r.distance_m for r in service.plan.routes) / 1000, 1),
                "days": len(service.plan.routes),
                "reloads": sum(r.reloads for r in service.plan.routes),
                "hours": round(sum(r.duration_minutes for r in service.plan.routes) / 60, 1),
                "naive_distance_km": round(
                    sum(r.distance_m for r in service.naive.routes) / 1000, 1
                ),
            }
        )
    assumptions = list(team_plans[0].assumptions[:-2]) if team_plans else []
    assumptions += [
        "depot of each team: the centroid of its most populous mahalle (warehouses are not in "
        "the data)",
        f"travel: {ROAD_MODEL.label}",
        f"solver: {seconds_per_window:g} s per planning window of each team",
    ]
    return ServicePlan(
        "milk",
        merge_plans([s.plan for s in team_plans], "milk"),
        merge_plans([s.naive for s in team_plans], "milk (naive)"),
        assumptions,
        details={
            "rule": {
                "asked": neighbourhoods,
                "served": len(chosen),
                "with_population": sum(1 for p in places.places if p.population),
                "all": len(places.places),
                "teams": len(summaries),
                "teams_asked": teams,
                "smallest_population": min((p.population or 0 for p in chosen), default=0),
            },
            "teams": summaries,
        },
    )
