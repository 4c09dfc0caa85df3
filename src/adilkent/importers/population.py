"""TÜİK ADNKS mahalle population: the tidy CSV and TÜİK's own pipe-delimited export."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from adilkent.text import ascii_digits, display_name, fold

from .csvfiles import parse_float, read_rows
from .report import ReadResult, SourceFileError


@dataclass(frozen=True)
class MahallePopulation:
    """One mahalle's population as TÜİK publishes it."""

    district: str
    name: str  # as published, e.g. "B.Hayrettin Paşa Mah."
    tuik_code: str
    year: int
    count: int
    row: int

    @property
    def display_name(self) -> str:
        return display_name(self.name)


def _count(text: str) -> int | None:
    """A head count: ``"9104"`` or TÜİK's ``"9104.0"``; ``None`` for anything else."""
    match = re.fullmatch(r"(\d+)(?:\.0+)?", text.strip())
    return int(match.group(1)) if match else None


def read_tidy_csv(path: Path, year: int = 2025) -> ReadResult[MahallePopulation]:
    """Read the tidy CSV (columns ``ilce, mahalle, tuik_kod, nufus_<year>``)."""
    column = f"nufus_{year}"
    result: ReadResult[MahallePopulation] = ReadResult(path.name)
    for line, row in read_rows(path, ["ilce", "mahalle", "tuik_kod", column]):
        result.rows_read += 1
        count = _count(row[column])
        if not row["ilce"] or not row["mahalle"]:
            result.problem(line, "district or mahalle name is empty", row)
        elif not ascii_digits(row["tuik_kod"]):
            result.problem(line, f"TÜİK code {row['tuik_kod']!r} is not a number", row)
        elif count is None:
            result.problem(line, f"population {row[column]!r} is not a whole number", row)
        else:
            result.records.append(
                MahallePopulation(row["ilce"], row["mahalle"], row["tuik_kod"], year, count, line)
            )
    return result


# "İzmir(Aliağa/Aliağa Bel./Aşağışakran Mah.)-192999"
_RAW_PLACE = re.compile(
    r"^(?P<province>[^(]+)\((?P<district>[^/]+)/(?P<municipality>[^/]+)/(?P<name>.+)\)-(?P<code>\d+)$"
)


def read_tuik_raw(path: Path) -> ReadResult[MahallePopulation]:
    """Read TÜİK's pipe-delimited ADNKS export ("Belediye, Köy ve Mahalle Nüfusları").

    The export has a few title lines, then data lines ``year|place-code|value|``; the year is
    written only on the first line of each year's block.
    """
    if not path.is_file():
        raise SourceFileError(f"{path}: file not found")
    result: ReadResult[MahallePopulation] = ReadResult(path.name)
    year: int | None = None
    saw_title = False
    with path.open(encoding="utf-8-sig") as handle:
        for line_no, raw in enumerate(handle, start=1):
            cells = raw.rstrip("\r\n").split("|")
            if "Nüfus" in raw and not saw_title:
                saw_title = True
            if len(cells) < 3 or not cells[1].strip():
                continue  # title, spacer and footer lines
            year_cell, place, value = cells[0].strip(), cells[1].strip(), cells[2].strip()
            if year_cell:
                if not ascii_digits(year_cell):
                    continue  # a header line such as "Satırlar"
                year = int(year_cell)
            result.rows_read += 1
            values = {"year": year_cell, "place": place, "value": value}
            match = _RAW_PLACE.match(place)
            count = _count(value)
            if year is None:
                result.problem(line_no, "data line before any year", values)
            elif not match:
                result.problem(
                    line_no, f"place {place!r} is not 'Province(District/…/Name)-code'", values
                )
            elif count is None:
                result.problem(line_no, f"population {value!r} is not a whole number", values)
            else:
                result.records.append(
                    MahallePopulation(
                        match["district"].strip(),
                        match["name"].strip(),
                        match["code"],
                        year,
                        count,
                        line_no,
                    )
                )
    if not saw_title and not result.records:
        raise SourceFileError(f"{path.name}: not a TÜİK ADNKS export (no title line, no data)")
    return result


@dataclass(frozen=True)
class DistrictValue:
    """One district's value in a TÜİK district-level export (e.g. growth per mille)."""

    district: str
    tuik_code: str
    year: int
    value: float
    row: int


_RAW_DISTRICT = re.compile(r"^(?P<province>[^(]+)\((?P<district>[^/()]+)\)-(?P<code>\d+)$")


