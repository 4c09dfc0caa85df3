"""Reads of the planner: the latest finished plan of a service and what it says about a place."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from adilkent.places.models import Mahalle
from adilkent.text import ascii_digits

from .models import PlanRun, RunStatus


def latest_plan(service: str) -> PlanRun | None:
    return PlanRun.objects.filter(service=service, status=RunStatus.DONE).first()


@dataclass(frozen=True)
class VisitRow:
    date: dt.date
    start: str
    end: str


@dataclass(frozen=True)
class PlacePlanRow:
    mahalle: Mahalle
    visits: list[VisitRow]


def mahalle_pk(site: str) -> int | None:
    """The mahalle behind a plan's site id: ``mahalle-<pk>``, or ``mahalle-<pk>-<part>`` for
    one day's part of a mahalle too big for one visit."""
    parts = site.split("-")
    if len(parts) >= 2 and parts[0] == "mahalle" and ascii_digits(parts[1]):
        return int(parts[1])
    return None


def visits_at(run: PlanRun, mahalle: Mahalle) -> list[VisitRow]:
    """The dates and hours the service is planned at ``mahalle`` (each part of it)."""
    rows = []
    for route in (run.document or {}).get("routes", []):
        for stop in route["stops"]:
            if mahalle_pk(stop["site"]) == mahalle.pk:
                rows.append(
                    VisitRow(dt.date.fromisoformat(route["date"]), stop["start"], stop["end"])
                )
    return rows


def light_mahalle() -> Any:
    """Mahalle with their district, without the boundary polygons (a
    plan's pages need names and centroids only)."""
    return Mahalle.objects.select_related("district").defer("geometry").defer("district__geometry")


def places_in_plan(run: PlanRun) -> list[PlacePlanRow]:
    """Every mahalle the plan visits, by district and name, with its visits."""
    visits: dict[int, list[VisitRow]] = {}
    for route in (run.document or {}).get("routes", []):
        day = dt.date.fromisoformat(route["date"])
        for stop in route["stops"]:
            pk = mahalle_pk(stop["site"])
            if pk is not None:
                visits.setdefault(pk, []).append(VisitRow(day, stop["start"], stop["end"]))
    mahalleler = light_mahalle().filter(pk__in=visits)
    rows = [PlacePlanRow(m, visits[m.pk]) for m in mahalleler]
    return sorted(rows, key=lambda r: (r.mahalle.district.name, r.mahalle.name))


def routes_by_day(run: PlanRun, vehicle: str | None = None) -> list[dict[str, Any]]:
    """Every route of the plan (of one vehicle when given), its stops with their mahalle."""
    routes = [
        route
        for route in (run.document or {}).get("routes", [])
        if vehicle is None or route["vehicle"] == vehicle
    ]
    wanted = {pk for route in routes for stop in route["stops"] if (pk := mahalle_pk(stop["site"]))}
    names = {m.pk: m for m in light_mahalle().filter(pk__in=wanted)}
    return [
        {
            **route,
            "date": dt.date.fromisoformat(route["date"]),
            "stops": [
                {**stop, "mahalle": names.get(mahalle_pk(stop["site"]) or 0)}
                for stop in route["stops"]
            ],
        }
        for route in routes
    ]


def planned_stops(service: str, day: dt.date) -> list[str]:
    """The places the latest finished plan of ``service`` visits on ``day``, as
    "Mahalle (District)"; none when there is no plan or no visit that day."""
    run = latest_plan(service)
    if run is None:
        return []
    return [
        f"{stop['mahalle'].name} ({stop['mahalle'].district.name})"
        for route in routes_by_day(run)
        if route["date"] == day
        for stop in route["stops"]
        if stop["mahalle"] is not None
    ]


# dark enough for white text and for lines on a plain map (contrast ≥ 4.5 : 1 on white)
DAY_COLOURS = ("#1a5276", "#9a3d00", "#196f3d", "#6c3483", "#7d6608", "#922b21", "#117864")
TEAM_COLOURS = (
    "#1a5276",
    "#9a3d00",
    "#196f3d",
    "#6c3483",
    "#7d6608",
    "#922b21",
    "#117864",
    "#4a235a",
    "#5d4037",
    "#2e4053",
)
WEEK_COLOURS = ("#1a5276", "#9a3d00", "#196f3d", "#6c3483", "#7d6608", "#922b21", "#117864")


