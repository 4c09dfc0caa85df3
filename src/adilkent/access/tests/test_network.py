"""The OSM street-network model, checked on hand-built files and on real OSM extracts.

The oracle for network distances is a plain heap-based Dijkstra written here, run on the
segments read from the file (not on the CSR graph the model builds), so that graph building,
parallel edges, directions and component handling are all under test.
"""

from __future__ import annotations

import heapq
import itertools
import math
from collections import defaultdict
from pathlib import Path

import numpy as np
import pytest

from adilkent.access.model import EARTH_RADIUS_M, Points
from adilkent.access.network import FarFromNetworkError, NetworkModel, build_network
from adilkent.access.osm import OsmReadError, read_osm
from adilkent.access.profiles import incline_percent, maxspeed_kmh
from adilkent.paths import data_dir

OSM_DIR = data_dir() / "osm"
MONACO = OSM_DIR / "monaco.osm.pbf"
LIECHTENSTEIN = OSM_DIR / "liechtenstein-latest.osm.pbf"

# One degree of latitude in metres on the sphere the model uses (haversine along a meridian).
DEG_M = EARTH_RADIUS_M * math.pi / 180


def _osm_xml(
    nodes: dict[int, tuple[float, float, dict[str, str]]],
    ways: list[tuple[int, list[int], dict[str, str]]],
) -> str:
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<osm version="0.6" generator="test">']
    for nid, (lon, lat, tags) in nodes.items():
        inner = "".join(f'<tag k="{k}" v="{v}"/>' for k, v in tags.items())
        lines.append(f'<node id="{nid}" version="1" lat="{lat}" lon="{lon}">{inner}</node>')
    for wid, refs, tags in ways:
        inner = "".join(f'<nd ref="{r}"/>' for r in refs) + "".join(
            f'<tag k="{k}" v="{v}"/>' for k, v in tags.items()
        )
        lines.append(f'<way id="{wid}" version="1">{inner}</way>')
    lines.append("</osm>")
    return "\n".join(lines)


@pytest.fixture
def tiny_osm(tmp_path: Path) -> Path:
    """A street along a meridian, 1..5 every 0.001° (111.2 m), with a few traps.

    - 1–2–3 residential street; 3–4 steps; 4–5 residential;
    - 3–5 footway with a raised kerb at node 6 in its middle (3–6–5), 0.002° + a detour;
    - 1–3 a one-way primary, drawn 1→7→3 with 7 off to the east;
    - 10–11 a separate street far away (a disconnected component).
    """
    nodes = {
        1: (27.0, 38.000, {}),
        2: (27.0, 38.001, {}),
        3: (27.0, 38.002, {}),
        4: (27.0, 38.003, {}),
        5: (27.0, 38.004, {}),
        6: (27.001, 38.003, {"kerb": "raised"}),
        7: (27.0005, 38.001, {}),
        10: (27.1, 38.0, {}),
        11: (27.1, 38.001, {}),
    }
    ways = [
        (100, [1, 2, 3], {"highway": "residential"}),
        (101, [3, 4], {"highway": "steps"}),
        (102, [4, 5], {"highway": "residential"}),
        (103, [3, 6, 5], {"highway": "footway"}),
        (104, [1, 7, 3], {"highway": "primary", "oneway": "yes", "maxspeed": "36"}),
        (105, [10, 11], {"highway": "residential"}),
        (106, [1, 2], {"highway": "motorway"}),
    ]
    path = tmp_path / "tiny.osm"
    path.write_text(_osm_xml(nodes, ways), encoding="utf-8")
    return path


def _at_nodes(network, osm_ids: list[int]) -> Points:
    index = np.searchsorted(network.osm_ids, osm_ids)
    assert np.array_equal(network.osm_ids[index], osm_ids)
    return Points(ids=np.asarray(osm_ids), lon=network.lon[index], lat=network.lat[index])


