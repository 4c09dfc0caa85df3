"""Priorities of places from a need ranking, such as the ``need.csv`` that ``adilkent access``
writes for each facility type (columns ``place_id``, ``need``, ``rank``).

A place of the file is found by its plan id or by one of its official codes
(:attr:`Place.codes`, the TÜİK code that the access engine uses as ``place_id``). Needs are
scaled to priorities from ``low`` (no need) to ``high`` (the greatest need in the file);
places the file does not name get ``low``, so a ranking never mixes with another scale.
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass, field
from pathlib import Path

from .model import PlanInputError
from .places import PlaceSet

VALUE_COLUMNS = ("need", "priority", "rank")


@dataclass
class PriorityTable:
    """Need per id as read from a file, with the rows that could not be used and why."""

    source: str
    column: str
    need: dict[str, float]
    problems: list[str] = field(default_factory=list)


def read_priority(path: Path) -> PriorityTable:
    """Read ``place_id`` and the first of ``need``, ``priority`` or ``rank`` (1 = greatest
    need; turned into ``rows + 1 − rank``). Bad rows are listed with their number; the rest
    are used. Raises :class:`PlanInputError` if the file has no usable columns."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        header = reader.fieldnames or []
        column = next((c for c in VALUE_COLUMNS if c in header), None)
        if "place_id" not in header or column is None:
            raise PlanInputError(
                f"{path.name}: a priority file needs a place_id column and one of "
                f"{', '.join(VALUE_COLUMNS)}; it has {', '.join(header) or 'no header'}"
            )
        rows = list(reader)
    table = PriorityTable(path.name, column, {})
    for number, row in enumerate(rows, start=2):
        place = (row.get("place_id") or "").strip()
        text = (row.get(column) or "").strip()
        try:
            value = float(text)
        except ValueError:
            value = math.nan
        if not place:
            table.problems.append(f"{path.name} row {number}: no place_id")
        elif not math.isfinite(value) or value < 0 or (column == "rank" and value < 1):
            table.problems.append(f"{path.name} row {number}: {column} {text!r} is not usable")
        elif place in table.need:
            table.problems.append(f"{path.name} row {number}: place {place!r} appears again")
        else:
            table.need[place] = value
    if column == "rank" and table.need:
        last = max(table.need.values())
        table.need = {place: last + 1 - rank for place, rank in table.need.items()}
    return table


def priorities_for(
    places: PlaceSet, table: PriorityTable, *, low: float = 1.0, high: float = 10.0
) -> tuple[dict[str, float], list[str]]:
    """A priority for every place (``low`` … ``high`` by need), and the ids of the file that
    name no place."""
    if not 0 < low <= high:
        raise PlanInputError("priorities must satisfy 0 < low ≤ high")
    top = max(table.need.values(), default=0.0)
    found: set[str] = set()
    result = {}
    for place in places.places:
        keys = [key for key in (place.id, *place.codes) if key in table.need]
        found.update(keys)
        need = max((table.need[key] for key in keys), default=0.0)
        result[place.id] = low + (high - low) * (need / top if top > 0 else 0.0)
    return result, sorted(set(table.need) - found)
