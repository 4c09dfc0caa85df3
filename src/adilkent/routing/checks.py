"""Why a site cannot be served: checks made before solving, each with a reason in words."""

from __future__ import annotations

from .model import Site, Vehicle
from .travel import UNREACHABLE_MINUTES, TravelMatrix

WEEKDAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def _hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def reachable_vehicles(
    site: Site, vehicles: list[Vehicle], matrix: TravelMatrix
) -> tuple[list[Vehicle], str | None]:
    """The vehicles that can serve ``site`` on some day, or none and the reason why."""
    index = matrix.index()
    reasons: list[str] = []
    able: list[Vehicle] = []
    if site.window_end - site.window_start < site.service_minutes:
        return [], (
            f"its time window {_hhmm(site.window_start)}–{_hhmm(site.window_end)} is shorter "
            f"than its service time of {site.service_minutes} min"
        )
    for vehicle in vehicles:
        days = site.allowed_weekdays & vehicle.working_weekdays
        if not days:
            reasons.append(f"{vehicle.id}: works on no day the site allows")
            continue
        if site.demand > vehicle.capacity:
            reasons.append(
                f"{vehicle.id}: demand {site.demand} exceeds capacity {vehicle.capacity}"
            )
            continue
        out = int(matrix.minutes[index[vehicle.depot.id], index[site.id]])
        back = int(matrix.minutes[index[site.id], index[vehicle.depot.id]])
        if out >= UNREACHABLE_MINUTES or back >= UNREACHABLE_MINUTES:
            reasons.append(f"{vehicle.id}: the travel model finds no way from its depot")
            continue
        start = max(vehicle.shift_start + out, site.window_start)
        latest_start = site.window_end - site.service_minutes
        if start > latest_start:
            reasons.append(
                f"{vehicle.id}: arrives at {_hhmm(vehicle.shift_start + out)} at the earliest, "
                f"after the latest start {_hhmm(latest_start)}"
            )
            continue
        home = start + site.service_minutes + back
        if home > vehicle.shift_end:
            reasons.append(
                f"{vehicle.id}: cannot be back by {_hhmm(vehicle.shift_end)} "
                f"({out} min out, {site.service_minutes} min service, {back} min back)"
            )
            continue
        if out + site.service_minutes + back > vehicle.route_limit:
            reasons.append(
                f"{vehicle.id}: the round trip takes {out + site.service_minutes + back} min, "
                f"more than the {vehicle.route_limit} min a route may last"
            )
            continue
        able.append(vehicle)
    if able:
        return able, None
    return [], "no vehicle can serve it — " + "; ".join(reasons)
