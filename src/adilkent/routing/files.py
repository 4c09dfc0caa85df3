"""Reading sites and vehicles from files, writing plans to JSON, CSV and iCalendar.

Sites: CSV with a header, or GeoJSON (points; polygons are reduced to a point inside them).
Columns / properties: ``id``, ``name``, ``lon``, ``lat`` (CSV only), and optionally
``service_minutes``, ``demand``, ``allowed_weekdays`` (``Mon,Tue`` or ``0,1``), ``window_start``
and ``window_end`` (``HH:MM``), ``min_gap_days``, ``max_gap_days``, ``last_visit`` (ISO date),
``priority``. Vehicles: CSV or a JSON list with ``id``, ``name``, ``depot_id``, ``depot_name``,
``depot_lon``, ``depot_lat`` and optionally ``capacity``, ``working_weekdays``, ``shift_start``,
``shift_end``, ``break_minutes``, ``max_route_minutes``, ``max_stops_per_day``, ``max_reloads``.

A row that cannot be used is reported with its number and the reason; the other rows are read.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import icalendar
from shapely.geometry import shape

from adilkent.text import ascii_digits, spreadsheet_row

from .kpi import plan_kpis
from .model import WEEKDAYS, WORKDAYS, Depot, Plan, PlanInputError, Site, Vehicle

WEEKDAY_CODES = {"mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6}


class RowProblem(str):
    """``"<file> row <n>: <reason>"``."""


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _int(row: Mapping[str, Any], key: str, default: int | None) -> int | None:
    value = row.get(key)
    if _blank(value):
        return default
    try:
        return int(float(str(value).strip()))
    except ValueError:
        raise PlanInputError(f"{key} {value!r} is not a whole number") from None


def _float(row: Mapping[str, Any], key: str, default: float | None = None) -> float:
    value = row.get(key)
    if _blank(value):
        if default is None:
            raise PlanInputError(f"{key} is missing")
        return default
    try:
        return float(str(value).strip().replace(",", "."))
    except ValueError:
        raise PlanInputError(f"{key} {value!r} is not a number") from None


def _clock(row: Mapping[str, Any], key: str, default: int) -> int:
    value = row.get(key)
    if _blank(value):
        return default
    text = str(value).strip()
    try:
        hours, minutes = text.split(":") if ":" in text else (text, "0")
        total = int(hours) * 60 + int(minutes)
    except ValueError:
        raise PlanInputError(f"{key} {text!r} is not a time of day like 09:30") from None
    if not 0 <= total <= 24 * 60:
        raise PlanInputError(f"{key} {text!r} is not a time of day like 09:30")
    return total


def _weekdays(row: Mapping[str, Any], key: str, default: frozenset[int]) -> frozenset[int]:
    value = row.get(key)
    if _blank(value):
        return default
    days = set()
    for part in str(value).replace(";", ",").split(","):
        token = part.strip().lower()[:3]
        if token in WEEKDAY_CODES:
            days.add(WEEKDAY_CODES[token])
        elif ascii_digits(token) and int(token) in WEEKDAYS:
            days.add(int(token))
        else:
            raise PlanInputError(f"{key}: {part.strip()!r} is not a weekday (Mon … Sun or 0 … 6)")
    return frozenset(days)


def _required_text(row: Mapping[str, Any], key: str) -> str:
    value = row.get(key)
    if _blank(value):
        raise PlanInputError(f"{key} is missing")
    return str(value).strip()


def site_from_row(row: Mapping[str, Any], start: dt.date) -> Site:
    last = row.get("last_visit")
    last_day: int | None = None
    if not _blank(last):
        try:
            last_day = (dt.date.fromisoformat(str(last).strip()) - start).days
        except ValueError:
            raise PlanInputError(f"last_visit {last!r} is not a date like 2026-01-31") from None
    site_id = _required_text(row, "id")
    return Site(
        id=site_id,
        name=str(row.get("name") or site_id),
        lon=_float(row, "lon"),
        lat=_float(row, "lat"),
        service_minutes=_int(row, "service_minutes", 60) or 0,
        demand=_int(row, "demand", 0) or 0,
        allowed_weekdays=_weekdays(row, "allowed_weekdays", WEEKDAYS),
        window_start=_clock(row, "window_start", 0),
        window_end=_clock(row, "window_end", 24 * 60),
        min_gap_days=_int(row, "min_gap_days", 1) or 1,
        max_gap_days=_int(row, "max_gap_days", None),
        last_visit=last_day,
        priority=_float(row, "priority", 1.0),
    )


def vehicle_from_row(row: Mapping[str, Any]) -> Vehicle:
    depot = Depot(
        id=_required_text(row, "depot_id"),
        name=str(row.get("depot_name") or row.get("depot_id")),
        lon=_float(row, "depot_lon"),
        lat=_float(row, "depot_lat"),
    )
    vehicle_id = _required_text(row, "id")
    return Vehicle(
        id=vehicle_id,
        name=str(row.get("name") or vehicle_id),
        depot=depot,
        capacity=_int(row, "capacity", 10**9) or 0,
        working_weekdays=_weekdays(row, "working_weekdays", WORKDAYS),
        shift_start=_clock(row, "shift_start", 8 * 60),
        shift_end=_clock(row, "shift_end", 17 * 60),
        break_minutes=_int(row, "break_minutes", 0) or 0,
        max_route_minutes=_int(row, "max_route_minutes", None),
        max_stops_per_day=_int(row, "max_stops_per_day", None),
        max_reloads=_int(row, "max_reloads", 0) or 0,
    )


def _rows(path: Path) -> Iterable[tuple[int, dict[str, Any]]]:
    suffix = path.suffix.lower()
    if suffix == ".csv":
        with path.open(newline="", encoding="utf-8-sig") as handle:
            for number, row in enumerate(csv.DictReader(handle), start=2):
                yield number, {k.strip(): v for k, v in row.items() if k}
        return
    if suffix in {".geojson", ".json"}:
        try:
            document = json.loads(path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as exc:
            raise PlanInputError(f"{path.name}: not valid JSON ({exc})") from None
        if isinstance(document, dict) and document.get("type") == "FeatureCollection":
            for number, feature in enumerate(document.get("features", []), start=1):
                properties = dict(feature.get("properties") or {})
                geometry = feature.get("geometry")
                if geometry:
                    try:
                        point = shape(geometry).representative_point()
                        properties.setdefault("lon", point.x)
                        properties.setdefault("lat", point.y)
                    except (ValueError, TypeError, AttributeError):
                        pass
                properties.setdefault("id", feature.get("id"))
                yield number, properties
            return
        if isinstance(document, list):
            yield from enumerate(document, start=1)
            return
        raise PlanInputError(f"{path.name}: expected a FeatureCollection or a list of objects")
    raise PlanInputError(f"{path.name}: unknown file type (use .csv, .geojson or .json)")


def read_sites(path: Path, start: dt.date) -> tuple[list[Site], list[str]]:
    sites, problems = [], []
    for number, row in _rows(path):
        try:
            sites.append(site_from_row(row, start))
        except PlanInputError as exc:
            problems.append(f"{path.name} row {number}: {exc}")
    return sites, problems


def read_vehicles(path: Path) -> tuple[list[Vehicle], list[str]]:
    vehicles, problems = [], []
    for number, row in _rows(path):
        try:
            vehicles.append(vehicle_from_row(row))
        except PlanInputError as exc:
            problems.append(f"{path.name} row {number}: {exc}")
    return vehicles, problems


def _hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def plan_document(plan: Plan, extra: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The whole plan as plain JSON-ready data, with the travel model and settings."""
    settings = plan.settings
    return {
        "name": plan.name,
        "travel_model": plan.travel_model,
        "settings": {
            "start_date": settings.start_date.isoformat(),
            "horizon_days": settings.horizon_days,
            "window_days": settings.window_days,
            "commit_days": settings.commit_days,
            "seconds_per_window": settings.seconds_per_window,
            "seed": settings.seed,
        },
        "kpis": plan_kpis(plan).as_dict(),
        "routes": [
            {
                "date": route.date.isoformat(),
                "vehicle": route.vehicle_id,
                "depart": _hhmm(route.depart),
                "back": _hhmm(route.back),
                "distance_km": round(route.distance_m / 1000, 1),
                "reloads": route.reloads,
                "stops": [
                    {
                        "site": stop.site_id,
                        "name": plan.sites[stop.site_id].name,
                        "arrive": _hhmm(stop.arrival),
                        "start": _hhmm(stop.start),
                        "end": _hhmm(stop.end),
                        "trip": stop.trip,
                        "lon": round(plan.sites[stop.site_id].lon, 6),
                        "lat": round(plan.sites[stop.site_id].lat, 6),
                    }
                    for stop in route.stops
                ],
            }
            for route in plan.routes
        ],
        "calendar": {
            site_id: [settings.date_of(day).isoformat() for day in days]
            for site_id, days in plan.visits().items()
        },
        "vehicles": {
            vehicle.id: {
                "name": vehicle.name,
                "depot": {
                    "id": vehicle.depot.id,
                    "name": vehicle.depot.name,
                    "lon": round(vehicle.depot.lon, 6),
                    "lat": round(vehicle.depot.lat, 6),
                },
            }
            for vehicle in plan.vehicles.values()
        },
        "unserved": [{"site": u.site_id, "reason": u.reason} for u in plan.unserved],
        "warnings": plan.warnings,
        **(dict(extra) if extra else {}),
    }


