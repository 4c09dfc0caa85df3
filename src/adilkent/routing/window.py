"""One rolling-horizon window as a PyVRP instance: day copies of each due site, one vehicle
type per vehicle and working day, and the decoding of PyVRP's answer into day routes."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyvrp
from pyvrp.stop import MaxIterations, MaxRuntime

from .model import DayRoute, PlanSettings, Site, Stop, Vehicle
from .travel import TravelMatrix

DAY = 24 * 60
NO_LIMIT = 10**9


@dataclass(frozen=True)
class VisitOption:
    """Visiting ``site`` on ``day`` for ``prize``; the options of a site exclude each other."""

    site: Site
    day: int
    prize: int


@dataclass(frozen=True)
class SiteOptions:
    site: Site
    options: tuple[VisitOption, ...]
    required: bool


@dataclass(frozen=True)
class VehicleDay:
    vehicle: Vehicle
    day: int


def build_instance(
    groups: list[SiteOptions],
    vehicle_days: list[VehicleDay],
    matrix: TravelMatrix,
    stops_dimension: bool,
) -> tuple[pyvrp.ProblemData, list[VisitOption]]:
    """The PyVRP data for a window, and the visit option behind each client index."""
    index = matrix.index()
    locations = [pyvrp.Location(x=0.0, y=0.0, name=place) for place in matrix.ids]
    depot_ids = sorted({vd.vehicle.depot.id for vd in vehicle_days})
    depots = [pyvrp.Depot(location=index[depot], name=depot) for depot in depot_ids]
    depot_position = {depot: k for k, depot in enumerate(depot_ids)}

    clients: list[pyvrp.Client] = []
    options: list[VisitOption] = []
    client_groups: list[pyvrp.ClientGroup] = []
    for group_number, group in enumerate(groups):
        members = []
        for option in group.options:
            site = option.site
            delivery = [site.demand, 1] if stops_dimension else [site.demand]
            members.append(len(clients))
            clients.append(
                pyvrp.Client(
                    location=index[site.id],
                    delivery=delivery,
                    service_duration=site.service_minutes,
                    tw_early=option.day * DAY + site.window_start,
                    tw_late=option.day * DAY + site.window_end - site.service_minutes,
                    prize=option.prize,
                    required=False,
                    group=group_number,
                    name=f"{site.id}@{option.day}",
                )
            )
            options.append(option)
        client_groups.append(pyvrp.ClientGroup(members, required=group.required))

    vehicle_types = []
    for vd in vehicle_days:
        vehicle = vd.vehicle
        depot = depot_position[vehicle.depot.id]
        capacity = [vehicle.capacity]
        if stops_dimension:
            capacity.append(vehicle.max_stops_per_day or NO_LIMIT)
        vehicle_types.append(
            pyvrp.VehicleType(
                num_available=1,
                capacity=capacity,
                start_depot=depot,
                end_depot=depot,
                tw_early=vd.day * DAY + vehicle.shift_start,
                tw_late=vd.day * DAY + vehicle.shift_end,
                shift_duration=vehicle.route_limit,
                reload_depots=[depot] if vehicle.max_reloads else [],
                max_reloads=vehicle.max_reloads,
                name=f"{vehicle.id}@{vd.day}",
            )
        )
    data = pyvrp.ProblemData(
        locations=locations,
        clients=clients,
        depots=depots,
        vehicle_types=vehicle_types,
        distance_matrices=[np.ascontiguousarray(matrix.metres)],  # type: ignore[list-item]
        duration_matrices=[np.ascontiguousarray(matrix.minutes)],  # type: ignore[list-item]
        groups=client_groups,
    )
    return data, options


def penalty_bound(data: pyvrp.ProblemData) -> float:
    """The largest penalty per unit of violation PyVRP may use: twice the largest prize
    (at least PyVRP's default). PyVRP's default bound (100,000) is worth one extra stop or
    minute late; with prizes of many times that, a solution that breaks a daily stop limit to
    collect one more prize would always look better than any feasible one."""
    largest = max((client.prize for client in data.clients()), default=0)
    return float(max(pyvrp.PenaltyParams().max_penalty, 2 * largest))


def solve_instance(
    data: pyvrp.ProblemData, settings: PlanSettings, seconds: float | None = None
) -> pyvrp.Solution:
    result = pyvrp.solve(
        data,
        stop=(
            MaxIterations(settings.iterations_per_window)
            if settings.iterations_per_window is not None and seconds is None
            else MaxRuntime(seconds if seconds is not None else settings.seconds_per_window)
        ),
        seed=settings.seed,
        collect_stats=False,
        display=False,
        params=pyvrp.SolveParams(penalty=pyvrp.PenaltyParams(max_penalty=penalty_bound(data))),
    )
    return result.best


def decode(
    solution: pyvrp.Solution,
    options: list[VisitOption],
    vehicle_days: list[VehicleDay],
    settings: PlanSettings,
) -> list[DayRoute]:
    """Day routes from a PyVRP solution; times become minutes after midnight of the day."""
    routes = []
    for route in solution.routes():
        vd = vehicle_days[route.vehicle_type()]
        offset = vd.day * DAY
        stops = []
        load = trip = 0
        for activity in route.schedule():
            if activity.type == pyvrp.ActivityType.DEPOT:
                load = 0
                trip += 1  # the start depot opens trip 1, each reload the next
                continue
            option = options[activity.idx]
            load += option.site.demand
            stops.append(
                Stop(
                    site_id=option.site.id,
                    arrival=activity.start_time - activity.wait_duration - offset,
                    start=activity.start_time - offset,
                    end=activity.end_time - offset,
                    delivered_in_trip=load,
                    trip=trip,
                )
            )
        routes.append(
            DayRoute(
                day=vd.day,
                date=settings.date_of(vd.day),
                vehicle_id=vd.vehicle.id,
                stops=tuple(stops),
                depart=route.start_time() - offset,
                back=route.end_time() - offset,
                distance_m=route.distance(),
                reloads=max(route.num_trips() - 1, 0),
            )
        )
    return routes
