"""Facilities from real files: hospitals, AFAD disaster assembly areas, OSM green spaces."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .csvfiles import parse_float, read_rows
from .report import ReadResult

# A generous box around a metropolitan province, in degrees; callers pass the real one
# (the bounds of the district polygons, with a margin).
BBox = tuple[float, float, float, float]  # min_lon, min_lat, max_lon, max_lat


@dataclass(frozen=True)
class FacilityRecord:
    type_code: str
    source_ref: str
    name: str
    lon: float
    lat: float
    district_name: str = ""
    mahalle_name: str = ""
    address: str = ""
    attributes: dict[str, object] = field(default_factory=dict)
    row: int = 0


def coordinate_problem(lat: float | None, lon: float | None, bbox: BBox) -> str | None:
    """Why a latitude/longitude pair cannot be a place in ``bbox``, or ``None`` if it can.

    The reason names the likely fault so a data owner can fix the source: projected metres
    (UTM) instead of degrees, a lost decimal point, swapped columns.
    """
    min_lon, min_lat, max_lon, max_lat = bbox
    if lat is None or lon is None:
        return "latitude or longitude is empty or not a number"
    if min_lat <= lat <= max_lat and min_lon <= lon <= max_lon:
        return None
    if min_lat <= lon <= max_lat and min_lon <= lat <= max_lon:
        return f"latitude and longitude look swapped ({lat}, {lon})"
    if abs(lat) > 90 or abs(lon) > 180:
        if lat > 100_000 and lon > 100_000 and (lat < 1_000_000 or lon < 1_000_000):
            return (
                f"coordinates ({lat}, {lon}) look like projected metres (e.g. UTM easting/"
                "northing), not degrees"
            )
        return f"coordinates ({lat}, {lon}) are not degrees: the decimal point seems to be missing"
    return f"({lat}, {lon}) lies outside the area served ({min_lat}–{max_lat} N, {min_lon}–{max_lon} E)"


def read_hospitals(path: Path, bbox: BBox) -> ReadResult[FacilityRecord]:
    """İzBB open data health institutions: ``name, latitude, longitude, district, neighborhood``."""
    result: ReadResult[FacilityRecord] = ReadResult(path.name)
    for line, row in read_rows(path, ["name", "latitude", "longitude", "district", "neighborhood"]):
        result.rows_read += 1
        lat, lon = parse_float(row["latitude"]), parse_float(row["longitude"])
        reason = "name is empty" if not row["name"] else coordinate_problem(lat, lon, bbox)
        if reason:
            result.problem(line, reason, row)
            continue
        assert lat is not None and lon is not None
        result.records.append(
            FacilityRecord(
                "hospital",
                f"line-{line}",
                row["name"],
                lon,
                lat,
                row["district"],
                row["neighborhood"],
                row=line,
            )
        )
    return result


_THOUSANDS = re.compile(r"\d{1,3}(?:\.\d{3})+")


def parse_area_m2(text: str) -> float | None:
    """An area as AFAD writes it: ``"1.300"`` is 1,300 m² (Turkish thousands separator),
    ``"5166.25"`` is a decimal, ``""`` is unknown."""
    text = text.strip()
    if not text:
        return None
    if _THOUSANDS.fullmatch(text):
        return float(text.replace(".", ""))
    return parse_float(text)


def read_afad_assembly_areas(path: Path, bbox: BBox) -> ReadResult[FacilityRecord]:
    """AFAD disaster assembly areas (``sira, tabela_no, ilce, mahalle, adres, alan_m2, lat, lon``).

    Rows with coordinates that cannot be a place in ``bbox`` are reported and skipped; an
    unreadable area is reported as a warning and the area left empty.
    """
    result: ReadResult[FacilityRecord] = ReadResult(path.name)
    seen_signs: dict[str, int] = {}
    columns = ["sira", "tabela_no", "ilce", "mahalle", "adres", "alan_m2", "lat", "lon"]
    for line, row in read_rows(path, columns):
        result.rows_read += 1
        lat, lon = parse_float(row["lat"]), parse_float(row["lon"])
        reason = coordinate_problem(lat, lon, bbox)
        if not row["sira"]:
            reason = "row number (sira) is empty"
        if reason:
            result.problem(line, reason, row)
            continue
        assert lat is not None and lon is not None
        area = parse_area_m2(row["alan_m2"])
        if row["alan_m2"] and area is None:
            result.problem(line, f"area {row['alan_m2']!r} is not a number", row, skipped=False)
        sign = row["tabela_no"]
        if sign and sign in seen_signs:
            result.problem(
                line,
                f"sign number {sign} also used on line {seen_signs[sign]}; both kept",
                row,
                skipped=False,
            )
        seen_signs.setdefault(sign, line)
        result.records.append(
            FacilityRecord(
                "assembly_area",
                row["sira"],
                sign,
                lon,
                lat,
                row["ilce"],
                row["mahalle"],
                row["adres"],
                {"area_m2": area, "sign_no": sign},
                row=line,
            )
        )
    return result


def green_space_type(leisure: str, landuse: str, natural: str) -> str:
    """The facility type code of an OSM green space from its tags."""
    if leisure == "playground":
        return "playground"
    if leisure == "pitch":
        return "sports_pitch"
    if leisure == "garden":
        return "garden"
    if leisure in {"park", "recreation_ground"}:
        return "park"
    if landuse == "forest" or natural in {"wood", "forest"} or leisure == "nature_reserve":
        return "forest"
    return "park"


def read_osm_green_spaces(path: Path, bbox: BBox) -> ReadResult[FacilityRecord]:
    """OSM parks, playgrounds, pitches, gardens, forests as points (``osm_yesil_alanlar.csv``)."""
    result: ReadResult[FacilityRecord] = ReadResult(path.name)
    columns = [
        "fid",
        "element_type",
        "osmid",
        "leisure",
        "landuse",
        "natural",
        "name",
        "lon",
        "lat",
    ]
    for line, row in read_rows(path, columns):
        result.rows_read += 1
        lat, lon = parse_float(row["lat"]), parse_float(row["lon"])
        reason = coordinate_problem(lat, lon, bbox)
        if not row["osmid"] or not row["element_type"]:
            reason = "OSM element type or id is empty"
        if reason:
            result.problem(line, reason, row)
            continue
        assert lat is not None and lon is not None
        tags = {k: row[k] for k in ("leisure", "landuse", "natural") if row[k]}
        result.records.append(
            FacilityRecord(
                green_space_type(row["leisure"], row["landuse"], row["natural"]),
                f"{row['element_type']}/{row['osmid']}",
                row["name"],
                lon,
                lat,
                attributes={"osm_tags": tags},
                row=line,
            )
        )
    return result
