"""TÜİK ADNKS mahalle population: the tidy CSV and TÜİK's own pipe-delimited export."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from adilkent.text import display_name

from .csvfiles import read_rows
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
        elif not row["tuik_kod"].isdigit():
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
                if not year_cell.isdigit():
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
