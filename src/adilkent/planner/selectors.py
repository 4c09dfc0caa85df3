"""Reads of the planner: the latest finished plan of a service and what it says about a place."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from adilkent.places.models import Mahalle

from .models import PlanRun, RunStatus
from .services import site_id


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


def visits_at(run: PlanRun, mahalle: Mahalle) -> list[VisitRow]:
    """The dates and hours the service is planned at ``mahalle``."""
    wanted = site_id(mahalle.pk)
    rows = []
    for route in (run.document or {}).get("routes", []):
        for stop in route["stops"]:
            if stop["site"] == wanted:
                rows.append(
                    VisitRow(dt.date.fromisoformat(route["date"]), stop["start"], stop["end"])
                )
    return rows


def places_in_plan(run: PlanRun) -> list[PlacePlanRow]:
    """Every mahalle the plan visits, by district and name, with its visits."""
    calendar: dict[str, Any] = (run.document or {}).get("calendar", {})
    visited = [int(key.split("-")[1]) for key, days in calendar.items() if days]
    mahalleler = Mahalle.objects.select_related("district").filter(pk__in=visited)
    rows = [PlacePlanRow(m, visits_at(run, m)) for m in mahalleler]
    return sorted(rows, key=lambda r: (r.mahalle.district.name, r.mahalle.name))


def routes_by_day(run: PlanRun) -> list[dict[str, Any]]:
    names = {
        site_id(m.pk): m
        for m in Mahalle.objects.select_related("district").filter(
            pk__in=[
                int(stop["site"].split("-")[1])
                for route in (run.document or {}).get("routes", [])
                for stop in route["stops"]
            ]
        )
    }
    days = []
    for route in (run.document or {}).get("routes", []):
        days.append(
            {
                **route,
                "date": dt.date.fromisoformat(route["date"]),
                "stops": [{**stop, "mahalle": names.get(stop["site"])} for stop in route["stops"]],
            }
        )
    return days


WEEK_COLOURS = ("#1a5276", "#9a3d00", "#196f3d", "#6c3483", "#7d6608", "#922b21", "#117864")


def stops_geojson(run: PlanRun, week_label: Any, dates_label: Any, url_for: Any) -> dict[str, Any]:
    """Every planned stop as a point, one map layer per week of the plan (by first visit)."""
    features: list[dict[str, Any]] = []
    for row in places_in_plan(run):
        m = row.mahalle
        if m.centroid_lon is None or m.centroid_lat is None or not row.visits:
            continue
        first = row.visits[0].date
        week = (first - run.start_date).days // 7
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [m.centroid_lon, m.centroid_lat]},
                "properties": {
                    "name": f"{m.name} ({m.district.name})",
                    "type": f"week-{week}",
                    "type_name": week_label(run.start_date + dt.timedelta(days=7 * week)),
                    "colour": WEEK_COLOURS[week % len(WEEK_COLOURS)],
                    "address": dates_label([v.date for v in row.visits]),
                    "url": url_for(m.pk),
                },
            }
        )
    features.sort(key=lambda f: str(f["properties"]["type"]))
    return {"type": "FeatureCollection", "features": features}
