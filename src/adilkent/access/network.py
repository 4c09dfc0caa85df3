"""A street network from OpenStreetMap as a travel-cost model.

:func:`build_network` reads an ``.osm.pbf`` file (:mod:`adilkent.access.osm`), keeps the ways a
profile may use (:mod:`adilkent.access.profiles`), and makes a directed graph in SciPy's CSR
format whose edge weights are travel times in seconds. Only the largest strongly connected
component is kept; the others are counted in :class:`StreetNetwork` so that no result hides
them.

:class:`NetworkModel` implements :class:`~adilkent.access.model.TravelCostModel` on such a
network. Origins and destinations are snapped to their nearest network node (a grid index in a
local metric projection, :mod:`adilkent.access.snapping`); the straight snap leg is walked at
``snap_speed_kmh`` and added to the network time. A point farther than ``max_snap_m`` from the
network is an error (:class:`FarFromNetworkError`) naming the point, its distance, and whether
it lies by a disconnected part of the streets that was dropped.

Both searches run on the graph with its degree-2 chains contracted
(:mod:`adilkent.access.chains`): about four in five OSM nodes only shape a street, so the
searches visit about a fifth of the nodes. The nodes a query starts or ends at stay nodes of
their own, and every other node's time is expanded back exactly.

- ``nearest`` is one multi-source Dijkstra over the reversed graph, with one extra node per
  destination joined by its snap leg, so ties between destinations that share a node are
  broken by their snap legs exactly.
- ``cost_table`` runs bounded Dijkstra searches (``limit=``) from the destinations in batches
  of nearby destinations, each on the subgraph within the straight-line distance the
  network's top speed could cover in the time limit (exact: no faster path can leave it),
  and keeps only the pairs within the limit: time and memory grow with what the searches
  reach, not with destinations × nodes. The nodes of each batch's box come from a grid
  index of the node coordinates built once per table, the batch size from the box, and the
  origins from the box's nodes, so no step of a batch scans the whole graph.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt
from scipy import sparse
from scipy.sparse.csgraph import connected_components, dijkstra
from scipy.spatial import cKDTree

from adilkent.access.bounded import BoundedSearches, PointGroups
from adilkent.access.chains import Chains, fastest_edges, find_chains
from adilkent.access.model import EARTH_RADIUS_M, CostTable, Points, haversine_m
from adilkent.access.osm import OsmStreets, read_osm
from adilkent.access.profiles import WALK_SPEED_KMH, check_profile
from adilkent.access.snapping import SnapGrid

CHUNK_BYTES = 8 * 2**20
"""Upper bound on the dense distance block of one chunk of bounded searches.

Small chunks keep the union box of each chunk's searches small: on Porto (1,000 × 10,000
pairs, 30 minutes) 8 MiB took 0.35–0.55 s against 0.53–0.96 s with 64 MiB. The batch size
follows each batch's box (destinations × nodes in the box), not the whole graph."""

MAX_BATCH = 256
"""Most destination nodes searched in one batch."""

FULL_GRAPH_SHARE = 0.9
"""A cost table whose origins and destinations sit on at least this share of the nodes is
searched on the reversed graph itself, not on the contracted one: with every node kept,
contracting changes nothing but costs a pass over every chain (2 of the 10.5 s of the
all-node measure on Porto tiled 10×, against 0.16 s to reverse the graph)."""


