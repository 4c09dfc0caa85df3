"""GeoJSON reads for the maps: simplified boundaries and facility points, cached.

The boundary polygons are large (about 7 MB for İzmir's mahalle), so every collection is
simplified with Shapely (``preserve_topology=True``), rounded to five decimals (about 1 m) and
cached *serialised* in Django's cache. The cache key carries a data version, so a new import
(or any change of the counts of places and facilities) makes fresh collections. Collections
are per language because their properties hold localised labels and links.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Callable, Iterable
from typing import Any

import numpy as np
import shapely
from django.core.cache import cache
from django.db.models import Count, Max, QuerySet
from django.urls import reverse
from django.utils.translation import get_language
from shapely.geometry import Point, mapping, shape

from adilkent.core.l10n import format_number

from . import selectors
from .models import (
    District,
    Facility,
    ImportRun,
    Mahalle,
    TransitLine,
    TransitMode,
    TransitStop,
)

# Simplification tolerances in degrees (1e-3° ≈ 90 m east-west, 110 m north-south here).
TOLERANCE_DISTRICTS = 0.001
TOLERANCE_MAHALLELER = 0.0002
TOLERANCE_ONE_MAHALLE = 0.00005
# More points than this in one response are cut off; the collection says so.
FACILITY_LIMIT = 3000
# How far around a mahalle's bounding box "nearby" facilities are shown (degrees, ~500 m).
NEARBY_MARGIN = 0.005
CACHE_SECONDS = 60 * 60
GEOJSON_CONTENT_TYPE = "application/geo+json"


def data_version() -> str:
    """A short key that changes whenever places, facilities or imports change."""
    parts: list[object] = []
    for model in (District, Mahalle, Facility, TransitStop):
        parts.extend(model.objects.aggregate(n=Count("id"), m=Max("id")).values())
    parts.extend(ImportRun.objects.aggregate(n=Count("id"), f=Max("finished_at")).values())
    return hashlib.sha1(repr(parts).encode(), usedforsecurity=False).hexdigest()[:12]


def cached_collection(name: str, build: Callable[[], dict[str, Any]]) -> str:
    """The serialised collection ``name`` for the active language, built once per data version."""
    key = f"geojson:{data_version()}:{get_language()}:{name}"
    text = cache.get(key)
    if text is None:
        text = json.dumps(build(), ensure_ascii=False, separators=(",", ":"))
        cache.set(key, text, CACHE_SECONDS)
    return text


def simplified(geometry: dict[str, Any] | None, tolerance: float) -> dict[str, Any] | None:
    """A GeoJSON geometry simplified (topology kept) and rounded to 1e-5 degrees."""
    if not geometry:
        return None
    try:
        geom = shape(geometry)
    except (ValueError, TypeError, AttributeError, KeyError):
        return None
    if geom.geom_type == "GeometryCollection":
        # A repaired polygon can come back as polygons plus stray lines: draw the polygons.
        parts = [g for g in geom.geoms if g.geom_type in ("Polygon", "MultiPolygon")]
        geom = shapely.unary_union(parts) if parts else geom
    if geom.is_empty:
        return None
    geom = geom.simplify(tolerance, preserve_topology=True)
    geom = shapely.transform(geom, lambda coords: np.round(coords, 5))
    return mapping(geom)


def feature_collection(features: Iterable[dict[str, Any]], **members: Any) -> dict[str, Any]:
    return {"type": "FeatureCollection", "features": list(features), **members}


def _feature(geometry: dict[str, Any] | None, **properties: Any) -> dict[str, Any]:
    return {"type": "Feature", "geometry": geometry, "properties": properties}


def _population(value: int | None) -> dict[str, Any]:
    return {"population": value, "population_label": format_number(value) if value else ""}


# --- Boundaries ---------------------------------------------------------------------------


def districts_collection() -> str:
    """All district boundaries (simplified) with name, slug, population and page link."""

    def build() -> dict[str, Any]:
        population = {r.district.pk: r.population for r in selectors.district_rows()}
        districts = District.objects.filter(geometry__isnull=False).only("name", "slug", "geometry")
        return feature_collection(
            _feature(
                simplified(d.geometry, TOLERANCE_DISTRICTS),
                name=d.name,
                slug=d.slug,
                url=reverse("places:district", args=[d.slug]),
                **_population(population.get(d.pk)),
            )
            for d in districts
        )

    return cached_collection("districts", build)


def mahalleler_collection(district: District) -> str:
    """The mahalle boundaries of one district (simplified), with population and links."""

    def build() -> dict[str, Any]:
        rows = selectors.district_mahalleler(district).filter(geometry__isnull=False)
        return feature_collection(
            _feature(
                simplified(m.geometry, TOLERANCE_MAHALLELER),
                name=m.name,
                slug=m.slug,
                is_village=m.is_village,
                url=reverse("places:mahalle", args=[district.slug, m.slug]),
                **_population(m.pop),  # type: ignore[attr-defined]
            )
            for m in rows.defer(None)
        )

    return cached_collection(f"mahalleler:{district.pk}", build)


def mahalle_collection(mahalle: Mahalle) -> str:
    """One mahalle's boundary (lightly simplified); empty when no polygon was matched."""

    def build() -> dict[str, Any]:
        geometry = Mahalle.objects.filter(pk=mahalle.pk).values_list("geometry", flat=True)[0]
        features = []
        if geometry:
            features.append(
                _feature(
                    simplified(geometry, TOLERANCE_ONE_MAHALLE),
                    name=mahalle.name,
                    slug=mahalle.slug,
                    is_village=mahalle.is_village,
                    url=reverse("places:mahalle", args=[mahalle.district.slug, mahalle.slug]),
                )
            )
        return feature_collection(features)

    return cached_collection(f"mahalle:{mahalle.pk}", build)


