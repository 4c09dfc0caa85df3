"""The vocabulary of mobile-service planning: sites, vehicles, settings and plans.

Times are whole minutes (time of day: minutes after midnight), distances whole metres, days
integers counted from the plan's start date (day 0). A site's ``last_visit`` may be negative
(a visit before the plan starts).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any

WEEKDAYS = frozenset(range(7))
WORKDAYS = frozenset(range(5))  # Monday (0) to Friday (4)


class PlanInputError(ValueError):
    """Input the planner cannot use; the message names the site or vehicle and why."""


@dataclass(frozen=True)
class Depot:
    """Where a vehicle starts and ends its day (and reloads)."""

    id: str
    name: str
    lon: float
    lat: float


@dataclass(frozen=True)
class Site:
    """A place the service visits: a village, a mahalle stop.

    ``min_gap_days`` is the least number of days between two visits ("at most once every 45
    days" is 45); ``max_gap_days`` the most ("at least every N days"); ``None`` means the
    site has no deadline and is visited when it earns its prize. ``priority`` weighs the prize
    (a need rank from the access engine when given; any positive number).
    """

    id: str
    name: str
    lon: float
    lat: float
    service_minutes: int = 60
    demand: int = 0
    allowed_weekdays: frozenset[int] = WEEKDAYS
    window_start: int = 0
    window_end: int = 24 * 60
    min_gap_days: int = 1
    max_gap_days: int | None = None
    last_visit: int | None = None
    priority: float = 1.0
    attributes: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def __post_init__(self) -> None:
        problems = []
        if not self.id:
            problems.append("an empty id")
        if not (-180 <= self.lon <= 180 and -90 <= self.lat <= 90):
            problems.append(f"coordinates out of range ({self.lon}, {self.lat})")
        if self.service_minutes < 0:
            problems.append("a negative service time")
        if self.demand < 0:
            problems.append("a negative demand")
        if not 0 <= self.window_start <= self.window_end <= 24 * 60:
            problems.append(
                f"a time window {self.window_start}–{self.window_end} that is not within one day"
            )
        if self.min_gap_days < 1:
            problems.append("a minimum gap below one day")
        if self.max_gap_days is not None and self.max_gap_days < self.min_gap_days:
            problems.append(
                f"a maximum gap ({self.max_gap_days} d) below its minimum gap "
                f"({self.min_gap_days} d)"
            )
        if not self.allowed_weekdays or not self.allowed_weekdays <= WEEKDAYS:
            problems.append("no valid allowed weekday (0 = Monday … 6 = Sunday)")
        if self.priority <= 0:
            problems.append("a priority that is not positive")
        if problems:
            raise PlanInputError(f"site {self.id!r}: " + "; ".join(problems))


@dataclass(frozen=True)
class Vehicle:
    """A vehicle with its crew: working days and hours, capacity, depot and limits.

    ``break_minutes`` is reserved out of the working time (the route may last at most the shift
    minus the break); ``max_stops_per_day`` caps visits a day ("a different village every day"
    is 1); ``max_reloads`` lets a route return to its depot to reload.
    """

    id: str
    name: str
    depot: Depot
    capacity: int = 10**9
    working_weekdays: frozenset[int] = WORKDAYS
    shift_start: int = 8 * 60
    shift_end: int = 17 * 60
    break_minutes: int = 0
    max_route_minutes: int | None = None
    max_stops_per_day: int | None = None
    max_reloads: int = 0

    def __post_init__(self) -> None:
        problems = []
        if not 0 <= self.shift_start < self.shift_end <= 24 * 60:
            problems.append(f"a shift {self.shift_start}–{self.shift_end} not within one day")
        if self.capacity <= 0:
            problems.append("a capacity that is not positive")
        if self.break_minutes < 0 or self.break_minutes >= self.shift_end - self.shift_start:
            problems.append("a break that does not fit in the shift")
        if self.max_stops_per_day is not None and self.max_stops_per_day < 1:
            problems.append("a daily stop limit below one")
        if not self.working_weekdays or not self.working_weekdays <= WEEKDAYS:
            problems.append("no valid working weekday")
        if problems:
            raise PlanInputError(f"vehicle {self.id!r}: " + "; ".join(problems))

    @property
    def route_limit(self) -> int:
        """Longest route in minutes: the shift (or the route limit) minus the break."""
        limit = self.shift_end - self.shift_start
        if self.max_route_minutes is not None:
            limit = min(limit, self.max_route_minutes)
        return limit - self.break_minutes


@dataclass(frozen=True)
class PlanSettings:
    """How the rolling horizon runs: ``window_days`` are planned, ``commit_days`` kept, then
    the window rolls on. ``prize_metres`` is what one visit of a priority-1 site is worth in
    metres driven."""

    start_date: dt.date
    horizon_days: int = 90
    window_days: int = 14
    commit_days: int = 7
    seconds_per_window: float = 2.0
    # When set, each window's search stops after this many iterations instead of after
    # seconds_per_window: the same plan on any machine under any load (tests use it).
    iterations_per_window: int | None = None
    seed: int = 1
    prize_metres: int = 100_000
    max_visit_options: int = 1_500
    # Days no vehicle goes out (public holidays: :func:`adilkent.routing.calendars.public_holidays`).
    closed_dates: frozenset[dt.date] = frozenset()

    def __post_init__(self) -> None:
        if self.horizon_days < 1 or self.window_days < 1 or self.commit_days < 1:
            raise PlanInputError("horizon, window and commit days must be at least 1")
        if self.commit_days > self.window_days:
            raise PlanInputError("commit days cannot exceed the window days")
        if self.seconds_per_window <= 0:
            raise PlanInputError("seconds per window must be positive")

    def date_of(self, day: int) -> dt.date:
        return self.start_date + dt.timedelta(days=day)

    def weekday_of(self, day: int) -> int:
        return self.date_of(day).weekday()

    def works_on(self, day: int, weekdays: Collection[int]) -> bool:
        """Whether ``day`` is one of ``weekdays`` (Monday 0) and not a closed date."""
        date = self.date_of(day)
        return date.weekday() in weekdays and date not in self.closed_dates


@dataclass(frozen=True)
class Stop:
    """One visit on a route: arrival, start and end of service (minutes after midnight).

    ``trip`` counts the loads of the day: 1 until the first reload at the depot, then 2, …"""

    site_id: str
    arrival: int
    start: int
    end: int
    delivered_in_trip: int
    trip: int = 1


@dataclass(frozen=True)
class DayRoute:
    day: int
    date: dt.date
    vehicle_id: str
    stops: tuple[Stop, ...]
    depart: int
    back: int
    distance_m: int
    reloads: int = 0

    @property
    def duration_minutes(self) -> int:
        return self.back - self.depart


@dataclass(frozen=True)
class Unserved:
    site_id: str
    reason: str


@dataclass
class Plan:
    """Routes per day and vehicle, with what could not be served and the model that priced
    the travel."""

    name: str
    settings: PlanSettings
    travel_model: str
    routes: list[DayRoute]
    unserved: list[Unserved]
    warnings: list[str]
    sites: dict[str, Site]
    vehicles: dict[str, Vehicle]

    def visits(self) -> dict[str, list[int]]:
        """Days each site is visited on, sorted; sites never visited map to ``[]``."""
        result: dict[str, list[int]] = {site_id: [] for site_id in self.sites}
        for route in self.routes:
            for stop in route.stops:
                result[stop.site_id].append(route.day)
        return {key: sorted(days) for key, days in result.items()}


def merge_plans(plans: list[Plan], name: str) -> Plan:
    """One plan from plans made separately on the same settings (e.g. one per team): their
    routes, sites and vehicles together. Site and vehicle ids must not repeat across plans."""
    if not plans:
        raise PlanInputError("no plans to merge")
    sites: dict[str, Site] = {}
    vehicles: dict[str, Vehicle] = {}
    for part in plans:
        clash = sorted(set(sites) & set(part.sites)) + sorted(set(vehicles) & set(part.vehicles))
        if clash:
            raise PlanInputError(f"ids in more than one plan: {clash[:5]}")
        sites.update(part.sites)
        vehicles.update(part.vehicles)
    return Plan(
        name=name,
        settings=plans[0].settings,
        travel_model=plans[0].travel_model,
        routes=sorted(
            (route for part in plans for route in part.routes),
            key=lambda r: (r.day, r.vehicle_id),
        ),
        unserved=[item for part in plans for item in part.unserved],
        warnings=[line for part in plans for line in part.warnings],
        sites=sites,
        vehicles=vehicles,
    )