def test_tiny_walk_network_distances_are_the_street_lengths(tiny_osm: Path) -> None:
    network = build_network(tiny_osm, "walk", speed_kmh=6.0)  # 100 m per minute
    # 10–11 is a separate component: dropped and counted.
    assert network.dropped_components == 1 and network.dropped_nodes == 2
    assert set(network.osm_ids) == {1, 2, 3, 4, 5, 6, 7}
    model = NetworkModel(network, max_snap_m=1.0)
    points = _at_nodes(network, [1, 5])
    table = model.cost_table(points, points, max_minutes=60)
    csr = table.to_csr().toarray()
    # 1→5 straight up the meridian: 0.004° at 100 m/min, steps included for walking.
    assert csr[0, 1] == pytest.approx(0.004 * DEG_M / 100, rel=1e-9)
    assert csr[1, 0] == pytest.approx(0.004 * DEG_M / 100, rel=1e-9)
    assert len(table.minutes) == 4  # zero-cost self pairs are stored


def test_snap_legs_are_walked_both_ends(tiny_osm: Path) -> None:
    network = build_network(tiny_osm, "walk", speed_kmh=6.0)
    model = NetworkModel(network, max_snap_m=80, snap_speed_kmh=3.0)  # 50 m per minute
    # A home 50 m east of node 1 and a clinic 20 m west of node 5.
    east = 50 / (DEG_M * math.cos(math.radians(38.0)))
    west = 20 / (DEG_M * math.cos(math.radians(38.004)))
    home = Points(ids=np.array(["home"]), lon=np.array([27.0 + east]), lat=np.array([38.0]))
    clinic = Points(ids=np.array(["clinic"]), lon=np.array([27.0 - west]), lat=np.array([38.004]))
    expected = 50 / 50 + 0.004 * DEG_M / 100 + 20 / 50
    minutes, which = model.nearest(home, clinic)
    assert which[0] == 0
    assert minutes[0] == pytest.approx(expected, abs=1e-4)
    table = model.cost_table(home, clinic, max_minutes=expected + 0.01)
    assert table.minutes == pytest.approx([expected], abs=1e-4)
    assert len(model.cost_table(home, clinic, max_minutes=expected - 0.01).minutes) == 0
    assert model.snap(home).metres == pytest.approx([50], abs=0.01)


def test_step_free_avoids_steps_and_raised_kerbs(tiny_osm: Path) -> None:
    network = build_network(tiny_osm, "step_free", speed_kmh=6.0)
    # Steps 3–4 and the kerb node 6 are gone; 4–5 still joins 5, so 3 cannot reach 5 at all:
    # the largest component is 1, 2, 3, 7 and {4, 5} is dropped.
    assert set(network.osm_ids) == {1, 2, 3, 7}
    assert network.dropped_components == 2  # {4, 5} and {10, 11}
    with pytest.raises(FarFromNetworkError, match="disconnected part"):
        NetworkModel(network, max_snap_m=50).snap(
            Points(ids=np.array(["clinic"]), lon=np.array([27.0]), lat=np.array([38.004])),
            "destinations",
        )


def test_drive_respects_one_way_and_speed(tiny_osm: Path) -> None:
    network = build_network(tiny_osm, "drive")
    model = NetworkModel(network, max_snap_m=1.0)
    points = _at_nodes(network, [1, 3])
    table = model.cost_table(points, points, max_minutes=60).to_csr().toarray()
    # 1→3: the residential street (0.002° at 30 km/h), the one-way primary via 7 (two legs of
    # hypot(0.0005° lon, 0.001° lat) at 36 km/h = 10 m/s), or the one-way motorway 1→2 at its
    # default 100 km/h then the street 2→3, the fastest; 3→1 only the street.
    street_s = 0.002 * DEG_M / (30 / 3.6)
    lon_m = 0.0005 * DEG_M * math.cos(math.radians(38.0005))
    primary_s = 2 * math.hypot(lon_m, 0.001 * DEG_M) / 10
    motorway_s = 0.001 * DEG_M / (100 / 3.6) + street_s / 2
    assert motorway_s < primary_s < street_s
    assert table[0, 1] * 60 == pytest.approx(motorway_s, rel=1e-9)
    assert table[1, 0] * 60 == pytest.approx(street_s, rel=1e-9)
    assert table[1, 0] > table[0, 1]