# --- Facilities ---------------------------------------------------------------------------


def _facility_feature(f: Facility, **extra: Any) -> dict[str, Any]:
    return _feature(
        {"type": "Point", "coordinates": [round(f.lon, 6), round(f.lat, 6)]},
        name=str(f),
        type=f.facility_type.code,
        type_name=f.facility_type.name,
        colour=f.facility_type.map_colour,
        address=f.address,
        **extra,
    )


def _types_member(facilities: list[Facility]) -> list[dict[str, Any]]:
    counts: dict[str, dict[str, Any]] = {}
    for f in facilities:
        t = f.facility_type
        entry = counts.setdefault(
            t.code, {"code": t.code, "name": t.name, "colour": t.map_colour, "count": 0}
        )
        entry["count"] += 1
    return sorted(counts.values(), key=lambda e: e["code"])


def _facility_points(
    queryset: QuerySet[Facility], type_code: str | None
) -> tuple[list[Facility], int]:
    qs = queryset.select_related("facility_type").order_by("facility_type__code", "name_folded")
    if type_code:
        qs = qs.filter(facility_type__code=type_code)
    total = qs.count()
    return list(qs[:FACILITY_LIMIT]), total


def district_facilities_collection(district: District, type_code: str | None = None) -> str:
    """Facility points of one district (optionally one type), at most :data:`FACILITY_LIMIT`."""

    def build() -> dict[str, Any]:
        facilities, total = _facility_points(Facility.objects.filter(district=district), type_code)
        return feature_collection(
            (_facility_feature(f) for f in facilities),
            total=total,
            limit=FACILITY_LIMIT,
            truncated=total > len(facilities),
            facility_types=_types_member(facilities),
        )

    return cached_collection(f"facilities:d{district.pk}:{type_code or ''}", build)


def mahalle_facilities_collection(mahalle: Mahalle, type_code: str | None = None) -> str:
    """Facilities in a mahalle and near it (``inside`` tells which), at most the limit."""

    def build() -> dict[str, Any]:
        geometry = Mahalle.objects.filter(pk=mahalle.pk).values_list("geometry", flat=True)[0]
        polygon = shape(geometry) if geometry else None
        queryset = Facility.objects.filter(mahalle=mahalle)
        box = mahalle.bbox
        if box is not None:
            m = NEARBY_MARGIN
            queryset = Facility.objects.filter(
                lon__gte=box[0] - m,
                lon__lte=box[2] + m,
                lat__gte=box[1] - m,
                lat__lte=box[3] + m,
            ) | Facility.objects.filter(mahalle=mahalle)
        facilities, total = _facility_points(queryset, type_code)
        features = []
        for f in facilities:
            inside = f.mahalle_id == mahalle.pk or (
                polygon is not None and f.mahalle_id is None and polygon.covers(Point(f.lon, f.lat))
            )
            features.append(_facility_feature(f, inside=inside))
        return feature_collection(
            features,
            total=total,
            limit=FACILITY_LIMIT,
            truncated=total > len(facilities),
            facility_types=_types_member(facilities),
        )

    return cached_collection(f"facilities:m{mahalle.pk}:{type_code or ''}", build)


