"""District and mahalle polygons from the TurkeyGeoJSON files."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from adilkent.geo import GeometrySummary, summarise

from .report import ReadResult, SourceFileError

VILLAGES_LABEL = "Köyler"


@dataclass(frozen=True)
class BoundaryFeature:
    """One polygon with the identifiers the source gives it."""

    source_id: int
    name: str
    town_id: int  # the district the polygon belongs to
    sub_district: str  # ``districtName``: a semt, or "Köyler" for former villages
    summary: GeometrySummary
    properties: dict[str, Any]
    row: int

    @property
    def is_village(self) -> bool:
        return self.sub_district == VILLAGES_LABEL


def _load_features(path: Path) -> list[dict[str, Any]]:
    if not path.is_file():
        raise SourceFileError(f"{path}: file not found")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise SourceFileError(f"{path.name}: not valid JSON ({exc})") from exc
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise SourceFileError(f"{path.name}: not a GeoJSON FeatureCollection")
    features = data.get("features") or []
    if not features:
        raise SourceFileError(f"{path.name}: the FeatureCollection has no features")
    return list(features)


def read_boundaries(path: Path) -> ReadResult[BoundaryFeature]:
    """Read a TurkeyGeoJSON FeatureCollection of district (``Town``) or mahalle polygons."""
    result: ReadResult[BoundaryFeature] = ReadResult(path.name)
    for number, feature in enumerate(_load_features(path), start=1):
        result.rows_read += 1
        props = dict(feature.get("properties") or {})
        values = {k: str(props.get(k, "")) for k in ("id", "name", "townId")}
        geometry = feature.get("geometry")
        if not props.get("name"):
            result.problem(number, "feature has no name", values)
            continue
        if not isinstance(props.get("id"), int) or not isinstance(props.get("townId"), int):
            result.problem(number, "feature has no integer id/townId", values)
            continue
        if not geometry or geometry.get("type") not in {"Polygon", "MultiPolygon"}:
            result.problem(number, "geometry is missing or not a polygon", values)
            continue
        try:
            summary = summarise(geometry)
        except (ValueError, TypeError) as exc:
            result.problem(number, f"geometry cannot be read: {exc}", values)
            continue
        if summary.repaired:
            result.problem(
                number, "invalid polygon repaired (shapely.make_valid)", values, skipped=False
            )
        kept = {k: v for k, v in props.items() if k not in {"centroid"}}
        result.records.append(
            BoundaryFeature(
                source_id=props["id"],
                name=str(props["name"]).strip(),
                town_id=props["townId"],
                sub_district=str(props.get("districtName") or "").strip(),
                summary=summary,
                properties=kept,
                row=number,
            )
        )
    return result
