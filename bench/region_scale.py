"""Benchmark: the bounded cost table and the all-node measure on Porto and on Porto tiled 10×.

Issue 19, goal 1: on Porto tiled 10× both take at most 12× their Porto time, with peak memory
at most 10× Porto's.

Networks (built once into a work directory as saved networks, then loaded by each worker):

- ``porto``: the Porto walking network (``porto_portugal.osm.pbf``);
- ``tiled``: ten copies of it, 5 columns × 2 rows, shifted in longitude and latitude so that
  they do not overlap (a gap of about 300 m), and joined into one strongly connected graph:
  between neighbouring copies, in each of five bands along their shared border, a walking
  edge (both ways, at 4.8 km/h over its straight length) from the band's outermost node in
  one copy to the band's innermost node in the next. One graph is what a region is, and the searches near a
  border then cross into the next copy. The network's top speed is recomputed from the
  shifted coordinates (a shift in latitude changes an edge's straight length a little);
- ``helsinki``: ``Helsinki.osm.pbf``, run once, as the issue asks for the largest real extract.

Workloads (same random nodes each run, seed 2026; on ``tiled`` the same nodes in every copy,
so its work is ten copies of Porto's plus what crosses the joins):

- ``table``: bounded cost table, 10,000 origins × 1,000 facilities within 30 minutes
  (10× both on ``tiled``);
- ``allnode``: facilities within 1,500 m (18.75 minutes at 4.8 km/h) for every network node,
  1,000 facilities (10,000 on ``tiled``): the cost table from every node, then
  ``cumulative_opportunities``.

Each run is a fresh worker process (this file with ``--worker``): it loads the saved
network, then times the workload with ``time.perf_counter`` (wall) and ``time.process_time``
(CPU), and reads its peak resident memory (``VmHWM``, ``runs.peak_mb``) before and after. ``--code before``
runs :func:`cost_table_before`, the cost table as it was before the grid index (kept here as
the reference), ``--code after`` the current one; the parent checks that both give the same
pairs and the same minutes on Porto. Runs are interleaved (Porto, tiled, Porto, tiled, …) and
the load average is recorded around each.

    uv run --frozen python bench/region_scale.py --runs 5 --before-runs 1 --timeout 900 --out region-scale.json
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
from runs import peak_mb, publish, spread

DATA = (
    Path(os.environ.get("DATA_DIR", Path(__file__).resolve().parents[2] / "shared" / "data"))
    / "osm"
)
SEED = 2026
TABLE_MINUTES = 30.0
ALLNODE_MINUTES = 1500 / (4800 / 60)  # 1,500 m at 4.8 km/h
COLUMNS, ROWS = 5, 2
JOINS = 5
GAP_M = 300.0
WALK_MPS = 4800 / 3600


# --- the cost table before the grid index (reference) ---------------------------------------


def cost_table_before(model: Any, origins: Any, destinations: Any, max_minutes: float) -> Any:
    """The bounded cost table as ``NetworkModel.cost_table`` computed it before the grid index.

    Every batch's box scans all node coordinates, the batch size comes from the whole graph
    and the origins are looked up among all origin nodes.
    """
    from scipy.sparse.csgraph import dijkstra

    from adilkent.access.model import CostTable
    from adilkent.access.network import CHUNK_BYTES

    def ball(
        xy: npt.NDArray[np.float64], centres: npt.NDArray[np.float64], radius: float
    ) -> npt.NDArray[np.int64] | None:
        if not np.isfinite(radius):
            return None
        low, high = centres.min(axis=0) - radius, centres.max(axis=0) + radius
        x, y = xy[:, 0], xy[:, 1]
        inside = np.flatnonzero((x >= low[0]) & (x <= high[0]) & (y >= low[1]) & (y <= high[1]))
        return None if len(inside) > len(xy) // 2 else inside

    origin_snap = model.snap(origins, "origins")
    destination_snap = model.snap(destinations, "destinations")
    split = model.chains.split(np.concatenate((origin_snap.node, destination_snap.node)))
    origin_node, destination_node = np.split(split.index, [len(origins)])
    reverse, node_xy = split.graph, model._xy[split.original]
    n = reverse.shape[0]
    nodes, per_node = np.unique(destination_node, return_inverse=True)
    cheapest = np.full(len(nodes), np.inf)
    np.minimum.at(cheapest, per_node, destination_snap.minutes)
    origin_order = np.argsort(origin_node, kind="stable")
    origin_nodes_sorted = origin_node[origin_order]
    unique_origin_nodes = np.unique(origin_nodes_sorted)
    batch_size = int(np.clip(CHUNK_BYTES // (8 * n), 1, 256))
    reach_node, reach_dest_node, reach_minutes = [], [], []
    budgets = (max_minutes - cheapest) * 60.0
    xy = node_xy[nodes]
    cell = np.floor(xy / max(model._reach_m(max_minutes * 60.0), 1.0))
    order = np.lexsort((cell[:, 1], cell[:, 0]))
    order = order[budgets[order] >= 0]
    for start in range(0, len(order), batch_size):
        batch = order[start : start + batch_size]
        budget = float(budgets[batch].max())
        box = ball(node_xy, xy[batch], model._reach_m(budget))
        if box is None:
            graph, sources, local_origins = reverse, nodes[batch], unique_origin_nodes
            origin_nodes = unique_origin_nodes
        else:
            graph = reverse[box][:, box]
            sources = np.searchsorted(box, nodes[batch])
            position = np.minimum(np.searchsorted(box, unique_origin_nodes), len(box) - 1)
            inside = box[position] == unique_origin_nodes
            local_origins, origin_nodes = position[inside], unique_origin_nodes[inside]
        seconds = dijkstra(graph, directed=True, indices=sources, limit=budget)
        block = seconds[:, local_origins]
        row, col = np.nonzero(np.isfinite(block))
        reach_dest_node.append(batch[row])
        reach_node.append(origin_nodes[col])
        reach_minutes.append(block[row, col] / 60.0)
    origin_index, destination_index, minutes = _expand_before(
        np.concatenate(reach_node),
        np.concatenate(reach_dest_node),
        np.concatenate(reach_minutes),
        origin_order,
        origin_nodes_sorted,
        np.argsort(per_node, kind="stable"),
        np.sort(per_node, kind="stable"),
    )
    minutes = (
        minutes + origin_snap.minutes[origin_index] + destination_snap.minutes[destination_index]
    )
    keep = minutes <= max_minutes
    return CostTable(
        origin_index[keep],
        destination_index[keep],
        minutes[keep],
        len(origins),
        len(destinations),
        model.label,
        max_minutes,
    )


def _expand_before(
    node_of_pair: npt.NDArray[np.int64],
    dest_group_of_pair: npt.NDArray[np.int64],
    minutes: npt.NDArray[np.float64],
    origin_order: npt.NDArray[np.int64],
    origin_nodes_sorted: npt.NDArray[np.int64],
    destination_order: npt.NDArray[np.int64],
    destination_groups_sorted: npt.NDArray[np.int64],
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.float64]]:
    """``_expand`` of the reference: binary searches for every pair."""
    o_lo = np.searchsorted(origin_nodes_sorted, node_of_pair, side="left")
    o_hi = np.searchsorted(origin_nodes_sorted, node_of_pair, side="right")
    d_lo = np.searchsorted(destination_groups_sorted, dest_group_of_pair, side="left")
    d_hi = np.searchsorted(destination_groups_sorted, dest_group_of_pair, side="right")
    o_count, d_count = o_hi - o_lo, d_hi - d_lo
    if np.all(o_count == 1) and np.all(d_count == 1):
        return origin_order[o_lo], destination_order[d_lo], minutes
    pairs = o_count * d_count
    pair = np.repeat(np.arange(len(minutes)), pairs)
    offset = np.arange(int(pairs.sum())) - np.repeat(np.cumsum(pairs) - pairs, pairs)
    o_pos = o_lo[pair] + offset // d_count[pair]
    d_pos = d_lo[pair] + offset % d_count[pair]
    return origin_order[o_pos], destination_order[d_pos], minutes[pair]


# --- networks --------------------------------------------------------------------------------


def tile(network: Any) -> Any:
    """Ten copies of ``network`` (5 × 2), apart by :data:`GAP_M`, joined at their borders."""
    from scipy import sparse

    from adilkent.access.model import EARTH_RADIUS_M, haversine_m
    from adilkent.access.network import StreetNetwork

    lon, lat, n = network.lon, network.lat, network.n_nodes
    gap_lat = np.degrees(GAP_M / EARTH_RADIUS_M)
    gap_lon = gap_lat / np.cos(np.radians(lat.max() + ROWS * (np.ptp(lat) + gap_lat)))
    step_lon, step_lat = np.ptp(lon) + gap_lon, np.ptp(lat) + gap_lat
    copies = [(c, r) for r in range(ROWS) for c in range(COLUMNS)]
    all_lon = np.concatenate([lon + c * step_lon for c, r in copies])
    all_lat = np.concatenate([lat + r * step_lat for c, r in copies])
    coo = network.graph.tocoo()
    rows = [coo.row + k * n for k in range(len(copies))]
    cols = [coo.col + k * n for k in range(len(copies))]
    data = [coo.data] * len(copies)

    def join(a: int, b: int, axis: int) -> None:
        """Edges from copy ``a``'s far side (along ``axis``) to copy ``b``'s near side."""
        along = lat if axis == 0 else lon  # bands run along the shared border
        across = lon if axis == 0 else lat
        edges = np.linspace(along.min(), along.max(), JOINS + 1)
        band = np.clip(np.searchsorted(edges, along, side="right") - 1, 0, JOINS - 1)
        for k in range(JOINS):
            members = np.flatnonzero(band == k)
            if len(members) == 0:
                continue
            u = members[np.argmax(across[members])] + a * n
            v = members[np.argmin(across[members])] + b * n
            seconds = haversine_m(all_lon[u], all_lat[u], all_lon[v], all_lat[v]) / WALK_MPS
            rows.append(np.array([u, v]))
            cols.append(np.array([v, u]))
            data.append(np.array([seconds, seconds]))

    for k, (c, r) in enumerate(copies):
        if c + 1 < COLUMNS:
            join(k, k + 1, 0)
        if r + 1 < ROWS:
            join(k, k + COLUMNS, 1)
    u, v, w = np.concatenate(rows), np.concatenate(cols), np.concatenate(data)
    graph = sparse.csr_matrix((w, (u, v)), shape=(len(all_lon), len(all_lon)))
    graph.sort_indices()
    metres = haversine_m(all_lon[u], all_lat[u], all_lon[v], all_lat[v])
    top = float(np.max(metres / np.maximum(w, 1e-12)))
    return StreetNetwork(
        graph=graph,
        osm_ids=np.concatenate([network.osm_ids + k * 10**12 for k in range(len(copies))]),
        lon=all_lon,
        lat=all_lat,
        profile=network.profile,
        source=f"{network.source} tiled {COLUMNS}×{ROWS}",
        speed_kmh=network.speed_kmh,
        dropped_components=network.dropped_components * len(copies),
        dropped_lon=np.concatenate([network.dropped_lon + c * step_lon for c, r in copies]),
        dropped_lat=np.concatenate([network.dropped_lat + r * step_lat for c, r in copies]),
        max_speed_mps=max(top, network.max_speed_mps),
    )


def prepare(work: Path) -> dict[str, Any]:
    """Build and save the three networks (kept in ``work`` between runs)."""
    from adilkent.access.network import NetworkModel, build_network
    from adilkent.access.saved import save_network

    info: dict[str, Any] = {}
    porto_osm, helsinki_osm = DATA / "porto_portugal.osm.pbf", DATA / "Helsinki.osm.pbf"
    porto = work / "porto.npz"
    if not porto.exists() or not (work / "tiled.npz").exists():
        network = build_network(porto_osm, "walk")
        save_network(NetworkModel(network), porto, source=porto_osm)
        tiled = tile(network)
        started = time.perf_counter()
        save_network(NetworkModel(tiled), work / "tiled.npz", source=porto_osm)
        info["tiled_chains_and_save_seconds"] = time.perf_counter() - started
    if not (work / "helsinki.npz").exists():
        network = build_network(helsinki_osm, "walk")
        save_network(NetworkModel(network), work / "helsinki.npz", source=helsinki_osm)
    return info


# --- worker ----------------------------------------------------------------------------------


def _sample(model: Any, copies: int, size: int, rng: np.random.Generator) -> npt.NDArray[np.int64]:
    """``size`` nodes of the first copy with a location of their own, repeated in each copy."""
    n = model.network.n_nodes // copies
    lon, lat = model.network.lon[:n], model.network.lat[:n]
    _, first, counts = np.unique(
        np.column_stack((lon, lat)), axis=0, return_index=True, return_counts=True
    )
    candidates = np.sort(first[counts == 1])
    chosen = rng.choice(candidates, min(size, len(candidates)), replace=False)
    return np.concatenate([chosen + k * n for k in range(copies)])


def worker(args: argparse.Namespace) -> dict[str, Any]:
    from adilkent.access.measures import cumulative_opportunities
    from adilkent.access.model import Points
    from adilkent.access.saved import load_network

    report: dict[str, Any] = {"imports_peak_mb": peak_mb()}
    started = time.perf_counter()
    model = load_network(args.work / f"{args.network}.npz", max_snap_m=1.0)
    network = model.network
    copies = COLUMNS * ROWS if args.network == "tiled" else 1
    report["load_seconds"] = time.perf_counter() - started
    report["nodes"] = network.n_nodes
    rng = np.random.default_rng(SEED)
    facilities = _sample(model, copies, 1000, rng)

    def at(nodes: npt.NDArray[np.int64]) -> Points:
        return Points(ids=nodes, lon=network.lon[nodes], lat=network.lat[nodes])

    if args.task == "table":
        origins, minutes = _sample(model, copies, 10000, rng), TABLE_MINUTES
    else:
        origins, minutes = np.arange(network.n_nodes), ALLNODE_MINUTES
    origin_points, facility_points = at(origins), at(facilities)
    cost_table = (
        model.cost_table
        if args.code == "after"
        else lambda o, d, m: cost_table_before(model, o, d, m)
    )
    report["before_task_peak_mb"] = peak_mb()
    wall, cpu = time.perf_counter(), time.process_time()
    table = cost_table(origin_points, facility_points, minutes)
    if args.task == "allnode":
        counts = cumulative_opportunities(table, np.ones(len(facilities)), (minutes,))
        report["mean_count"] = float(counts.iloc[:, 0].mean())
    report["seconds"] = time.perf_counter() - wall
    report["cpu_seconds"] = time.process_time() - cpu
    report["peak_mb"] = peak_mb()
    report.update(origins=len(origins), facilities=len(facilities), pairs=len(table.minutes))
    if args.save_table:
        order = np.lexsort((table.destination, table.origin))
        np.savez(
            args.save_table,
            origin=table.origin[order],
            destination=table.destination[order],
            minutes=table.minutes[order],
        )
    return report


# --- parent ----------------------------------------------------------------------------------


def run(args: argparse.Namespace, network: str, task: str, code: str, save: Path | None = None):
    command = [sys.executable, __file__, "--worker", "--work", str(args.work)]
    command += ["--network", network, "--task", task, "--code", code]
    command += ["--save-table", str(save)] if save else []
    load_before = os.getloadavg()
    try:
        done = subprocess.run(  # noqa: S603
            command, capture_output=True, text=True, timeout=args.timeout, check=False
        )
    except subprocess.TimeoutExpired:
        return {"error": f"did not finish within {args.timeout:.0f} s", "load_before": load_before}
    if done.returncode != 0:
        return {"error": done.stderr.strip()[-500:], "load_before": load_before}
    report = json.loads(done.stdout)
    report.update(load_before=load_before, load_after=os.getloadavg())
    return report


def summary(reports: list[dict[str, Any]]) -> dict[str, Any]:
    ok = [r for r in reports if "error" not in r]
    out: dict[str, Any] = {"runs": len(ok), "errors": len(reports) - len(ok)}
    for key in ("seconds", "cpu_seconds", "peak_mb", "before_task_peak_mb"):
        values = [r[key] for r in ok]
        if values:
            out[key] = spread(values)
    if ok:
        out["pairs"] = ok[0]["pairs"]
    return out


def check_same(args: argparse.Namespace, task: str) -> dict[str, Any]:
    """Run ``task`` on Porto with both codes; the same pairs and the very same minutes?"""
    tables = {}
    for code in ("before", "after"):
        path = args.work / f"check_{task}_{code}.npz"
        report = run(args, "porto", task, code, path)
        if "error" in report:
            return {"error": report["error"]}
        tables[code] = np.load(path)
    a, b = tables["before"], tables["after"]
    same_pairs = len(a["origin"]) == len(b["origin"]) and bool(
        np.array_equal(a["origin"], b["origin"])
        and np.array_equal(a["destination"], b["destination"])
    )
    return {
        "pairs": len(a["origin"]),
        "same_pairs": same_pairs,
        "identical_minutes": same_pairs and bool(np.array_equal(a["minutes"], b["minutes"])),
        # The all-node table now runs on the uncontracted graph: equal to rounding.
        "largest_minutes_difference": (
            float(np.max(np.abs(a["minutes"] - b["minutes"]), initial=0.0)) if same_pairs else None
        ),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--work", type=Path, default=Path(tempfile.gettempdir()) / "adilkent-region-scale"
    )
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--before-runs", type=int, default=1)
    parser.add_argument("--tasks", default="table,allnode")
    parser.add_argument("--timeout", type=float, default=1800)
    parser.add_argument("--skip-check", action="store_true")
    parser.add_argument("--out", type=Path)
    parser.add_argument("--worker", action="store_true")
    parser.add_argument("--network", choices=["porto", "tiled", "helsinki"])
    parser.add_argument("--task", choices=["table", "allnode"])
    parser.add_argument("--code", choices=["before", "after"], default="after")
    parser.add_argument("--save-table", type=Path)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(worker(args)))
        return

    from access_network import machine

    args.work.mkdir(parents=True, exist_ok=True)
    results: dict[str, Any] = {"machine": machine(), "prepare": prepare(args.work)}
    tasks = args.tasks.split(",")
    if not args.skip_check:
        results["before_equals_after_on_porto"] = {t: check_same(args, t) for t in tasks}
        print(json.dumps(results["before_equals_after_on_porto"]), file=sys.stderr, flush=True)
    reports: dict[str, list[dict[str, Any]]] = {}
    plan = [("after", args.runs), ("before", args.before_runs)]
    for code, runs in plan:
        for _ in range(runs):
            for task in tasks:
                for network in ("porto", "tiled"):
                    report = run(args, network, task, code)
                    reports.setdefault(f"{code}/{task}/{network}", []).append(report)
                    print(code, task, network, json.dumps(report), file=sys.stderr, flush=True)
    for task in tasks:
        report = run(args, "helsinki", task, "after")
        reports[f"after/{task}/helsinki"] = [report]
        print("after", task, "helsinki", json.dumps(report), file=sys.stderr, flush=True)
    results["runs"] = reports
    results["summary"] = {key: summary(value) for key, value in reports.items()}
    ratios: dict[str, Any] = {}
    for code, _ in plan:
        for task in tasks:
            porto = results["summary"].get(f"{code}/{task}/porto", {})
            tiled = results["summary"].get(f"{code}/{task}/tiled", {})
            if "seconds" in porto and "seconds" in tiled:
                ratios[f"{code}/{task}"] = {
                    key: tiled[key]["median"] / porto[key]["median"]
                    for key in ("seconds", "cpu_seconds", "peak_mb")
                }
    results["tiled_over_porto"] = ratios
    publish(results, args.out)


if __name__ == "__main__":
    main()
