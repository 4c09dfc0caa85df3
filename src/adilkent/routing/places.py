"""Candidate places for mobile services, read from the shared boundary and population files.

Works for any city whose files follow the same shape: a mahalle GeoJSON with ``name``,
``townId``, ``districtName`` and ``centroid`` properties, a district GeoJSON keyed by ``id``
(= ``townId``), and a population CSV with ``ilce``, ``mahalle`` and a population column.
Names are matched with :func:`adilkent.text.mahalle_key` within the district; the count of
unmatched mahalle is returned, never guessed.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from pathlib import Path

from adilkent.access.model import haversine_m
from adilkent.text import fold, mahalle_key


@dataclass(frozen=True)
class Place:
    id: str
    name: str
    district: str
    lon: float
    lat: float
    is_village: bool
    population: int | None
    codes: tuple[str, ...] = ()  # official codes of the population rows matched (TÜİK)


@dataclass(frozen=True)
class PlaceSet:
    places: list[Place]
    centre_name: str
    centre_lon: float
    centre_lat: float
    unmatched_population: int
    source: str

    def km_from_centre(self, place: Place) -> float:
        return float(haversine_m(self.centre_lon, self.centre_lat, place.lon, place.lat)) / 1000


def read_places(
    mahalle_geojson: Path,
    district_geojson: Path,
    population_csv: Path | None = None,
    *,
    village_label: str = "Köyler",
    centre_district: str = "Konak",
    population_column: str = "nufus_2025",
    code_column: str = "tuik_kod",
) -> PlaceSet:
    """Every mahalle with its centroid, district, village flag and (when matched) population.

    The centre is the centroid of ``centre_district`` as given in the district file.
    """
    districts = json.loads(district_geojson.read_text(encoding="utf-8"))["features"]
    district_name = {int(f["properties"]["id"]): str(f["properties"]["name"]) for f in districts}
    centre = next(
        (
            f["properties"]
            for f in districts
            if fold(f["properties"]["name"]) == fold(centre_district)
        ),
        None,
    )
    if centre is None:
        raise ValueError(f"district {centre_district!r} not in {district_geojson.name}")
    population: dict[tuple[str, str], int] = {}
    codes: dict[tuple[str, str], tuple[str, ...]] = {}
    if population_csv is not None:
        with population_csv.open(encoding="utf-8-sig", newline="") as handle:
            for row in csv.DictReader(handle):
                key = (fold(row["ilce"]), mahalle_key(row["mahalle"]))
                population[key] = population.get(key, 0) + int(row[population_column])
                if row.get(code_column):
                    codes[key] = (*codes.get(key, ()), str(row[code_column]).strip())
    places = []
    matched: set[tuple[str, str]] = set()
    for feature in json.loads(mahalle_geojson.read_text(encoding="utf-8"))["features"]:
        props = feature["properties"]
        district = district_name.get(int(props["townId"]), "")
        key = (fold(district), mahalle_key(props["name"]))
        people = population.get(key)
        if people is not None:
            matched.add(key)
        lon, lat = props["centroid"]
        places.append(
            Place(
                id=f"m{props['id']}",
                name=str(props["name"]),
                district=district,
                lon=float(lon),
                lat=float(lat),
                is_village=props.get("districtName") == village_label,
                population=people,
                codes=codes.get(key, ()),
            )
        )
    return PlaceSet(
        places=places,
        centre_name=f"centroid of {centre['name']} district",
        centre_lon=float(centre["centroid"][0]),
        centre_lat=float(centre["centroid"][1]),
        unmatched_population=len(set(population) - matched),
        source=f"{mahalle_geojson.name}, {district_geojson.name}"
        + (f", {population_csv.name}" if population_csv else ""),
    )


def read_places_from_data_dir(data_dir: Path) -> PlaceSet:
    """The İzmir files of the shared data directory (``settings.DATA_DIR`` in the project)."""
    izmir = data_dir / "izmir"
    return read_places(
        izmir / "boundaries" / "izmir_mahalleler.geojson",
        izmir / "boundaries" / "izmir_ilceler.geojson",
        izmir / "population" / "mahalle_nufus_2025.csv",
    )
