"""Shared helpers of the imports: sources, run records, geometry fields, point location."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import timezone

from adilkent.geo import PolygonIndex
from adilkent.importers.report import ImportReport, RowProblem, SourceFileError
from adilkent.text import fold, slugify_tr

from .. import sources
from ..models import (
    DataSource,
    District,
    ImportRun,
    Mahalle,
)

# Margin around the district polygons within which a point counts as "in the city" (degrees).
BBOX_MARGIN = 0.05


def data_path(relative: str) -> Path:
    return Path(settings.DATA_DIR) / relative


def ensure_source(info: sources.SourceInfo) -> DataSource:
    source, _ = DataSource.objects.update_or_create(
        key=info.key,
        defaults={
            "title_tr": info.title_tr,
            "title_en": info.title_en,
            "title": info.title_tr,
            "publisher": info.publisher,
            "licence": info.licence,
            "attribution": info.attribution,
            "file_name": info.file_name,
        },
    )
    return source


def record_run(source: DataSource, report: ImportReport) -> ImportRun:
    return ImportRun.objects.create(
        source=source,
        finished_at=timezone.now(),
        rows_read=report.rows_read,
        created=report.created,
        updated=report.updated,
        skipped=len(report.skipped),
        report=json.loads(json.dumps(report.as_dict(), default=str)),
    )


def geo_fields(summary: Any) -> dict[str, Any]:
    min_lon, min_lat, max_lon, max_lat = summary.bbox
    return {
        "geometry": summary.geojson,
        "centroid_lon": summary.centroid_lon,
        "centroid_lat": summary.centroid_lat,
        "min_lon": min_lon,
        "min_lat": min_lat,
        "max_lon": max_lon,
        "max_lat": max_lat,
    }


def district_by_fold() -> dict[str, District]:
    return {d.name_folded: d for d in District.objects.all()}


def get_or_create_district(name: str, cache: dict[str, District]) -> District:
    key = fold(name)
    district = cache.get(key)
    if district is None:
        district = District.objects.create(name=name.strip(), slug=slugify_tr(name))
        cache[key] = district
    return district


def unknown_place(file: str, row: int, name: str) -> RowProblem:
    return RowProblem(file, row, f"district {name!r} is not known", {"district": name})


def geo_field_names() -> list[str]:
    return ["geometry", "centroid_lon", "centroid_lat", "min_lon", "min_lat", "max_lon", "max_lat"]


class Locator:
    """Puts points into mahalle and districts by their polygons (point in polygon)."""

    def __init__(self) -> None:
        mahalleler = Mahalle.objects.exclude(geometry=None).only("pk", "district_id", "geometry")
        self.district_of = {m.pk: m.district_id for m in mahalleler}
        self.mahalle_index: PolygonIndex[int] = PolygonIndex(
            [(m.pk, m.geometry) for m in mahalleler if m.geometry]
        )
        districts = District.objects.exclude(geometry=None).only("pk", "geometry")
        self.district_index: PolygonIndex[int] = PolygonIndex(
            [(d.pk, d.geometry) for d in districts if d.geometry]
        )
        if not districts:
            raise SourceFileError("import the district boundaries first (no district polygon)")
        min_lon, min_lat, max_lon, max_lat = self.district_index.bounds()
        self.bbox = (
            min_lon - BBOX_MARGIN,
            min_lat - BBOX_MARGIN,
            max_lon + BBOX_MARGIN,
            max_lat + BBOX_MARGIN,
        )

    def locate(self, lon: float, lat: float) -> tuple[int | None, int | None]:
        """``(district id, mahalle id)`` of a point; either may be ``None`` (sea, unmatched)."""
        mahalle = self.mahalle_index.locate(lon, lat)
        if mahalle is not None:
            return self.district_of[mahalle], mahalle
        return self.district_index.locate(lon, lat), None