@dataclass(frozen=True)
class StreetNetwork:
    """The largest strongly connected street component of one profile, as a CSR graph.

    ``graph[i, j]`` is the travel time in seconds from node ``i`` to node ``j`` (directed;
    walking networks hold both directions). ``osm_ids``, ``lon`` and ``lat`` describe the nodes.
    ``dropped_lon``/``dropped_lat`` are the nodes of the smaller components that were left out.
    """

    graph: sparse.csr_matrix
    osm_ids: npt.NDArray[np.int64]
    lon: npt.NDArray[np.float64]
    lat: npt.NDArray[np.float64]
    profile: str
    source: str
    speed_kmh: float | None
    dropped_components: int
    dropped_lon: npt.NDArray[np.float64]
    dropped_lat: npt.NDArray[np.float64]
    max_speed_mps: float = np.inf
    """Top speed on any edge (metres per second): bounds how far a search can reach."""

    @property
    def n_nodes(self) -> int:
        return int(self.graph.shape[0])

    @property
    def n_edges(self) -> int:
        return int(self.graph.nnz)

    @property
    def dropped_nodes(self) -> int:
        return len(self.dropped_lon)

    @property
    def label(self) -> str:
        speed = f" at {self.speed_kmh:g} km/h" if self.speed_kmh else " at road speeds"
        return f"OSM street network ({self.source}, {self.profile}{speed})"

    def summary(self) -> str:
        """One line: nodes, edges and what was dropped."""
        return (
            f"{self.label}: {self.n_nodes:,} nodes, {self.n_edges:,} directed edges; "
            f"{self.dropped_components:,} smaller components with {self.dropped_nodes:,} "
            "nodes dropped"
        )


def build_network(
    osm: str | Path | OsmStreets, profile: str = "walk", speed_kmh: float | None = None
) -> StreetNetwork:
    """Build the street network of ``profile`` from an OSM file (or one already read).

    Parameters
    ----------
    osm
        Path to an ``.osm.pbf``/``.osm`` file, or the :class:`OsmStreets` read from one (to
        build several profiles from one read).
    profile
        ``"walk"``, ``"step_free"`` or ``"drive"``.
    speed_kmh
        Walking speed for the walking profiles (default 4.8 km/h); driving uses road speeds.
    """
    check_profile(profile)
    streets = osm if isinstance(osm, OsmStreets) else read_osm(osm)
    speed_kmh = None if profile == "drive" else (speed_kmh or WALK_SPEED_KMH)
    segments = streets.segments(profile, speed_kmh)
    ids, inverse = np.unique(
        np.concatenate((segments.source, segments.target)), return_inverse=True
    )
    m = len(segments.source)
    u, v = inverse[:m], inverse[m:]
    n = len(ids)
    # Keep the fastest of parallel edges (CSR construction would add them up).
    u, v, w = fastest_edges(u, v, segments.seconds)
    graph = sparse.csr_matrix((w, (u, v)), shape=(n, n))
    lon, lat = np.empty(n), np.empty(n)
    ends = (segments.source_lon, segments.target_lon, segments.source_lat, segments.target_lat)
    if all(a is not None for a in ends):
        lon[inverse] = np.concatenate(ends[:2])  # type: ignore[arg-type]
        lat[inverse] = np.concatenate(ends[2:])  # type: ignore[arg-type]
    else:
        # Node coordinates: any occurrence of the id in the way arrays will do.
        position = np.searchsorted(ids, streets.refs)
        found = (position < n) & (ids[np.minimum(position, n - 1)] == streets.refs)
        lon[position[found]] = streets.lon[found]
        lat[position[found]] = streets.lat[found]

    count, labels = connected_components(graph, directed=True, connection="strong")
    largest = int(np.argmax(np.bincount(labels)))
    keep = labels == largest
    kept = np.flatnonzero(keep)
    graph = graph[kept][:, kept].tocsr()
    graph.sort_indices()
    return StreetNetwork(
        graph=graph,
        osm_ids=ids[keep],
        lon=lon[keep],
        lat=lat[keep],
        profile=profile,
        source=streets.path.name,
        speed_kmh=speed_kmh,
        dropped_components=count - 1,
        dropped_lon=lon[~keep],
        dropped_lat=lat[~keep],
        max_speed_mps=float(np.max(segments.metres / np.maximum(segments.seconds, 1e-12))),
    )


