"""Chains of degree-2 nodes, contracted into single edges and expanded back exactly.

Most nodes of an OpenStreetMap street graph only shape a street: they touch exactly two other
nodes. A path that enters such a node can only go on along its *chain* (the run of such nodes
between two junctions ``a`` and ``b``), so a shortest-path search can run on the junctions
alone, with one edge ``a → b`` (and ``b → a``) per chain weighted by the chain's length. The
time of a chain's inner node ``x`` then follows from the times of the chain's two ends::

    time(x) = min(time(a) + along(a → x), time(b) + along(b → x))

:func:`find_chains` finds the chains of a directed graph once; :meth:`Chains.split` keeps some
inner nodes as nodes of their own (the nodes a query starts or ends at), cutting their chains
there, so that those nodes are read directly and every other node is expanded exactly
(:meth:`Split.expand`). Sums along a chain are added in a different order than a search over
the full graph would add them, so results agree to floating-point rounding.

A node is contracted when it has exactly two neighbours and its edges let a path through in
both directions (a two-way street) or in one direction only (a one-way street); any other
pattern keeps it a junction. A ring with no junction at all keeps one of its nodes.

>>> import numpy as np
>>> from scipy import sparse
>>> from scipy.sparse.csgraph import dijkstra
>>> # A street 0–1–2–3 with a side street 1–4 (two-way, 60 s a segment): 2 is a chain node.
>>> u, v = [0, 1, 2, 1], [1, 2, 3, 4]
>>> g = sparse.csr_matrix((np.full(8, 60.0), (u + v, v + u)), shape=(5, 5))
>>> chains = find_chains(g)
>>> chains.junctions.tolist(), chains.interior.tolist()
([0, 1, 3, 4], [2])
>>> split = chains.split(np.array([0]))
>>> seconds = dijkstra(split.graph, indices=split.index[0])
>>> split.expand(seconds)[0].tolist()
[0.0, 60.0, 120.0, 180.0, 120.0]
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
from scipy import sparse
from scipy.sparse.csgraph import connected_components

Ints = npt.NDArray[np.int64]
Floats = npt.NDArray[np.float64]


def unique_sorted(values: npt.ArrayLike) -> npt.NDArray[Any]:
    """The distinct values, sorted: what ``np.unique`` returns, by one sort.

    NumPy 2.4's ``np.unique`` takes a hash-based path that is about 20 times slower than
    sorting on millions of distinct integers (4.6 s against 0.22 s for 3.1 million).
    """
    ordered = np.sort(np.asarray(values), kind="stable")
    if len(ordered) < 2:
        return ordered
    return ordered[np.concatenate(([True], ordered[1:] != ordered[:-1]))]


def ranges(starts: npt.ArrayLike, lengths: npt.ArrayLike) -> npt.NDArray[np.int64]:
    """``starts[i], starts[i] + 1, …, starts[i] + lengths[i] - 1`` for every ``i``, concatenated:
    the positions of many runs of a flat array (the rows of a CSR matrix, the nodes of cells)."""
    lengths = np.asarray(lengths, dtype=np.int64)
    first = np.asarray(starts, dtype=np.int64) - (np.cumsum(lengths) - lengths)
    return np.repeat(first, lengths) + np.arange(int(lengths.sum()), dtype=np.int64)


def _csr(rows: Ints, cols: Ints, weights: Floats, n: int) -> sparse.csr_matrix:
    graph = sparse.csr_matrix((weights, (rows, cols)), shape=(n, n))
    graph.sort_indices()
    return graph


def fastest_edges(rows: Ints, cols: Ints, weights: Floats) -> tuple[Ints, Ints, Floats]:
    """Keep the lightest of parallel edges (a CSR matrix would add them up), sorted by row, column."""
    if not len(rows):
        return rows, cols, weights
    key = rows * (int(max(rows.max(), cols.max())) + 1) + cols
    order = np.argsort(key)
    key = key[order]
    first = np.flatnonzero(np.concatenate(([True], key[1:] != key[:-1])))
    lightest = np.minimum.reduceat(weights[order], first)
    return rows[order[first]], cols[order[first]], lightest


@dataclass(frozen=True)
class Split:
    """A contracted graph with some chain nodes kept, and the way back to every node.

    ``graph`` has the junctions first (in :attr:`Chains.junctions` order), then the kept inner
    nodes. ``index[i]`` is the contracted node of the ``i``-th node asked for and ``original``
    the original node of each contracted one.
    """

    graph: sparse.csr_matrix
    index: Ints
    original: Ints
    chains: Chains
    kept_position: Ints
    """Positions (in :attr:`Chains.interior`) of the kept inner nodes, sorted."""

    def expand(self, values: Floats, labels: Ints | None = None) -> tuple[Floats, Ints | None]:
        """Times from a search on :attr:`graph` for every original node (rows of ``values``).

        ``values`` holds one row per search (or is one row), a column per contracted node.
        ``labels`` (same shape) travel with the times: an inner node takes the label of the
        chain end its best time came through (the source of a multi-source search, say).
        """
        chains = self.chains
        one = values.ndim == 1
        values2 = values[None, :] if one else values
        labels2 = None if labels is None else (labels[None, :] if one else labels)
        n, j = chains.n_nodes, len(chains.junctions)
        out = np.empty((values2.shape[0], n))
        out[:, chains.junctions] = values2[:, :j]
        out_labels = None
        if labels2 is not None:
            out_labels = np.empty((values2.shape[0], n), dtype=labels2.dtype)
            out_labels[:, chains.junctions] = labels2[:, :j]
        m = len(chains.interior)
        if m:
            left, left_ahead, right, right_back = self._brackets()
            through_left = values2[:, left] + (chains.ahead - left_ahead)
            with np.errstate(invalid="ignore"):
                back = np.where(np.isfinite(chains.back), right_back - chains.back, np.inf)
            through_right = values2[:, right] + back
            from_left = through_left <= through_right
            out[:, chains.interior] = np.where(from_left, through_left, through_right)
            if out_labels is not None and labels2 is not None:
                out_labels[:, chains.interior] = np.where(
                    from_left, labels2[:, left], labels2[:, right]
                )
        kept = chains.interior[self.kept_position]
        out[:, kept] = values2[:, j:]
        if out_labels is not None and labels2 is not None:
            out_labels[:, kept] = labels2[:, j:]
        if one:
            return out[0], None if out_labels is None else out_labels[0]
        return out, out_labels

    def _brackets(self) -> tuple[Ints, Floats, Ints, Floats]:
        """For each inner position: the kept node before it and after it on its chain.

        Returns the contracted index of the node before (the chain's head or a kept inner
        node) with its time from the head, and of the node after (a kept node or the tail)
        with its time back to the head.
        """
        chains = self.chains
        m, j = len(chains.interior), len(chains.junctions)
        start = chains.chain_start[chains.chain_of]
        end = chains.chain_start[chains.chain_of + 1] - 1
        kept_marker = np.full(m, -1, dtype=np.int64)
        kept_marker[self.kept_position] = self.kept_position
        before = np.maximum.accumulate(kept_marker)
        has_before = before >= start
        kept_rank = np.full(m, -1, dtype=np.int64)
        kept_rank[self.kept_position] = np.arange(len(self.kept_position))
        left = np.where(has_before, j + kept_rank[before], chains.head[chains.chain_of])
        left_ahead = np.where(has_before, chains.ahead[np.maximum(before, 0)], 0.0)
        after_marker = np.full(m, m, dtype=np.int64)
        after_marker[self.kept_position] = self.kept_position
        after = np.minimum.accumulate(after_marker[::-1])[::-1]
        has_after = after <= end
        safe_after = np.minimum(after, m - 1)
        right = np.where(has_after, j + kept_rank[safe_after], chains.tail[chains.chain_of])
        right_back = np.where(
            has_after, chains.back[safe_after], chains.back_total[chains.chain_of]
        )
        return left, left_ahead, right, right_back


@dataclass(frozen=True)
class Chains:
    """The chains of a directed graph (see the module documentation).

    ``interior`` lists the inner nodes chain by chain, each chain in order from its head to
    its tail; ``chain_start`` holds where each chain begins in it (one more entry at the
    end). ``head``/``tail`` are the contracted indices of each chain's ends; ``ahead`` is the
    time from the head to each inner node, ``back`` from each inner node back to the head
    (infinite on a one-way chain), and ``ahead_total``/``back_total`` the same for the whole
    chain. ``position[v]`` is where node ``v`` is in ``interior`` (``-1`` for a junction),
    ``contracted[v]`` its contracted index (``-1`` for an inner node).
    """

    n_nodes: int
    junctions: Ints
    contracted: Ints
    interior: Ints
    position: Ints
    chain_of: Ints
    chain_start: Ints
    head: Ints
    tail: Ints
    ahead: Floats
    back: Floats
    ahead_total: Floats
    back_total: Floats
    base_rows: Ints
    base_cols: Ints
    base_weights: Floats

    @property
    def n_chains(self) -> int:
        return len(self.head)

    def split(self, nodes: Ints) -> Split:
        """The contracted graph with ``nodes`` (original indices) kept as nodes of their own."""
        nodes = np.asarray(nodes, dtype=np.int64)
        j = len(self.junctions)
        kept_position = unique_sorted(self.position[nodes[self.position[nodes] >= 0]])
        k = len(kept_position)
        index = self.contracted[nodes].copy()
        inner = index < 0
        index[inner] = j + np.searchsorted(kept_position, self.position[nodes[inner]])
        original = np.concatenate((self.junctions, self.interior[kept_position]))
        rows, cols, weights = self.base_rows, self.base_cols, self.base_weights
        if k:
            chain = self.chain_of[kept_position]
            me = j + np.arange(k, dtype=np.int64)
            same_before = np.zeros(k, dtype=bool)
            same_before[1:] = chain[1:] == chain[:-1]
            same_after = np.zeros(k, dtype=bool)
            same_after[:-1] = same_before[1:]
            # The piece of chain before each kept node, from the head or the kept node before.
            previous = np.where(same_before, np.roll(me, 1), self.head[chain])
            previous_ahead = np.where(same_before, np.roll(self.ahead[kept_position], 1), 0.0)
            previous_back = np.where(same_before, np.roll(self.back[kept_position], 1), 0.0)
            # The last kept node of a chain also joins the tail.
            last = ~same_after
            ends = np.concatenate((previous, me[last]))
            starts = np.concatenate((me, self.tail[chain[last]]))
            ahead_end = np.concatenate((previous_ahead, self.ahead[kept_position[last]]))
            ahead_start = np.concatenate((self.ahead[kept_position], self.ahead_total[chain[last]]))
            back_end = np.concatenate((previous_back, self.back[kept_position[last]]))
            back_start = np.concatenate((self.back[kept_position], self.back_total[chain[last]]))
            # ends → starts along the chain, starts → ends against it.
            with np.errstate(invalid="ignore"):
                forward = ahead_start - ahead_end
                backward = back_start - back_end
            piece_rows = np.concatenate((ends, starts))
            piece_cols = np.concatenate((starts, ends))
            piece_weights = np.concatenate((forward, backward))
            # Two pieces join the same two nodes only around a ring (head = tail) with one kept
            # node: head → node and node → tail both ways. Only those need the fastest of
            # parallel edges (a sort); every other piece joins a pair no other piece joins.
            lone = (self.head[chain] == self.tail[chain]) & ~same_before & ~same_after
            of_lone = np.tile(np.concatenate((lone, lone[last])), 2)
            ok = np.isfinite(piece_weights) & (piece_rows != piece_cols)
            ring_rows, ring_cols, ring_weights = fastest_edges(
                piece_rows[ok & of_lone], piece_cols[ok & of_lone], piece_weights[ok & of_lone]
            )
            plain = ok & ~of_lone
            piece_rows = np.concatenate((piece_rows[plain], ring_rows))
            piece_cols = np.concatenate((piece_cols[plain], ring_cols))
            piece_weights = np.concatenate((piece_weights[plain], ring_weights))
            rows = np.concatenate((rows, piece_rows))
            cols = np.concatenate((cols, piece_cols))
            weights = np.concatenate((weights, piece_weights))
        graph = _csr(rows, cols, weights, j + k)
        return Split(graph, index, original, self, kept_position)


def find_chains(graph: sparse.csr_matrix) -> Chains:
    """Find the chains of a directed graph without parallel edges (weights: travel times)."""
    graph = sparse.csr_matrix(graph)
    graph.sort_indices()
    n = graph.shape[0]
    rows = np.repeat(np.arange(n, dtype=np.int64), np.diff(graph.indptr))
    cols = graph.indices.astype(np.int64)
    weights = graph.data.astype(np.float64)
    keys = rows * n + cols
    if len(keys) > 1 and not np.all(keys[1:] > keys[:-1]):
        raise ValueError("the graph has parallel edges: keep one edge per pair of nodes")
    transpose = graph.T.tocsr()
    transpose.sort_indices()
    undirected = (
        sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(n, n))
        + sparse.csr_matrix((np.ones(len(rows)), (cols, rows)), shape=(n, n))
    ).tocsr()
    undirected.sort_indices()
    candidates = np.flatnonzero(np.diff(undirected.indptr) == 2)
    first = undirected.indptr[candidates]
    p = undirected.indices[first].astype(np.int64)
    q = undirected.indices[first + 1].astype(np.int64)
    # A candidate has at most two edges out (row of the graph) and two in (row of the transpose).
    to_p, to_q = _row_weight(graph, candidates, p), _row_weight(graph, candidates, q)
    from_p, from_q = _row_weight(transpose, candidates, p), _row_weight(transpose, candidates, q)
    px, xp, xq, qx = (np.isfinite(w) for w in (from_p, to_p, to_q, from_q))
    p_to_q = px & xq & ~xp & ~qx
    q_to_p = qx & xp & ~xq & ~px
    ok = (px & xp & xq & qx) | p_to_q | q_to_p
    contractible = np.zeros(n, dtype=bool)
    contractible[candidates[ok]] = True
    # Each chain node's two neighbours, ``previous`` upstream on a one-way chain, and the
    # weights of its edges to and from each.
    links = _Links(
        previous=np.full(n, -1, dtype=np.int64),
        following=np.full(n, -1, dtype=np.int64),
        to_previous=np.full(n, np.inf),
        from_previous=np.full(n, np.inf),
        to_following=np.full(n, np.inf),
        from_following=np.full(n, np.inf),
        one_way=np.zeros(n, dtype=bool),
    )
    links.previous[candidates] = np.where(q_to_p, q, p)
    links.following[candidates] = np.where(q_to_p, p, q)
    links.to_previous[candidates] = np.where(q_to_p, to_q, to_p)
    links.from_previous[candidates] = np.where(q_to_p, from_q, from_p)
    links.to_following[candidates] = np.where(q_to_p, to_p, to_q)
    links.from_following[candidates] = np.where(q_to_p, from_p, from_q)
    links.one_way[candidates] = p_to_q | q_to_p

    while True:
        walk = _walk(contractible, links)
        unvisited = contractible.copy()
        unvisited[walk.interior] = False
        if not unvisited.any():
            break
        # Rings with no junction: keep the lowest node of each, then walk again.
        inside = unvisited[rows] & unvisited[cols]
        ring_graph = sparse.csr_matrix(
            (np.ones(int(inside.sum())), (rows[inside], cols[inside])), shape=(n, n)
        )
        _, label = connected_components(ring_graph, directed=True, connection="weak")
        ring_nodes = np.flatnonzero(unvisited)
        lowest = np.full(n, n, dtype=np.int64)
        np.minimum.at(lowest, label[ring_nodes], ring_nodes)
        contractible[lowest[unique_sorted(label[ring_nodes])]] = False

    junctions = np.flatnonzero(~contractible).astype(np.int64)
    contracted = np.full(n, -1, dtype=np.int64)
    contracted[junctions] = np.arange(len(junctions))
    position = np.full(n, -1, dtype=np.int64)
    position[walk.interior] = np.arange(len(walk.interior))
    head, tail = contracted[walk.head], contracted[walk.tail]

    direct = ~contractible[rows] & ~contractible[cols]
    base_rows = np.concatenate((contracted[rows[direct]], head, tail))
    base_cols = np.concatenate((contracted[cols[direct]], tail, head))
    base_weights = np.concatenate((weights[direct], walk.ahead_total, walk.back_total))
    keep = np.isfinite(base_weights) & (base_rows != base_cols)
    base_rows, base_cols, base_weights = fastest_edges(
        base_rows[keep], base_cols[keep], base_weights[keep]
    )
    return Chains(
        n_nodes=n,
        junctions=junctions,
        contracted=contracted,
        interior=walk.interior,
        position=position,
        chain_of=walk.chain_of,
        chain_start=walk.chain_start,
        head=head,
        tail=tail,
        ahead=walk.ahead,
        back=walk.back,
        ahead_total=walk.ahead_total,
        back_total=walk.back_total,
        base_rows=base_rows,
        base_cols=base_cols,
        base_weights=base_weights,
    )


@dataclass(frozen=True)
class _Walked:
    interior: Ints
    chain_of: Ints
    chain_start: Ints
    head: Ints
    tail: Ints
    ahead: Floats
    back: Floats
    ahead_total: Floats
    back_total: Floats


def _row_weight(graph: sparse.csr_matrix, nodes: Ints, other: Ints) -> Floats:
    """Weight of the entry ``other`` in each row ``nodes`` that holds at most two entries."""
    lo, hi = graph.indptr[nodes], graph.indptr[nodes + 1]
    last = max(len(graph.indices) - 1, 0)
    result = np.full(len(nodes), np.inf)
    for offset in (0, 1):
        at = np.minimum(lo + offset, last)
        hit = (lo + offset < hi) & (graph.indices[at] == other)
        result[hit] = graph.data[at[hit]]
    return result


@dataclass(frozen=True)
class _Links:
    previous: Ints
    following: Ints
    to_previous: Floats
    from_previous: Floats
    to_following: Floats
    from_following: Floats
    one_way: npt.NDArray[np.bool_]


def _walk(contractible: npt.NDArray[np.bool_], links: _Links) -> _Walked:
    """Walk every chain from its end nodes at once, one step a round, summing as it goes.

    A two-way chain is walked from both of its ends and the walk from its lower-numbered end
    is kept; a one-way chain only from upstream.
    """
    previous, following, one_way = links.previous, links.following, links.one_way
    inner = np.flatnonzero(contractible)
    prev_junction = ~contractible[previous[inner]]
    next_junction = ~contractible[following[inner]]
    may_start = np.where(one_way[inner], prev_junction, prev_junction | next_junction)
    starts = inner[may_start]
    # The chain's head: the upstream neighbour unless that one is in the chain itself.
    from_previous = one_way[starts] | ~contractible[previous[starts]]
    heads = np.where(from_previous, previous[starts], following[starts])
    walk_ids = np.arange(len(starts))
    here = starts
    ahead = np.where(from_previous, links.from_previous[here], links.from_following[here])
    back = np.where(from_previous, links.to_previous[here], links.to_following[here])
    steps_nodes, steps_walk, steps_ahead, steps_back = [], [], [], []
    last = np.empty(len(starts), dtype=np.int64)
    tails = np.empty(len(starts), dtype=np.int64)
    ahead_total = np.empty(len(starts))
    back_total = np.empty(len(starts))
    length = np.zeros(len(starts), dtype=np.int64)
    while len(here):
        steps_nodes.append(here)
        steps_walk.append(walk_ids)
        steps_ahead.append(ahead)
        steps_back.append(back)
        length[walk_ids] += 1
        # Go on to the neighbour we did not come from.
        onward = np.where(from_previous, following[here], previous[here])
        ahead_next = ahead + np.where(
            from_previous, links.to_following[here], links.to_previous[here]
        )
        back_next = back + np.where(
            from_previous, links.from_following[here], links.from_previous[here]
        )
        done = ~contractible[onward]
        finished = walk_ids[done]
        last[finished], tails[finished] = here[done], onward[done]
        ahead_total[finished], back_total[finished] = ahead_next[done], back_next[done]
        going = ~done
        came, here, walk_ids = here[going], onward[going], walk_ids[going]
        ahead, back = ahead_next[going], back_next[going]
        from_previous = previous[here] == came
    kept_walk = one_way[starts] | (starts <= last)
    nodes = np.concatenate(steps_nodes) if steps_nodes else np.empty(0, dtype=np.int64)
    walk_of = np.concatenate(steps_walk) if steps_walk else np.empty(0, dtype=np.int64)
    step_of = (
        np.concatenate([np.full(len(w), i, dtype=np.int64) for i, w in enumerate(steps_walk)])
        if steps_walk
        else np.empty(0, dtype=np.int64)
    )
    ahead_all = np.concatenate(steps_ahead) if steps_ahead else np.empty(0)
    back_all = np.concatenate(steps_back) if steps_back else np.empty(0)
    chain_number = np.cumsum(kept_walk) - 1
    sizes = length[kept_walk]
    chain_start = np.concatenate(([0], np.cumsum(sizes))).astype(np.int64)
    keep = kept_walk[walk_of]
    chain_of_step = chain_number[walk_of[keep]]
    where = chain_start[chain_of_step] + step_of[keep]
    interior = np.empty(len(where), dtype=np.int64)
    interior[where] = nodes[keep]
    ahead_out = np.empty(len(where))
    ahead_out[where] = ahead_all[keep]
    back_out = np.empty(len(where))
    back_out[where] = back_all[keep]
    chain_of = np.repeat(np.arange(len(sizes), dtype=np.int64), sizes)
    return _Walked(
        interior=interior,
        chain_of=chain_of,
        chain_start=chain_start,
        head=heads[kept_walk],
        tail=tails[kept_walk],
        ahead=ahead_out,
        back=back_out,
        ahead_total=ahead_total[kept_walk],
        back_total=back_total[kept_walk],
    )
