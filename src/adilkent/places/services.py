"""Writes: building the place database from the real source files.

Every import is idempotent (a second run changes nothing and says so), runs in one
transaction, keeps an :class:`~adilkent.places.models.ImportRun` with its full report, and
reports each row it could not use. The readers in :mod:`adilkent.importers` do the parsing.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from adilkent.core.bulk import upsert
from adilkent.geo import PolygonIndex
from adilkent.importers import boundaries, facilities, population, transit
from adilkent.importers.matching import match_names
from adilkent.importers.report import ImportReport, ReadResult, RowProblem, SourceFileError
from adilkent.text import fold, mahalle_key, slugify_tr

from . import sources
from .models import (
    Boundary,
    DataSource,
    District,
    Facility,
    FacilityType,
    ImportRun,
    Mahalle,
    Population,
    PopulationGroup,
    TransitLine,
    TransitStop,
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


def _record_run(source: DataSource, report: ImportReport) -> ImportRun:
    return ImportRun.objects.create(
        source=source,
        finished_at=timezone.now(),
        rows_read=report.rows_read,
        created=report.created,
        updated=report.updated,
        skipped=len(report.skipped),
        report=json.loads(json.dumps(report.as_dict(), default=str)),
    )


def _geo_fields(summary: Any) -> dict[str, Any]:
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


def _district_by_fold() -> dict[str, District]:
    return {d.name_folded: d for d in District.objects.all()}


def _get_or_create_district(name: str, cache: dict[str, District]) -> District:
    key = fold(name)
    district = cache.get(key)
    if district is None:
        district = District.objects.create(name=name.strip(), slug=slugify_tr(name))
        cache[key] = district
    return district


# --- districts ---------------------------------------------------------------------------------


@transaction.atomic
def import_district_boundaries(path: Path | None = None) -> ImportReport:
    """District polygons (and their ``townId``) → :class:`District` and district boundaries."""
    info = sources.DISTRICT_BOUNDARIES
    path = path or data_path(info.file_name)
    source = ensure_source(info)
    report = ImportReport("District boundaries", info.key)
    read = boundaries.read_boundaries(path)
    report.add_read(read)
    cache = _district_by_fold()
    for feature in read.records:
        district = _get_or_create_district(feature.name, cache)
        values = {"boundary_source_id": feature.source_id, **_geo_fields(feature.summary)}
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
                **_geo_fields(f.summary),
            }
            for f in read.records
        ),
        scope={"source": source, "level": Boundary.Level.DISTRICT},
    )
    report.add_counts(counts.created, counts.updated, counts.unchanged, counts.stale)
    _record_run(source, report)
    return report


@transaction.atomic
def import_district_figures(
    area_path: Path | None = None, growth_path: Path | None = None
) -> ImportReport:
    """District areas (km²) and annual population growth (per mille) from TÜİK."""
    info = sources.DISTRICT_FIGURES
    source = ensure_source(info)
    report = ImportReport("District area and growth", info.key)
    cache = _district_by_fold()
    area_path = area_path or data_path(info.file_name)
    growth_path = growth_path or data_path(sources.DISTRICT_GROWTH_FILE)
    area_read: ReadResult[tuple[str, float]] = ReadResult(area_path.name)
    from adilkent.importers.csvfiles import parse_float, read_rows

    for line, row in read_rows(area_path, ["Bölge/İlçe", "Yüzölçümü (km2)"]):
        area_read.rows_read += 1
        name, area = row["Bölge/İlçe"], parse_float(row["Yüzölçümü (km2)"])
        if "toplam" in fold(name):
            continue  # the province total line
        if area is None:
            area_read.problem(line, f"area {row['Yüzölçümü (km2)']!r} is not a number", row)
        elif fold(name) not in cache:
            area_read.problem(line, f"district {name!r} is not known", row)
        else:
            area_read.records.append((name, area))
    growth_read = population.read_tuik_district_values(growth_path)
    report.add_read(area_read)
    report.add_read(growth_read)
    updated = 0
    for name, area in area_read.records:
        district = cache[fold(name)]
        if district.area_km2 != area:
            district.area_km2 = area
            district.save(update_fields=["area_km2"])
            updated += 1
    for record in growth_read.records:
        known = cache.get(fold(record.district))
        if known is None:
            report.skipped.append(_unknown_place(growth_path.name, record.row, record.district))
            continue
        district = known
        if district.tuik_code != record.tuik_code or district.growth_per_mille != record.value:
            district.tuik_code = record.tuik_code
            district.growth_per_mille = record.value
            district.save(update_fields=["tuik_code", "growth_per_mille"])
            updated += 1
    report.add_counts(0, updated, len(area_read.records) + len(growth_read.records) - updated)
    _record_run(source, report)
    return report


def _unknown_place(file: str, row: int, name: str) -> RowProblem:
    return RowProblem(file, row, f"district {name!r} is not known", {"district": name})


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
    cache = _district_by_fold()
    rows: list[dict[str, Any]] = []
    for record in read.records:
        district = cache.get(fold(record.district))
        if district is None:
            report.skipped.append(_unknown_place(read.file, record.row, record.district))
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
    _record_run(source, report)
    return report


# --- mahalle population ------------------------------------------------------------------------


@transaction.atomic
def import_mahalle_population(path: Path | None = None, fmt: str = "auto") -> ImportReport:
    """TÜİK mahalle population → :class:`Mahalle` (one per TÜİK code) and :class:`Population`.

    ``fmt`` is ``"tidy"`` (the CSV with ``ilce, mahalle, tuik_kod, nufus_<year>``), ``"tuik"``
    (TÜİK's pipe-delimited export) or ``"auto"`` (decided from the first line). Both formats
    carry the same data set, so importing one after the other changes nothing.
    """
    info = sources.POPULATION_2025
    path = path or data_path(info.file_name)
    if fmt == "auto":
        if not path.is_file():
            raise SourceFileError(f"{path}: file not found")
        with path.open(encoding="utf-8-sig") as handle:
            first = handle.readline()
        fmt = "tidy" if first.lower().startswith("ilce") else "tuik"
    read = (
        population.read_tidy_csv(path)
        if fmt == "tidy"
        else population.read_tuik_raw(path)
        if fmt == "tuik"
        else None
    )
    if read is None:
        raise ValueError(f"unknown population format {fmt!r}; use tidy, tuik or auto")
    source = ensure_source(info)
    report = ImportReport(f"Mahalle population ({fmt} format)", info.key)
    report.add_read(read)
    cache = _district_by_fold()
    slugs_taken: dict[tuple[int, str], str] = {
        (m.district_id, m.slug): m.tuik_code or "" for m in Mahalle.objects.all()
    }
    mahalle_rows: list[dict[str, Any]] = []
    for record in read.records:
        district = _get_or_create_district(record.district, cache)
        slug = slugify_tr(record.display_name)
        owner = slugs_taken.get((district.pk, slug))
        if owner is not None and owner != record.tuik_code:
            slug = f"{slug}-{record.tuik_code}"
        slugs_taken[(district.pk, slug)] = record.tuik_code
        mahalle_rows.append(
            {
                "tuik_code": record.tuik_code,
                "district_id": district.pk,
                "name": record.display_name,
                "source_name": record.name,
                "slug": slug,
            }
        )
    counts, by_code = upsert(Mahalle, "tuik_code", mahalle_rows)
    report.sections["mahalle"] = {
        "created": counts.created,
        "updated": counts.updated,
        "unchanged": counts.unchanged,
    }
    pop_counts, _ = upsert(
        Population,
        ("mahalle_id", "year", "group"),
        (
            {
                "mahalle_id": by_code[r.tuik_code].pk,
                "year": r.year,
                "group": PopulationGroup.TOTAL,
                "count": r.count,
            }
            for r in read.records
        ),
        scope={"source": source, "district__isnull": True},
    )
    report.add_counts(
        pop_counts.created, pop_counts.updated, pop_counts.unchanged, pop_counts.stale
    )
    total = sum(r.count for r in read.records)
    report.sections["totals"] = {
        "mahalle": len(read.records),
        "population": total,
        "districts": len({fold(r.district) for r in read.records}),
    }
    _record_run(source, report)
    return report


# --- mahalle boundaries ------------------------------------------------------------------------


def read_aliases(path: Path) -> dict[tuple[str, str], str]:
    """Confirmed name pairs: a CSV with ``district, population_name, boundary_name``."""
    from adilkent.importers.csvfiles import read_rows

    return {
        (fold(row["district"]), mahalle_key(row["population_name"])): mahalle_key(
            row["boundary_name"]
        )
        for _line, row in read_rows(path, ["district", "population_name", "boundary_name"])
    }


@transaction.atomic
def import_mahalle_boundaries(
    path: Path | None = None, aliases_path: Path | None = None
) -> ImportReport:
    """Mahalle polygons: every polygon kept as a :class:`Boundary`, matched to a :class:`Mahalle`.

    The match (Turkish-aware, within the district, one-to-one) copies the polygon, centroid and
    village flag onto the mahalle. The report lists each mahalle left without a polygon and
    each polygon left without a mahalle, with the closest candidates.
    """
    info = sources.MAHALLE_BOUNDARIES
    path = path or data_path(info.file_name)
    source = ensure_source(info)
    report = ImportReport("Mahalle boundaries", info.key)
    read = boundaries.read_boundaries(path)
    report.add_read(read)
    districts = {d.boundary_source_id: d for d in District.objects.exclude(boundary_source_id=None)}
    if not districts:
        raise SourceFileError("import the district boundaries first (no district has a townId)")
    features = []
    for f in read.records:
        if f.town_id not in districts:
            report.skipped.append(_unknown_place(read.file, f.row, f"townId {f.town_id}"))
        else:
            features.append(f)
    counts, boundary_by_id = upsert(
        Boundary,
        "source_ref",
        (
            {
                "source_ref": f.source_id,
                "name": f.name,
                "district_id": districts[f.town_id].pk,
                "properties": f.properties,
                **_geo_fields(f.summary),
            }
            for f in features
        ),
        scope={"source": source, "level": Boundary.Level.MAHALLE},
    )
    report.add_counts(counts.created, counts.updated, counts.unchanged, counts.stale)

    mahalleler = list(Mahalle.objects.select_related("district"))
    if not mahalleler:
        report.notes.append("No mahalle in the database yet: import the population first.")
    aliases = read_aliases(aliases_path) if aliases_path else None
    result = match_names(
        ((m.pk, m.source_name, m.district.name_folded) for m in mahalleler),
        ((f.source_id, f.name, districts[f.town_id].name_folded) for f in features),
        aliases=aliases,
    )
    feature_by_id = {f.source_id: f for f in features}
    mahalle_by_pk = {m.pk: m for m in mahalleler}
    matched_boundary_ids: set[int] = set()
    changed: list[Mahalle] = []
    for mahalle_pk, source_id, method in result.matched:
        m, f = mahalle_by_pk[mahalle_pk], feature_by_id[source_id]
        matched_boundary_ids.add(source_id)
        values = {
            **_geo_fields(f.summary),
            "is_village": f.is_village,
            "semt": "" if f.is_village else f.sub_district,
            "boundary_name": f.name,
            "boundary_source_id": f.source_id,
            "boundary_match": method,
        }
        if any(getattr(m, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(m, k, v)
            changed.append(m)
    unmatched_pks = {u.item for u in result.unmatched_left}
    for m in mahalleler:  # a mahalle that lost its match on re-import loses the polygon
        if m.pk in unmatched_pks and m.boundary_source_id is not None:
            m.boundary_source_id, m.boundary_match, m.boundary_name, m.geometry = None, "", "", None
            changed.append(m)
    fields = [
        *_geo_fields_names(),
        "is_village",
        "semt",
        "boundary_name",
        "boundary_source_id",
        "boundary_match",
    ]
    Mahalle.objects.bulk_update(changed, fields, batch_size=500)
    links = []
    pk_by_source_id = {sid: mpk for mpk, sid, _ in result.matched}
    for source_id, boundary in boundary_by_id.items():
        target = pk_by_source_id.get(source_id)
        if boundary.mahalle_id != target:
            boundary.mahalle_id = target
            links.append(boundary)
    Boundary.objects.bulk_update(links, ["mahalle"], batch_size=500)

    report.sections["matching"] = {
        "population_mahalle": len(mahalleler),
        "polygons": len(features),
        "matched": len(result.matched),
        "matched_by_method": result.counts_by_method(),
        "unmatched_mahalle": [
            {
                "district": mahalle_by_pk[u.item].district.name,
                "name": mahalle_by_pk[u.item].source_name,
                "tuik_code": mahalle_by_pk[u.item].tuik_code,
                "candidates": [{"name": c.name, "score": c.score} for c in u.candidates],
            }
            for u in result.unmatched_left
        ],
        "unmatched_polygons": [
            {
                "district": districts[feature_by_id[u.item].town_id].name,
                "name": u.name,
                "source_id": u.item,
                "sub_district": feature_by_id[u.item].sub_district,
                "candidates": [{"name": c.name, "score": c.score} for c in u.candidates],
            }
            for u in result.unmatched_right
        ],
        "non_exact_matches": [
            {
                "district": mahalle_by_pk[mpk].district.name,
                "population_name": mahalle_by_pk[mpk].source_name,
                "boundary_name": feature_by_id[sid].name,
                "method": method,
            }
            for mpk, sid, method in result.matched
            if method != "exact"
        ],
    }
    _record_run(source, report)
    return report


def _geo_fields_names() -> list[str]:
    return ["geometry", "centroid_lon", "centroid_lat", "min_lon", "min_lat", "max_lon", "max_lat"]


# --- facilities and transit --------------------------------------------------------------------


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
    _record_run(source, report)
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


def _line_rows(records: Iterable[transit.LineRecord]) -> list[dict[str, Any]]:
    rows = []
    for r in records:
        row: dict[str, Any] = {
            "mode": r.mode,
            "code": r.code,
            "name": r.name,
            "route_description": r.route_description,
            "origin": r.origin,
            "destination": r.destination,
            "hours_outbound": r.hours_outbound,
            "hours_inbound": r.hours_inbound,
            "connects_to": r.connects_to,
        }
        if r.summary is not None:
            row.update(_geo_fields(r.summary))
        rows.append(row)
    return rows


def _stop_rows(records: Iterable[transit.StopRecord], locator: Locator) -> list[dict[str, Any]]:
    rows = []
    for r in records:
        district_id, mahalle_id = locator.locate(r.lon, r.lat)
        rows.append(
            {
                "mode": r.mode,
                "code": r.code,
                "name": r.name,
                "lon": r.lon,
                "lat": r.lat,
                "line_codes": r.line_codes,
                "district_id": district_id,
                "mahalle_id": mahalle_id,
            }
        )
    return rows


@transaction.atomic
def import_transit(data_dir: Path | None = None) -> list[ImportReport]:
    """ESHOT bus lines and stops; metro, İZBAN and tram lines; tram stations; cycle paths."""
    base = data_dir or Path(settings.DATA_DIR)
    locator = Locator()
    reports = []

    lines_info = sources.ESHOT_LINES
    source = ensure_source(lines_info)
    report = ImportReport("ESHOT bus lines", lines_info.key)
    read_lines = transit.read_bus_lines(
        base / lines_info.file_name, base / sources.ESHOT_CONNECTIONS_FILE
    )
    report.add_read(read_lines)
    counts, _ = upsert(
        TransitLine, ("mode", "code"), _line_rows(read_lines.records), scope={"source": source}
    )
    report.add_counts(counts.created, counts.updated, counts.unchanged, counts.stale)
    _record_run(source, report)
    reports.append(report)
    known_lines = {r.code for r in read_lines.records}

    stops_info = sources.ESHOT_STOPS
    source = ensure_source(stops_info)
    report = ImportReport("ESHOT bus stops", stops_info.key)
    read_stops = transit.read_bus_stops(base / stops_info.file_name, locator.bbox)
    report.add_read(read_stops)
    counts, _ = upsert(
        TransitStop,
        ("mode", "code"),
        _stop_rows(read_stops.records, locator),
        scope={"source": source},
    )
    report.add_counts(counts.created, counts.updated, counts.unchanged, counts.stale)
    unknown = sorted({c for s in read_stops.records for c in s.line_codes} - known_lines)
    if unknown:
        report.notes.append(
            f"{len(unknown)} line number(s) serve stops but are not in the line list: "
            + ", ".join(unknown[:50])
        )
    report.sections["lines_per_stop"] = {
        "stops_without_lines": sum(1 for s in read_stops.records if not s.line_codes),
        "stop_line_pairs": sum(len(s.line_codes) for s in read_stops.records),
    }
    _record_run(source, report)
    reports.append(report)

    rail_info = sources.RAIL
    source = ensure_source(rail_info)
    report = ImportReport("Rail lines, tram stations, cycle paths", rail_info.key)
    line_records: list[transit.LineRecord] = []
    for relative, mode in sources.RAIL_FILES:
        read = transit.read_line_geometries(base / relative, mode)
        report.add_read(read)
        line_records.extend(read.records)
    counts, _ = upsert(
        TransitLine, ("mode", "code"), _line_rows(line_records), scope={"source": source}
    )
    report.add_counts(counts.created, counts.updated, counts.unchanged, counts.stale)
    stop_records: list[transit.StopRecord] = []
    for relative, line_name in sources.TRAM_STATION_FILES:
        read_tram = transit.read_tram_stations(base / relative, locator.bbox, line_name)
        report.add_read(read_tram)
        stop_records.extend(read_tram.records)
    counts, _ = upsert(
        TransitStop, ("mode", "code"), _stop_rows(stop_records, locator), scope={"source": source}
    )
    report.add_counts(counts.created, counts.updated, counts.unchanged, counts.stale)
    report.notes.append(
        "metro-durak-mesafeleri.csv lists metro stations by order and distance but without "
        "coordinates, so metro stations are not placed on the map."
    )
    _record_run(source, report)
    reports.append(report)
    return reports


# --- everything --------------------------------------------------------------------------------


def import_all(progress: Callable[[str], None] | None = None) -> list[ImportReport]:
    """Build the place database from every real file, in dependency order."""
    steps: list[tuple[str, Callable[[], ImportReport | list[ImportReport]]]] = [
        ("district boundaries", import_district_boundaries),
        ("district area and growth", import_district_figures),
        ("district population by sex", import_district_population_by_sex),
        ("mahalle population (TÜİK export)", lambda: import_mahalle_population(fmt="tuik")),
        (
            "mahalle population (tidy CSV, cross-check)",
            lambda: import_mahalle_population(data_path(sources.POPULATION_2025_TIDY), "tidy"),
        ),
        ("mahalle boundaries", import_mahalle_boundaries),
        ("facilities", import_facilities),
        ("transit", import_transit),
    ]
    reports: list[ImportReport] = []
    for number, (label, step) in enumerate(steps, start=1):
        if progress:
            progress(f"[{number}/{len(steps)}] {label}")
        outcome = step()
        reports.extend(outcome if isinstance(outcome, list) else [outcome])
    return reports