def read_tuik_district_values(path: Path) -> ReadResult[DistrictValue]:
    """Read a TÜİK pipe-delimited export with one value per district (``İzmir(Aliağa)-1128``)."""
    if not path.is_file():
        raise SourceFileError(f"{path}: file not found")
    result: ReadResult[DistrictValue] = ReadResult(path.name)
    year: int | None = None
    with path.open(encoding="utf-8-sig") as handle:
        for line_no, raw in enumerate(handle, start=1):
            cells = raw.rstrip("\r\n").split("|")
            if len(cells) < 3 or not cells[1].strip():
                continue
            year_cell, place, value = cells[0].strip(), cells[1].strip(), cells[2].strip()
            if year_cell:
                if not ascii_digits(year_cell):
                    continue
                year = int(year_cell)
            result.rows_read += 1
            values = {"year": year_cell, "place": place, "value": value}
            match = _RAW_DISTRICT.match(place)
            try:
                number = float(value)
            except ValueError:
                number = None
            if year is None or not match or number is None:
                result.problem(line_no, f"cannot read {place!r} = {value!r}", values)
                continue
            result.records.append(
                DistrictValue(match["district"].strip(), match["code"], year, number, line_no)
            )
    return result


@dataclass(frozen=True)
class DistrictBySex:
    district: str
    tuik_code: str
    year: int
    total: int
    male: int
    female: int
    row: int


def _dotted_int(text: str) -> int | None:
    """``"103.364"`` (Turkish thousands separators) → 103364."""
    digits = text.strip().replace(".", "")
    return int(digits) if ascii_digits(digits) else None


def read_district_population_json(path: Path, year: int = 2022) -> ReadResult[DistrictBySex]:
    """District population by sex (``ilce_nufus_cinsiyet_2022.json``, il-ilce-json format)."""
    import json

    if not path.is_file():
        raise SourceFileError(f"{path}: file not found")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise SourceFileError(f"{path.name}: not valid JSON ({exc})") from exc
    districts = data.get("ilceler") if isinstance(data, dict) else None
    if not isinstance(districts, list):
        raise SourceFileError(f"{path.name}: no 'ilceler' list")
    result: ReadResult[DistrictBySex] = ReadResult(path.name)
    province = [_dotted_int(str(data.get(k, ""))) for k in ("nufus", "erkek_nufus", "kadin_nufus")]
    for number, item in enumerate(districts, start=1):
        result.rows_read += 1
        keys = ("ilce_adi", "ilce_kodu", "nufus", "erkek_nufus", "kadin_nufus")
        values = {k: str(item.get(k, "")) for k in keys}
        total = _dotted_int(values["nufus"])
        male = _dotted_int(values["erkek_nufus"])
        female = _dotted_int(values["kadin_nufus"])
        if not values["ilce_adi"] or total is None or male is None or female is None:
            result.problem(number, "district name or a count is missing or not a number", values)
            continue
        if male + female != total:
            result.notes.append(f"{values['ilce_adi']}: male + female ≠ total in the source")
        result.records.append(
            DistrictBySex(
                values["ilce_adi"], values["ilce_kodu"], year, total, male, female, number
            )
        )
    p_total, p_male, p_female = province
    if p_total is not None and p_male is not None and p_female is not None:
        if p_male + p_female != p_total:
            result.notes.append(
                f"{path.name}: province total {p_total:,} ≠ male {p_male:,} + female "
                f"{p_female:,} = {p_male + p_female:,}; both kept as published"
            )
        district_sum = sum(r.total for r in result.records)
        if result.records and district_sum != p_total:
            result.notes.append(
                f"{path.name}: the districts add up to {district_sum:,} but the province "
                f"total is {p_total:,}; both kept as published"
            )
    return result


def read_district_areas(path: Path) -> ReadResult[tuple[str, float, int]]:
    """District areas in km² as ``(name, area, row)`` (``Bölge/İlçe, Yüzölçümü (km2)``).

    The province total line is left out.
    """
    result: ReadResult[tuple[str, float, int]] = ReadResult(path.name)
    name_column, area_column = "Bölge/İlçe", "Yüzölçümü (km2)"
    for line, row in read_rows(path, [name_column, area_column]):
        result.rows_read += 1
        name, area = row[name_column], parse_float(row[area_column])
        if "toplam" in fold(name):
            continue  # "İzmir (Toplam)": the province, not a district
        if not name or area is None:
            result.problem(line, f"district name or area {row[area_column]!r} is not usable", row)
        else:
            result.records.append((name, area, line))
    return result
