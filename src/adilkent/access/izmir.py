"""The İzmir demo inputs, exported from the real files (no database needed).

Mahalle come from TÜİK's 2025 population list, placed at the point-on-surface of the boundary
polygon they match (the same matching as the database import: Turkish-aware, within the
district, one-to-one, never on similarity alone). Mahalle without a matched polygon cannot be
placed and are left out and listed, with their population, in the export notes.

Facilities: hospitals (İzBB), parks and playgrounds (OpenStreetMap), AFAD assembly areas; bus
stops with their lines (ESHOT). Every source's rows that could not be read are counted.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from adilkent.importers import boundaries, facilities, population, transit
from adilkent.importers.matching import match_names
from adilkent.text import fold

BBOX_MARGIN = 0.05  # degrees around the district polygons, as in the database import
FILES = {
    "population": "izmir/population/mahalle_nufus_2025.csv",
    "districts": "izmir/boundaries/izmir_ilceler.geojson",
    "mahalle": "izmir/boundaries/izmir_mahalleler.geojson",
    "hospitals": "izmir/facilities/hastaneler.csv",
    "green": "izmir/facilities/osm_yesil_alanlar.csv",
    "afad": "izmir/facilities/afad_toplanma_alanlari.csv",
    "stops": "izmir/transit/eshot-otobus-duraklari.csv",
    "timetables": "izmir/transit/eshot_timetables_2026-04.tar.gz",
}
SOURCES = {
    "population": "TÜİK ADNKS 2025 (attribution required)",
    "boundaries": "TurkeyGeoJSON (cagriozkurt), compiled from unofficial sources",
    "hospitals": "İzmir Metropolitan Municipality open data, CC BY 4.0",
    "green": "© OpenStreetMap contributors, ODbL 1.0",
    "afad": "AFAD / İzmir Metropolitan Municipality",
    "transit": "İzmir Metropolitan Municipality open data (ESHOT)",
}
GREEN_TYPES = {"park": "park", "garden": "park", "playground": "playground"}


@dataclass
class IzmirInputs:
    places: pd.DataFrame
    facilities: pd.DataFrame
    stops: pd.DataFrame
    notes: dict[str, Any] = field(default_factory=dict)


def _bbox(features: list[boundaries.BoundaryFeature]) -> facilities.BBox:
    boxes = [f.summary.bbox for f in features]
    return (
        min(b[0] for b in boxes) - BBOX_MARGIN,
        min(b[1] for b in boxes) - BBOX_MARGIN,
        max(b[2] for b in boxes) + BBOX_MARGIN,
        max(b[3] for b in boxes) + BBOX_MARGIN,
    )


def load_izmir(data_dir: Path) -> IzmirInputs:
    """Read the real İzmir files under ``data_dir`` (the shared data folder)."""
    notes: dict[str, Any] = {"sources": SOURCES}
    districts = boundaries.read_boundaries(data_dir / FILES["districts"])
    district_of_town = {f.source_id: f.name for f in districts.records}
    polygons = boundaries.read_boundaries(data_dir / FILES["mahalle"])
    pop = population.read_tidy_csv(data_dir / FILES["population"])
    by_source = {f.source_id: f for f in polygons.records if f.town_id in district_of_town}
    result = match_names(
        ((i, m.name, fold(m.district)) for i, m in enumerate(pop.records)),
        ((sid, f.name, fold(district_of_town[f.town_id])) for sid, f in by_source.items()),
    )
    rows = []
    for i, sid, method in result.matched:
        m, f = pop.records[i], by_source[sid]
        rows.append(
            {
                "place_id": m.tuik_code,
                "name": m.display_name,
                "district": m.district,
                "lon": f.summary.centroid_lon,
                "lat": f.summary.centroid_lat,
                "total": float(m.count),
                "village": float(m.count) if f.is_village else 0.0,
                "is_village": f.is_village,
                "match": method,
            }
        )
    places = pd.DataFrame(rows).sort_values("place_id").reset_index(drop=True)
    left_out = [pop.records[u.item] for u in result.unmatched_left]
    notes["places"] = {
        "mahalle_in_population_list": len(pop.records),
        "population_total": sum(m.count for m in pop.records),
        "placed": len(places),
        "population_placed": int(places["total"].sum()),
        "left_out_without_polygon": [
            {
                "district": m.district,
                "name": m.name,
                "tuik_code": m.tuik_code,
                "population": m.count,
            }
            for m in left_out
        ],
        "rows_not_read": len(pop.skipped),
    }
    bbox = _bbox(districts.records)
    frames = []
    hospitals = facilities.read_hospitals(data_dir / FILES["hospitals"], bbox)
    green = facilities.read_osm_green_spaces(data_dir / FILES["green"], bbox)
    afad = facilities.read_afad_assembly_areas(data_dir / FILES["afad"], bbox)
    for read, type_of in (
        (hospitals, lambda r: "hospital"),
        (green, lambda r: GREEN_TYPES.get(r.type_code)),
        (afad, lambda r: "assembly_area"),
    ):
        records = [(r, type_of(r)) for r in read.records]
        frames.append(
            pd.DataFrame(
                [
                    {
                        "facility_id": f"{t}:{r.source_ref}",
                        "name": r.name,
                        "type": t,
                        "lon": r.lon,
                        "lat": r.lat,
                        "capacity": 1.0,
                    }
                    for r, t in records
                    if t
                ]
            )
        )
        notes.setdefault("facilities", {})[read.file] = {
            "rows": read.rows_read,
            "skipped": len(read.skipped),
            "reasons": sorted({p.reason.split(" (")[0] for p in read.skipped})[:10],
        }
    facility_frame = pd.concat(frames, ignore_index=True)
    # Ids must be unique: a feature listed twice in a source is kept once, and counted.
    repeated = facility_frame["facility_id"].duplicated()
    notes["facilities_listed_twice"] = facility_frame.loc[repeated, "facility_id"].tolist()
    facility_frame = facility_frame[~repeated].reset_index(drop=True)
    stops = transit.read_bus_stops(data_dir / FILES["stops"], bbox)
    stop_frame = pd.DataFrame(
        [
            {
                "stop_id": s.code,
                "name": s.name,
                "lon": s.lon,
                "lat": s.lat,
                "lines": "-".join(s.line_codes),
            }
            for s in stops.records
        ]
    )
    notes["stops"] = {"rows": stops.rows_read, "skipped": len(stops.skipped)}
    return IzmirInputs(places, facility_frame, stop_frame, notes)


def export_izmir(data_dir: Path, out: Path) -> IzmirInputs:
    """Write ``places.csv``, ``facilities.csv``, ``stops.csv`` and ``export-notes.json`` to ``out``."""
    inputs = load_izmir(data_dir)
    out.mkdir(parents=True, exist_ok=True)
    inputs.places.to_csv(out / "places.csv", index=False)
    inputs.facilities.to_csv(out / "facilities.csv", index=False)
    inputs.stops.to_csv(out / "stops.csv", index=False)
    (out / "export-notes.json").write_text(
        json.dumps(inputs.notes, ensure_ascii=False, indent=2), encoding="utf-8"
    )
    return inputs
