"""The snapping index: the nearest network node of each point, from a grid of plain arrays.

A :class:`SnapGrid` sorts the nodes' projected coordinates (metres) into square cells and keeps
only the occupied ones: their keys in order, where each one's nodes start in :attr:`order`, and
the node indices sorted by cell. Those three arrays and five numbers (cell size, origin,
columns and rows) are all it is, so a saved network (:mod:`adilkent.access.saved`) stores the
index as it stores the graph and loads it without building anything, where a k-d tree would
have to be built again on every load (SciPy's cannot be written without a pickle).

A query is exact. Each point first looks at the nodes of its own cell, then at the rings of
cells around it, one ring farther out at a time. A node beyond ring ``r`` is at least ``r``
cells plus the point's distance to the nearest side of its own cell away: once the nearest
node seen is nearer than that, the point is answered. The few points still open after
:data:`RINGS` rings (far from every node) are answered by a k-d tree, built the first time one
is needed. Of nodes equally near, the one with the smallest index is returned either way, so
the answer does not depend on the order of the search.

The cells are sized so that an occupied one holds about :data:`NODES_PER_CELL` nodes: few
enough that the cells around a point are quick to read, enough that most points are answered
by the first ring.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace

import numpy as np
import numpy.typing as npt
from scipy.spatial import cKDTree

from adilkent.access.chains import ranges, unique_sorted

NODES_PER_CELL = 2.0
"""Mean number of nodes in an occupied cell that :meth:`SnapGrid.build` aims at."""

RINGS = 4
"""Rings of cells around a point searched before the k-d tree answers it."""

BLOCK = 65_536
"""Points answered together (about 60 MB of working arrays at most, measured on Porto)."""

_LAST = np.iinfo(np.int64).max


def _ring(r: int) -> npt.NDArray[np.int64]:
    """The cell offsets at Chebyshev distance ``r`` from a cell (the cell itself for 0)."""
    span = np.arange(-r, r + 1)
    dx, dy = np.meshgrid(span, span)
    keep = np.maximum(np.abs(dx), np.abs(dy)) == r
    return np.column_stack((dx[keep], dy[keep])).astype(np.int64)


@dataclass(frozen=True)
class SnapGrid:
    """Occupied cells of a square grid over the nodes (see the module's text).

    ``keys`` are the occupied cells (``row * columns + column``) in increasing order, the nodes
    of ``keys[i]`` are ``order[starts[i]:starts[i + 1]]``, and ``xy`` are the nodes' projected
    coordinates, which the index does not own (the model computes them from the network).
    """

    xy: npt.NDArray[np.float64]
    cell: float
    x0: float
    y0: float
    columns: int
    rows: int
    keys: npt.NDArray[np.int64]
    starts: npt.NDArray[np.int64]
    order: npt.NDArray[np.int64]
    _fallback: list[cKDTree] = field(default_factory=list, repr=False, compare=False)

    @classmethod
    def build(cls, xy: npt.NDArray[np.float64], *, cell: float | None = None) -> SnapGrid:
        """The index of ``xy`` (one row of projected metres per node, at least one node), in
        cells of ``cell`` metres, or of the size found for them when ``None``."""
        xy = np.ascontiguousarray(xy, dtype=np.float64)
        if xy.ndim != 2 or xy.shape[1] != 2 or len(xy) == 0:
            raise ValueError("a snapping index needs the (x, y) metres of at least one node")
        x0, y0 = (float(v) for v in xy.min(axis=0))
        width, height = (float(v) for v in xy.max(axis=0) - xy.min(axis=0))
        n = len(xy)
        # Start from the cell that would hold NODES_PER_CELL nodes if they were spread evenly
        # over the bounding box, then correct twice for how they cluster (streets leave most of
        # a box empty); the occupancy grows about as the cell's area.
        if cell is None:
            area = width * height if width > 0 and height > 0 else max(width, height, 1.0) ** 2
            cell = max(math.sqrt(area * NODES_PER_CELL / n), 1.0)
            for _ in range(2):
                columns = math.floor(width / cell) + 1
                occupied = len(unique_sorted(cls._keys_of(xy, cell, x0, y0, columns)))
                cell = max(cell * math.sqrt(NODES_PER_CELL * occupied / n), 1.0)
        elif not (math.isfinite(cell) and cell > 0):
            raise ValueError(
                f"a snapping grid's cell must be a positive number of metres, not {cell}"
            )
        # The same division and floor as every node's and query point's cell (``_keys_of``,
        # ``_nearest``), so that the farthest node falls in the last column and row.
        columns = math.floor(width / cell) + 1
        rows = math.floor(height / cell) + 1
        cell_keys = cls._keys_of(xy, cell, x0, y0, columns)
        order = np.argsort(cell_keys, kind="stable").astype(np.int64)
        placed = cell_keys[order]
        first = np.flatnonzero(np.r_[True, placed[1:] != placed[:-1]])
        starts = np.r_[first, n].astype(np.int64)
        return cls(xy, cell, x0, y0, columns, rows, placed[first], starts, order)

    @staticmethod
    def _keys_of(
        xy: npt.NDArray[np.float64], cell: float, x0: float, y0: float, columns: int
    ) -> npt.NDArray[np.int64]:
        column = np.floor((xy[:, 0] - x0) / cell).astype(np.int64)
        row = np.floor((xy[:, 1] - y0) / cell).astype(np.int64)
        return row * columns + column

    def on(self, xy: npt.NDArray[np.float64]) -> SnapGrid:
        """This index over the nodes at ``xy`` (a loaded index, saved without them), checked:
        :class:`ValueError` unless it is an index of exactly those nodes."""
        grid = replace(self, xy=np.ascontiguousarray(xy, dtype=np.float64), _fallback=[])
        grid.check()
        return grid

    def check(self) -> None:
        """Raise :class:`ValueError` unless the arrays have the shape of an index of
        :attr:`xy`'s nodes: every node once, cells in order, none outside the grid.

        Linear in the nodes and without reading their coordinates: that each node lies in its
        cell is made so by :meth:`build` and kept by a saved network's checksums.
        """
        n = len(self.xy)
        if not (math.isfinite(self.cell) and self.cell > 0 and self.columns > 0 and self.rows > 0):
            raise ValueError("the snapping grid's cell and size must be positive")
        if len(self.order) != n or len(self.starts) != len(self.keys) + 1 or not len(self.keys):
            raise ValueError("the snapping grid's arrays do not match the network's nodes")
        if self.starts[0] != 0 or self.starts[-1] != n or np.any(np.diff(self.starts) <= 0):
            raise ValueError("the snapping grid's cell starts are not increasing")
        if (
            self.keys[0] < 0
            or self.keys[-1] >= self.columns * self.rows
            or np.any(np.diff(self.keys) <= 0)
        ):
            raise ValueError("the snapping grid's cells are not in order")
        if (
            self.order.min() < 0
            or self.order.max() >= n
            or not np.all(np.bincount(self.order, minlength=n) == 1)
        ):
            raise ValueError("the snapping grid does not hold every node once")

    def _candidates(
        self,
        column: npt.NDArray[np.int64],
        row: npt.NDArray[np.int64],
        offsets: npt.NDArray[np.int64],
    ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
        """For points in the given cells, every node in the cells at ``offsets`` from them:
        (the point's position in ``column``, in increasing order; the node)."""
        gx = column[:, None] + offsets[:, 0]
        gy = row[:, None] + offsets[:, 1]
        inside = (gx >= 0) & (gx < self.columns) & (gy >= 0) & (gy < self.rows)
        owner = np.broadcast_to(np.arange(len(column))[:, None], gx.shape)[inside]
        wanted = gy[inside] * self.columns + gx[inside]
        at = np.minimum(np.searchsorted(self.keys, wanted), len(self.keys) - 1)
        hit = self.keys[at] == wanted
        owner, at = owner[hit], at[hit]
        first = self.starts[at]
        count = self.starts[at + 1] - first
        return np.repeat(owner, count), self.order[ranges(first, count)]

    def nearest(self, points: npt.NDArray[np.float64]) -> npt.NDArray[np.int64]:
        """The nearest node of each point (rows of projected metres, finite).

        Points are taken :data:`BLOCK` at a time, so that the memory a query needs does not
        grow with the number of points (a region's millions of origins).
        """
        points = np.ascontiguousarray(points, dtype=np.float64).reshape(-1, 2)
        if len(points) <= BLOCK:
            return self._nearest(points)
        return np.concatenate(
            [self._nearest(points[i : i + BLOCK]) for i in range(0, len(points), BLOCK)]
        )

    def _nearest(self, points: npt.NDArray[np.float64]) -> npt.NDArray[np.int64]:
        m = len(points)
        best = np.full(m, np.inf)
        node = np.full(m, _LAST, dtype=np.int64)
        x = (points[:, 0] - self.x0) / self.cell
        y = (points[:, 1] - self.y0) / self.cell
        column, row = np.floor(x), np.floor(y)
        # How far (in cells) a point is from its cell's nearest side: every node outside the
        # cells within r of it is at least r + margin cells away.
        margin = np.minimum(
            np.minimum(x - column, column + 1 - x), np.minimum(y - row, row + 1 - y)
        )
        column, row = column.astype(np.int64), row.astype(np.int64)
        open_ = np.arange(m)
        for r in range(RINGS + 1):
            owner, candidate = self._candidates(column[open_], row[open_], _ring(r))
            if candidate.size:
                who = open_[owner]
                d2 = (self.xy[candidate, 0] - points[who, 0]) ** 2 + (
                    self.xy[candidate, 1] - points[who, 1]
                ) ** 2
                bounds = np.flatnonzero(np.r_[True, owner[1:] != owner[:-1]])
                closest = np.minimum.reduceat(d2, bounds)
                tied = d2 == np.repeat(closest, np.diff(np.r_[bounds, len(owner)]))
                lowest = np.minimum.reduceat(np.where(tied, candidate, _LAST), bounds)
                who = who[bounds]
                better = (closest < best[who]) | ((closest == best[who]) & (lowest < node[who]))
                best[who[better]] = closest[better]
                node[who[better]] = lowest[better]
            # Nodes not yet seen are at least r + margin cells away (less a hair for rounding):
            # a point is answered once its nearest is nearer than that, so that no unseen node
            # ties with it either, or on it (a node on the same spot is in the same cell).
            reach = ((r + margin[open_]) * self.cell * (1 - 1e-9)) ** 2
            seen = best[open_]
            open_ = open_[(seen >= reach) & (seen > 0)]
            if not open_.size:
                return node
        if not self._fallback:
            self._fallback.append(cKDTree(self.xy, leafsize=64, balanced_tree=False))
        tree, far = self._fallback[0], points[open_]
        metres, _ = tree.query(far, k=1)
        # The tree returns one of the equally near nodes: take the smallest index among them,
        # as the grid does.
        around = tree.query_ball_point(far, np.asarray(metres) * (1 + 1e-9) + 1e-9)
        for i, near in enumerate(around):
            near = np.asarray(near, dtype=np.int64)
            d2 = (self.xy[near, 0] - far[i, 0]) ** 2 + (self.xy[near, 1] - far[i, 1]) ** 2
            node[open_[i]] = near[d2 == d2.min()].min()
        return node
