"""The bounded cost table's grid index and box-sized batches give exactly the full-graph answer.

The oracle is SciPy's bounded Dijkstra on the whole, uncontracted graph (reversed, from each
destination), with no boxes, no batches and no chains. Points are placed on nodes that have a
location of their own, so their snap legs are zero and every pair's time is the network time.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import pytest
from scipy import sparse
from scipy.sparse.csgraph import dijkstra

from adilkent.access import bounded as bounded_module
from adilkent.access import network as network_module
from adilkent.access.bounded import Grid
from adilkent.access.model import EARTH_RADIUS_M, Points, haversine_m
from adilkent.access.network import NetworkModel, StreetNetwork, build_network
from adilkent.paths import data_dir

OSM_DIR = data_dir() / "osm"
MONACO = OSM_DIR / "monaco.osm.pbf"
LIECHTENSTEIN = OSM_DIR / "liechtenstein-latest.osm.pbf"


def _own_location_nodes(network: StreetNetwork) -> npt.NDArray[np.int64]:
    """Nodes no other node shares a location with (a point there snaps to that node only)."""
    _, first, counts = np.unique(
        np.column_stack((network.lon, network.lat)), axis=0, return_index=True, return_counts=True
    )
    return np.sort(first[counts == 1])


def _refuse(*args: object, **kwargs: object) -> None:
    raise AssertionError("this path should not be taken")


def _counted(model: NetworkModel, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Count the calls of the model's reversed graph (the search without contraction)."""
    calls: list[int] = []
    real = model._reverse

    def counting() -> sparse.csr_matrix:
        calls.append(1)
        return real()

    monkeypatch.setattr(model, "_reverse", counting)
    return calls


def _at(network: StreetNetwork, nodes: npt.NDArray[np.int64]) -> Points:
    return Points(ids=nodes, lon=network.lon[nodes], lat=network.lat[nodes])


def _oracle(
    network: StreetNetwork,
    origins: npt.NDArray[np.int64],
    destinations: npt.NDArray[np.int64],
    max_minutes: float,
) -> dict[tuple[int, int], float]:
    """(origin position, destination position) → minutes, for every pair within the limit."""
    seconds = dijkstra(
        network.graph.T.tocsr(), directed=True, indices=destinations, limit=max_minutes * 60
    )
    block = seconds[:, origins]
    d, o = np.nonzero(block <= max_minutes * 60)
    return {
        (int(i), int(j)): float(block[j, i]) / 60
        for i, j in zip(o.tolist(), d.tolist(), strict=True)
    }


def _check(
    model: NetworkModel,
    origins: npt.NDArray[np.int64],
    destinations: npt.NDArray[np.int64],
    max_minutes: float,
) -> int:
    """Compare the model's table with the oracle's: the same pairs, the same minutes."""
    network = model.network
    table = model.cost_table(_at(network, origins), _at(network, destinations), max_minutes)
    got = {
        (int(o), int(d)): float(m)
        for o, d, m in zip(table.origin, table.destination, table.minutes, strict=True)
    }
    want = _oracle(network, origins, destinations, max_minutes)
    assert got.keys() == want.keys()
    keys = sorted(want)
    np.testing.assert_allclose(
        [got[k] for k in keys], [want[k] for k in keys], rtol=1e-12, atol=1e-9
    )
    return len(want)


