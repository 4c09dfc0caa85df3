"""Find a mahalle or a transit stop by name, typed with or without Turkish letters.

The pin map's search box calls this: every match comes with a point to centre the map on.
Names are compared folded (``adilkent.text.fold``), so "karsiyaka" finds "Karşıyaka".
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.cache import cache

from adilkent.text import fold

from .geojson import CACHE_SECONDS, LANDMARK_MODES, data_version
from .models import Mahalle, TransitMode, TransitStop

FIND_LIMIT = 10
QUERY_MIN_LENGTH = 2
QUERY_MAX_LENGTH = 100


@dataclass(frozen=True)
class PlaceMatch:
    kind: str  # "mahalle" or "stop"
    name: str
    detail: str
    lon: float
    lat: float

    def as_dict(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "name": self.name,
            "detail": self.detail,
            "lon": round(self.lon, 5),
            "lat": round(self.lat, 5),
        }


# (folded name, name, mode, lon, lat, district name), one row per distinct name and mode.
StopRow = tuple[str, str, str, float, float, str]


def _stop_rows() -> list[StopRow]:
    key = f"places:stop-names:{data_version()}"
    rows: list[StopRow] | None = cache.get(key)
    if rows is None:
        seen: set[tuple[str, str]] = set()
        rows = []
        stops = TransitStop.objects.select_related("district").order_by("mode", "name", "code")
        for stop in stops.only("name", "mode", "lon", "lat", "district__name"):
            folded = fold(stop.name)
            if not folded or (folded, stop.mode) in seen:
                continue
            seen.add((folded, stop.mode))
            district = stop.district.name if stop.district else ""
            rows.append((folded, stop.name, stop.mode, stop.lon, stop.lat, district))
        cache.set(key, rows, CACHE_SECONDS)
    return rows


def place_find(*, query: str, limit: int = FIND_LIMIT) -> list[PlaceMatch]:
    """Mahalle and stops whose folded name contains the folded ``query``, best first.

    Names that start with the query come before names that only contain it; mahalle before
    rail, metro and tram stops, and those before bus stops. At most ``limit`` matches.
    """
    needle = fold(query[:QUERY_MAX_LENGTH]).strip()
    if len(needle) < QUERY_MIN_LENGTH:
        return []
    ranked: list[tuple[tuple[int, int, str], PlaceMatch]] = []
    mahalleler = (
        Mahalle.objects.filter(name_folded__contains=needle, centroid_lon__isnull=False)
        .select_related("district")
        .order_by("name_folded", "pk")
    )
    for m in mahalleler[: limit * 3]:
        match = PlaceMatch("mahalle", m.name, m.district.name, m.centroid_lon, m.centroid_lat)  # type: ignore[arg-type]
        ranked.append(((0 if m.name_folded.startswith(needle) else 1, 0, m.name_folded), match))
    modes = dict(TransitMode.choices)
    for folded, name, mode, lon, lat, district in _stop_rows():
        if needle not in folded:
            continue
        detail = ", ".join(part for part in (str(modes.get(mode, mode)), district) if part)
        group = 1 if mode in LANDMARK_MODES else 2
        ranked.append(
            (
                (0 if folded.startswith(needle) else 1, group, folded),
                PlaceMatch("stop", name, detail, lon, lat),
            )
        )
    ranked.sort(key=lambda pair: pair[0])
    return [match for _, match in ranked[:limit]]
