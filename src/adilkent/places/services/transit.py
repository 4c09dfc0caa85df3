"""Public transport: ESHOT lines and stops, rail lines, tram stations, cycle paths."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction

from adilkent.core.bulk import upsert
from adilkent.importers import transit
from adilkent.importers.report import ImportReport

from .. import sources
from ..models import (
    TransitLine,
    TransitStop,
)
from ._common import (
    Locator,
    ensure_source,
    geo_fields,
    record_run,
)


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
            row.update(geo_fields(r.summary))
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
    record_run(source, report)
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
    record_run(source, report)
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
    record_run(source, report)
    reports.append(report)
    return reports
