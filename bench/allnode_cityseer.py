"""Benchmark: facilities within 1,500 m of every node of Porto, adilkent against cityseer.

Issue 19, goal 3 names cityseer beside OSRM. cityseer computes land-use accessibility from
every node of a street network (Rust, both cores). Its measure closest to adilkent's is the
count of facilities within a network distance, so both count the 1,000 facilities within
1,500 m of each of Porto's 311,623 walking-network nodes:

- **adilkent**: ``NetworkModel.cost_table`` from every node within 18.75 minutes (1,500 m at
  4.8 km/h), then ``cumulative_opportunities``, on the saved Porto network (as the all-node
  workload of ``region_scale.py``);
- **cityseer 5.8.0** (needs Python 3.12 or later, so an environment of its own in the work
  directory, like OSRM's in ``many_to_many.py``): a ``NetworkStructure`` built from the very
  same nodes and edges (projected metres, each edge a straight segment between its two nodes,
  as adilkent's edges are), the facilities inserted as points at their nodes and assigned to
  the network (``assign_data_to_network``, 100 m, 50 candidates), then
  ``DataMap.accessibility(distances=[1500])``. Building the structure is timed apart and not
  part of the ratio; the assignment and the accessibility are.

Facilities: 1,000 nodes with a location of their own, seed 2026 (the first draw of
``region_scale.py`` and ``many_to_many.py``). cityseer places a point on the nearest street
and measures along it, adilkent snaps it to the nearest node, so counts may differ near the
1,500 m edge; the agreement is reported.

    uv run --frozen python bench/allnode_cityseer.py --runs 3 --out docs/benchmarks/allnode-cityseer.json
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
from many_to_many import BENCH, OSM, find_python312
from runs import interleave, peak_mb, publish, ratio, run_json

CITYSEER_VERSION = "5.8.0"
METRES = 1500
WALK_KMH = 4.8


def prepare(work: Path, python: str) -> dict[str, Any]:
    sys.path.insert(0, str(Path(__file__).parent))
    from region_scale import _sample

    from adilkent.access.network import NetworkModel, build_network
    from adilkent.access.saved import load_network, save_network

    saved = work / "porto.npz"
    if not saved.exists():
        save_network(NetworkModel(build_network(OSM, "walk")), saved, source=OSM)
    model = load_network(saved, max_snap_m=1.0)
    facilities = _sample(model, 1, 1000, np.random.default_rng(2026))
    graph = model.network.graph.tocoo()
    one_way = graph.row < graph.col  # walking: every edge both ways, the same time
    xy = model._xy
    np.savez(
        work / "cityseer_input.npz",
        x=xy[:, 0],
        y=xy[:, 1],
        u=graph.row[one_way],
        v=graph.col[one_way],
        facilities=facilities,
    )
    np.save(work / "facilities.npy", facilities)
    env = work / "cityseer-env"
    if not (env / "bin" / "python").exists():
        uv = shutil.which("uv") or "uv"
        subprocess.run([uv, "venv", "-q", "--python", python, str(env)], check=True)  # noqa: S603
        subprocess.run(  # noqa: S603
            [
                uv,
                "pip",
                "install",
                "-q",
                "--python",
                str(env / "bin" / "python"),
                f"cityseer=={CITYSEER_VERSION}",
            ],
            check=True,
        )
    return {"nodes": model.network.n_nodes, "edges_both_ways": int(one_way.sum())}


def worker_adilkent(work: Path, save: Path | None) -> dict[str, Any]:
    from adilkent.access.measures import cumulative_opportunities
    from adilkent.access.model import Points
    from adilkent.access.saved import load_network

    model = load_network(work / "porto.npz", max_snap_m=1.0)
    network = model.network
    facilities = np.load(work / "facilities.npy")
    everyone = Points(ids=np.arange(network.n_nodes), lon=network.lon, lat=network.lat)
    sites = Points(ids=facilities, lon=network.lon[facilities], lat=network.lat[facilities])
    minutes = METRES / (WALK_KMH * 1000 / 60)
    report: dict[str, Any] = {"before_peak_mb": peak_mb()}
    wall, cpu = time.perf_counter(), time.process_time()
    table = model.cost_table(everyone, sites, minutes)
    counts = cumulative_opportunities(table, np.ones(len(facilities)), (minutes,)).iloc[:, 0]
    report["seconds"] = time.perf_counter() - wall
    report["cpu_seconds"] = time.process_time() - cpu
    report["peak_mb"] = peak_mb()
    report["mean_count"] = float(counts.mean())
    if save:
        np.save(save, counts.to_numpy(dtype=np.float64))
    return report


CITYSEER_WORKER = r"""
import json, sys, time
import numpy as np
from cityseer import rustalgos