def _tiled(network: StreetNetwork, columns: int, rows: int) -> StreetNetwork:
    """Copies of ``network`` side by side, 200 m apart, joined by a walking edge per border.

    The join runs from the copy's easternmost (northernmost) node to the nearest node of the
    next copy east (north), both ways, at 4.8 km/h over its straight length; the top
    speed is taken again from the shifted coordinates.
    """
    lon, lat, n = network.lon, network.lat, network.n_nodes
    gap = np.degrees(200 / EARTH_RADIUS_M)
    step_lon = np.ptp(lon) + gap / np.cos(np.radians(lat.max() + rows * np.ptp(lat) + gap))
    step_lat = np.ptp(lat) + gap
    copies = [(c, r) for r in range(rows) for c in range(columns)]
    all_lon = np.concatenate([lon + c * step_lon for c, _ in copies])
    all_lat = np.concatenate([lat + r * step_lat for _, r in copies])
    coo = network.graph.tocoo()
    u = [coo.row + k * n for k in range(len(copies))]
    v = [coo.col + k * n for k in range(len(copies))]
    w = [coo.data] * len(copies)
    for k, (c, r) in enumerate(copies):
        for nxt, far in ((k + 1, lon), (k + columns, lat)):
            if (nxt == k + 1 and c + 1 == columns) or (nxt == k + columns and r + 1 == rows):
                continue
            a = int(np.argmax(far)) + k * n
            shifted = slice(nxt * n, (nxt + 1) * n)
            gap_m = haversine_m(all_lon[a], all_lat[a], all_lon[shifted], all_lat[shifted])
            b = int(np.argmin(gap_m)) + nxt * n
            seconds = haversine_m(all_lon[a], all_lat[a], all_lon[b], all_lat[b]) / (4800 / 3600)
            u.append(np.array([a, b]))
            v.append(np.array([b, a]))
            w.append(np.array([seconds, seconds]))
    rows_, cols_, weights = np.concatenate(u), np.concatenate(v), np.concatenate(w)
    graph = sparse.csr_matrix((weights, (rows_, cols_)), shape=(len(all_lon), len(all_lon)))
    metres = haversine_m(all_lon[rows_], all_lat[rows_], all_lon[cols_], all_lat[cols_])
    return StreetNetwork(
        graph=graph,
        osm_ids=np.concatenate([network.osm_ids + k * 10**12 for k in range(len(copies))]),
        lon=all_lon,
        lat=all_lat,
        profile=network.profile,
        source="tiled",
        speed_kmh=network.speed_kmh,
        dropped_components=0,
        dropped_lon=np.empty(0),
        dropped_lat=np.empty(0),
        max_speed_mps=float(np.max(metres / np.maximum(weights, 1e-12))),
    )


@pytest.fixture(scope="module")
def monaco_walk() -> NetworkModel:
    return NetworkModel(build_network(MONACO, "walk"), max_snap_m=1.0)


def test_grid_box_holds_exactly_the_nodes_a_scan_finds() -> None:
    rng = np.random.default_rng(3)
    # Points on a coarse lattice, so that many lie exactly on box edges and cell borders.
    xy = rng.integers(0, 400, (5000, 2)).astype(float) * 2.5
    grid = Grid(xy, cell_m=40.0)
    for _ in range(200):
        low = rng.integers(-20, 400, 2).astype(float) * 2.5
        high = low + rng.integers(0, 120, 2).astype(float) * 2.5
        x, y = xy[:, 0], xy[:, 1]
        scan = np.flatnonzero((x >= low[0]) & (x <= high[0]) & (y >= low[1]) & (y <= high[1]))
        np.testing.assert_array_equal(grid.inside(low, high), scan)
        assert grid.upper_count(low, high) >= len(scan)
    # A box outside the nodes holds none.
    assert len(grid.inside(np.array([-100.0, -100.0]), np.array([-50.0, -50.0]))) == 0


