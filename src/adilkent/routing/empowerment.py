"""Güçlenme Durakları (empowerment stops): a portable hairdresser and a rights-information
expert who stop in a few mahalle for women.

Seed: "Güçlenme Durağı Taşınabilir Kuaförlük Hizmeti kısa müddette sekiz mahallede 330 bayana
ulaştı" — the portable hairdresser service reached 330 women in eight mahalle in a short time;
after a free haircut and blow-dry the women get information on women's health, women's rights,
legal rights and gender equality from an expert.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from typing import Any

from .checks import reachable_vehicles
from .mobile_services import ROAD_MODEL, ServicePlan, _centre_depot, _remoteness
from .model import Plan, PlanSettings, Site, Vehicle
from .naive import naive_plan
from .periodic import Progress, build_matrix, plan
from .places import Place, PlaceSet


def empowerment_stops(
    places: PlaceSet,
    start: dt.date,
    *,
    stops: int = 8,
    women_total: int = 330,
    horizon_days: int = 28,
    minutes_per_woman: int = 20,
    chairs: int = 2,
    talk_minutes: int = 60,
    day_minutes: int = 6 * 60,
    min_population: int = 1000,
    seconds_per_window: float = 1.0,
    priority: dict[str, float] | None = None,
    progress: Progress | None = None,
    closed_dates: frozenset[dt.date] = frozenset(),
) -> ServicePlan:
    """Plan the stops: ``stops`` mahalle, ``women_total`` women, within ``horizon_days``.

    The mahalle are the ``stops`` reachable mahalle of at least ``min_population`` residents
    with the highest priority (given, e.g. from the access engine's need ranking; by default
    residents / 1000 × remoteness, the stand-in the Legal Aid Vehicle uses — the data has no
    counts of women by mahalle). Each stop serves ``women_total / stops`` women; a woman takes
    ``minutes_per_woman`` at one of ``chairs`` chairs, and each day ends with a
    ``talk_minutes`` information talk. A stop that needs more than ``day_minutes`` on site is
    split into days (day parts, each visited once). One van, one stop a weekday.
    """
    depot = _centre_depot(places)
    van = Vehicle(
        "empowerment",
        "Güçlenme Durağı van",
        depot,
        shift_start=8 * 60 + 30,
        shift_end=18 * 60,
        max_stops_per_day=1,
    )
    women_per_stop = women_total / stops
    hair_minutes = women_per_stop * minutes_per_woman / chairs
    days_per_stop = max(1, math.ceil(hair_minutes / (day_minutes - talk_minutes)))
    candidates = [
        p for p in places.places if (p.population or 0) >= min_population and not p.is_village
    ]

    def site_for(p: Place, part: int = 1) -> Site:
        return Site(
            p.id if days_per_stop == 1 else f"{p.id}-{part}",
            f"{p.name} ({p.district})" + (f" {part}/{days_per_stop}" if days_per_stop > 1 else ""),
            p.lon,
            p.lat,
            service_minutes=math.ceil(hair_minutes / days_per_stop) + talk_minutes,
            window_start=9 * 60,
            window_end=17 * 60 + 30,
            min_gap_days=horizon_days,
            max_gap_days=horizon_days,
            priority=(priority or {}).get(
                p.id, (p.population or 0) / 1000 * _remoteness(places, p)
            ),
            attributes={"women": women_per_stop / days_per_stop, "place": p.id},
        )

    whole = [site_for(p) for p in candidates]
    matrix = build_matrix(whole, [van], ROAD_MODEL)
    reachable = {s.id for s in whole if reachable_vehicles(s, [van], matrix)[0]}
    chosen = sorted(
        (p for p, s in zip(candidates, whole, strict=True) if s.id in reachable),
        key=lambda p: (-site_for(p).priority, p.id),
    )[:stops]
    sites = [site_for(p, part) for p in chosen for part in range(1, days_per_stop + 1)]
    settings = PlanSettings(
        start,
        horizon_days=horizon_days,
        window_days=14,
        commit_days=7,
        seconds_per_window=seconds_per_window,
        closed_dates=closed_dates,
    )
    assumptions = [
        f"depot: {depot.name} (the van's base is not in the data)",
        f"travel: {ROAD_MODEL.label}",
        f"{len(chosen)} mahalle (seed: {stops}) of {len(candidates)} urban mahalle with ≥ "
        f"{min_population} residents, chosen by priority "
        + ("(given)" if priority else "= residents / 1000 × (1 + km from centre / 10)"),
        f"{women_total} women (seed) shared equally: {women_per_stop:.1f} a mahalle; "
        f"{minutes_per_woman} min a woman at {chairs} chairs and a {talk_minutes}-min "
        f"information talk a day (assumed): {days_per_stop} day(s) a mahalle, one a weekday, "
        f"all within {horizon_days} days",
    ]
    optimised = parts_in_date_order(
        plan(
            sites,
            [van],
            settings,
            name="empowerment",
            travel_model=ROAD_MODEL,
            progress=progress,
        )
    )
    return ServicePlan(
        "empowerment",
        optimised,
        parts_in_date_order(
            naive_plan(sites, [van], settings, name="empowerment (naive)", travel_model=ROAD_MODEL)
        ),
        assumptions,
        details={
            "women_total": women_total,
            "mahalle": [p.id for p in chosen],
            "days_per_stop": days_per_stop,
            "empowerment": {
                "stops": stops,
                "chosen": len(chosen),
                "women_total": women_total,
                "women_per_stop": round(women_per_stop, 2),
                "minutes_per_woman": minutes_per_woman,
                "chairs": chairs,
                "talk_minutes": talk_minutes,
                "day_minutes": day_minutes,
                "days_per_stop": days_per_stop,
                "horizon_days": horizon_days,
                "min_population": min_population,
                "candidates": len(candidates),
                "priority_given": priority is not None,
                "women_reached": round(_women_of_visits(optimised), 2),
            },
            "stops": stop_summary(optimised),
        },
    )


def parts_in_date_order(result: Plan) -> Plan:
    """The day parts of a mahalle are alike, so the solver may visit part 2 before part 1;
    renumber them so that a mahalle's first day is its part 1, its second day part 2, …"""
    parts: dict[str, list[str]] = {}
    for site in result.sites.values():
        parts.setdefault(str(site.attributes["place"]), []).append(site.id)
    visits = sorted(
        (route.date, r, s, str(result.sites[stop.site_id].attributes["place"]))
        for r, route in enumerate(result.routes)
        for s, stop in enumerate(route.stops)
    )
    renamed: dict[tuple[int, int], str] = {}
    taken: dict[str, int] = {}
    for _day, r, s, place in visits:
        # ids are "<place>-<part>" when a mahalle has several parts: shorter is earlier
        ordered = sorted(parts[place], key=lambda site_id: (len(site_id), site_id))
        renamed[(r, s)] = ordered[taken.get(place, 0)]
        taken[place] = taken.get(place, 0) + 1
    routes = [
        dataclasses.replace(
            route,
            stops=tuple(
                dataclasses.replace(stop, site_id=renamed[(r, s)])
                for s, stop in enumerate(route.stops)
            ),
        )
        for r, route in enumerate(result.routes)
    ]
    return dataclasses.replace(result, routes=routes)


