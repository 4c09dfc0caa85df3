"""District boundaries, area, growth and population by sex."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.db import transaction

from adilkent.core.bulk import upsert
from adilkent.importers import boundaries, population
from adilkent.importers.report import ImportReport
from adilkent.text import fold

from .. import sources
from ..models import (
    Boundary,
    Population,
    PopulationGroup,
)
from ._common import (
    data_path,
    district_by_fold,
    ensure_source,
    geo_fields,
    get_or_create_district,
    record_run,
    unknown_place,
)


@transaction.atomic
def import_district_boundaries(path: Path | None = None) -> ImportReport:
    """District polygons (and their ``townId``) → :class:`District` and district boundaries."""
    info = sources.DISTRICT_BOUNDARIES
    path = path or data_path(info.file_name)
    source = ensure_source(info)
    report = ImportReport("District boundaries", info.key)
    read = boundaries.read_boundaries(path)
    report.add_read(read)
    cache = district_by_fold()
    for feature in read.records:
        district = get_or_create_district(feature.name, cache)
        values = {"boundary_source_id": feature.source_id, **geo_fields(feature.summary)}
        changed = any(getattr(district, k) != v for k, v in values.items())
        for k, v in values.items():
            setattr(district, k, v)
        if changed:
            district.save()
    counts, _ = upsert(
        Boundary,
        "source_ref",
        (
            {
                "source_ref": f.source_id,
                "name": f.name,
                "district_id": cache[fold(f.name)].pk,
                "properties": f.properties,
                **geo_fields(f.summary),
            }
            for f in read.records
        ),
        scope={"source": source, "level": Boundary.Level.DISTRICT},
    )
    report.add_counts(counts.created, counts.updated, counts.unchanged, counts.stale)
    record_run(source, report)
    return report


@transaction.atomic
def import_district_figures(
    area_path: Path | None = None, growth_path: Path | None = None
) -> ImportReport:
    """District areas (km²) and annual population growth (per mille) from TÜİK."""
    info = sources.DISTRICT_FIGURES
    source = ensure_source(info)
    report = ImportReport("District area and growth", info.key)
    cache = district_by_fold()
    area_path = area_path or data_path(info.file_name)
    growth_path = growth_path or data_path(sources.DISTRICT_GROWTH_FILE)
    area_read = population.read_district_areas(area_path)
    growth_read = population.read_tuik_district_values(growth_path)
    report.add_read(area_read)
    report.add_read(growth_read)
    updated = 0
    for name, area, row in area_read.records:
        found = cache.get(fold(name))
        if found is None:
            report.skipped.append(unknown_place(area_path.name, row, name))
            continue
        district = found
        if district.area_km2 != area:
            district.area_km2 = area
            district.save(update_fields=["area_km2"])
            updated += 1
    for record in growth_read.records:
        known = cache.get(fold(record.district))
        if known is None:
            report.skipped.append(unknown_place(growth_path.name, record.row, record.district))
            continue
        district = known
        if district.tuik_code != record.tuik_code or district.growth_per_mille != record.value:
            district.tuik_code = record.tuik_code
            district.growth_per_mille = record.value
            district.save(update_fields=["tuik_code", "growth_per_mille"])
            updated += 1
    report.add_counts(0, updated, len(area_read.records) + len(growth_read.records) - updated)
    record_run(source, report)
    return report


@transaction.atomic
def import_district_population_by_sex(path: Path | None = None) -> ImportReport:
    """TÜİK 2022 district population: total, male and female, kept as published.

    In this source male + female does not always equal the total; each such district is
    noted in the record and in the report rather than corrected.
    """
    info = sources.DISTRICT_POPULATION_2022
    path = path or data_path(info.file_name)
    source = ensure_source(info)
    report = ImportReport("District population by sex, 2022", info.key)
    read = population.read_district_population_json(path)
    report.add_read(read)
    cache = district_by_fold()
    rows: list[dict[str, Any]] = []
    for record in read.records:
        district = cache.get(fold(record.district))
        if district is None:
            report.skipped.append(unknown_place(read.file, record.row, record.district))
            continue
        note = ""
        if record.male + record.female != record.total:
            note = (
                f"male + female = {record.male + record.female:,} ≠ total {record.total:,} "
                "in the source"
            )
            report.notes.append(f"{district.name}: {note}")
        for group, count in (
            (PopulationGroup.TOTAL, record.total),
            (PopulationGroup.MALE, record.male),
            (PopulationGroup.FEMALE, record.female),
        ):
            rows.append(
                {
                    "district_id": district.pk,
                    "year": record.year,
                    "group": group,
                    "count": count,
                    "note": note,
                }
            )
    counts, _ = upsert(
        Population,
        ("district_id", "year", "group"),
        rows,
        scope={"source": source, "mahalle__isnull": True},
    )
    report.add_counts(counts.created, counts.updated, counts.unchanged, counts.stale)
    record_run(source, report)
    return report