@pytest.mark.parametrize("full", [True, False])
def test_monaco_every_node_within_fifteen_minutes(
    monaco_walk: NetworkModel, full: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The all-node measure's table: every node as an origin, searched on the reversed graph
    itself (as it is, with that many table nodes) or on the contracted one."""
    if not full:
        monkeypatch.setattr(network_module, "FULL_GRAPH_SHARE", 2.0)
        monkeypatch.setattr(monaco_walk, "_reverse", _refuse)
    else:
        reversed_graph = _counted(monaco_walk, monkeypatch)
    network = monaco_walk.network
    facilities = np.random.default_rng(11).choice(_own_location_nodes(network), 30, replace=False)
    everyone = _own_location_nodes(network)
    assert _check(monaco_walk, everyone, facilities, 15.0) > 20 * len(facilities)
    if full:
        assert reversed_graph == [1]


@pytest.mark.parametrize(("contract", "full"), [(False, False), (True, False), (False, True)])
@pytest.mark.parametrize("max_minutes", [0.0, 2.0, 30.0, 1e6])
def test_monaco_limits_from_none_to_unbounded(
    monaco_walk: NetworkModel,
    max_minutes: float,
    contract: bool,
    full: bool,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # With ``contract``, the whole-graph searches run on the core with its junctions
    # contracted, which only pays for more facilities than Monaco's test has. With ``full``,
    # on the reversed graph itself, as for a table that holds nearly every node.
    monkeypatch.setattr(bounded_module, "CONTRACT_MIN_SOURCES", 0 if contract else 10**9)
    reversed_graph = _counted(monaco_walk, monkeypatch)
    if full:
        monkeypatch.setattr(network_module, "FULL_GRAPH_SHARE", 0.0)
    nodes = _own_location_nodes(monaco_walk.network)
    rng = np.random.default_rng(int(max_minutes) % 97)
    origins = rng.choice(nodes, 400, replace=False)
    facilities = rng.choice(nodes, 25, replace=False)
    found = _check(monaco_walk, origins, facilities, max_minutes)
    assert reversed_graph == ([1] if full else [])
    if max_minutes == 1e6:
        assert found == len(origins) * len(facilities)  # one strongly connected component
    # Several points at one node: every origin there × every destination there.
    shared_origins = np.concatenate((origins, origins[:40], origins[:5]))
    shared_facilities = np.concatenate((facilities, facilities[:3]))
    assert _check(monaco_walk, shared_origins, shared_facilities, max_minutes) >= found


def test_tiny_batches_give_the_same_table(
    monaco_walk: NetworkModel, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A byte budget that halves every batch down to one search changes nothing."""
    nodes = _own_location_nodes(monaco_walk.network)
    rng = np.random.default_rng(5)
    origins, facilities = (
        rng.choice(nodes, 500, replace=False),
        rng.choice(nodes, 40, replace=False),
    )
    monkeypatch.setattr(network_module, "CHUNK_BYTES", 8 * 64)
    assert _check(monaco_walk, origins, facilities, 10.0) > 0


def test_helper_processes_give_the_very_same_table(
    monaco_walk: NetworkModel, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Unbounded searches in two helper processes: the same pairs, in the same order, with
    the same minutes as in one process, and the helpers are gone afterwards."""
    nodes = _own_location_nodes(monaco_walk.network)
    rng = np.random.default_rng(23)
    origins, facilities = (
        rng.choice(nodes, 300, replace=False),
        rng.choice(nodes, 60, replace=False),
    )

    def at(chosen: npt.NDArray[np.int64]) -> Points:
        network = monaco_walk.network
        return Points(ids=chosen, lon=network.lon[chosen], lat=network.lat[chosen])

    one = monaco_walk.cost_table(at(origins), at(facilities), float("inf"))
    monkeypatch.setattr(bounded_module, "PARALLEL_MIN_WORK", 0)  # Monaco is too small to pay
    monkeypatch.setattr(network_module, "CHUNK_BYTES", 8 * 4 * monaco_walk.network.n_nodes)
    started: list[object] = []
    real_pool = bounded_module.ProcessPoolExecutor

    def pool(*args: object, **kwargs: object) -> object:
        started.append(real_pool(*args, **kwargs))  # type: ignore[arg-type]
        return started[-1]

    monkeypatch.setattr(bounded_module, "ProcessPoolExecutor", pool)
    folders: list[Path] = []
    real_folder = bounded_module.tempfile.TemporaryDirectory

    def folder(*args: Any, **kwargs: Any) -> Any:
        made = real_folder(*args, **kwargs)
        folders.append(Path(made.name))
        return made

    monkeypatch.setattr(bounded_module.tempfile, "TemporaryDirectory", folder)
    read: list[Path] = []
    real_read = bounded_module._read_batch

    def read_batch(written: Path) -> Any:
        read.append(written)
        return real_read(written)

    monkeypatch.setattr(bounded_module, "_read_batch", read_batch)
    two = monaco_walk.cost_table(at(origins), at(facilities), float("inf"), workers=2)
    assert len(started) == 1
    # The helper did some of the searches, and handed each back in a file, read and removed.
    assert read and all(p.parent == folders[0] and p.suffix == ".npy" for p in read)
    assert not any(p.exists() for p in read)
    # They read the core from a file, removed with the table.
    assert len(folders) == 1 and not folders[0].exists()
    assert len(one.minutes) == len(origins) * len(facilities)
    np.testing.assert_array_equal(two.origin, one.origin)
    np.testing.assert_array_equal(two.destination, one.destination)
    np.testing.assert_array_equal(two.minutes, one.minutes)
    with pytest.raises(RuntimeError):
        started[0].submit(int)  # type: ignore[attr-defined]  # shut down with the table
    with pytest.raises(ValueError, match="workers"):
        monaco_walk.cost_table(at(origins), at(facilities), 10.0, workers=0)
    # Started on the graph's size, the helper is shut down unused when the core turns out
    # too small to pay: the same table, searched here, and no file written.
    snapped = [monaco_walk.snap(at(chosen), "points").node for chosen in (origins, facilities)]
    searched = monaco_walk._chains.split(np.concatenate(snapped)).graph.shape[0]
    monkeypatch.setattr(bounded_module, "PARALLEL_MIN_WORK", len(facilities) * searched)
    three = monaco_walk.cost_table(at(origins), at(facilities), float("inf"), workers=2)
    assert len(started) == 2 and len(folders) == 1
    with pytest.raises(RuntimeError):
        started[1].submit(int)  # type: ignore[attr-defined]
    np.testing.assert_array_equal(three.minutes, one.minutes)


def test_monaco_drive_one_way_streets(monkeypatch: pytest.MonkeyPatch) -> None:
    model = NetworkModel(build_network(MONACO, "drive"), max_snap_m=1.0)
    nodes = _own_location_nodes(model.network)
    rng = np.random.default_rng(17)
    assert _check(model, rng.choice(nodes, 600, replace=False), rng.choice(nodes, 30), 3.0) > 0
    # Unbounded, on the core with its junctions contracted into one-way shortcuts.
    monkeypatch.setattr(bounded_module, "CONTRACT_MIN_SOURCES", 0)
    origins, facilities = rng.choice(nodes, 600, replace=False), rng.choice(nodes, 30)
    assert _check(model, origins, facilities, 1e6) > 0
    # Every node an origin: searched on the reversed graph itself, one-way streets and all.
    reversed_graph = _counted(model, monkeypatch)
    assert _check(model, nodes, rng.choice(nodes, 20), 4.0) > len(nodes)
    assert reversed_graph == [1]


def test_monaco_tiled_six_times_one_graph(monaco_walk: NetworkModel) -> None:
    """Six copies joined at their borders: searches cross into the neighbouring copies."""
    single = monaco_walk.network
    tiled = NetworkModel(_tiled(single, 3, 2), max_snap_m=1.0)
    n = single.n_nodes
    own = _own_location_nodes(single)
    rng = np.random.default_rng(23)
    base_origins = rng.choice(own, 2000, replace=False)
    # Facilities at both ends east–west, where the joins are, and some anywhere.
    ends = own[[np.argmin(single.lon[own]), np.argmax(single.lon[own])]]
    base_facilities = np.concatenate((ends, rng.choice(own, 10)))
    origins = np.concatenate([base_origins + k * n for k in range(6)])
    facilities = np.concatenate([base_facilities + k * n for k in range(6)])
    # Long enough to reach across a join from well inside a copy.
    table = tiled.cost_table(_at(tiled.network, origins), _at(tiled.network, facilities), 60.0)
    found = _check(tiled, origins, facilities, 60.0)
    # Each copy holds its own pairs (those of the single network); the joins add more.
    alone = _check(monaco_walk, base_origins, base_facilities, 60.0)
    crossing = origins[table.origin] // n != facilities[table.destination] // n
    assert found == 6 * alone + int(crossing.sum())
    assert crossing.sum() > 0


def test_liechtenstein_walk() -> None:
    model = NetworkModel(build_network(LIECHTENSTEIN, "walk"), max_snap_m=1.0)
    nodes = _own_location_nodes(model.network)
    rng = np.random.default_rng(29)
    assert _check(model, rng.choice(nodes, 3000, replace=False), rng.choice(nodes, 60), 20.0) > 0
