"""The shared vocabulary of the access engine: points, travel-cost tables, cost models.

Every travel-cost model (straight line, street network, later GTFS) answers the same two
questions for a set of origins and destinations, in minutes: the cost of each pair within a
limit (a sparse :class:`CostTable`) and each origin's nearest destination. Results always carry
the model's ``label``, so no output can hide which model produced it.

>>> origins = Points(ids=np.array(["a"]), lon=np.array([27.0]), lat=np.array([38.4]))
>>> shops = Points(ids=np.array(["x", "y"]), lon=np.array([27.0, 27.1]), lat=np.array([38.41, 38.4]))
>>> model = StraightLineModel(speed_kmh=4.8, circuity=1.3)
>>> minutes, index = model.nearest(origins, shops)
>>> str(shops.ids[index[0]]), round(float(minutes[0]), 1)  # 1,112 m × 1.3 at 80 m/min
('x', 18.1)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Protocol

import numpy as np
import numpy.typing as npt
from scipy import sparse
from scipy.spatial import cKDTree

EARTH_RADIUS_M = 6_371_008.8  # mean Earth radius (IUGG)


@dataclass(frozen=True)
class Points:
    """Places as parallel arrays: an id, a longitude and a latitude (WGS84) each."""

    ids: npt.NDArray[np.object_] | npt.NDArray[np.str_] | npt.NDArray[np.int64]
    lon: npt.NDArray[np.float64]
    lat: npt.NDArray[np.float64]

    def __post_init__(self) -> None:
        if not (len(self.ids) == len(self.lon) == len(self.lat)):
            raise ValueError("ids, lon and lat must have the same length")

    def __len__(self) -> int:
        return len(self.ids)


@dataclass(frozen=True)
class CostTable:
    """Travel costs in minutes for the origin–destination pairs within a limit (sparse).

    ``origin[k]`` and ``destination[k]`` are positions in the origin and destination
    :class:`Points`; ``minutes[k]`` is the cost of that pair. A zero cost (same place) is a
    stored pair, not an absent one.
    """

    origin: npt.NDArray[np.int64]
    destination: npt.NDArray[np.int64]
    minutes: npt.NDArray[np.float64]
    n_origins: int
    n_destinations: int
    model: str
    max_minutes: float | None = None

    def to_csr(self) -> sparse.csr_matrix:
        """Origins × destinations; use :attr:`origin`/:attr:`destination` to tell zero from absent."""
        return sparse.csr_matrix(
            (self.minutes, (self.origin, self.destination)),
            shape=(self.n_origins, self.n_destinations),
        )


class TravelCostModel(Protocol):
    """What every travel-cost model offers."""

    @property
    def label(self) -> str:
        """Human-readable name with its parameters, shown with every result."""
        ...

    def cost_table(self, origins: Points, destinations: Points, max_minutes: float) -> CostTable:
        """All pairs with a cost of at most ``max_minutes``."""
        ...

    def nearest(
        self, origins: Points, destinations: Points
    ) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.int64]]:
        """Minutes to, and position of, each origin's nearest destination."""
        ...


def haversine_m(
    lon1: npt.ArrayLike, lat1: npt.ArrayLike, lon2: npt.ArrayLike, lat2: npt.ArrayLike
) -> npt.NDArray[np.float64]:
    """Great-circle distance in metres (broadcasting).

    Long arrays of one length are taken in blocks of :data:`HAVERSINE_BLOCK`: the dozen
    temporaries of the formula then stay small and are reused, where millions of points would
    ask the system for fresh memory a dozen times (about as long again as the arithmetic).
    """
    lon1, lat1, lon2, lat2 = (np.asarray(v, dtype=np.float64) for v in (lon1, lat1, lon2, lat2))
    n = len(lon1) if lon1.ndim == 1 else 0
    if n <= HAVERSINE_BLOCK or any(v.shape != (n,) for v in (lat1, lon2, lat2)):
        return _haversine(lon1, lat1, lon2, lat2)
    out = np.empty(n)
    for i in range(0, n, HAVERSINE_BLOCK):
        part = slice(i, i + HAVERSINE_BLOCK)
        out[part] = _haversine(lon1[part], lat1[part], lon2[part], lat2[part])
    return out


HAVERSINE_BLOCK = 65_536


def _haversine(
    lon1: npt.NDArray[np.float64],
    lat1: npt.NDArray[np.float64],
    lon2: npt.NDArray[np.float64],
    lat2: npt.NDArray[np.float64],
) -> npt.NDArray[np.float64]:
    x1, y1, x2, y2 = np.radians(lon1), np.radians(lat1), np.radians(lon2), np.radians(lat2)
    a = np.sin((y2 - y1) / 2) ** 2 + np.cos(y1) * np.cos(y2) * np.sin((x2 - x1) / 2) ** 2
    return np.asarray(
        2 * EARTH_RADIUS_M * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0))), dtype=np.float64
    )