class FarFromNetworkError(ValueError):
    """Some points are farther from the street network than the snap limit allows."""

    def __init__(
        self,
        role: str,
        ids: list[object],
        metres: list[float],
        near_dropped: list[bool],
        limit: float,
    ):
        self.ids, self.metres, self.near_dropped = ids, metres, near_dropped
        shown = []
        for pid, dist, dropped in list(zip(ids, metres, near_dropped, strict=True))[:10]:
            note = (
                " (next to a disconnected part of the streets, left out of the network)"
                if dropped
                else ""
            )
            shown.append(f"{pid}: {dist:,.0f} m{note}")
        more = f" and {len(ids) - 10} more" if len(ids) > 10 else ""
        super().__init__(
            f"{len(ids)} {role} farther than {limit:,.0f} m from the street network: "
            + "; ".join(shown)
            + more
        )


@dataclass(frozen=True)
class Snap:
    """Where points join the network: node index, straight distance, and its walking time."""

    node: npt.NDArray[np.int64]
    metres: npt.NDArray[np.float64]
    minutes: npt.NDArray[np.float64]


def _project(lon: npt.ArrayLike, lat: npt.ArrayLike, lat0: float) -> npt.NDArray[np.float64]:
    """Local equirectangular metres around latitude ``lat0`` (enough to find the nearest node)."""
    x = np.radians(np.asarray(lon, dtype=float)) * np.cos(np.radians(lat0)) * EARTH_RADIUS_M
    y = np.radians(np.asarray(lat, dtype=float)) * EARTH_RADIUS_M
    return np.column_stack((x, y))


