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

from adilkent.access.chains import Ints, find_chains, unique_sorted


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


def _beyond_dead_ends(
    graph: sparse.csr_matrix, kept: npt.NDArray[np.bool_]
) -> npt.NDArray[np.bool_]:
    """Which nodes remain once dead ends (at most one neighbour, not kept) are dropped, again
    and again until none is left."""
    n = graph.shape[0]
    coo = graph.tocoo()
    rows, cols = coo.row.astype(np.int64), coo.col.astype(np.int64)
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
    neighbours = np.diff(pattern.indptr).astype(np.int64)
    alive = np.ones(n, dtype=bool)
    drop = np.flatnonzero((neighbours <= 1) & ~kept)
    while len(drop):
        alive[drop] = False
        first, last = pattern.indptr[drop], pattern.indptr[drop + 1]
        lengths = last - first
        touched = pattern.indices[
            np.repeat(first - (np.cumsum(lengths) - lengths), lengths)
            + np.arange(int(lengths.sum()))
        ].astype(np.int64)
        np.subtract.at(neighbours, touched, 1)
        touched = unique_sorted(touched)
        drop = touched[alive[touched] & ~kept[touched] & (neighbours[touched] <= 1)]
    return alive