def _women_of_visits(result: Plan) -> float:
    visits = result.visits()
    return sum(
        float(site.attributes["women"]) * len(visits[site.id]) for site in result.sites.values()
    )


def stop_summary(result: Plan) -> list[dict[str, Any]]:
    """Per mahalle of the plan, in the order of its sites: the women planned for it (its share
    of the seed's total), the women its planned visits reach, its day parts and the visits
    made to them."""
    visits = result.visits()
    planned: dict[str, float] = {}
    reached: dict[str, float] = {}
    days: dict[str, int] = {}
    made: dict[str, int] = {}
    for site in result.sites.values():
        place = str(site.attributes["place"])
        women = float(site.attributes["women"])
        planned[place] = planned.get(place, 0.0) + women
        reached[place] = reached.get(place, 0.0) + women * len(visits[site.id])
        days[place] = days.get(place, 0) + 1
        made[place] = made.get(place, 0) + len(visits[site.id])
    return [
        {
            "place": place,
            "women_planned": round(planned[place], 2),
            "women_reached": round(reached[place], 2),
            "days": days[place],
            "visits": made[place],
        }
        for place in planned
    ]


def women_reached(service: ServicePlan) -> float:
    """Women served by the visits the plan makes (each day part's share of its mahalle)."""
    return _women_of_visits(service.plan)