work, save = sys.argv[1], sys.argv[2]
sys.path.insert(0, sys.argv[3])  # bench/, for runs.peak_mb (standard library only)
from runs import peak_mb as peak
z = np.load(work + "/cityseer_input.npz")
x, y, u, v, facilities = z["x"], z["y"], z["u"], z["v"], z["facilities"]
report = {}
wall = time.perf_counter()
network = rustalgos.graph.NetworkStructure()
for i in range(len(x)):
    network.add_street_node(i, float(x[i]), float(y[i]), True, 1.0)
for k in range(len(u)):
    a, b = int(u[k]), int(v[k])
    line = f"LINESTRING ({x[a]} {y[a]}, {x[b]} {y[b]})"
    network.add_street_edge(a, b, k, a, b, line)
    network.add_street_edge(b, a, k, b, a, line)
network.validate()
network.build_edge_rtree()
report["build_seconds"] = time.perf_counter() - wall
report["before_peak_mb"] = peak()
wall, cpu = time.perf_counter(), time.process_time()
data = rustalgos.data.DataMap()
for j, node in enumerate(facilities):
    data.insert(j, f"POINT ({x[node]} {y[node]})")
data.assign_data_to_network(network, 100.0, 50)
answer = data.accessibility(
    network, {j: "facility" for j in range(len(facilities))}, ["facility"],
    distances=[1500], pbar_disabled=True,
)
report["seconds"] = time.perf_counter() - wall
report["cpu_seconds"] = time.process_time() - cpu
report["peak_mb"] = peak()
count = answer.result["facility"].count[1500]
counts = np.zeros(len(x))
counts[np.asarray(answer.node_indices)] = np.asarray(count)
report["mean_count"] = float(counts.mean())
if save:
    np.save(save, counts)
print(json.dumps(report))
"""


def run_worker(args: argparse.Namespace, tool: str, save: Path | None = None) -> dict[str, Any]:
    if tool == "adilkent":
        command = [sys.executable, __file__, "--worker", "--work", str(args.work)]
        command += ["--save", str(save)] if save else []
    else:
        python = str(args.work / "cityseer-env" / "bin" / "python")
        command = [python, "-c", CITYSEER_WORKER, str(args.work), str(save or ""), BENCH]
    return run_json(command, args.timeout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--work", type=Path, default=Path(tempfile.gettempdir()) / "adilkent-allnode-cityseer"
    )
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=900)
    parser.add_argument("--python312", help="Python 3.12 or later for cityseer")
    parser.add_argument("--out", type=Path)
    parser.add_argument("--worker", action="store_true")
    parser.add_argument("--save", type=Path)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(worker_adilkent(args.work, args.save)))
        return

    from access_network import machine

    python = args.python312 or find_python312()
    if python is None:
        sys.exit("no Python 3.12 or later found for cityseer: pass --python312")
    args.work.mkdir(parents=True, exist_ok=True)
    results: dict[str, Any] = {"machine": machine(), "python312": python}
    results["prepare"] = prepare(args.work, python)
    ours, theirs = args.work / "adilkent.npy", args.work / "cityseer.npy"
    checks = [run_worker(args, "adilkent", ours), run_worker(args, "cityseer", theirs)]
    if any("error" in c for c in checks):
        sys.exit(f"a first run failed: {checks}")
    a, b = np.load(ours), np.load(theirs)
    results["agreement"] = {
        "nodes_same_count": float(np.mean(a == b)),
        "nodes_within_one": float(np.mean(np.abs(a - b) <= 1)),
        "mean_count_adilkent": float(a.mean()),
        "mean_count_cityseer": float(b.mean()),
    }
    print(json.dumps(results["agreement"]), file=sys.stderr, flush=True)

    def show(name: str, run: Any) -> None:
        print(name, json.dumps(run), file=sys.stderr, flush=True)

    summaries = interleave(
        [(tool, lambda tool=tool: run_worker(args, tool)) for tool in ("adilkent", "cityseer")],  # type: ignore[misc]
        args.runs,
        on_run=show,
    )
    results["summary"] = summaries
    results["cityseer_over_adilkent"] = {
        key: ratio(summaries["cityseer"], summaries["adilkent"], key)
        for key in ("seconds", "cpu_seconds", "peak_mb")
    }
    publish(results, args.out)


if __name__ == "__main__":
    main()