def team_of_places(run: PlanRun) -> dict[int, int]:
    """Mahalle pk → team number, for a plan made by teams (Süt Kuzusu); empty otherwise."""
    result = {}
    for team in (run.document or {}).get("teams", []):
        for place in team["places"]:
            pk = mahalle_pk(place)
            if pk is not None:
                result[pk] = int(team["team"])
    return result


def stops_geojson(
    run: PlanRun,
    week_label: Any,
    dates_label: Any,
    url_for: Any,
    team_label: Any = None,
) -> dict[str, Any]:
    """Every planned stop as a point, one map layer per week of the plan (by first visit), or
    per team for a plan made by teams."""
    features: list[dict[str, Any]] = []
    teams = team_of_places(run)
    for row in places_in_plan(run):
        m = row.mahalle
        if m.centroid_lon is None or m.centroid_lat is None or not row.visits:
            continue
        first = row.visits[0].date
        week = (first - run.start_date).days // 7
        if m.pk in teams and team_label is not None:
            group, name, colour = (
                f"team-{teams[m.pk]}",
                team_label(teams[m.pk]),
                TEAM_COLOURS[teams[m.pk] % len(TEAM_COLOURS)],
            )
        else:
            group = f"week-{week}"
            name = week_label(run.start_date + dt.timedelta(days=7 * week))
            colour = WEEK_COLOURS[week % len(WEEK_COLOURS)]
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [m.centroid_lon, m.centroid_lat]},
                "properties": {
                    "name": f"{m.name} ({m.district.name})",
                    "type": group,
                    "type_name": name,
                    "colour": colour,
                    "address": dates_label([v.date for v in row.visits]),
                    "url": url_for(m.pk),
                },
            }
        )
    features.sort(key=lambda f: str(f["properties"]["type"]))
    return {"type": "FeatureCollection", "features": features}


@dataclass(frozen=True)
class RouteStep:
    """One line of a route as a resident or driver reads it: leave the depot, a stop, a reload
    at the depot, back at the depot."""

    kind: str  # "depart", "stop", "reload", "back"
    name: str
    lon: float | None
    lat: float | None
    start: str = ""
    end: str = ""
    order: int = 0
    mahalle: Mahalle | None = None
    part: int | None = None  # the day's part of a mahalle too big for one visit


@dataclass(frozen=True)
class RouteView:
    date: dt.date
    vehicle: str
    vehicle_name: str
    colour: str
    distance_km: float
    reloads: int
    depart: str
    back: str
    steps: list[RouteStep]

    @property
    def stops(self) -> list[RouteStep]:
        return [step for step in self.steps if step.kind == "stop"]


def site_part(site: str) -> int | None:
    """Which part of a split stop a site id names (``mahalle-<pk>-<part>``), if any."""
    parts = site.split("-")
    return int(parts[2]) if len(parts) == 3 and ascii_digits(parts[2]) else None


def plan_weeks(run: PlanRun, vehicle: str | None = None) -> list[int]:
    """The weeks of the plan (0 = the week from the first day) that have routes."""
    return sorted(
        {
            (dt.date.fromisoformat(route["date"]) - run.start_date).days // 7
            for route in (run.document or {}).get("routes", [])
            if vehicle is None or route["vehicle"] == vehicle
        }
    )


def week_start(run: PlanRun, week: int) -> dt.date:
    return run.start_date + dt.timedelta(days=7 * week)


def routes_of_week(run: PlanRun, week: int, vehicle: str | None = None) -> list[RouteView]:
    """The routes of one week (of one vehicle when given) step by step, with the depot at both
    ends and at every reload, coloured by weekday."""
    first = week_start(run, week)
    document = run.document or {}
    vehicles: dict[str, Any] = document.get("vehicles", {})
    routes = [
        route
        for route in routes_by_day(run, vehicle)
        if first <= route["date"] < first + dt.timedelta(days=7)
    ]
    views = []
    for route in routes:
        about = vehicles.get(route["vehicle"], {})
        depot = about.get("depot") or {}
        depot_name = str(depot.get("name", ""))
        depot_lon, depot_lat = depot.get("lon"), depot.get("lat")
        steps = [RouteStep("depart", depot_name, depot_lon, depot_lat, start=route["depart"])]
        trip = 1
        for order, stop in enumerate(route["stops"], start=1):
            if stop.get("trip", 1) > trip:
                trip = stop["trip"]
                steps.append(RouteStep("reload", depot_name, depot_lon, depot_lat))
            mahalle = stop["mahalle"]
            lon = stop.get("lon", mahalle.centroid_lon if mahalle else None)
            lat = stop.get("lat", mahalle.centroid_lat if mahalle else None)
            steps.append(
                RouteStep(
                    "stop",
                    f"{mahalle.name} ({mahalle.district.name})" if mahalle else stop["name"],
                    lon,
                    lat,
                    start=stop["start"],
                    end=stop["end"],
                    order=order,
                    mahalle=mahalle,
                    part=site_part(stop["site"]),
                )
            )
        steps.append(RouteStep("back", depot_name, depot_lon, depot_lat, start=route["back"]))
        views.append(
            RouteView(
                date=route["date"],
                vehicle=route["vehicle"],
                vehicle_name=str(about.get("name", route["vehicle"])),
                colour=DAY_COLOURS[route["date"].weekday()],
                distance_km=route["distance_km"],
                reloads=route.get("reloads", 0),
                depart=route["depart"],
                back=route["back"],
                steps=steps,
            )
        )
    return views


