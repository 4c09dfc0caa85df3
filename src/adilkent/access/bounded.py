"""The bounded searches of a cost table, batch by batch (no Django): a grid index of the node
coordinates built once per table, the box of nodes a batch's searches can reach, the box's
subgraph, and the node pairs found turned into point pairs (both snap legs added, the limit
applied) as each batch ends. :meth:`.network.NetworkModel.cost_table` drives them.
"""

from __future__ import annotations

import multiprocessing
import tempfile
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt
from scipy import sparse
from scipy.sparse.csgraph import dijkstra

from adilkent.access.chains import ranges
from adilkent.access.core import Core, contract_junctions, core

if TYPE_CHECKING:
    from adilkent.access.network import Snap

PARALLEL_MIN_WORK = 20_000_000
"""Searches × nodes of the whole graph's core below which no helper process is started: a
helper takes about 0.6 s to start (importing NumPy and SciPy), and 20 million is about 2 s of
searching (some 110 ns a node on Porto's core)."""
IN_FLIGHT = 4
"""Batches handed to each helper at a time. On Porto a helper waited between batches 10-15 ms
with 2 and its blocks sent through the pipe, 1.5-8 ms with 2 and files, 0.2 ms with 4 and
files (docs/benchmarks/many-to-many.md)."""
# Whole-graph searches from at least this many nodes run on the core with its junctions that
# hold no table node contracted (:func:`.core.contract_junctions`). On Porto's core for 11,000
# table nodes the contraction costs about as much as 55 searches and halves each search's
# time, so it pays from some 110 searches (docs/benchmarks/many-to-many.md).
CONTRACT_MIN_SOURCES = 200

# In a helper process: the file its graph came from, the graph its searches run on and the
# columns they keep.
_helper_file: str | None = None
_helper_graph: sparse.csr_matrix | None = None
_helper_columns: npt.NDArray[np.int64] | None = None


def _helper_ready() -> None:
    """(A helper's first task.) Nothing: it makes the pool start the helper at once, so that
    its start (importing NumPy and SciPy) overlaps the core's construction."""


def _helper_search(file: str, sources: npt.NDArray[np.int64], budget: float, out: str) -> str:
    """Search from ``sources`` on the graph saved in ``file`` (read once per helper); write the
    seconds to the origins' columns to ``out`` (``.npy``) and return it.

    SciPy's Dijkstra holds the interpreter's lock, so the calling process's pool threads run
    only between its own searches. A block of some megabytes sent back through the pool's pipe
    kept the helper waiting on the full pipe for them, 10-15 ms a batch; a file in the table's
    folder is written at once (docs/benchmarks/many-to-many.md)."""
    global _helper_file, _helper_graph, _helper_columns
    if _helper_file != file:
        with np.load(file) as saved:
            n = int(saved["n"])
            _helper_graph = sparse.csr_matrix(
                (saved["data"], saved["indices"], saved["indptr"]), shape=(n, n)
            )
            _helper_columns = saved["columns"]
        _helper_file = file
    seconds = dijkstra(_helper_graph, directed=True, indices=sources, limit=budget)
    np.save(out, seconds[:, _helper_columns])
    return out


def _read_batch(written: Path) -> npt.NDArray[np.float64]:
    """A batch a helper has written (:func:`_helper_search`), read and then removed."""
    block = np.load(written)
    written.unlink()
    return np.asarray(block, dtype=np.float64)