class NetworkModel:
    """Travel times over a :class:`StreetNetwork` (a :class:`~adilkent.access.model.TravelCostModel`).

    Parameters
    ----------
    network
        The street network.
    max_snap_m
        Farthest a point may lie from its nearest network node; farther is an error.
    snap_speed_kmh
        Speed of the straight leg between a point and its node (walking, 4.8 km/h by default,
        also for the driving profile: the walk to and from the car).
    chains
        The chains of the reversed graph, when already found (a saved network,
        :mod:`adilkent.access.saved`); found here otherwise.
    workers
        Processes for the searches over the whole graph of a cost table (see
        :meth:`cost_table`); 1 searches in this process only.
    snap_grid
        The snapping index of the network's nodes, when already built (a saved network): it
        is checked against the nodes' coordinates; built here otherwise.
    """

    def __init__(
        self,
        network: StreetNetwork,
        max_snap_m: float = 500.0,
        snap_speed_kmh: float = WALK_SPEED_KMH,
        *,
        chains: Chains | None = None,
        workers: int = 1,
        snap_grid: SnapGrid | None = None,
    ) -> None:
        if max_snap_m < 0 or snap_speed_kmh <= 0:
            raise ValueError("max_snap_m must be non-negative and snap_speed_kmh positive")
        if workers < 1:
            raise ValueError("workers must be at least 1")
        self.workers = workers
        self.network = network
        self.max_snap_m = max_snap_m
        self.snap_speed_kmh = snap_speed_kmh
        self._lat0 = float(np.mean(network.lat))
        self._xy = _project(network.lon, network.lat, self._lat0)
        # A grid of plain arrays, saved with a network and loaded as it is (see snapping.py).
        self._grid = SnapGrid.build(self._xy) if snap_grid is None else snap_grid.on(self._xy)
        # Projected distances exceed true ones by at most this factor (east–west, at the
        # latitude farthest from the equator), plus a little for rounding.
        widest = np.cos(np.radians(self._lat0)) / np.cos(np.radians(np.max(np.abs(network.lat))))
        self._scale = max(1.0, float(widest)) * 1.001
        if chains is None:
            chains = find_chains(network.graph.T.tocsr())
        elif chains.n_nodes != network.n_nodes:
            raise ValueError(
                f"the chains are of a graph of {chains.n_nodes:,} nodes, "
                f"the network has {network.n_nodes:,}"
            )
        self._chains = chains
        self._reversed: sparse.csr_matrix | None = None

    def _reverse(self) -> sparse.csr_matrix:
        """The network's graph reversed (edges into each node), made once."""
        if self._reversed is None:
            reverse = self.network.graph.T.tocsr()
            reverse.sort_indices()
            self._reversed = reverse
        return self._reversed

    @property
    def snap_grid(self) -> SnapGrid:
        """The snapping index of the network's nodes."""
        return self._grid

    @property
    def chains(self) -> Chains:
        """The degree-2 chains of the reversed graph that the searches contract."""
        return self._chains

    @property
    def label(self) -> str:
        return (
            f"{self.network.label}; points snapped to the nearest node within "
            f"{self.max_snap_m:g} m, snap legs at {self.snap_speed_kmh:g} km/h"
        )

    def snap(self, points: Points, role: str = "points") -> Snap:
        """Nearest network node of each point; :class:`FarFromNetworkError` if any is too far."""
        xy = _project(points.lon, points.lat, self._lat0)
        if not np.all(np.isfinite(xy)):
            raise ValueError(f"{role}: coordinates must be finite numbers")
        node = self._grid.nearest(xy)
        metres = haversine_m(points.lon, points.lat, self.network.lon[node], self.network.lat[node])
        far = np.flatnonzero(metres > self.max_snap_m)
        if far.size:
            near_dropped = [False] * far.size
            if self.network.dropped_nodes:  # for the message only: a tree made here, not kept
                dropped_metres, _ = cKDTree(
                    _project(self.network.dropped_lon, self.network.dropped_lat, self._lat0)
                ).query(xy[far], k=1)
                near_dropped = list(np.asarray(dropped_metres) < metres[far])
            raise FarFromNetworkError(
                role,
                [
                    points.ids[i].item() if hasattr(points.ids[i], "item") else points.ids[i]
                    for i in far
                ],
                [float(metres[i]) for i in far],
                [bool(d) for d in near_dropped],
                self.max_snap_m,
            )
        minutes = metres / (self.snap_speed_kmh * 1000 / 60)
        return Snap(node=node, metres=metres, minutes=minutes)

    def node_minutes_to_nearest(
        self, destinations: Points
    ) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.int64], Snap]:
        """Minutes from every network node to its nearest destination, and which one.

        One multi-source Dijkstra on the reversed graph. The destination's own snap leg is
        included; an origin's is not (add it after snapping the origin).
        """
        if len(destinations) == 0:
            raise ValueError("no destinations: the nearest one is undefined")
        snap = self.snap(destinations, "destinations")
        # The search runs on the contracted graph with the destinations' nodes kept.
        split = self._chains.split(snap.node)
        m, k = split.graph.shape[0], len(destinations)
        # One extra node per destination, with an edge to its snapped node weighted by the leg.
        rev = split.graph
        indptr = np.concatenate((rev.indptr, rev.indptr[-1] + np.arange(1, k + 1)))
        indices = np.concatenate((rev.indices, split.index))
        data = np.concatenate((rev.data, snap.minutes * 60.0))
        augmented = sparse.csr_matrix((data, indices, indptr), shape=(m + k, m + k))
        seconds, _, sources = dijkstra(
            augmented,
            directed=True,
            indices=np.arange(m, m + k),
            min_only=True,
            return_predecessors=True,
        )
        everywhere, which = split.expand(seconds[:m], np.asarray(sources[:m], dtype=np.int64))
        assert which is not None
        return everywhere / 60.0, which - m, snap

    def nearest(
        self, origins: Points, destinations: Points
    ) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.int64]]:
        """Minutes to, and position of, each origin's nearest destination (snap legs included)."""
        minutes, which, _ = self.node_minutes_to_nearest(destinations)
        snap = self.snap(origins, "origins")
        return minutes[snap.node] + snap.minutes, which[snap.node]

    def _reach_m(self, seconds: float) -> float:
        """Projected radius that holds every node reachable within ``seconds`` (with margin)."""
        return seconds * self.network.max_speed_mps * self._scale + 1.0

    def cost_table(
        self,
        origins: Points,
        destinations: Points,
        max_minutes: float,
        *,
        workers: int | None = None,
    ) -> CostTable:
        """All origin–destination pairs within ``max_minutes`` (snap legs included).

        With ``workers`` (by default the model's) above 1, searches over the whole graph (a
        limit that reaches most of it, or none) run in ``workers`` processes, this one and
        ``workers - 1`` helpers, when there are enough of them to pay for starting the
        helpers; the table is the same.
        """
        if workers is None:
            workers = self.workers
        if workers < 1:
            raise ValueError("workers must be at least 1")
        if not max_minutes >= 0:
            raise ValueError("max_minutes must be a non-negative number")
        origin_snap = self.snap(origins, "origins")
        destination_snap = self.snap(destinations, "destinations")
        kept = np.concatenate((origin_snap.node, destination_snap.node))
        table_nodes = np.zeros(self.network.n_nodes, dtype=bool)
        table_nodes[kept] = True
        if np.count_nonzero(table_nodes) >= FULL_GRAPH_SHARE * self.network.n_nodes:
            # Nearly every node is an origin or a destination (a measure for every node):
            # contracting would leave the graph as it is, renumbered, at the cost of a pass
            # over every chain. Search the reversed graph itself.
            reverse, node_xy, index = self._reverse(), self._xy, kept
        else:
            # Searches run on the contracted graph with every origin and destination kept.
            split = self._chains.split(kept)
            reverse, node_xy, index = split.graph, self._xy[split.original], split.index
        origin_node, destination_node = np.split(index, [len(origins)])
        n = reverse.shape[0]
        # Search once per distinct destination node, as far as its cheapest snap leg allows.
        nodes, per_node = np.unique(destination_node, return_inverse=True)
        cheapest = np.full(len(nodes), np.inf)
        np.minimum.at(cheapest, per_node, destination_snap.minutes)
        budgets = (max_minutes - cheapest) * 60.0
        points = PointGroups.of(
            n, origin_node, origin_snap, len(nodes), per_node, destination_snap, max_minutes
        )
        unique_origin_nodes = np.flatnonzero(np.diff(points.origin_start))
        pairs = BoundedSearches(
            reverse,
            node_xy,
            unique_origin_nodes,
            self._reach_m(max_minutes * 60.0),
            points,
            source_nodes=nodes,
            workers=workers,
        )
        try:
            origin_index, destination_index, minutes = self._search(pairs, nodes, budgets)
        finally:
            pairs.close()
        return CostTable(
            origin_index,
            destination_index,
            minutes,
            len(origins),
            len(destinations),
            self.label,
            max_minutes,
        )

    def _search(
        self, pairs: BoundedSearches, nodes: npt.NDArray[np.int64], budgets: npt.NDArray[np.float64]
    ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.float64]]:
        """Run the searches from the destination ``nodes`` of a cost table, batch by batch."""
        # Searches that start close together share one box of candidate nodes: visit the
        # destination nodes cell by cell along a Z curve, the cells half as wide as the reach.
        xy = pairs.node_xy[nodes]
        order = np.argsort(pairs.grid.z_order(xy), kind="stable")
        order = order[budgets[order] >= 0]
        start, size = 0, MAX_BATCH
        while start < len(order):
            batch = order[start : start + size]
            budget = float(budgets[batch].max())
            box = pairs.box(xy[batch], self._reach_m(budget))
            # The batch size follows the box: at most CHUNK_BYTES of distances per batch.
            while len(batch) > 1 and 8 * len(batch) * pairs.width(box) > CHUNK_BYTES:
                size = max(1, len(batch) // 2)
                batch = order[start : start + size]
                budget = float(budgets[batch].max())
                box = pairs.box(xy[batch], self._reach_m(budget))
            pairs.search(box, nodes[batch], batch, budget)
            start += len(batch)
            if 16 * len(batch) * pairs.width(box) <= CHUNK_BYTES:
                size = min(2 * size, MAX_BATCH)
        return pairs.result()
