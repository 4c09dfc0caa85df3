"""Chain contraction gives the same shortest times as a search over the whole graph.

The oracle is SciPy's Dijkstra on the full, uncontracted graph. The graphs are random street
graphs built to hold every awkward case: two-way and one-way chains, chains that loop back to
their own junction, parallel chains between the same two junctions, zero-length segments,
rings without any junction, and sources both on junctions and inside chains.
"""

from __future__ import annotations

import doctest
import itertools

import numpy as np
import pytest
from scipy import sparse
from scipy.sparse.csgraph import dijkstra

from adilkent.access import chains as chains_module
from adilkent.access.chains import find_chains
from adilkent.access.core import Core, contract_junctions, core
from adilkent.access.model import Points
from adilkent.access.network import NetworkModel, build_network
from adilkent.paths import data_dir

OSM_DIR = data_dir() / "osm"


def _street_graph(seed: int) -> sparse.csr_matrix:
    """Junctions joined by direct edges and by chains of shaping nodes, plus a ring."""
    rng = np.random.default_rng(seed)
    junctions = int(rng.integers(3, 12))
    rows: list[int] = []
    cols: list[int] = []
    weights: list[float] = []
    next_node = junctions

    def edge(a: int, b: int, both: bool) -> None:
        w = 0.0 if rng.random() < 0.05 else float(rng.uniform(1, 100))
        rows.append(a)
        cols.append(b)
        weights.append(w)
        if both:
            rows.append(b)
            cols.append(a)
            # Two-way segments may differ by direction (as driving speeds can).
            weights.append(w if rng.random() < 0.7 else float(rng.uniform(1, 100)))

    for _ in range(int(rng.integers(2, 8))):
        a, b = rng.integers(0, junctions, 2)
        if a != b:
            edge(int(a), int(b), rng.random() < 0.7)
    for _ in range(int(rng.integers(3, 15))):
        a = int(rng.integers(0, junctions))
        b = a if rng.random() < 0.1 else int(rng.integers(0, junctions))
        length = int(rng.integers(1, 7))
        if a == b and length < 2:
            length = 2  # a loop needs two shaping nodes to stay a simple graph
        both = rng.random() < 0.7
        path = [a, *range(next_node, next_node + length), b]
        next_node += length
        for x, y in itertools.pairwise(path):
            edge(x, y, both)
    # A ring with no junction at all.
    ring = list(range(next_node, next_node + int(rng.integers(3, 6))))
    next_node += len(ring)
    for x, y in zip(ring, ring[1:] + ring[:1], strict=True):
        edge(x, y, rng.random() < 0.5)
    u, v, w = np.asarray(rows), np.asarray(cols), np.asarray(weights)
    # No parallel edges, as in a street network: keep the lightest.
    order = np.lexsort((w, v, u))
    u, v, w = u[order], v[order], w[order]
    first = np.ones(len(u), dtype=bool)
    first[1:] = (u[1:] != u[:-1]) | (v[1:] != v[:-1])
    graph = sparse.csr_matrix((w[first], (u[first], v[first])), shape=(next_node, next_node))
    graph.sort_indices()
    return graph


@pytest.mark.parametrize("seed", range(60))
def test_contracted_searches_equal_full_searches(seed: int) -> None:
    graph = _street_graph(seed)
    n = graph.shape[0]
    chains = find_chains(graph)
    assert len(chains.junctions) + len(chains.interior) == n
    rng = np.random.default_rng(1000 + seed)
    sources = rng.choice(n, int(rng.integers(1, min(n, 6) + 1)), replace=False)
    split = chains.split(sources)
    assert np.array_equal(split.original[split.index], sources)

    # One search per source, every node's time.
    full = dijkstra(graph, directed=True, indices=sources)
    contracted = dijkstra(split.graph, directed=True, indices=split.index)
    expanded, _ = split.expand(contracted)
    np.testing.assert_array_equal(np.isinf(expanded), np.isinf(full))
    finite = np.isfinite(full)
    np.testing.assert_allclose(expanded[finite], full[finite], rtol=1e-12, atol=1e-9)

    # One multi-source search, with the source each node's time came from.
    full_min, _, full_from = dijkstra(
        graph, directed=True, indices=sources, min_only=True, return_predecessors=True
    )
    got_min, _, got_from = dijkstra(
        split.graph, directed=True, indices=split.index, min_only=True, return_predecessors=True
    )
    expanded_min, expanded_from = split.expand(got_min, np.asarray(got_from, dtype=np.int64))
    assert expanded_from is not None
    np.testing.assert_array_equal(np.isinf(expanded_min), np.isinf(full_min))
    reached = np.isfinite(full_min)
    np.testing.assert_allclose(expanded_min[reached], full_min[reached], rtol=1e-12, atol=1e-9)
    # The source named for each node is one of the nearest (ties may name another).
    named = split.original[expanded_from[reached]]
    row_of = {int(s): i for i, s in enumerate(sources)}
    via_named = full[[row_of[int(s)] for s in named], np.flatnonzero(reached)]
    np.testing.assert_allclose(via_named, full_min[reached], rtol=1e-12, atol=1e-9)
    del full_from