def test_motorways_are_not_for_walking(tiny_osm: Path) -> None:
    def count(profile: str) -> dict[tuple[int, int], int]:
        segments = read_osm(tiny_osm).segments(profile)
        found: dict[tuple[int, int], int] = defaultdict(int)
        for pair in zip(segments.source.tolist(), segments.target.tolist(), strict=True):
            found[pair] += 1
        return found

    walk, drive = count("walk"), count("drive")
    assert walk[(1, 2)] == 1 and walk[(2, 1)] == 1  # the residential street only
    assert drive[(1, 2)] == 2 and drive[(2, 1)] == 1  # plus the one-way motorway
    assert walk[(1, 7)] == 1 and walk[(7, 1)] == 1  # a one-way primary is two-way on foot
    assert drive[(1, 7)] == 1 and drive[(7, 1)] == 0


def test_far_point_is_a_clear_error(tiny_osm: Path) -> None:
    model = NetworkModel(build_network(tiny_osm, "walk"), max_snap_m=200)
    sea = Points(ids=np.array(["ship"]), lon=np.array([26.9]), lat=np.array([38.0]))
    with pytest.raises(
        FarFromNetworkError, match=r"1 destinations farther than 200 m .*ship: 8,7\d\d m"
    ):
        model.nearest(_at_nodes(model.network, [1]), sea)


def test_bad_files_and_profiles(tmp_path: Path, tiny_osm: Path) -> None:
    with pytest.raises(FileNotFoundError, match="no OpenStreetMap file"):
        read_osm(tmp_path / "missing.osm.pbf")
    junk = tmp_path / "junk.osm.pbf"
    junk.write_bytes(b"this is not OpenStreetMap data")
    with pytest.raises(OsmReadError, match=r"junk\.osm\.pbf"):
        read_osm(junk)
    with pytest.raises(ValueError, match="unknown profile 'bike'"):
        build_network(tiny_osm, "bike")


def test_tag_readers() -> None:
    assert incline_percent("10%") == 10
    assert incline_percent("-6 %") == 6
    assert incline_percent("45°") == pytest.approx(100)
    assert incline_percent("up") is None
    assert maxspeed_kmh("50") == 50
    assert maxspeed_kmh("30 mph") == pytest.approx(48.28032)
    assert maxspeed_kmh("PT:urban") is None


# --- real extracts -------------------------------------------------------------------------


def _oracle_graph(osm_path: Path, profile: str) -> dict[int, list[tuple[int, float]]]:
    """Adjacency (OSM id → [(OSM id, seconds)]) straight from the file's segments."""
    segments = read_osm(osm_path).segments(profile)
    adjacency: dict[int, list[tuple[int, float]]] = defaultdict(list)
    for s, t, w in zip(
        segments.source.tolist(), segments.target.tolist(), segments.seconds.tolist(), strict=True
    ):
        adjacency[s].append((t, w))
    return adjacency


def _dijkstra(
    adjacency: dict[int, list[tuple[int, float]]], source: int, limit: float = math.inf
) -> dict[int, float]:
    best = {source: 0.0}
    heap = [(0.0, source)]
    while heap:
        d, node = heapq.heappop(heap)
        if d > best[node]:
            continue
        for nxt, w in adjacency.get(node, ()):
            nd = d + w
            if nd <= limit and nd < best.get(nxt, math.inf):
                best[nxt] = nd
                heapq.heappush(heap, (nd, nxt))
    return best


