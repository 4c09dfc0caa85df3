"""Reading and checking the engine's inputs: places with population, facilities.

Places: CSV with ``place_id, lon, lat`` (or ``x, y`` with ``--crs``), population columns, and
optionally ``district``; or GeoJSON points/polygons (a polygon stands for its
point-on-surface). Facilities: CSV with ``facility_id, lon, lat, type`` and optionally
``capacity``. Every problem is raised as :class:`InputError` with what to fix.

>>> frame = pd.DataFrame({"place_id": ["a", "a"], "lon": [27, 27.1], "lat": [38, 38], "total": [5, 6]})
>>> check_places(frame, ["total"])
Traceback (most recent call last):
...
adilkent.access.data.InputError: places: place_id 'a' appears more than once (rows 2, 3); ids must be unique
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd
import shapely
from pyproj import CRS, Transformer
from shapely.geometry import shape

from .model import Points

WGS84_NAMES = {
    "EPSG:4326",
    "OGC:CRS84",
    "urn:ogc:def:crs:OGC:1.3:CRS84",
    "urn:ogc:def:crs:EPSG::4326",
}


class InputError(ValueError):
    """An input file or table the engine cannot use, with what to fix."""


def _rows(index: pd.Index) -> str:
    return ", ".join(str(i + 2) for i in index[:5])  # spreadsheet rows (header is row 1)


def to_wgs84(frame: pd.DataFrame, crs: str | None) -> pd.DataFrame:
    """Add ``lon``/``lat`` from ``x``/``y`` in ``crs`` (any pyproj CRS string)."""
    if crs is None or crs.upper() in {c.upper() for c in WGS84_NAMES}:
        return frame
    try:
        source = CRS.from_user_input(crs)
    except Exception as exc:
        raise InputError(
            f"unknown CRS {crs!r}: give an EPSG code such as EPSG:5254 ({exc})"
        ) from exc
    if not {"x", "y"} <= set(frame.columns):
        raise InputError(f"with CRS {crs} the table needs x and y columns")
    transformer = Transformer.from_crs(source, "EPSG:4326", always_xy=True)
    frame = frame.copy()
    frame["lon"], frame["lat"] = transformer.transform(frame["x"].to_numpy(), frame["y"].to_numpy())
    return frame


def _check_coordinates(frame: pd.DataFrame, what: str) -> None:
    for column in ("lon", "lat"):
        if column not in frame.columns:
            raise InputError(f"{what}: column {column!r} is missing (or give x, y and a CRS)")
    lon = pd.to_numeric(frame["lon"], errors="coerce")
    lat = pd.to_numeric(frame["lat"], errors="coerce")
    bad = frame.index[lon.isna() | lat.isna()]
    if len(bad):
        raise InputError(f"{what}: lon/lat missing or not numbers on rows {_rows(bad)}")
    outside = frame.index[(lon.abs() > 180) | (lat.abs() > 90)]
    if len(outside):
        raise InputError(
            f"{what}: coordinates are not degrees on rows {_rows(outside)} (projected metres? "
            "give x, y columns and the CRS, e.g. --crs EPSG:5254)"
        )
    frame["lon"], frame["lat"] = lon.astype(float), lat.astype(float)


def _check_ids(frame: pd.DataFrame, column: str, what: str) -> None:
    if column not in frame.columns:
        raise InputError(f"{what}: column {column!r} is missing")
    frame[column] = frame[column].astype(str).str.strip()
    empty = frame.index[frame[column].isin(["", "nan", "None"])]
    if len(empty):
        raise InputError(f"{what}: {column} is empty on rows {_rows(empty)}")
    duplicated = frame[frame[column].duplicated(keep=False)]
    if len(duplicated):
        first = duplicated[column].iloc[0]
        rows = _rows(duplicated.index[duplicated[column] == first])
        raise InputError(
            f"{what}: {column} {first!r} appears more than once (rows {rows}); ids must be unique"
        )


def check_places(frame: pd.DataFrame, groups: Sequence[str]) -> pd.DataFrame:
    """Validate a places table; returns a clean copy (numbers as floats, ids as strings)."""
    if frame.empty:
        raise InputError("places: the table has no rows")
    frame = frame.reset_index(drop=True).copy()
    _check_ids(frame, "place_id", "places")
    _check_coordinates(frame, "places")
    if not groups:
        raise InputError("places: name at least one population column")
    for group in groups:
        if group not in frame.columns:
            raise InputError(
                f"places: population column {group!r} is missing; columns are "
                f"{list(frame.columns)} (name the population columns with --groups)"
            )
        values = pd.to_numeric(frame[group], errors="coerce")
        bad = frame.index[values.isna() | (values < 0)]
        if len(bad):
            raise InputError(
                f"places: population {group!r} is missing or negative on rows {_rows(bad)}"
            )
        frame[group] = values.astype(float)
    if frame[list(groups)].to_numpy().sum() == 0:
        raise InputError("places: the population is zero everywhere; nothing to measure")
    return frame


def check_facilities(frame: pd.DataFrame) -> pd.DataFrame:
    """Validate a facilities table (``facility_id, lon, lat, type``, optional ``capacity``)."""
    if frame.empty:
        raise InputError("facilities: the table has no rows")
    frame = frame.reset_index(drop=True).copy()
    _check_ids(frame, "facility_id", "facilities")
    _check_coordinates(frame, "facilities")
    if "type" not in frame.columns:
        raise InputError(
            "facilities: column 'type' is missing (the kind of service, e.g. hospital)"
        )
    if "capacity" not in frame.columns:
        frame["capacity"] = 1.0
    capacity = pd.to_numeric(frame["capacity"], errors="coerce")
    bad = frame.index[capacity.isna() | (capacity < 0)]
    if len(bad):
        raise InputError(f"facilities: capacity is not a number ≥ 0 on rows {_rows(bad)}")
    frame["capacity"] = capacity.astype(float)
    return frame


def _read_geojson(path: Path) -> pd.DataFrame:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise InputError(f"{path.name}: not valid GeoJSON ({exc})") from exc
    crs = ((data.get("crs") or {}).get("properties") or {}).get("name")
    if crs and crs not in WGS84_NAMES:
        raise InputError(f"{path.name}: CRS {crs!r} is not WGS84; reproject to EPSG:4326 first")
    features = data.get("features") or []
    if not features:
        raise InputError(f"{path.name}: the layer has no features")
    rows = []
    for number, feature in enumerate(features, start=1):
        try:
            geom = shape(feature["geometry"])
        except Exception as exc:
            raise InputError(
                f"{path.name}: feature {number} has no readable geometry ({exc})"
            ) from exc
        point = geom if geom.geom_type == "Point" else shapely.point_on_surface(geom)
        rows.append({**(feature.get("properties") or {}), "lon": point.x, "lat": point.y})
    return pd.DataFrame(rows)


def read_table(path: Path, crs: str | None = None) -> pd.DataFrame:
    """A CSV, Parquet or GeoJSON file as a DataFrame with ``lon``/``lat``."""
    if not path.is_file():
        raise InputError(f"{path}: file not found")
    suffix = path.suffix.lower()
    if suffix in {".geojson", ".json"}:
        return _read_geojson(path)
    if suffix == ".parquet":
        frame = pd.read_parquet(path)
    elif suffix == ".csv":
        try:
            frame = pd.read_csv(
                path, dtype={"place_id": str, "facility_id": str}, encoding="utf-8-sig"
            )
        except (pd.errors.ParserError, UnicodeDecodeError) as exc:
            raise InputError(f"{path.name}: not a readable UTF-8 CSV ({exc})") from exc
    else:
        raise InputError(f"{path.name}: use .csv, .parquet or .geojson")
    return to_wgs84(frame, crs)


def points(frame: pd.DataFrame, id_column: str) -> Points:
    """The :class:`Points` of a checked table."""
    return Points(
        ids=frame[id_column].to_numpy(dtype=object),
        lon=frame["lon"].to_numpy(dtype=np.float64),
        lat=frame["lat"].to_numpy(dtype=np.float64),
    )