def _unit_vectors(points: Points) -> npt.NDArray[np.float64]:
    lon, lat = np.radians(points.lon), np.radians(points.lat)
    return np.column_stack((np.cos(lat) * np.cos(lon), np.cos(lat) * np.sin(lon), np.sin(lat)))


def _chord_for(metres: float) -> float:
    return float(2 * np.sin(min(metres / EARTH_RADIUS_M, np.pi) / 2))


_NUMBER = r"[0-9]+(?:\.[0-9]+)?(?:e[+-]?[0-9]+)?"
_STRAIGHT_LINE_LABEL = re.compile(
    rf"straight line × (?P<circuity>{_NUMBER}) at (?P<speed>{_NUMBER}) km/h "
    r"\((?P<mode>[^;()]+); no street network\)"
)


@dataclass(frozen=True)
class StraightLineModel:
    """Great-circle distance × a circuity factor, at a constant speed.

    For places without street-network data. Its :attr:`label` says so in every output. The
    default circuity of 1.3 is a common planning assumption for urban street networks, not a
    measurement of İzmir's.
    """

    speed_kmh: float = 4.8
    circuity: float = 1.3
    mode: str = "walk"

    def __post_init__(self) -> None:
        if self.speed_kmh <= 0 or self.circuity < 1:
            raise ValueError("speed must be positive and circuity at least 1")

    @property
    def label(self) -> str:
        return (
            f"straight line × {self.circuity:g} at {self.speed_kmh:g} km/h ({self.mode}; "
            "no street network)"
        )

    @classmethod
    def from_label(cls, label: str) -> StraightLineModel | None:
        """The model whose :attr:`label` is ``label``, or ``None`` for any other text.

        Lets a stored result, which keeps only the label, be described again from its values.

        >>> StraightLineModel.from_label("straight line × 1.3 at 60 km/h (drive; no street network)")
        StraightLineModel(speed_kmh=60.0, circuity=1.3, mode='drive')
        >>> StraightLineModel.from_label("OSM street network (izmir.osm.pbf, walk at 4.8 km/h)") is None
        True
        """
        found = _STRAIGHT_LINE_LABEL.fullmatch(label.strip())
        if found is None:
            return None
        try:
            return cls(
                speed_kmh=float(found["speed"]),
                circuity=float(found["circuity"]),
                mode=found["mode"],
            )
        except ValueError:
            return None

    def minutes_for_metres(self, metres: npt.ArrayLike) -> npt.NDArray[np.float64]:
        return np.asarray(metres, dtype=float) * self.circuity / (self.speed_kmh * 1000 / 60)

    def cost_table(self, origins: Points, destinations: Points, max_minutes: float) -> CostTable:
        """Pairs within ``max_minutes``: a k-d tree on unit vectors finds them without an O(n·m) matrix."""
        max_metres = max_minutes * (self.speed_kmh * 1000 / 60) / self.circuity
        tree = cKDTree(_unit_vectors(destinations))
        neighbours = tree.query_ball_point(_unit_vectors(origins), r=_chord_for(max_metres))
        counts = np.fromiter((len(n) for n in neighbours), dtype=np.int64, count=len(origins))
        origin = np.repeat(np.arange(len(origins), dtype=np.int64), counts)
        destination = (
            np.concatenate([np.asarray(n, dtype=np.int64) for n in neighbours])
            if counts.sum()
            else np.empty(0, dtype=np.int64)
        )
        metres = haversine_m(
            origins.lon[origin],
            origins.lat[origin],
            destinations.lon[destination],
            destinations.lat[destination],
        )
        minutes = self.minutes_for_metres(metres)
        keep = minutes <= max_minutes
        return CostTable(
            origin[keep],
            destination[keep],
            minutes[keep],
            len(origins),
            len(destinations),
            self.label,
            max_minutes,
        )

    def nearest(
        self, origins: Points, destinations: Points
    ) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.int64]]:
        if len(destinations) == 0:
            raise ValueError("no destinations: the nearest one is undefined")
        tree = cKDTree(_unit_vectors(destinations))
        _chord, index = tree.query(_unit_vectors(origins), k=1)
        index = np.asarray(index, dtype=np.int64)
        metres = haversine_m(
            origins.lon, origins.lat, destinations.lon[index], destinations.lat[index]
        )
        return self.minutes_for_metres(metres), index
