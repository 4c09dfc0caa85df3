"""The resident's answer: "when does it come to my place?" The next visits of a mobile
service to a mahalle or village, finding a place by name as typed, the places served, and the
nearest served place for one that is not. Reads the plans of :mod:`.selectors`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from adilkent.places.models import Mahalle

from .models import PlanRun
from .selectors import VisitRow, light_mahalle, mahalle_pk, site_part

# The guide's service for each planned service (its request form asks for the service).
GUIDE_CODES = {
    "library": "mobile-library",
    "legal-aid": "legal-aid",
    "milk": "milk-programme",
    "empowerment": "empowerment-stops",
    "employment-point": "mobile-employment",
}
# Services brought to each home: a resident cannot go to a neighbouring mahalle instead.
DOOR_TO_DOOR = frozenset({"milk"})
NEXT_VISITS = 3
SEARCH_RESULTS = 12


@dataclass(frozen=True)
class NextVisit:
    """One visit a resident can use: a single day, or one round of a mahalle that is served
    in parts on several days (a big mahalle's monthly milk delivery), with each day's hours."""

    days: tuple[VisitRow, ...]

    @property
    def first(self) -> VisitRow:
        return self.days[0]

    @property
    def last(self) -> VisitRow:
        return self.days[-1]

    @property
    def in_parts(self) -> bool:
        return len(self.days) > 1


def next_visits(
    run: PlanRun, mahalle_id: int, *, today: dt.date, limit: int = NEXT_VISITS
) -> list[NextVisit]:
    """The next visits of the plan to one mahalle from ``today`` on, de-duplicated.

    A mahalle too big for one visit is split into parts (``mahalle-<pk>-<part>``), each part
    served on its own day: the n-th visit of every part makes one round, shown as one visit on
    several days. Two stops on the same day (two parts, or two teams) make one day, from the
    earliest start to the latest end.
    """
    rounds: dict[int, dict[dt.date, tuple[str, str]]] = {}
    seen: dict[int | None, int] = {}
    for route in sorted((run.document or {}).get("routes", []), key=lambda r: r["date"]):
        day = dt.date.fromisoformat(route["date"])
        for stop in route["stops"]:
            if mahalle_pk(stop["site"]) != mahalle_id:
                continue
            part = site_part(stop["site"])
            number = seen.get(part, 0)
            seen[part] = number + 1
            days = rounds.setdefault(number, {})
            start, end = stop["start"], stop["end"]
            if day in days:
                start, end = min(start, days[day][0]), max(end, days[day][1])
            days[day] = (start, end)
    visits: list[NextVisit] = []
    used: set[dt.date] = set()
    for number in sorted(rounds):
        days = {
            day: hours for day, hours in rounds[number].items() if day >= today and day not in used
        }
        if not days:
            continue
        used.update(days)
        visits.append(NextVisit(tuple(VisitRow(day, *days[day]) for day in sorted(days))))
    visits.sort(key=lambda v: v.first.date)
    return visits[:limit]


def served_mahalle_ids(run: PlanRun) -> set[int]:
    """The mahalle the plan visits at least once."""
    return {
        pk
        for route in (run.document or {}).get("routes", [])
        for stop in route["stops"]
        if (pk := mahalle_pk(stop["site"])) is not None
    }


@dataclass(frozen=True)
class PlaceChoice:
    mahalle: Mahalle
    served: bool

    @property
    def label(self) -> str:
        return f"{self.mahalle.name} ({self.mahalle.district.name})"


def _key(text: str) -> str:
    from adilkent.text import mahalle_key

    return mahalle_key(text)


def place_search(query: str, served: set[int], *, limit: int = SEARCH_RESULTS) -> list[PlaceChoice]:
    """Mahalle and villages whose name matches ``query``, typed with or without Turkish
    letters ("Karsiyaka" finds Karşıyaka) and optionally as "Name (District)", the way the
    page's list offers them. Exact names first, then names that begin with the words, then
    names that hold them; served places first within each; a district's name alone gives the
    district's places."""
    text = query.strip()
    district_part = ""
    if text.endswith(")") and "(" in text:
        text, _sep, district_part = text[:-1].rpartition("(")
    wanted, district_wanted = _key(text), _key(district_part)
    if not wanted:
        return []
    ranked: list[tuple[int, bool, str, Mahalle]] = []
    for mahalle in light_mahalle():
        district_key = _key(mahalle.district.name)
        if district_wanted and district_key != district_wanted:
            continue
        key = _key(mahalle.name)
        if key == wanted:
            rank = 0
        elif key.startswith(wanted):
            rank = 1
        elif wanted in key:
            rank = 2
        elif not district_wanted and district_key == wanted:
            rank = 3
        else:
            continue
        ranked.append((rank, mahalle.pk not in served, key, mahalle))
    if any(rank == 0 for rank, *_rest in ranked):
        ranked = [row for row in ranked if row[0] == 0]
    ranked.sort(key=lambda row: (row[0], row[1], row[2], row[3].district.name_folded))
    return [PlaceChoice(row[3], row[3].pk in served) for row in ranked[:limit]]


def served_places(run: PlanRun) -> list[PlaceChoice]:
    """The places the plan visits, by name then district (the page's list of suggestions)."""
    ids = served_mahalle_ids(run)
    rows = [PlaceChoice(m, True) for m in light_mahalle().filter(pk__in=ids)]
    return sorted(rows, key=lambda r: (r.mahalle.name_folded, r.mahalle.district.name_folded))


def _distance_km(a: Mahalle, b: Mahalle) -> float:
    import math

    from adilkent.access.model import haversine_m

    if a.centroid_lon is None or a.centroid_lat is None:
        return math.inf
    if b.centroid_lon is None or b.centroid_lat is None:
        return math.inf
    return float(haversine_m(a.centroid_lon, a.centroid_lat, b.centroid_lon, b.centroid_lat)) / 1000


@dataclass(frozen=True)
class NearestServed:
    mahalle: Mahalle
    km: float
    visits: list[NextVisit]


def nearest_served(run: PlanRun, mahalle: Mahalle, *, today: dt.date) -> NearestServed | None:
    """The served place nearest to an unserved ``mahalle`` (by centroid) that still has a
    visit from ``today`` on, with its next visits; none without coordinates or visits."""
    import math

    candidates = sorted(
        (
            (_distance_km(mahalle, other), other)
            for other in light_mahalle().filter(pk__in=served_mahalle_ids(run) - {mahalle.pk})
        ),
        key=lambda row: (row[0], row[1].pk),
    )
    for km, other in candidates:
        if math.isinf(km):
            break
        visits = next_visits(run, other.pk, today=today)
        if visits:
            return NearestServed(other, km, visits)
    return None
