"""Travel times and distances between the places of a plan, from any access cost model.

Durations come from a :class:`adilkent.access.model.TravelCostModel` (by default a straight
line at driving speed; a street-network model with the same protocol can be passed instead).
Distances are great-circle metres times the model's circuity (1.3 when it has none): the
protocol answers in minutes only, so distances are an estimate in every case and are labelled
so in each output.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from adilkent.access.model import Points, StraightLineModel, TravelCostModel, haversine_m

DEFAULT_DRIVE_MODEL = StraightLineModel(speed_kmh=40.0, circuity=1.3, mode="drive")
UNREACHABLE_MINUTES = 10**6


@dataclass(frozen=True)
class TravelMatrix:
    """Square matrices over ``ids``: minutes (rounded up) and metres."""

    ids: tuple[str, ...]
    minutes: npt.NDArray[np.int64]
    metres: npt.NDArray[np.int64]
    model: str

    def index(self) -> dict[str, int]:
        return {place: position for position, place in enumerate(self.ids)}


def travel_matrix(
    ids: list[str],
    lon: list[float],
    lat: list[float],
    model: TravelCostModel | None = None,
    max_minutes: float = 24 * 60,
) -> TravelMatrix:
    """All-pairs travel costs; pairs the model cannot connect within ``max_minutes`` get a
    prohibitive time so the solver never uses them."""
    cost_model: TravelCostModel = model or DEFAULT_DRIVE_MODEL
    points = Points(
        ids=np.asarray(ids, dtype=object),
        lon=np.asarray(lon, dtype=np.float64),
        lat=np.asarray(lat, dtype=np.float64),
    )
    n = len(points)
    minutes = np.full((n, n), UNREACHABLE_MINUTES, dtype=np.int64)
    table = cost_model.cost_table(points, points, max_minutes)
    minutes[table.origin, table.destination] = np.ceil(table.minutes - 1e-9).astype(np.int64)
    np.fill_diagonal(minutes, 0)
    circuity = float(getattr(cost_model, "circuity", 1.3))
    metres = haversine_m(
        points.lon[:, None], points.lat[:, None], points.lon[None, :], points.lat[None, :]
    )
    return TravelMatrix(
        tuple(ids),
        minutes,
        np.rint(metres * circuity).astype(np.int64),
        f"{cost_model.label}; distances: great circle × {circuity:g}",
    )