@pytest.mark.parametrize(
    ("path", "profile"),
    [
        (MONACO, "walk"),
        (MONACO, "drive"),
        pytest.param(LIECHTENSTEIN, "walk", marks=pytest.mark.slow),
    ],
)
def test_real_extract_nearest_and_cost_table_match_dijkstra(path: Path, profile: str) -> None:
    network = build_network(path, profile)
    model = NetworkModel(network, max_snap_m=1.0)
    rng = np.random.default_rng(7)
    facility_ids = rng.choice(network.osm_ids, 12, replace=False).tolist()
    origin_ids = rng.choice(network.osm_ids, 5, replace=False).tolist()
    facilities = _at_nodes(network, facility_ids)
    origins = _at_nodes(network, origin_ids)
    adjacency = _oracle_graph(path, profile)
    expected = np.array(
        [[_dijkstra(adjacency, o).get(f, math.inf) / 60 for f in facility_ids] for o in origin_ids]
    )
    assert np.isfinite(expected).all()  # the largest component is strongly connected

    minutes, which = model.nearest(origins, facilities)
    np.testing.assert_allclose(minutes, expected.min(axis=1), rtol=1e-9)
    np.testing.assert_allclose(
        expected[np.arange(len(origin_ids)), which], expected.min(axis=1), rtol=1e-9
    )

    for limit in (float(np.median(expected)), math.inf):
        table = model.cost_table(origins, facilities, max_minutes=limit)
        got = {
            (int(o), int(d)): m
            for o, d, m in zip(table.origin, table.destination, table.minutes, strict=True)
        }
        want = {
            (o, d): expected[o, d]
            for o in range(len(origin_ids))
            for d in range(len(facility_ids))
            if expected[o, d] <= limit
        }
        assert len(want) > 0
        assert got.keys() == want.keys()
        for key, value in want.items():
            assert got[key] == pytest.approx(value, rel=1e-9)


def test_short_catchments_search_small_balls_exactly() -> None:
    """Every node as an origin, a 4-minute walk: the searches run on small subgraphs."""
    network = build_network(MONACO, "walk")
    model = NetworkModel(network, max_snap_m=1.0)
    facility_ids = np.random.default_rng(5).choice(network.osm_ids, 20, replace=False).tolist()
    everyone = Points(ids=network.osm_ids, lon=network.lon, lat=network.lat)
    limit = 4.0
    table = model.cost_table(everyone, _at_nodes(network, facility_ids), max_minutes=limit)
    got = {
        (int(network.osm_ids[o]), int(d)): m
        for o, d, m in zip(table.origin, table.destination, table.minutes, strict=True)
    }
    adjacency = _oracle_graph(MONACO, "walk")  # walking: the same both ways
    want = {}
    for d, facility in enumerate(facility_ids):
        for node, seconds in _dijkstra(adjacency, facility, limit * 60).items():
            want[(node, d)] = seconds / 60
    assert len(want) > 1000
    assert got.keys() == want.keys()
    for key, value in want.items():
        assert got[key] == pytest.approx(value, rel=1e-9, abs=1e-12)


def test_snap_legs_are_added_and_shared_nodes_expand(tmp_path: Path) -> None:
    network = build_network(MONACO, "walk")
    model = NetworkModel(network, max_snap_m=300)
    base = _at_nodes(network, network.osm_ids[[100, 5000]].tolist())
    # Two origins a few metres north of the same node and one on it; two facilities on one node.
    dlat = 5 / DEG_M
    origins = Points(
        ids=np.array(["on", "north5", "north5b"]),
        lon=np.repeat(base.lon[0], 3),
        lat=base.lat[0] + np.array([0.0, dlat, dlat]),
    )
    facilities = Points(
        ids=np.array(["a", "b"]), lon=np.repeat(base.lon[1], 2), lat=np.repeat(base.lat[1], 2)
    )
    snap = model.snap(origins)
    assert snap.metres[1] == pytest.approx(5, abs=0.01) or snap.node[1] != snap.node[0]
    table = model.cost_table(origins, facilities, max_minutes=1e6)
    assert len(table.minutes) == 6
    on_node = table.to_csr().toarray()
    np.testing.assert_allclose(on_node[1], on_node[2])
    np.testing.assert_allclose(on_node[:, 0], on_node[:, 1])
    if snap.node[1] == snap.node[0]:
        assert on_node[1, 0] - on_node[0, 0] == pytest.approx(snap.minutes[1], rel=1e-9)


