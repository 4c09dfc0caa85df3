"""The rolling-horizon periodic planner.

Each window of ``window_days`` days offers every due site once, as mutually exclusive day
copies (a PyVRP client group). A site whose deadline (last visit + ``max_gap_days``) falls in
the window must be visited in it; any other due site is optional and earns a prize scaled by
its priority and by how overdue it is. The first ``commit_days`` days are kept, the last
visits carried over, and the window rolls on. Keeping at most ``min_gap_days`` days per step
guarantees that no site is visited more often than allowed.

>>> # see tests/test_periodic.py for worked examples
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from dataclasses import replace

from pyvrp.exceptions import PenaltyBoundWarning

from .checks import reachable_vehicles
from .model import DayRoute, Plan, PlanInputError, PlanSettings, Site, Unserved, Vehicle
from .travel import TravelMatrix, travel_matrix
from .window import SiteOptions, VehicleDay, VisitOption, build_instance, decode, solve_instance

Progress = Callable[[int, int], None]


def build_matrix(sites: list[Site], vehicles: list[Vehicle], model: object = None) -> TravelMatrix:
    depots = {vehicle.depot.id: vehicle.depot for vehicle in vehicles}
    clash = set(depots) & {site.id for site in sites}
    if clash:
        raise PlanInputError(f"ids used for both a depot and a site: {sorted(clash)}")
    ids = list(depots) + [site.id for site in sites]
    lon = [d.lon for d in depots.values()] + [s.lon for s in sites]
    lat = [d.lat for d in depots.values()] + [s.lat for s in sites]
    return travel_matrix(ids, lon, lat, model)  # type: ignore[arg-type]


def validate(sites: list[Site], vehicles: list[Vehicle]) -> None:
    if not vehicles:
        raise PlanInputError("no vehicles: a plan needs at least one")
    for kind, ids in (("site", [s.id for s in sites]), ("vehicle", [v.id for v in vehicles])):
        seen: set[str] = set()
        for item in ids:
            if item in seen:
                raise PlanInputError(f"{kind} id {item!r} appears more than once")
            seen.add(item)


def deadline(site: Site) -> int | None:
    """The last day by which the site must next be visited (``None``: no deadline)."""
    if site.max_gap_days is None:
        return None
    last = site.last_visit if site.last_visit is not None else -1
    return last + site.max_gap_days


def earliest(site: Site) -> int:
    if site.last_visit is None:
        return 0
    return site.last_visit + site.min_gap_days


def prize_for(
    site: Site, day: int, window_start: int, settings: PlanSettings, floor: int = 0
) -> int:
    """Priority × overdue-ness × ``prize_metres``, slightly less for later days of the window,
    and never less than ``floor`` (see :func:`prize_floors`).

    Overdue-ness is 2 for a site never visited, else 1 plus the days past its earliest allowed
    visit over its minimum gap (capped at 3)."""
    if site.last_visit is None:
        urgency = 2.0
    else:
        waited = max(0, window_start - earliest(site))
        urgency = min(3.0, 1.0 + waited / site.min_gap_days)
    later = 1.0 - 0.01 * (day - window_start)
    prize = settings.prize_metres * site.priority * urgency
    return max(1, round(max(prize, floor) * later))


def prize_floors(
    sites: list[Site], able: dict[str, list[Vehicle]], matrix: TravelMatrix
) -> dict[str, int]:
    """For a site with a deadline: twice its cheapest round trip from a depot that can serve
    it. Such a site must be visited before its deadline anyway, so its travel is no saving:
    without the floor a low-priority, far-away site waits until its deadline and many such
    sites can fall due in the same window, more than the vehicles can do."""
    index = matrix.index()
    floors = {}
    for site in sites:
        if site.max_gap_days is None or not able.get(site.id):
            continue
        here = index[site.id]
        floors[site.id] = 2 * min(
            int(matrix.metres[index[v.depot.id], here] + matrix.metres[here, index[v.depot.id]])
            for v in able[site.id]
        )
    return floors


def window_groups(
    sites: list[Site],
    able: dict[str, list[Vehicle]],
    start: int,
    end: int,
    settings: PlanSettings,
    floors: dict[str, int] | None = None,
) -> list[SiteOptions]:
    groups = []
    for site in sites:
        due = deadline(site)
        vehicle_days = {
            weekday for vehicle in able[site.id] for weekday in vehicle.working_weekdays
        } & site.allowed_weekdays
        days = [
            day
            for day in range(max(start, earliest(site)), end)
            if settings.works_on(day, vehicle_days)
        ]
        if not days:
            continue
        required = due is not None and due < end
        if required and due is not None and any(day <= due for day in days):
            days = [day for day in days if day <= due]
        options = tuple(
            VisitOption(
                site, day, prize_for(site, day, start, settings, (floors or {}).get(site.id, 0))
            )
            for day in days
        )
        groups.append(SiteOptions(site, options, required))
    required_groups = [g for g in groups if g.required]
    optional = sorted(
        (g for g in groups if not g.required), key=lambda g: -max(o.prize for o in g.options)
    )
    budget = settings.max_visit_options - sum(len(g.options) for g in required_groups)
    kept = list(required_groups)
    for group in optional:
        if len(group.options) > budget:
            break
        kept.append(group)
        budget -= len(group.options)
    return kept


def plan(
    sites: list[Site],
    vehicles: list[Vehicle],
    settings: PlanSettings,
    *,
    name: str = "plan",
    travel_model: object = None,
    progress: Progress | None = None,
) -> Plan:
    """Plan ``settings.horizon_days`` days of routes.

    Sites no vehicle can ever serve are listed in ``Plan.unserved`` with the reason; sites whose
    deadline could not be met in a window are served as soon as possible and named in
    ``Plan.warnings``. The plan is returned in every case (best partial plan).
    """
    validate(sites, vehicles)
    matrix = build_matrix(sites, vehicles, travel_model)
    able: dict[str, list[Vehicle]] = {}
    unserved: list[Unserved] = []
    for site in sites:
        vehicles_for_site, reason = reachable_vehicles(site, vehicles, matrix)
        able[site.id] = vehicles_for_site
        if reason:
            unserved.append(Unserved(site.id, reason))
    servable = [site for site in sites if able[site.id]]
    floors = prize_floors(servable, able, matrix)
    stops_dimension = any(v.max_stops_per_day is not None for v in vehicles)
    min_gap = min((site.min_gap_days for site in servable), default=settings.commit_days)
    step = min(settings.commit_days, min_gap)

    current = {site.id: site for site in servable}
    routes: list[DayRoute] = []
    notes: list[str] = []
    starts = list(range(0, settings.horizon_days, step))
    for number, start in enumerate(starts):
        end = min(start + settings.window_days, settings.horizon_days)
        keep_until = min(start + step, settings.horizon_days)
        groups = window_groups(list(current.values()), able, start, end, settings, floors)
        offered = {group.site.id for group in groups}
        for group in groups:
            due = deadline(group.site)
            first = min(option.day for option in group.options)
            if group.required and due is not None and first > due:
                notes.append(
                    f"site {group.site.id!r}: deadline day {due} cannot be met — the first "
                    f"possible visit is day {first}"
                )
        for waiting in current.values():
            due = deadline(waiting)
            if due is not None and due < end and waiting.id not in offered:
                notes.append(
                    f"site {waiting.id!r}: deadline day {due} cannot be met — no day in the "
                    f"window of days {start}–{end - 1} on which a vehicle that can reach it "
                    "works and the site is open; it stays due"
                )
        vehicle_days = [
            VehicleDay(vehicle, day)
            for day in range(start, end)
            for vehicle in vehicles
            if settings.works_on(day, vehicle.working_weekdays)
        ]
        if groups and vehicle_days:
            window_routes = _solve_window(groups, vehicle_days, matrix, stops_dimension, settings)
            if window_routes is None:
                relaxed = [replace(g, required=False) for g in groups]
                boosted = [
                    replace(
                        g,
                        options=tuple(replace(o, prize=o.prize * 1000) for o in g.options),
                    )
                    if g.required
                    else g
                    for g in relaxed
                ]
                window_routes = (
                    _solve_window(boosted, vehicle_days, matrix, stops_dimension, settings) or []
                )
                served = {s.site_id for r in window_routes for s in r.stops}
                for group in groups:
                    if group.required and group.site.id not in served:
                        notes.append(
                            f"site {group.site.id!r}: deadline day {deadline(group.site)} could "
                            f"not be met in the window of days {start}–{end - 1} (too little "
                            "vehicle time); it stays due"
                        )
            for route in window_routes:
                if route.day < keep_until and route.stops:
                    routes.append(route)
                    for stop in route.stops:
                        current[stop.site_id] = replace(current[stop.site_id], last_visit=route.day)
        if progress:
            progress(number + 1, len(starts))
    routes.sort(key=lambda r: (r.day, r.vehicle_id))
    return Plan(
        name=name,
        settings=settings,
        travel_model=matrix.model,
        routes=routes,
        unserved=unserved,
        warnings=sorted(set(notes)),
        sites={site.id: site for site in sites},
        vehicles={vehicle.id: vehicle for vehicle in vehicles},
    )


def _solve_window(
    groups: list[SiteOptions],
    vehicle_days: list[VehicleDay],
    matrix: TravelMatrix,
    stops_dimension: bool,
    settings: PlanSettings,
) -> list[DayRoute] | None:
    data, options = build_instance(groups, vehicle_days, matrix, stops_dimension)
    with warnings.catch_warnings():
        # an infeasible window is expected here and handled by the caller
        warnings.simplefilter("ignore", PenaltyBoundWarning)
        solution = solve_instance(data, settings)
    if not solution.is_feasible():
        return None
    return decode(solution, options, vehicle_days, settings)