def _with_dead_ends(graph: sparse.csr_matrix, seed: int) -> sparse.csr_matrix:
    """``graph`` with trees of dead-end streets hung on some of its nodes, some one-way."""
    rng = np.random.default_rng(seed)
    coo = graph.tocoo()
    rows, cols, weights = coo.row.tolist(), coo.col.tolist(), coo.data.tolist()
    n = graph.shape[0]
    for _ in range(int(rng.integers(1, 6))):
        tree = [int(rng.integers(0, n))]
        for _ in range(int(rng.integers(1, 8))):
            parent = tree[int(rng.integers(0, len(tree)))]
            w = float(rng.uniform(1, 100))
            kind = rng.random()
            if kind < 0.8 or parent >= graph.shape[0]:
                rows += [parent, n]
                cols += [n, parent]
                weights += [w, w]
            else:  # a one-way way in or out: a dead end all the same
                rows.append(parent if kind < 0.9 else n)
                cols.append(n if kind < 0.9 else parent)
                weights.append(w)
            tree.append(n)
            n += 1
    out = sparse.csr_matrix((weights, (rows, cols)), shape=(n, n))
    out.sort_indices()
    return out


@pytest.mark.parametrize("seed", range(60))
def test_core_keeps_the_times_between_kept_nodes(seed: int) -> None:
    graph = _with_dead_ends(_street_graph(seed), seed)
    n = graph.shape[0]
    rng = np.random.default_rng(2000 + seed)
    keep = rng.choice(n, int(rng.integers(1, min(n, 8) + 1)), replace=False)
    small = core(graph, keep)
    assert small.graph.shape[0] < n  # the dead ends at least are gone
    full = dijkstra(graph, directed=True, indices=keep)[:, keep]
    got = dijkstra(small.graph, directed=True, indices=small.index)[:, small.index]
    np.testing.assert_array_equal(np.isinf(got), np.isinf(full))
    finite = np.isfinite(full)
    np.testing.assert_allclose(got[finite], full[finite], rtol=1e-12, atol=1e-9)
    # Nothing is left that only hangs off the rest: every node not kept has two neighbours
    # (edges read from the structure, since zero-second edges are edges too).
    edges = small.graph.tocoo()
    links = {(min(a, b), max(a, b)) for a, b in zip(edges.row, edges.col, strict=True) if a != b}
    ends = np.array(sorted(links), dtype=np.int64).reshape(-1, 2)
    neighbours = np.bincount(ends.ravel(), minlength=small.graph.shape[0])
    not_kept = np.setdiff1d(np.arange(small.graph.shape[0]), small.index)
    assert (neighbours[not_kept] >= 2).all()


def _junction_graph(seed: int) -> sparse.csr_matrix:
    """A tangle of junctions of two to seven neighbours: two-way streets that may be slower one
    way, one-way streets, zero-second edges, parallel edges and loops at a node."""
    rng = np.random.default_rng(seed)
    n = int(rng.integers(2, 80))
    rows: list[int] = []
    cols: list[int] = []
    weights: list[float] = []
    for a in range(n):
        for b in rng.integers(0, n, int(rng.integers(1, 4))).tolist():
            w = 0.0 if rng.random() < 0.05 else float(rng.uniform(1, 100))
            rows.append(a)
            cols.append(b)
            weights.append(w)
            if rng.random() < 0.75:
                rows.append(b)
                cols.append(a)
                weights.append(w if rng.random() < 0.7 else float(rng.uniform(1, 100)))
    # Parallel edges are summed by the matrix constructor: keep the first of each pair.
    key = np.array(rows) * n + np.array(cols)
    _, first = np.unique(key, return_index=True)
    return sparse.csr_matrix(
        (np.array(weights)[first], (np.array(rows)[first], np.array(cols)[first])), shape=(n, n)
    )