# --- Landmarks for the pin map ---------------------------------------------------------------

# The rail lines a resident knows the city by; bus lines are too many to draw at once.
LANDMARK_MODES = (TransitMode.SUBURBAN, TransitMode.METRO, TransitMode.TRAM)
TOLERANCE_LINES = 0.0001
# A bounding box wider or taller than this (degrees, ~10 km) gets no bus stops or labels.
BBOX_MAX_SPAN = 0.1
BUS_STOP_LIMIT = 300
MAHALLE_LABEL_LIMIT = 200


def parse_bbox(text: str) -> tuple[float, float, float, float] | None:
    """``min_lon,min_lat,max_lon,max_lat`` as four finite floats in order, or None."""
    parts = text.split(",")
    if len(parts) != 4:
        return None
    try:
        values = [float(p) for p in parts]
    except ValueError:
        return None
    if not all(math.isfinite(v) for v in values):
        return None
    min_lon, min_lat, max_lon, max_lat = values
    if min_lon > max_lon or min_lat > max_lat:
        return None
    return (min_lon, min_lat, max_lon, max_lat)


def _bbox_too_large(bbox: tuple[float, float, float, float]) -> bool:
    return bbox[2] - bbox[0] > BBOX_MAX_SPAN or bbox[3] - bbox[1] > BBOX_MAX_SPAN


def _point(lon: float, lat: float) -> dict[str, Any]:
    return {"type": "Point", "coordinates": [round(lon, 5), round(lat, 5)]}


def transit_landmarks_collection() -> str:
    """Suburban rail, metro and tram lines (simplified) and their stops, with names."""

    def build() -> dict[str, Any]:
        lines = TransitLine.objects.filter(mode__in=LANDMARK_MODES, geometry__isnull=False)
        stops = TransitStop.objects.filter(mode__in=LANDMARK_MODES).order_by("mode", "name")
        features = [
            _feature(
                simplified(line.geometry, TOLERANCE_LINES),
                kind="line",
                mode=line.mode,
                code=line.code,
                name=line.name,
            )
            for line in lines.only("mode", "code", "name", "geometry")
        ]
        features.extend(
            _feature(_point(s.lon, s.lat), kind="stop", mode=s.mode, name=s.name)
            for s in stops.only("mode", "name", "lon", "lat")
        )
        return feature_collection(f for f in features if f["geometry"])

    return cached_collection("transit-landmarks", build)


def _points_in_box(
    rows: QuerySet[Any],
    bbox: tuple[float, float, float, float],
    *,
    lon: str,
    lat: str,
    limit: int,
) -> dict[str, Any]:
    """The rows whose ``lon``/``lat`` fields lie in ``bbox`` as named points, at most ``limit``
    of them (``truncated`` says there were more); none for a box too large (``too_large``)."""
    if _bbox_too_large(bbox):
        return feature_collection([], too_large=True, truncated=False)
    min_lon, min_lat, max_lon, max_lat = bbox
    found = list(
        rows.filter(
            **{
                f"{lon}__gte": min_lon,
                f"{lon}__lte": max_lon,
                f"{lat}__gte": min_lat,
                f"{lat}__lte": max_lat,
            }
        ).only("name", lon, lat)[: limit + 1]
    )
    return feature_collection(
        (_feature(_point(getattr(r, lon), getattr(r, lat)), name=r.name) for r in found[:limit]),
        too_large=False,
        truncated=len(found) > limit,
    )


def bus_stops_collection(bbox: tuple[float, float, float, float]) -> dict[str, Any]:
    """Bus stops inside ``bbox`` (at most ``BUS_STOP_LIMIT``); none for a box too large."""
    stops = TransitStop.objects.filter(mode=TransitMode.BUS).order_by("name", "code")
    return _points_in_box(stops, bbox, lon="lon", lat="lat", limit=BUS_STOP_LIMIT)


def mahalle_labels_collection(bbox: tuple[float, float, float, float]) -> dict[str, Any]:
    """Mahalle names at their centroids inside ``bbox`` (at most ``MAHALLE_LABEL_LIMIT``)."""
    mahalleler = Mahalle.objects.order_by("name_folded", "pk")
    return _points_in_box(
        mahalleler, bbox, lon="centroid_lon", lat="centroid_lat", limit=MAHALLE_LABEL_LIMIT
    )
