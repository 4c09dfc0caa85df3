"""Geometry helpers on Shapely 2 (no Django, no GDAL).

Geometries are kept as GeoJSON mappings in WGS84 longitude/latitude; this module turns them
into Shapely objects, repairs invalid ones, summarises them (centroid, bounding box) and finds
the polygon containing a point.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import shapely
from shapely.geometry import mapping, shape
from shapely.geometry.base import BaseGeometry

K = TypeVar("K")


@dataclass(frozen=True)
class GeometrySummary:
    geojson: dict[str, Any]
    centroid_lon: float
    centroid_lat: float
    bbox: tuple[float, float, float, float]
    repaired: bool


def summarise(geojson: Mapping[str, Any], precision: int = 6) -> GeometrySummary:
    """Parse a GeoJSON geometry, repair it if invalid, and summarise it.

    The centroid is Shapely's ``point_on_surface`` for polygons, so that it always lies inside the
    place (a true centroid can fall outside a crescent-shaped mahalle or in the sea).
    Coordinates are rounded to ``precision`` decimals (6 decimals ≈ 0.1 m).
    """
    geom = shape(geojson)
    repaired = False
    if not geom.is_valid:
        geom = _same_dimension(shapely.make_valid(geom), geom)
        repaired = True
    geom = shapely.set_precision(geom, 10 ** (-precision)) if precision else geom
    point = geom.point_on_surface() if geom.geom_type.endswith("Polygon") else geom.centroid
    minx, miny, maxx, maxy = geom.bounds
    return GeometrySummary(
        geojson=to_geojson(geom),
        centroid_lon=round(point.x, precision),
        centroid_lat=round(point.y, precision),
        bbox=(minx, miny, maxx, maxy),
        repaired=repaired,
    )


def _same_dimension(repaired: BaseGeometry, original: BaseGeometry) -> BaseGeometry:
    """Keep the parts of a repaired geometry that have the original's dimension.

    ``make_valid`` turns a self-touching polygon into a collection of polygons plus the
    leftover lines and points; a boundary must stay a (multi)polygon.
    """
    if repaired.geom_type != "GeometryCollection":
        return repaired
    dimension = shapely.get_dimensions(original)
    parts = [g for g in shapely.get_parts(repaired) if shapely.get_dimensions(g) == dimension]
    return shapely.unary_union(parts) if parts else repaired


def to_geojson(geom: BaseGeometry) -> dict[str, Any]:
    """A GeoJSON mapping of plain lists (as JSON gives back), so stored and fresh compare equal."""
    return json.loads(json.dumps(mapping(geom)))


def simplify(geojson: Mapping[str, Any], tolerance: float) -> dict[str, Any]:
    """A topology-preserving simplification for display (tolerance in degrees)."""
    return to_geojson(shape(geojson).simplify(tolerance, preserve_topology=True))


class PolygonIndex(Generic[K]):
    """Find which polygon contains a point: an STR-tree over (key, polygon) pairs.

    >>> index = PolygonIndex([("a", {"type": "Polygon",
    ...     "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]]})])
    >>> index.locate(0.5, 0.5), index.locate(2, 2)
    ('a', None)
    """

    def __init__(self, items: Sequence[tuple[K, Mapping[str, Any]]]) -> None:
        self._keys: list[K] = [k for k, _ in items]
        self._geoms: list[BaseGeometry] = [shape(g) for _, g in items]
        for geom in self._geoms:
            shapely.prepare(geom)
        self._tree = shapely.STRtree(self._geoms)

    def locate(self, lon: float, lat: float) -> K | None:
        """The key of the polygon containing the point; the smallest one if several do."""
        point = shapely.Point(lon, lat)
        hits = self._tree.query(point, predicate="intersects")
        if len(hits) == 0:
            return None
        best = min(hits, key=lambda i: self._geoms[i].area)
        return self._keys[int(best)]

    def locate_many(self, coords: Sequence[tuple[float, float]]) -> list[K | None]:
        return [self.locate(lon, lat) for lon, lat in coords]

    def bounds(self) -> tuple[float, float, float, float]:
        minx, miny, maxx, maxy = shapely.total_bounds(self._geoms)
        return (float(minx), float(miny), float(maxx), float(maxy))