def write_json(plan: Plan, path: Path, extra: Mapping[str, Any] | None = None) -> None:
    path.write_text(
        json.dumps(plan_document(plan, extra), ensure_ascii=False, indent=1), encoding="utf-8"
    )


def write_csv(plan: Plan, path: Path) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            ["date", "vehicle", "order", "site", "name", "arrive", "start", "end", "lon", "lat"]
        )
        for route in plan.routes:
            for order, stop in enumerate(route.stops, start=1):
                site = plan.sites[stop.site_id]
                writer.writerow(
                    spreadsheet_row(
                        [
                            route.date.isoformat(),
                            route.vehicle_id,
                            order,
                            site.id,
                            site.name,
                            _hhmm(stop.arrival),
                            _hhmm(stop.start),
                            _hhmm(stop.end),
                            f"{site.lon:.6f}",
                            f"{site.lat:.6f}",
                        ]
                    )
                )


def calendar_for(plan: Plan, site_ids: Iterable[str] | None = None, title: str = "") -> bytes:
    """An iCalendar file with one event per visit (of the given sites, or all)."""
    wanted = set(site_ids) if site_ids is not None else None
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//adilkent//routing//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", title or plan.name)
    for route in plan.routes:
        for stop in route.stops:
            if wanted is not None and stop.site_id not in wanted:
                continue
            site = plan.sites[stop.site_id]
            event = icalendar.Event()
            start = dt.datetime.combine(route.date, dt.time()) + dt.timedelta(minutes=stop.start)
            event.add("uid", f"{plan.name}-{route.vehicle_id}-{route.date}-{site.id}@adilkent")
            event.add("summary", f"{title or plan.name}: {site.name}")
            event.add("dtstart", start)
            event.add("dtend", start + dt.timedelta(minutes=stop.end - stop.start))
            event.add("dtstamp", dt.datetime(2000, 1, 1, tzinfo=dt.UTC))
            event.add("geo", (site.lat, site.lon))
            event.add("location", site.name)
            calendar.add_component(event)
    return bytes(calendar.to_ical())


def write_ics(plan: Plan, path: Path) -> None:
    path.write_bytes(calendar_for(plan))
