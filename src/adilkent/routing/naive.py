"""The naive plan a dispatcher would draw by hand, to compare against.

Round-robin days: every working day each vehicle takes the sites that have waited longest
(fewest visits so far, then longest since the last), among those it may visit that day;
nearest-neighbour order: from the depot it always drives to the nearest such site that still
fits in the shift, the capacity and the daily stop limit. It reloads at its depot when the
next site does not fit. Priorities and deadlines are not looked at; the minimum gap between visits, time windows and allowed days are respected.
"""

from __future__ import annotations

from .checks import reachable_vehicles
from .model import DayRoute, Plan, PlanSettings, Site, Stop, Unserved, Vehicle
from .periodic import build_matrix, earliest, validate
from .travel import TravelMatrix


def naive_plan(
    sites: list[Site],
    vehicles: list[Vehicle],
    settings: PlanSettings,
    *,
    name: str = "naive plan",
    travel_model: object = None,
) -> Plan:
    validate(sites, vehicles)
    matrix = build_matrix(sites, vehicles, travel_model)
    able: dict[str, set[str]] = {}
    unserved = []
    for site in sites:
        vehicles_for_site, reason = reachable_vehicles(site, vehicles, matrix)
        able[site.id] = {v.id for v in vehicles_for_site}
        if reason:
            unserved.append(Unserved(site.id, reason))
    last = {site.id: site.last_visit for site in sites}
    count = {site.id: 0 for site in sites}
    routes = []
    for day in range(settings.horizon_days):
        weekday = settings.weekday_of(day)
        taken: set[str] = set()
        for vehicle in vehicles:
            if not settings.works_on(day, vehicle.working_weekdays):
                continue
            candidates = [
                site
                for site in sites
                if vehicle.id in able[site.id]
                and weekday in site.allowed_weekdays
                and site.id not in taken
                and day >= earliest_after(site, last[site.id])
            ]
            candidates.sort(
                key=lambda s: (count[s.id], last[s.id] if last[s.id] is not None else -(10**6))
            )
            route = _nearest_neighbour_route(vehicle, candidates, count, day, matrix, settings)
            if route.stops:
                routes.append(route)
                for stop in route.stops:
                    taken.add(stop.site_id)
                    last[stop.site_id] = day
                    count[stop.site_id] += 1
    return Plan(
        name=name,
        settings=settings,
        travel_model=matrix.model,
        routes=routes,
        unserved=unserved,
        warnings=[],
        sites={site.id: site for site in sites},
        vehicles={vehicle.id: vehicle for vehicle in vehicles},
    )


def earliest_after(site: Site, last: int | None) -> int:
    from dataclasses import replace

    return earliest(replace(site, last_visit=last))


def _nearest_neighbour_route(
    vehicle: Vehicle,
    candidates: list[Site],
    count: dict[str, int],
    day: int,
    matrix: TravelMatrix,
    settings: PlanSettings,
) -> DayRoute:
    index = matrix.index()
    # round robin: only the sites in the least-visited tier are taken while any remain
    here = index[vehicle.depot.id]
    home = here
    clock = vehicle.shift_start
    load = reloads = 0
    stops: list[Stop] = []
    distance = 0
    pool = list(candidates)
    while pool and (vehicle.max_stops_per_day is None or len(stops) < vehicle.max_stops_per_day):
        lowest = min(count[s.id] for s in pool)
        tier = [s for s in pool if count[s.id] == lowest]
        tier.sort(key=lambda s: matrix.minutes[here, index[s.id]])
        chosen = None
        for site in tier:
            position = index[site.id]
            reload = load + site.demand > vehicle.capacity and reloads < vehicle.max_reloads
            via = home if reload else here
            detour = int(matrix.minutes[here, home]) if reload else 0
            arrive = clock + detour + int(matrix.minutes[via, position])
            begin = max(arrive, site.window_start)
            finish = begin + site.service_minutes
            back = finish + int(matrix.minutes[position, home])
            if (
                begin <= site.window_end - site.service_minutes
                and back <= vehicle.shift_end
                and back - vehicle.shift_start <= vehicle.route_limit
                and (0 if reload else load) + site.demand <= vehicle.capacity
            ):
                chosen = (site, arrive, begin, finish, reload)
                break
        if chosen is None:
            break
        site, arrive, begin, finish, reload = chosen
        if reload:
            distance += int(matrix.metres[here, home])
            here, load, reloads = home, 0, reloads + 1
        load += site.demand
        distance += int(matrix.metres[here, index[site.id]])
        stops.append(Stop(site.id, arrive, begin, finish, load, trip=reloads + 1))
        here = index[site.id]
        clock = finish
        pool.remove(site)
    back = clock + int(matrix.minutes[here, home]) if stops else vehicle.shift_start
    distance += int(matrix.metres[here, home]) if stops else 0
    return DayRoute(
        day=day,
        date=settings.date_of(day),
        vehicle_id=vehicle.id,
        stops=tuple(stops),
        depart=vehicle.shift_start,
        back=back,
        distance_m=distance,
        reloads=reloads,
    )
