"""The core of a street graph for some of its nodes: what shortest paths between them can use.

A cost table's whole-graph searches (:class:`.bounded.BoundedSearches`) only need times between
the table's origins and destinations. Dead ends that hold none of them never carry such a path,
and once they are gone the junctions they hung from often become chain nodes
(:mod:`.chains`), which can be contracted in turn.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy import sparse

from adilkent.access.chains import Ints, fastest_edges, find_chains, ranges, unique_sorted


@dataclass(frozen=True)
class Core:
    """A graph cut down to what the shortest paths between some of its nodes can use.

    ``index[i]`` is the node of :attr:`graph` of the ``i``-th node asked for.
    """

    graph: sparse.csr_matrix
    index: Ints


def core(graph: sparse.csr_matrix, keep: Ints) -> Core:
    """The smallest graph this finds with the same times between the ``keep`` nodes.

    Two steps, repeated while either changes the graph: drop every dead end that is not kept
    (a node with at most one neighbour: a path through it comes back the way it went, never
    faster with non-negative times), then contract the chains with the kept nodes cut out of
    them (:meth:`Chains.split`). A junction whose dead end was dropped often becomes a chain
    node, so the two steps feed each other. Times between kept nodes are those of the graph,
    to the rounding of sums along chains.

    >>> from scipy import sparse
    >>> # A street 0–1–2–3 with a dead end 1–4 (two-way, 60 s a segment).
    >>> u, v = [0, 1, 2, 1], [1, 2, 3, 4]
    >>> g = sparse.csr_matrix((np.full(8, 60.0), (u + v, v + u)), shape=(5, 5))
    >>> small = core(g, np.array([0, 3]))
    >>> small.graph.toarray().tolist(), small.index.tolist()
    ([[0.0, 180.0], [180.0, 0.0]], [0, 1])
    """
    current = sparse.csr_matrix(graph)
    index = np.asarray(keep, dtype=np.int64).copy()
    while True:
        n = current.shape[0]
        kept = np.zeros(n, dtype=bool)
        kept[index] = True
        alive = _beyond_dead_ends(current, kept)
        if not alive.all():
            current = current[alive][:, alive].tocsr()
            index = (np.cumsum(alive) - 1)[index]
        split = find_chains(current).split(index)
        if split.graph.shape[0] == current.shape[0] and alive.all():
            return Core(current, index)
        current, index = split.graph, split.index


def _links(rows: Ints, cols: Ints, n: int) -> sparse.csr_matrix:
    """Which nodes are neighbours, whichever way their edges run: each pair once in each row
    (self-loops left out); a row's length is the node's number of neighbours."""
    other = rows != cols
    rows, cols = rows[other], cols[other]
    pattern = sparse.csr_matrix(
        (
            np.ones(2 * len(rows), dtype=np.int8),
            (np.concatenate((rows, cols)), np.concatenate((cols, rows))),
        ),
        shape=(n, n),
    )
    pattern.sum_duplicates()
    return pattern


def _beyond_dead_ends(
    graph: sparse.csr_matrix, kept: npt.NDArray[np.bool_]
) -> npt.NDArray[np.bool_]:
    """Which nodes remain once dead ends (at most one neighbour, not kept) are dropped, again
    and again until none is left."""
    n = graph.shape[0]
    coo = graph.tocoo()
    pattern = _links(coo.row.astype(np.int64), coo.col.astype(np.int64), n)
    neighbours = np.diff(pattern.indptr).astype(np.int64)
    alive = np.ones(n, dtype=bool)
    drop = np.flatnonzero((neighbours <= 1) & ~kept)
    while len(drop):
        alive[drop] = False
        first, last = pattern.indptr[drop], pattern.indptr[drop + 1]
        touched = pattern.indices[ranges(first, last - first)].astype(np.int64)
        np.subtract.at(neighbours, touched, 1)
        touched = unique_sorted(touched)
        drop = touched[alive[touched] & ~kept[touched] & (neighbours[touched] <= 1)]
    return alive


def contract_junctions(small: Core, *, max_neighbours: int = 6, min_share: float = 0.01) -> Core:
    """``small`` with the junctions that hold no kept node replaced by shortcuts.

    A node that is not kept is taken out, and each street into it joined to each street out
    of it (to another node) by one edge of their summed time; of parallel edges the fastest
    stays. Times between the remaining nodes do not change (to the rounding of those sums).
    Each round takes out an independent set of such nodes with at most ``max_neighbours``
    neighbours (fewest neighbours first, then lowest number), so no shortcut passes through
    another node taken out in the same round; rounds repeat until one takes out less than
    ``min_share`` of the nodes. With two-way streets a node of three neighbours trades its six
    edges for at most six shortcuts, and one of four its eight for at most twelve, of which
    many merge with edges already there: a cost table's whole-graph searches run on fewer
    nodes with about as many edges. On Porto's core for 11,000 table nodes: 52,812 → 21,580
    nodes and 163,444 → 140,952 edges in 0.41 s, and the searches take about half their time
    (``docs/benchmarks/many-to-many.md``). More neighbours took out more nodes but added
    edges faster: 12 gave 16,756 nodes and 188,698 edges for no faster searches.

    >>> from scipy import sparse
    >>> # A junction 1 between 0, 2 and 3 (two-way, 60 s each way) holding no kept node.
    >>> u, v = [0, 1, 1], [1, 2, 3]
    >>> g = sparse.csr_matrix((np.full(6, 60.0), (u + v, v + u)), shape=(4, 4))
    >>> small = contract_junctions(Core(g, np.array([0, 2, 3])))
    >>> small.graph.toarray().tolist(), small.index.tolist()
    ([[0.0, 120.0, 120.0], [120.0, 0.0, 120.0], [120.0, 120.0, 0.0]], [0, 1, 2])
    """
    coo = small.graph.tocoo()
    n = small.graph.shape[0]
    rows, cols = coo.row.astype(np.int64), coo.col.astype(np.int64)
    seconds = coo.data.astype(np.float64)
    index = np.asarray(small.index, dtype=np.int64).copy()
    kept = np.zeros(n, dtype=bool)
    kept[index] = True
    while n:
        loop = rows == cols  # never on a shortest path with non-negative times
        rows, cols, seconds = rows[~loop], cols[~loop], seconds[~loop]
        out = _independent_junctions(rows, cols, n, kept, max_neighbours)
        if out.sum() < max(1, min_share * n):
            break
        rows, cols, seconds = _bypass(rows, cols, seconds, out, n)
        alive = ~out
        new = np.cumsum(alive) - 1
        rows, cols, index, kept = new[rows], new[cols], new[index], kept[alive]
        n = int(alive.sum())
    graph = sparse.csr_matrix((seconds, (rows, cols)), shape=(n, n))
    graph.sort_indices()
    return Core(graph, index)


def _independent_junctions(
    rows: Ints, cols: Ints, n: int, kept: npt.NDArray[np.bool_], max_neighbours: int
) -> npt.NDArray[np.bool_]:
    """Nodes not kept, with at most ``max_neighbours`` neighbours, no two of them adjacent:
    each one ranks before every such neighbour (fewer neighbours, then the lower number)."""
    pattern = _links(rows, cols, n)
    neighbours = np.diff(pattern.indptr).astype(np.int64)
    a, b = np.repeat(np.arange(n), neighbours), pattern.indices
    rank = neighbours * n + np.arange(n)
    candidate = ~kept & (neighbours <= max_neighbours)
    above = np.full(n, np.iinfo(np.int64).max, dtype=np.int64)
    np.minimum.at(above, a, np.where(candidate[b], rank[b], np.iinfo(np.int64).max))
    return candidate & (rank < above)


def _bypass(
    rows: Ints, cols: Ints, seconds: npt.NDArray[np.float64], out: npt.NDArray[np.bool_], n: int
) -> tuple[Ints, Ints, npt.NDArray[np.float64]]:
    """The edges without the ``out`` nodes (no two adjacent), plus a shortcut for each pair of
    an edge into one of them and an edge out of it; the fastest of parallel edges."""
    into, away = out[cols], out[rows]
    stay = ~(into | away)
    # Edges leaving an ``out`` node, grouped by that node.
    order = np.argsort(rows[away], kind="stable")
    via, head, leg = rows[away][order], cols[away][order], seconds[away][order]
    first = np.searchsorted(via, np.arange(n))
    count = np.searchsorted(via, np.arange(n), side="right") - first
    tail, middle, leg_in = rows[into], cols[into], seconds[into]
    pairs = count[middle]
    at = ranges(first[middle], pairs)
    short_from, short_to = np.repeat(tail, pairs), head[at]
    short_seconds = np.repeat(leg_in, pairs) + leg[at]
    real = short_from != short_to
    all_rows = np.concatenate((rows[stay], short_from[real]))
    all_cols = np.concatenate((cols[stay], short_to[real]))
    all_seconds = np.concatenate((seconds[stay], short_seconds[real]))
    return fastest_edges(all_rows, all_cols, all_seconds)