class Grid:
    """Node coordinates sorted by square grid cell, with where each cell's nodes start.

    Built once per cost table; the nodes in a box are then read from the cells the box
    overlaps (one run of cells per column), in time linear in what those cells hold rather
    than in the graph.
    """

    def __init__(self, xy: npt.NDArray[np.float64], cell_m: float) -> None:
        n = len(xy)
        self.low = xy.min(axis=0) if n else np.zeros(2)
        extent = (xy.max(axis=0) - self.low) if n else np.zeros(2)
        # Cells no smaller than the reach allows, and never many more cells than nodes.
        cell_m = float(cell_m) if np.isfinite(cell_m) else float(extent.max())
        self.cell = max(cell_m, 1.0, float(extent.max()) / max(1.0, np.sqrt(n)))
        ij = self._cells(xy)
        self.shape = (ij.max(axis=0) + 1) if n else np.ones(2, dtype=np.int64)
        key = ij[:, 0] * self.shape[1] + ij[:, 1]
        self.order = np.argsort(key, kind="stable")
        self.xy = xy[self.order]
        counts = np.bincount(key, minlength=int(self.shape[0] * self.shape[1]))
        self.starts = np.concatenate(([0], np.cumsum(counts)))

    def _cells(self, xy: npt.NDArray[np.float64]) -> npt.NDArray[np.int64]:
        return np.floor((xy - self.low) / self.cell).astype(np.int64)

    def z_order(self, xy: npt.NDArray[np.float64]) -> npt.NDArray[np.uint64]:
        """Position of each point's cell along a Z (Morton) curve: near cells, near keys."""
        ij = np.clip(self._cells(xy), 0, self.shape - 1).astype(np.uint64)
        key = np.zeros(len(xy), dtype=np.uint64)
        for bit in range(31):
            one = np.uint64(1 << bit)
            key |= ((ij[:, 0] & one) << np.uint64(bit)) | ((ij[:, 1] & one) << np.uint64(bit + 1))
        return key

    def upper_count(self, low: npt.NDArray[np.float64], high: npt.NDArray[np.float64]) -> int:
        """Nodes in the cells the box overlaps (at least the nodes in the box)."""
        lo, hi = self._runs(low, high)
        return int((hi - lo).sum())

    def _runs(
        self, low: npt.NDArray[np.float64], high: npt.NDArray[np.float64]
    ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
        first = np.clip(self._cells(low[None, :])[0], 0, self.shape - 1)
        last = np.clip(self._cells(high[None, :])[0], 0, self.shape - 1)
        columns = np.arange(first[0], last[0] + 1) * self.shape[1]
        return self.starts[columns + first[1]], self.starts[columns + last[1] + 1]

    def inside(
        self, low: npt.NDArray[np.float64], high: npt.NDArray[np.float64]
    ) -> npt.NDArray[np.int64]:
        """Sorted nodes with ``low <= xy <= high`` (the same test, on the same numbers, as a scan)."""
        lo, hi = self._runs(low, high)
        lengths = hi - lo
        total = int(lengths.sum())
        if total == 0:
            return np.empty(0, dtype=np.int64)
        position = ranges(lo, lengths)
        x, y = self.xy[position, 0], self.xy[position, 1]
        hit = (x >= low[0]) & (x <= high[0]) & (y >= low[1]) & (y <= high[1])
        return np.sort(self.order[position[hit]])


@dataclass(frozen=True)
class PointGroups:
    """The origins at each node and the destinations at each destination node, with their legs.

    The origins at node ``v`` are ``origin_order[origin_start[v]:origin_start[v + 1]]``; the
    destinations searched from destination node ``k`` likewise. Each batch of searches turns
    its pairs of nodes into pairs of points with both snap legs added and the limit applied,
    so that no array of the table's size is made before the kept pairs are put together.
    """

    origin_order: npt.NDArray[np.int64]
    origin_start: npt.NDArray[np.int64]
    origin_minutes: npt.NDArray[np.float64]
    destination_order: npt.NDArray[np.int64]
    destination_start: npt.NDArray[np.int64]
    destination_minutes: npt.NDArray[np.float64]
    max_minutes: float
    single: bool
    """One origin at each origin node and one destination at each destination node."""

    @classmethod
    def of(
        cls,
        n: int,
        origin_node: npt.NDArray[np.int64],
        origin_snap: Snap,
        n_destination_nodes: int,
        per_node: npt.NDArray[np.int64],
        destination_snap: Snap,
        max_minutes: float,
    ) -> PointGroups:
        origin_start = _starts(origin_node, n)
        destination_start = _starts(per_node, n_destination_nodes)
        return cls(
            origin_order=np.argsort(origin_node, kind="stable"),
            origin_start=origin_start,
            origin_minutes=origin_snap.minutes,
            destination_order=np.argsort(per_node, kind="stable"),
            destination_start=destination_start,
            destination_minutes=destination_snap.minutes,
            max_minutes=max_minutes,
            single=bool(
                np.all(np.diff(origin_start) <= 1) and np.all(np.diff(destination_start) <= 1)
            ),
        )

    def pairs(
        self,
        origin_nodes: npt.NDArray[np.int64],
        col: npt.NDArray[np.int64],
        labels: npt.NDArray[np.int64],
        row: npt.NDArray[np.int64],
        network_minutes: npt.NDArray[np.float64],
    ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.float64]]:
        """Origins, destinations and minutes (legs added) of the pairs within the limit.

        Pair ``i`` joins node ``origin_nodes[col[i]]`` and destination node
        ``labels[row[i]]`` in ``network_minutes[i]``.
        """
        o_lo, d_lo = self.origin_start[origin_nodes], self.destination_start[labels]
        if self.single:
            # Legs gathered once per node of the box, then per pair from those short arrays.
            box_origin, batch_destination = self.origin_order[o_lo], self.destination_order[d_lo]
            origin, destination = box_origin[col], batch_destination[row]
            origin_leg = self.origin_minutes[box_origin][col]
            destination_leg = self.destination_minutes[batch_destination][row]
        else:
            o_count = (self.origin_start[origin_nodes + 1] - o_lo)[col]
            d_count = (self.destination_start[labels + 1] - d_lo)[row]
            # Every origin at the node × every destination at the destination node.
            repeats = o_count * d_count
            pair = np.repeat(np.arange(len(network_minutes)), repeats)
            offset = np.arange(int(repeats.sum())) - np.repeat(
                np.cumsum(repeats) - repeats, repeats
            )
            origin = self.origin_order[o_lo[col][pair] + offset // d_count[pair]]
            destination = self.destination_order[d_lo[row][pair] + offset % d_count[pair]]
            network_minutes = network_minutes[pair]
            origin_leg = self.origin_minutes[origin]
            destination_leg = self.destination_minutes[destination]
        minutes = network_minutes + origin_leg + destination_leg
        keep = minutes <= self.max_minutes
        return origin[keep], destination[keep], minutes[keep]


class BoundedSearches:
    """Bounded searches on the subgraphs of boxes, and the origin–destination pairs they find.

    No path shorter than a box's radius at the network's top speed leaves the box, so a
    bounded search on the box's subgraph finds exactly what it would on the whole graph
    (nodes beyond the limit never enter the search's heap, so the same relaxations happen in
    the same order and give the same floating-point times). A box whose cells hold more than
    half of the nodes is searched on the whole graph, cut down once to its :func:`.core.core`
    for the origins and ``source_nodes`` (every node a search may start from): dead ends and
    the chains they leave behind never carry a path between those nodes.
    """

    def __init__(
        self,
        graph: sparse.csr_matrix,
        xy: npt.NDArray[np.float64],
        origin_nodes: npt.NDArray[np.int64],
        reach_m: float,
        points: PointGroups,
        *,
        source_nodes: npt.NDArray[np.int64],
        workers: int = 1,
    ) -> None:
        n = graph.shape[0]
        self.points = points
        self.source_nodes = source_nodes
        self.workers = workers
        self._core: tuple[Core, npt.NDArray[np.int64]] | None = None
        self._pool: ProcessPoolExecutor | None = None
        # The file the helpers read the core from, in a folder removed by :meth:`close`.
        self._folder: tempfile.TemporaryDirectory[str] | None = None
        self._file = ""
        # The helpers' batches in flight: their place in the table, future and labels.
        self._pending: deque[tuple[int, Future[str], npt.NDArray[np.int64]]] = deque()
        self.graph, self.n = graph, n
        self.node_xy = xy
        self.grid = Grid(xy, reach_m / 2)
        self.origin_nodes = origin_nodes
        # Which nodes are origins, and a scratch map from node to its place in a box.
        self.is_origin = np.zeros(n, dtype=bool)
        self.is_origin[origin_nodes] = True
        self.local = np.full(n, -1, dtype=np.int64)
        # The pairs of each batch, in the order the batches were asked for (helpers may
        # finish them in another order).
        self.found: list[
            tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.float64]] | None
        ] = []

    def box(self, centres: npt.NDArray[np.float64], radius: float) -> npt.NDArray[np.int64] | None:
        """Sorted nodes in the box ``radius`` around the centres, or ``None`` for most of them."""
        if not np.isfinite(radius):
            return None
        low, high = centres.min(axis=0) - radius, centres.max(axis=0) + radius
        if self.grid.upper_count(low, high) > self.n // 2:
            return None
        return self.grid.inside(low, high)

    def width(self, box: npt.NDArray[np.int64] | None) -> int:
        return self.n if box is None else len(box)

    def _subgraph(self, box: npt.NDArray[np.int64]) -> sparse.csr_matrix:
        """The subgraph induced by ``box`` (sorted), numbered by position in it."""
        indptr, indices, data = self.graph.indptr, self.graph.indices, self.graph.data
        first, last = indptr[box], indptr[box + 1]
        lengths = last - first
        edge = ranges(first, lengths)
        self.local[box] = np.arange(len(box))
        column = self.local[indices[edge]]
        self.local[box] = -1
        keep = column >= 0
        row = np.repeat(np.arange(len(box)), lengths)[keep]
        sub_indptr = np.concatenate(([0], np.cumsum(np.bincount(row, minlength=len(box)))))
        return sparse.csr_matrix(
            (data[edge[keep]], column[keep], sub_indptr), shape=(len(box), len(box))
        )

    def _whole(self) -> tuple[Core, npt.NDArray[np.int64]]:
        """The core of the whole graph, and each node's place in it (-1 where it has none)."""
        if self._core is None:
            keep = np.concatenate((self.origin_nodes, self.source_nodes))
            if self.workers > 1 and len(self.source_nodes) * self.n >= PARALLEL_MIN_WORK:
                # The work may call for helpers (the core is smaller than the graph, so this
                # is an upper bound; a small core shuts them down below): start them now,
                # while the core is found. This process searches too, so workers - 1
                # helpers: fresh interpreters (not forks: the caller may hold threads and
                # locks).
                self._pool = ProcessPoolExecutor(
                    self.workers - 1, mp_context=multiprocessing.get_context("spawn")
                )
                for _ in range(self.workers - 1):
                    self._pool.submit(_helper_ready)
            # With most nodes kept (every node an origin, say) there is little to cut.
            if len(keep) < self.n // 2:
                whole = core(self.graph, keep)
                if len(self.source_nodes) >= CONTRACT_MIN_SOURCES:
                    whole = contract_junctions(whole)
            else:
                whole = Core(self.graph, keep)
            place = np.full(self.n, -1, dtype=np.int64)
            place[keep] = whole.index
            self._core = whole, place
            work = len(self.source_nodes) * whole.graph.shape[0]
            if self._pool is not None and work >= PARALLEL_MIN_WORK:
                # The helpers read the core and the origins' columns once, from a file;
                # they return only those columns.
                self._folder = tempfile.TemporaryDirectory(prefix="adilkent-core-")
                self._file = str(Path(self._folder.name) / "core.npz")
                graph = whole.graph
                np.savez(
                    self._file,
                    n=graph.shape[0],
                    data=graph.data,
                    indices=graph.indices,
                    indptr=graph.indptr,
                    columns=place[self.origin_nodes],
                )
            elif self._pool is not None:
                self._pool.shutdown(wait=False, cancel_futures=True)
                self._pool = None
        return self._core

    def close(self) -> None:
        """Stop the helper processes, if any were started (pending searches are dropped)."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
        self._pending.clear()
        if self._folder is not None:
            self._folder.cleanup()
            self._folder = None

    def _keep(
        self,
        place: int,
        block: npt.NDArray[np.float64],
        origin_nodes: npt.NDArray[np.int64],
        labels: npt.NDArray[np.int64],
    ) -> None:
        """Keep the pairs of one batch: ``block`` holds its seconds, a column per origin node."""
        row, col = np.nonzero(np.isfinite(block))
        self.found[place] = self.points.pairs(
            origin_nodes, col, labels, row, block[row, col] / 60.0
        )

    def _collect(self, *, wait: bool) -> None:
        """Keep the answers of the helpers' finished searches (of all of them, with ``wait``)."""
        while self._pending and (wait or self._pending[0][1].done()):
            place, future, labels = self._pending.popleft()
            self._keep(place, _read_batch(Path(future.result())), self.origin_nodes, labels)

    def search(
        self,
        box: npt.NDArray[np.int64] | None,
        sources: npt.NDArray[np.int64],
        labels: npt.NDArray[np.int64],
        budget: float,
    ) -> None:
        """Search from ``sources`` within ``budget`` seconds; keep what reaches an origin."""
        self.found.append(None)
        if box is None:
            whole, place = self._whole()
            if self._pool is not None:
                self._collect(wait=False)
                # A new batch is handed out only between this process's own searches, so a
                # helper holds IN_FLIGHT of them, to have the next at hand; beyond that, search
                # here.
                if len(self._pending) < IN_FLIGHT * (self.workers - 1):
                    batch = len(self.found) - 1
                    out = str(Path(self._file).with_name(f"batch-{batch}.npy"))
                    future = self._pool.submit(
                        _helper_search, self._file, place[sources], budget, out
                    )
                    self._pending.append((batch, future, labels))
                    return
            graph, local_sources = whole.graph, place[sources]
            local_origins, origin_nodes = place[self.origin_nodes], self.origin_nodes
        else:
            graph = self._subgraph(box)
            local_sources = np.searchsorted(box, sources)
            local_origins = np.flatnonzero(self.is_origin[box])
            origin_nodes = box[local_origins]
        if len(local_origins) == 0:
            return
        seconds = dijkstra(graph, directed=True, indices=local_sources, limit=budget)
        self._keep(len(self.found) - 1, seconds[:, local_origins], origin_nodes, labels)

    def result(
        self,
    ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.float64]]:
        """Origins, destinations and minutes (snap legs included) of every pair kept."""
        self._collect(wait=True)
        found = [batch for batch in self.found if batch is not None]
        if not found:
            return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64), np.empty(0)
        origin, destination, minutes = zip(*found, strict=True)
        return np.concatenate(origin), np.concatenate(destination), np.concatenate(minutes)


def _starts(values: npt.NDArray[np.int64], size: int) -> npt.NDArray[np.int64]:
    """Where each value ``0 … size - 1`` starts in ``values`` sorted (and the end, last)."""
    return np.concatenate(([0], np.cumsum(np.bincount(values, minlength=size))))
