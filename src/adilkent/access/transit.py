"""Public-transport service level: stops within walking distance and departures per hour.

A separate measure from travel time: it says how much bus service a place can walk to, not how
long a trip takes (the ESHOT data has timetables per line but no stop times, so trips cannot be
routed). Timetables come from the İzBB open-data backup (``eshot_timetables_*.tar.gz``: one
``data/eshot/<line>/saatler.json`` per line with ``TARIFE_ID``, ``GIDIS_SAATI`` (departure from
the line's start) and ``DONUS_SAATI`` (from its end)).

A line's frequency is the mean of its two directions' departures per hour in a time window
(a stop is served by one direction). A place's level counts each line once, however many of
its stops the line serves.

>>> places = Points(np.array(["p"]), np.array([27.0]), np.array([38.4]))
>>> stops = Points(np.array(["s1", "s2"]), np.array([27.0, 27.001]), np.array([38.401, 38.4]))
>>> level = service_level(places, stops, [["10", "12"], ["12"]], pd.Series({"10": 4.0, "12": 2.0}))
>>> level[["stops", "lines", "departures_per_hour"]].to_dict("records")
[{'stops': 2, 'lines': 2, 'departures_per_hour': 6.0}]
"""

from __future__ import annotations

import json
import re
import tarfile
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from .model import Points, StraightLineModel, TravelCostModel

_TIME = re.compile(r"^\s*(\d{1,2})[:.](\d{2})\s*$")
_LINE_FILE = re.compile(r"(?:^|/)eshot/([^/]+)/saatler\.json$")


def _minute_of_day(text: object) -> int | None:
    match = _TIME.match(str(text or ""))
    if not match:
        return None
    hours, minutes = int(match[1]), int(match[2])
    return hours * 60 + minutes if minutes < 60 and hours < 30 else None


def read_timetables(path: Path) -> tuple[pd.DataFrame, list[str]]:
    """All departures in an ESHOT timetable archive, and the problems met.

    Returns a frame with ``line``, ``schedule`` (``TARIFE_ID``), ``direction``
    (``outbound``/``inbound``) and ``minute`` (of the day), plus one message per unreadable
    file or time. Empty times (a trip in one direction only) are not problems.
    """
    if not path.is_file():
        raise FileNotFoundError(f"{path}: timetable archive not found")
    rows: list[tuple[str, int, str, int]] = []
    problems: list[str] = []
    with tarfile.open(path, "r:*") as archive:
        for member in archive:
            match = _LINE_FILE.search(member.name)
            if not match or not member.isfile():
                continue
            handle = archive.extractfile(member)
            if handle is None:
                continue
            try:
                data = json.load(handle)
            except json.JSONDecodeError as exc:
                problems.append(f"{member.name}: not valid JSON ({exc})")
                continue
            line = str(data.get("hatNo") or match[1])
            for entry in data.get("saatler") or []:
                schedule = int(entry.get("TARIFE_ID") or 0)
                for key, direction in (("GIDIS_SAATI", "outbound"), ("DONUS_SAATI", "inbound")):
                    value = entry.get(key)
                    if not value:
                        continue
                    minute = _minute_of_day(value)
                    if minute is None:
                        problems.append(f"{member.name}: time {value!r} is not HH:MM")
                    else:
                        rows.append((line, schedule, direction, minute))
    frame = pd.DataFrame(rows, columns=["line", "schedule", "direction", "minute"])
    duplicates = int(frame.duplicated().sum())
    if duplicates:
        # The 2026-04 backup lists most weekday times six times over (distinct ``_id``s, same
        # line, schedule and time); one bus cannot leave twice at the same minute.
        problems.append(
            f"{duplicates} repeated departures (same line, schedule, direction and time) "
            "counted once"
        )
        frame = frame.drop_duplicates().reset_index(drop=True)
    if frame.empty:
        raise ValueError(
            f"{path.name}: no departures found (expected data/eshot/<line>/saatler.json)"
        )
    return frame, problems


def line_frequency(
    departures: pd.DataFrame,
    schedule: int = 1,
    start_hour: float = 7,
    end_hour: float = 19,
) -> pd.Series:
    """Departures per hour of each line in ``[start_hour, end_hour)``, mean of both directions.

    ``schedule`` selects the ``TARIFE_ID``. In the 2026-04 ESHOT data, once repeats are removed,
    1 has the most departures (25,352; 2 has 21,296 and 3 17,319), consistent with weekday,
    Saturday and Sunday timetables; the source does not say so itself.

    >>> d = pd.DataFrame({"line": ["5"] * 3, "schedule": [1] * 3,
    ...                   "direction": ["outbound", "outbound", "inbound"], "minute": [420, 480, 500]})
    >>> line_frequency(d, start_hour=7, end_hour=9).to_dict()
    {'5': 0.75}
    """
    if end_hour <= start_hour:
        raise ValueError("end_hour must be after start_hour")
    hours = end_hour - start_hour
    chosen = departures[
        (departures["schedule"] == schedule)
        & (departures["minute"] >= start_hour * 60)
        & (departures["minute"] < end_hour * 60)
    ]
    counts = chosen.groupby(["line", "direction"]).size().unstack(fill_value=0)
    for direction in ("outbound", "inbound"):
        if direction not in counts.columns:
            counts[direction] = 0
    result = (counts["outbound"] + counts["inbound"]) / 2 / hours
    lines = departures.loc[departures["schedule"] == schedule, "line"].unique()
    result = result.reindex(lines, fill_value=0.0).astype(float)
    result.name = "departures_per_hour"
    result.attrs["parameters"] = {"schedule": schedule, "window": [start_hour, end_hour]}
    return result


def service_level(
    places: Points,
    stops: Points,
    stop_lines: Sequence[Sequence[str]],
    frequency: pd.Series,
    walk_minutes: float = 10.0,
    walk_model: TravelCostModel | None = None,
) -> pd.DataFrame:
    """Stops, distinct lines and bus departures per hour within ``walk_minutes`` of each place.

    Lines that serve a stop but have no timetable count as lines with 0 departures and are
    reported in ``attrs["lines_without_timetable"]``.
    """
    if len(stop_lines) != len(stops):
        raise ValueError("stop_lines needs one list of lines per stop")
    model = walk_model or StraightLineModel(speed_kmh=4.8, circuity=1.3, mode="walk")
    table = model.cost_table(places, stops, walk_minutes)
    freq = frequency.to_dict()
    n_stops = np.bincount(table.origin, minlength=len(places))
    lines_per_place: list[set[str]] = [set() for _ in range(len(places))]
    for o, s in zip(table.origin, table.destination, strict=True):
        lines_per_place[o].update(stop_lines[s])
    missing = sorted({line for lines in stop_lines for line in lines} - set(freq))
    frame = pd.DataFrame(
        {
            "stops": n_stops,
            "lines": [len(lines) for lines in lines_per_place],
            "departures_per_hour": [
                float(sum(freq.get(line, 0.0) for line in lines)) for lines in lines_per_place
            ],
        },
        index=pd.Index(places.ids, name="place_id"),
    )
    frame.attrs["parameters"] = {
        "walk_minutes": walk_minutes,
        "model": model.label,
        **frequency.attrs.get("parameters", {}),
    }
    frame.attrs["lines_without_timetable"] = missing
    return frame