def test_step_free_drops_every_real_staircase() -> None:
    streets = read_osm(MONACO)
    steps = [
        (streets.refs[streets.offsets[i] : streets.offsets[i + 1]], tags)
        for i, tags in enumerate(streets.tags)
        if tags.get("highway") == "steps"
    ]
    assert len(steps) > 50  # Monaco is a city of stairs
    stair_pairs = {
        (int(a), int(b))
        for refs, tags in steps
        if tags.get("ramp:wheelchair") != "yes"
        for a, b in itertools.pairwise(refs)
    }

    def edge_pairs(profile: str) -> set[tuple[int, int]]:
        network = build_network(streets, profile)
        coo = network.graph.tocoo()
        return set(
            zip(network.osm_ids[coo.row].tolist(), network.osm_ids[coo.col].tolist(), strict=True)
        )

    walk, step_free = edge_pairs("walk"), edge_pairs("step_free")
    assert len(walk & stair_pairs) > 100
    # A stair segment may only survive if some other step-free way joins the same two nodes.
    survivors = step_free & stair_pairs
    other = {
        (int(a), int(b))
        for i, tags in enumerate(streets.tags)
        if tags.get("highway") != "steps"
        for a, b in zip(
            streets.refs[streets.offsets[i] : streets.offsets[i + 1] - 1],
            streets.refs[streets.offsets[i] + 1 : streets.offsets[i + 1]],
            strict=True,
        )
    }
    assert all(p in other or p[::-1] in other for p in survivors)
    # And stepping around stairs costs time: step-free walks are never shorter, some longer.
    walk_model = NetworkModel(build_network(streets, "walk"), max_snap_m=1.0)
    free_network = build_network(streets, "step_free")
    free_model = NetworkModel(free_network, max_snap_m=1.0)
    rng = np.random.default_rng(3)
    ids = rng.choice(
        np.intersect1d(free_network.osm_ids, walk_model.network.osm_ids), 30, replace=False
    ).tolist()
    a, b = _at_nodes(walk_model.network, ids), _at_nodes(free_network, ids)
    walk_minutes = walk_model.cost_table(a, a, 1e6).to_csr().toarray()
    free_minutes = free_model.cost_table(b, b, 1e6).to_csr().toarray()
    assert (free_minutes >= walk_minutes - 1e-9).all()
    assert (free_minutes > walk_minutes + 0.5).any()


def test_real_extract_matches_networkx() -> None:
    nx = pytest.importorskip(
        "networkx", reason="networkx is in the bench group: uv run --group bench pytest …"
    )
    network = build_network(LIECHTENSTEIN, "drive")
    segments = read_osm(LIECHTENSTEIN).segments("drive")
    graph = nx.DiGraph()
    for s, t, w in zip(
        segments.source.tolist(), segments.target.tolist(), segments.seconds.tolist(), strict=True
    ):
        if not graph.has_edge(s, t) or graph[s][t]["weight"] > w:
            graph.add_edge(s, t, weight=w)
    model = NetworkModel(network, max_snap_m=1.0)
    rng = np.random.default_rng(11)
    sources = rng.choice(network.osm_ids, 5, replace=False).tolist()
    targets = rng.choice(network.osm_ids, 200, replace=False).tolist()
    table = (
        model.cost_table(_at_nodes(network, sources), _at_nodes(network, targets), 1e6)
        .to_csr()
        .toarray()
    )
    for i, source in enumerate(sources):
        lengths = nx.single_source_dijkstra_path_length(graph, source, weight="weight")
        np.testing.assert_allclose(table[i], [lengths[t] / 60 for t in targets], rtol=1e-9)