@pytest.mark.parametrize("seed", range(80))
def test_contracted_junctions_keep_the_times_between_kept_nodes(seed: int) -> None:
    graph = _junction_graph(seed) if seed % 2 else _with_dead_ends(_street_graph(seed), seed)
    n = graph.shape[0]
    rng = np.random.default_rng(3000 + seed)
    keep = rng.choice(n, int(rng.integers(1, max(2, n // 2) + 1)), replace=False)
    full = dijkstra(graph, directed=True, indices=keep)[:, keep]
    for start in (Core(graph, keep), core(graph, keep)):
        small = contract_junctions(start, max_neighbours=int(rng.integers(2, 8)), min_share=0)
        got = dijkstra(small.graph, directed=True, indices=small.index)[:, small.index]
        np.testing.assert_array_equal(np.isinf(got), np.isinf(full))
        finite = np.isfinite(full)
        np.testing.assert_allclose(got[finite], full[finite], rtol=1e-12, atol=1e-9)
        assert small.graph.shape[0] <= start.graph.shape[0]
        assert len(np.unique(small.index)) == len(keep)  # each kept node is still there
    # With no limit on neighbours, nothing but the kept nodes is left.
    alone = contract_junctions(Core(graph, keep), max_neighbours=n, min_share=0)
    assert alone.graph.shape[0] == len(keep)


def test_contraction_on_a_real_core_keeps_the_table() -> None:
    """Monaco walking, 300 origins and 40 facilities: the table's times on the contracted core
    are those on the whole graph, and the core has fewer nodes."""
    network = build_network(OSM_DIR / "monaco.osm.pbf", "walk")
    graph = network.graph.tocsr()
    rng = np.random.default_rng(5)
    keep = rng.choice(graph.shape[0], 340, replace=False)
    whole = core(graph, keep)
    small = contract_junctions(whole)
    assert small.graph.shape[0] < 0.8 * whole.graph.shape[0]
    full = dijkstra(graph, directed=True, indices=keep[:40])[:, keep]
    got = dijkstra(small.graph, directed=True, indices=small.index[:40])[:, small.index]
    np.testing.assert_array_equal(np.isinf(got), np.isinf(full))
    finite = np.isfinite(full)
    np.testing.assert_allclose(got[finite], full[finite], rtol=1e-12, atol=1e-9)


def test_ring_without_junction_keeps_one_node() -> None:
    ring = [0, 1, 2, 3]
    u = np.array([*ring, 1, 2, 3, 0])
    v = np.array([1, 2, 3, 0, *ring])
    graph = sparse.csr_matrix((np.full(8, 10.0), (u, v)), shape=(4, 4))
    chains = find_chains(graph)
    assert chains.junctions.tolist() == [0]
    split = chains.split(np.array([2]))
    seconds, _ = split.expand(dijkstra(split.graph, indices=split.index[0]))
    assert seconds.tolist() == [20.0, 10.0, 0.0, 10.0]


def test_docstring_example() -> None:
    failed, attempted = doctest.testmod(chains_module)
    assert attempted > 0 and failed == 0


@pytest.mark.parametrize("profile", ["walk", "drive"])
def test_real_extract_nearest_from_every_node_equals_full_search(profile: str) -> None:
    """Monaco: every node's nearest-facility time equals a multi-source search on all nodes."""
    network = build_network(OSM_DIR / "monaco.osm.pbf", profile)
    model = NetworkModel(network, max_snap_m=1.0)
    assert len(model._chains.interior) > network.n_nodes // 3  # most nodes only shape streets
    facilities = np.random.default_rng(17).choice(network.n_nodes, 40, replace=False)
    points = Points(ids=facilities, lon=network.lon[facilities], lat=network.lat[facilities])
    minutes, which, snap = model.node_minutes_to_nearest(points)
    reverse = network.graph.T.tocsr()
    per_facility = dijkstra(reverse, directed=True, indices=snap.node)
    per_facility += snap.minutes[:, None] * 60.0
    want = per_facility.min(axis=0) / 60.0
    np.testing.assert_allclose(minutes, want, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(
        per_facility[which, np.arange(network.n_nodes)] / 60.0, want, rtol=1e-12, atol=1e-12
    )


def test_split_accepts_repeated_nodes_and_parallel_edges_are_refused() -> None:
    graph = _street_graph(3)
    chains = find_chains(graph)
    inner = int(chains.interior[0])
    split = chains.split(np.array([inner, inner, int(chains.junctions[0])]))
    assert split.index[0] == split.index[1] != split.index[2]
    assert split.original[split.index[0]] == inner
    # A raw CSR matrix holding the edge 0 → 1 twice.
    with pytest.raises(ValueError, match="parallel edges"):
        find_chains(
            sparse.csr_matrix(
                (np.array([1.0, 2.0, 1.0]), np.array([1, 1, 0]), np.array([0, 2, 3])),
                shape=(2, 2),
            )
        )


def test_ranges_are_the_runs_concatenated() -> None:
    from adilkent.access.chains import ranges

    rng = np.random.default_rng(12)
    starts, lengths = rng.integers(0, 1000, 50), rng.integers(0, 6, 50)  # some runs empty
    want = [s + k for s, n in zip(starts.tolist(), lengths.tolist(), strict=True) for k in range(n)]
    got = ranges(starts, lengths)
    assert got.dtype == np.int64
    assert got.tolist() == want
    assert ranges(np.array([], dtype=np.int64), np.array([], dtype=np.int64)).tolist() == []
