"""The snapping grid finds exactly the nearest node, and a damaged grid is refused."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import numpy.typing as npt
import pytest
from scipy.spatial import cKDTree

from adilkent.access import snapping
from adilkent.access.network import NetworkModel, build_network
from adilkent.access.snapping import SnapGrid
from adilkent.paths import data_dir

MONACO = data_dir() / "osm" / "monaco.osm.pbf"


def _brute(
    xy: npt.NDArray[np.float64], points: npt.NDArray[np.float64]
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.int64]]:
    """Nearest squared distance of each point, and the smallest index at that distance."""
    d2 = (xy[None, :, 0] - points[:, None, 0]) ** 2 + (xy[None, :, 1] - points[:, None, 1]) ** 2
    best = d2.min(axis=1)
    return best, np.argmax(d2 == best[:, None], axis=1)


def _nodes(kind: str, rng: np.random.Generator) -> npt.NDArray[np.float64]:
    """Node layouts that street networks have, and the awkward ones."""
    if kind == "spread":
        return rng.uniform(0, 5_000, (1_500, 2))
    if kind == "streets":  # clustered along lines, with long empty stretches
        t = rng.uniform(0, 1, (1_200, 1))
        starts = rng.uniform(0, 20_000, (12, 2))[rng.integers(12, size=1_200)]
        ends = rng.uniform(0, 20_000, (12, 2))[rng.integers(12, size=1_200)]
        return starts + t * (ends - starts)
    if kind == "duplicates":  # several nodes on one spot: ties go to the smallest index
        spots = rng.uniform(0, 3_000, (200, 2))
        return spots[rng.integers(200, size=900)]
    if kind == "line":  # every node on one street east–west: a bounding box of no height
        return np.column_stack((rng.uniform(-1e4, 1e4, 400), np.full(400, 7.5)))
    if kind == "one":
        return np.array([[1234.5, -987.25]])
    if kind == "grid":  # nodes exactly on cell corners and points between them
        x, y = np.meshgrid(np.arange(0, 2_000, 50.0), np.arange(0, 1_000, 50.0))
        return np.column_stack((x.ravel(), y.ravel()))
    raise AssertionError(kind)


KINDS = ("spread", "streets", "duplicates", "line", "one", "grid")


@pytest.mark.parametrize("seed", range(5))
@pytest.mark.parametrize("kind", KINDS)
def test_the_nearest_node_is_exact_and_ties_go_to_the_smallest_index(kind: str, seed: int) -> None:
    rng = np.random.default_rng([seed, KINDS.index(kind)])
    xy = _nodes(kind, rng)
    grid = SnapGrid.build(xy)
    low, high = xy.min(axis=0), xy.max(axis=0)
    points = np.vstack(
        (
            xy[rng.integers(len(xy), size=300)] + rng.normal(0, 20, (300, 2)),  # near a node
            xy[rng.integers(len(xy), size=50)],  # on a node
            rng.uniform(low - 500, high + 500, (300, 2)),  # anywhere, also off the grid
            rng.uniform(low - 50_000, high + 50_000, (30, 2)),  # far: the k-d tree answers
        )
    )
    node = grid.nearest(points)
    best, lowest = _brute(xy, points)
    got = (xy[node, 0] - points[:, 0]) ** 2 + (xy[node, 1] - points[:, 1]) ** 2
    assert np.array_equal(got, best)
    assert np.array_equal(node, lowest)  # of equally near nodes, the smallest index


def test_a_tie_found_in_a_later_ring_still_goes_to_the_smallest_index() -> None:
    # Cells of 10 m from (0, 0); the point is in cell (10, 10). Node 1 is in the next ring and
    # node 0 in the one after, both exactly 17.5 m away (10.5² + 14² = 17.5²): not within one
    # cell, so the search goes on to the second ring and must prefer node 0 there.
    xy = np.array([[122.5, 105.0], [115.5, 119.0], [0.0, 0.0]])
    grid = SnapGrid.build(xy, cell=10.0)
    assert grid.nearest(np.array([[105.0, 105.0]])).tolist() == [0]
    assert grid.nearest(np.array([[105.0, 105.0]]) + 0.01).tolist() == [1]
    # A tie exactly at the bound: node 1 in the first ring and node 0 in the second, both
    # 15 m away, which is the point's 1.5 cells to the far side of the first ring.
    xy = np.array([[120.0, 105.0], [114.0, 117.0], [0.0, 0.0]])
    assert SnapGrid.build(xy, cell=10.0).nearest(np.array([[105.0, 105.0]])).tolist() == [0]


def test_far_points_are_answered_by_a_tree_built_once(monkeypatch: pytest.MonkeyPatch) -> None:
    xy = _nodes("spread", np.random.default_rng(3))
    grid = SnapGrid.build(xy)
    built: list[int] = []
    real = snapping.cKDTree

    def counting(data, **kwargs):  # type: ignore[no-untyped-def]
        built.append(len(data))
        return real(data, **kwargs)

    monkeypatch.setattr(snapping, "cKDTree", counting)
    near = xy[:100] + 1.0
    grid.nearest(near)
    assert built == []  # near points never need it
    far = np.array([[-1e5, -1e5], [1e5, 2e5]])
    for _ in range(2):
        assert np.array_equal(grid.nearest(far), cKDTree(xy).query(far)[1])
    assert built == [len(xy)]


def test_each_node_lies_in_its_cell_and_cells_hold_a_few_nodes() -> None:
    xy = _nodes("streets", np.random.default_rng(8))
    grid = SnapGrid.build(xy)
    grid.check()
    placed = xy[grid.order]
    # The query's own arithmetic: a point at a node's coordinates is in the node's cell.
    column = np.floor((placed[:, 0] - grid.x0) / grid.cell).astype(np.int64)
    row = np.floor((placed[:, 1] - grid.y0) / grid.cell).astype(np.int64)
    assert column.min() >= 0 and column.max() < grid.columns
    assert row.min() >= 0 and row.max() < grid.rows
    assert np.array_equal(row * grid.columns + column, np.repeat(grid.keys, np.diff(grid.starts)))
    # Within each cell the nodes keep their order (so ties are broken by index).
    cells = np.repeat(np.arange(len(grid.keys)), np.diff(grid.starts))
    assert np.all((np.diff(grid.order) > 0) | (np.diff(cells) > 0))
    # The cell is sized for about NODES_PER_CELL nodes in an occupied cell.
    assert 1.0 < len(xy) / len(grid.keys) < 2 * snapping.NODES_PER_CELL


def test_a_node_on_a_cell_border_is_where_the_query_looks_for_it() -> None:
    # 1.0 / 0.1 rounds to 10.0 while 1.0 // 0.1 is 9.0: the grid must use the query's division.
    xy = np.array([[0.0, 0.0], [1.0, 0.0], [0.55, 0.0]])
    grid = SnapGrid.build(xy, cell=0.1)
    assert grid.columns == 11
    assert grid.keys[-1] == 10  # row 0, column 10: the node at 1.0
    assert grid.nearest(np.array([[1.0, 0.0], [0.0, 0.0]])).tolist() == [1, 0]


def _damaged(grid: SnapGrid, change: str) -> SnapGrid:
    keys, starts, order = grid.keys.copy(), grid.starts.copy(), grid.order.copy()
    if change == "node twice":
        order[1] = order[0]
    elif change == "node out of range":
        order[0] = len(order)
    elif change == "starts not increasing":
        starts[2] = starts[1]
    elif change == "cells out of order":
        keys[[0, 1]] = keys[[1, 0]]
    elif change == "cell off the grid":
        keys[-1] = grid.columns * grid.rows
    elif change == "one node short":
        order = order[:-1]
    elif change == "no cell size":
        return replace(grid, cell=0.0)
    return replace(grid, keys=keys, starts=starts, order=order)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ("node twice", "every node once"),
        ("node out of range", "every node once"),
        ("starts not increasing", "starts are not increasing"),
        ("cells out of order", "not in order"),
        ("cell off the grid", "not in order"),
        ("one node short", "do not match the network's nodes"),
        ("no cell size", "must be positive"),
    ],
)
def test_a_damaged_grid_is_refused(change: str, message: str) -> None:
    xy = _nodes("spread", np.random.default_rng(5))
    grid = SnapGrid.build(xy)
    grid.on(xy)  # sound as built
    with pytest.raises(ValueError, match=message):
        _damaged(grid, change).on(xy)


def test_an_index_needs_nodes_and_a_positive_cell() -> None:
    with pytest.raises(ValueError, match="at least one node"):
        SnapGrid.build(np.empty((0, 2)))
    for cell in (0.0, -5.0, float("nan")):
        with pytest.raises(ValueError, match="positive number of metres"):
            SnapGrid.build(np.zeros((3, 2)), cell=cell)


@pytest.mark.skipif(not MONACO.is_file(), reason="the real OSM extracts are absent")
def test_on_a_real_network_the_snap_is_the_k_d_trees() -> None:
    model = NetworkModel(build_network(MONACO, "walk"))
    xy = model._xy
    rng = np.random.default_rng(19)
    points = np.vstack(
        (
            xy[rng.integers(len(xy), size=3_000)] + rng.normal(0, 40, (3_000, 2)),
            rng.uniform(xy.min(axis=0) - 1_000, xy.max(axis=0) + 1_000, (1_000, 2)),
        )
    )
    tree_metres, tree_node = cKDTree(xy).query(points)
    node = model.snap_grid.nearest(points)
    metres = np.hypot(*(xy[node] - points).T)
    assert np.allclose(metres, tree_metres, rtol=0, atol=1e-9)
    differ = node != tree_node  # only where two nodes are equally near
    assert np.array_equal(metres[differ], np.hypot(*(xy[tree_node[differ]] - points[differ]).T))


def test_long_arrays_of_distances_are_taken_in_blocks_with_the_same_result() -> None:
    from adilkent.access import model

    rng = np.random.default_rng(4)
    n = 2 * model.HAVERSINE_BLOCK + 17
    lon1, lon2 = rng.uniform(-180, 180, (2, n))
    lat1, lat2 = rng.uniform(-89, 89, (2, n))
    # The formula applied to all at once, written out here.
    x1, y1, x2, y2 = np.radians(lon1), np.radians(lat1), np.radians(lon2), np.radians(lat2)
    a = np.sin((y2 - y1) / 2) ** 2 + np.cos(y1) * np.cos(y2) * np.sin((x2 - x1) / 2) ** 2
    whole = 2 * model.EARTH_RADIUS_M * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))
    assert np.array_equal(model.haversine_m(lon1, lat1, lon2, lat2), whole)
    # Broadcasting is kept: one point against many.
    one = model.haversine_m(lon1[0], lat1[0], lon2, lat2)
    assert one.shape == (n,)
    assert np.array_equal(
        one[:5], model.haversine_m(np.full(5, lon1[0]), np.full(5, lat1[0]), lon2[:5], lat2[:5])
    )