def routes_geojson(routes: list[RouteView], day_label: Any, step_label: Any) -> dict[str, Any]:
    """The routes as lines (depot → stops → depot, through the depot at each reload) and
    their stops as numbered points, for the planner's route map."""
    features: list[dict[str, Any]] = []
    for route in routes:
        points = [(s.lon, s.lat) for s in route.steps if s.lon is not None and s.lat is not None]
        name = day_label(route)
        if len(points) >= 2:
            features.append(
                {
                    "type": "Feature",
                    "geometry": {"type": "LineString", "coordinates": [list(p) for p in points]},
                    "properties": {
                        "kind": "route",
                        "name": name,
                        "colour": route.colour,
                        "date": route.date.isoformat(),
                    },
                }
            )
        depot = next((s for s in route.steps if s.kind == "depart"), None)
        for step in route.steps:
            if step.lon is None or step.lat is None or step.kind not in {"stop", "depart"}:
                continue
            features.append(
                {
                    "type": "Feature",
                    "geometry": {"type": "Point", "coordinates": [step.lon, step.lat]},
                    "properties": {
                        "kind": "depot" if step is depot else "stop",
                        "order": step.order,
                        "name": step_label(route, step),
                        "colour": route.colour,
                    },
                }
            )
    return {"type": "FeatureCollection", "features": features}


def teams(run: PlanRun) -> list[dict[str, Any]]:
    """Per team of a plan made by teams: its figures and the names of its mahalle."""
    rows: list[dict[str, Any]] = list((run.document or {}).get("teams", []))
    pks = {pk for row in rows for place in row["places"] if (pk := mahalle_pk(place))}
    names = dict(Mahalle.objects.filter(pk__in=pks).values_list("pk", "name"))
    return [
        {
            **row,
            "mahalle_names": sorted(
                names.get(mahalle_pk(place) or 0, place) for place in row["places"]
            ),
            "colour": TEAM_COLOURS[int(row["team"]) % len(TEAM_COLOURS)],
        }
        for row in rows
    ]


@dataclass(frozen=True)
class StopFigures:
    """One mahalle of a plan that counts the people it reaches (Güçlenme Durakları): the women
    planned for it, the women its planned days reach, and those days."""

    mahalle: Mahalle | None
    place: str
    women_planned: float
    women_reached: float
    days: int
    visits: list[VisitRow]


def stop_figures(run: PlanRun) -> list[StopFigures]:
    """Per stop of the plan, in the plan's order (by priority), with its planned visits."""
    rows = (run.document or {}).get("stops", [])
    pks = [pk for row in rows if (pk := mahalle_pk(row["place"])) is not None]
    names = {m.pk: m for m in light_mahalle().filter(pk__in=pks)}
    visits: dict[int, list[VisitRow]] = {}
    for route in (run.document or {}).get("routes", []):
        day = dt.date.fromisoformat(route["date"])
        for stop in route["stops"]:
            pk = mahalle_pk(stop["site"])
            if pk is not None:
                visits.setdefault(pk, []).append(VisitRow(day, stop["start"], stop["end"]))
    result = []
    for row in rows:
        pk = mahalle_pk(row["place"])
        result.append(
            StopFigures(
                mahalle=names.get(pk) if pk is not None else None,
                place=row["place"],
                women_planned=float(row["women_planned"]),
                women_reached=float(row["women_reached"]),
                days=int(row["days"]),
                visits=sorted(visits.get(pk, []) if pk is not None else [], key=lambda v: v.date),
            )
        )
    return result
