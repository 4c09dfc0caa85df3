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
