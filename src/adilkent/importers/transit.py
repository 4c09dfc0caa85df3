"""ESHOT bus stops and lines, rail lines (metro, tram, İZBAN), tram stations, cycle paths."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from shapely.geometry import mapping, shape
from shapely.ops import linemerge, unary_union

from adilkent.geo import GeometrySummary, summarise

from .csvfiles import parse_float, read_rows
from .facilities import BBox, coordinate_problem
from .report import ReadResult, SourceFileError


@dataclass(frozen=True)
class StopRecord:
    mode: str
    code: str
    name: str
    lon: float
    lat: float
    line_codes: list[str]
    row: int


@dataclass
class LineRecord:
    mode: str
    code: str
    name: str = ""
    route_description: str = ""
    origin: str = ""
    destination: str = ""
    hours_outbound: str = ""
    hours_inbound: str = ""
    connects_to: list[str] = field(default_factory=list)
    summary: GeometrySummary | None = None
    row: int = 0


def read_bus_stops(path: Path, bbox: BBox) -> ReadResult[StopRecord]:
    """ESHOT stops: ``DURAK_ID;DURAK_ADI;ENLEM;BOYLAM;DURAKTAN_GECEN_HATLAR`` (lines ``-``-separated)."""
    result: ReadResult[StopRecord] = ReadResult(path.name)
    columns = ["DURAK_ID", "DURAK_ADI", "ENLEM", "BOYLAM", "DURAKTAN_GECEN_HATLAR"]
    seen: set[str] = set()
    for line, row in read_rows(path, columns):
        result.rows_read += 1
        lat, lon = parse_float(row["ENLEM"]), parse_float(row["BOYLAM"])
        reason = coordinate_problem(lat, lon, bbox)
        if not row["DURAK_ID"]:
            reason = "stop id is empty"
        elif row["DURAK_ID"] in seen:
            reason = f"stop id {row['DURAK_ID']} appears twice; the first is kept"
        if reason:
            result.problem(line, reason, row)
            continue
        assert lat is not None and lon is not None
        seen.add(row["DURAK_ID"])
        codes = [c.strip() for c in row["DURAKTAN_GECEN_HATLAR"].split("-") if c.strip()]
        result.records.append(
            StopRecord("bus", row["DURAK_ID"], row["DURAK_ADI"], lon, lat, codes, line)
        )
    return result


def read_bus_lines(
    lines_path: Path, connections_path: Path | None = None
) -> ReadResult[LineRecord]:
    """ESHOT lines, enriched with operating hours and rail connections where the second file has them."""
    result: ReadResult[LineRecord] = ReadResult(lines_path.name)
    columns = ["HAT_NO", "HAT_ADI", "GUZERGAH_ACIKLAMA", "ACIKLAMA", "HAT_BASLANGIC", "HAT_BITIS"]
    by_code: dict[str, LineRecord] = {}
    for line, row in read_rows(lines_path, columns):
        result.rows_read += 1
        code = row["HAT_NO"]
        if not code:
            result.problem(line, "line number is empty", row)
            continue
        if code in by_code:
            result.problem(line, f"line {code} appears twice; the first is kept", row)
            continue
        record = LineRecord(
            "bus",
            code,
            row["HAT_ADI"],
            " ".join(x for x in (row["GUZERGAH_ACIKLAMA"], row["ACIKLAMA"]) if x),
            row["HAT_BASLANGIC"],
            row["HAT_BITIS"],
            row=line,
        )
        by_code[code] = record
        result.records.append(record)
    if connections_path is not None:
        _add_connections(connections_path, by_code, result)
    return result


def _add_connections(
    path: Path, by_code: dict[str, LineRecord], result: ReadResult[LineRecord]
) -> None:
    types_path = path.with_name("eshot-otobus-baglanti-tipleri.csv")
    kinds: dict[str, str] = {}
    if types_path.is_file():
        for _line, row in read_rows(types_path, ["BAGLANTI_TIP_ID", "BAGLANTI_TIPI"]):
            kinds[row["BAGLANTI_TIP_ID"]] = row["BAGLANTI_TIPI"].lower()
    columns = ["BAGLANTI_TIP_ID", "HAT_NO", "GIDIS_CALISMA_SAATI", "DONUS_CALISMA_SAATI"]
    for line, row in read_rows(path, columns):
        record = by_code.get(row["HAT_NO"])
        if record is None:
            result.problem(
                line,
                f"{path.name}: line {row['HAT_NO']} is not in the line list; connection ignored",
                row,
                skipped=False,
            )
            continue
        kind = kinds.get(row["BAGLANTI_TIP_ID"], row["BAGLANTI_TIP_ID"])
        if kind not in record.connects_to:
            record.connects_to.append(kind)
        record.hours_outbound = record.hours_outbound or row["GIDIS_CALISMA_SAATI"]
        record.hours_inbound = record.hours_inbound or row["DONUS_CALISMA_SAATI"]


class _AttributeTable(HTMLParser):
    """Collects ``name → value`` pairs from the two-cell rows of a KML description table."""

    def __init__(self) -> None:
        super().__init__()
        self.pairs: dict[str, str] = {}
        self._row: list[str] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "tr":
            self._row = []
        elif tag == "td":
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "td" and self._cell is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and len(self._row) == 2 and self._row[0]:
            self.pairs[self._row[0]] = self._row[1]

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def kml_attributes(description: str) -> dict[str, str]:
    parser = _AttributeTable()
    parser.feed(description or "")
    return parser.pairs


def read_line_geometries(path: Path, mode: str) -> ReadResult[LineRecord]:
    """Rail or cycle-path segments from a GeoJSON file, merged into one line per named route.

    The rail files (KML exports) name the route in the description table's ``HAT`` field where
    they name it at all; unnamed segments form one line per file. Cycle paths carry ``adi``.
    """

    if not path.is_file():
        raise SourceFileError(f"{path}: file not found")
    try:
        features = json.loads(path.read_text(encoding="utf-8")).get("features") or []
    except json.JSONDecodeError as exc:
        raise SourceFileError(f"{path.name}: not valid JSON ({exc})") from exc
    result: ReadResult[LineRecord] = ReadResult(path.name)
    groups: dict[str, list[Any]] = {}
    first_row: dict[str, int] = {}
    for number, feature in enumerate(features, start=1):
        result.rows_read += 1
        props = feature.get("properties") or {}
        geometry = feature.get("geometry")
        if not geometry or geometry.get("type") not in {"LineString", "MultiLineString"}:
            result.problem(
                number, "geometry is missing or not a line", {"name": str(props.get("Name", ""))}
            )
            continue
        attrs = kml_attributes(props.get("description") or "")
        name = (attrs.get("HAT") or props.get("adi") or props.get("Name") or path.stem).strip()
        groups.setdefault(name, []).append(shape(geometry))
        first_row.setdefault(name, number)
    for index, (name, parts) in enumerate(sorted(groups.items()), start=1):
        merged = linemerge(unary_union(parts)) if len(parts) > 1 else parts[0]
        result.records.append(
            LineRecord(
                mode,
                f"{path.stem}-{index}",
                name,
                summary=summarise(mapping(merged)),
                row=first_row[name],
            )
        )
    return result


def read_tram_stations(path: Path, bbox: BBox, line_name: str) -> ReadResult[StopRecord]:
    """Tram station coordinates (``ISTASYON_ADI;ENLEM;BOYLAM``) of one tram line."""
    result: ReadResult[StopRecord] = ReadResult(path.name)
    for line, row in read_rows(path, ["ISTASYON_ADI", "ENLEM", "BOYLAM"]):
        result.rows_read += 1
        lat, lon = parse_float(row["ENLEM"]), parse_float(row["BOYLAM"])
        reason = coordinate_problem(lat, lon, bbox) or (
            None if row["ISTASYON_ADI"] else "name is empty"
        )
        if reason:
            result.problem(line, reason, row)
            continue
        assert lat is not None and lon is not None
        code = f"{path.stem}-{line - 1}"
        result.records.append(
            StopRecord("tram", code, row["ISTASYON_ADI"], lon, lat, [line_name], line)
        )
    return result
