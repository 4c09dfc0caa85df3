"""Facilities (hospitals, assembly areas, green spaces), placed in their mahalle."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction

from adilkent.core.bulk import upsert
from adilkent.importers import facilities
from adilkent.importers.report import ImportReport, ReadResult

from .. import sources
from ..models import (
    Facility,
    FacilityType,
)
from ._common import (
    Locator,
    data_path,
    ensure_source,
    record_run,
)


def ensure_facility_types() -> dict[str, FacilityType]:
    types = {}
    for code, names in sources.FACILITY_TYPES.items():
        defaults: dict[str, Any] = {f"name_{lang}": names[lang] for lang, _ in settings.LANGUAGES}
        defaults["name"] = names["tr"]
        defaults["map_colour"] = names["colour"]
        types[code], _ = FacilityType.objects.update_or_create(code=code, defaults=defaults)
    return types


def _import_facility_file(
    info: sources.SourceInfo,
    reader: Callable[[Path, Any], ReadResult[facilities.FacilityRecord]],
    title: str,
    locator: Locator,
    types: dict[str, FacilityType],
    path: Path | None,
) -> ImportReport:
    path = path or data_path(info.file_name)
    source = ensure_source(info)
    report = ImportReport(title, info.key)
    read = reader(path, locator.bbox)
    report.add_read(read)
    rows = []
    outside = 0
    for record in read.records:
        district_id, mahalle_id = locator.locate(record.lon, record.lat)
        if mahalle_id is None:
            outside += 1
        rows.append(
            {
                "source_ref": record.source_ref,
                "facility_type_id": types[record.type_code].pk,
                "name": record.name,
                "lon": record.lon,
                "lat": record.lat,
                "district_id": district_id,
                "mahalle_id": mahalle_id,
                "address": record.address,
                "attributes": {
                    **record.attributes,
                    **({"source_district": record.district_name} if record.district_name else {}),
                    **({"source_mahalle": record.mahalle_name} if record.mahalle_name else {}),
                },
            }
        )
    counts, _ = upsert(Facility, "source_ref", rows, scope={"source": source})
    report.add_counts(counts.created, counts.updated, counts.unchanged, counts.stale)
    if outside:
        report.notes.append(
            f"{outside} of {len(rows)} imported points lie in no matched mahalle polygon "
            "(coast, islands, or a mahalle without a polygon); they keep their district if any."
        )
    record_run(source, report)
    return report


@transaction.atomic
def import_facilities(
    hospitals: Path | None = None, afad: Path | None = None, green: Path | None = None
) -> list[ImportReport]:
    """Hospitals, AFAD assembly areas and OSM green spaces, placed in their mahalle."""
    locator = Locator()
    types = ensure_facility_types()
    return [
        _import_facility_file(
            sources.HOSPITALS, facilities.read_hospitals, "Hospitals", locator, types, hospitals
        ),
        _import_facility_file(
            sources.AFAD,
            facilities.read_afad_assembly_areas,
            "AFAD assembly areas",
            locator,
            types,
            afad,
        ),
        _import_facility_file(
            sources.OSM_GREEN,
            facilities.read_osm_green_spaces,
            "OSM green spaces",
            locator,
            types,
            green,
        ),
    ]
