"""Benchmark: building a street network from its ``.osm.pbf`` against loading the saved one.

What a caller pays either way, each in a fresh worker process (this file with ``--worker``),
measured with ``time.perf_counter`` (wall) and ``time.process_time`` (CPU) after the imports:

- build: ``NetworkModel(build_network(osm, profile))``: read the file, apply the profile, keep
  the largest component, find the chains, build the snapping k-d tree (what
  ``network_for`` does when nothing is saved); then, timed apart, ``save_network``;
- load: ``network_for(osm, profile, cache)`` finding a fresh saved network (stat of the
  source, header check, ``load_network``), and ``load_network(path)`` alone.

Runs are interleaved (build, load, build, load, …) so that both see the same machine load;
the load average is recorded before each run. Each worker also answers the same query
(minutes from every node to the nearest of 100 facilities) and the parent checks that the
loaded network's answers are identical to the built one's. Target (issue 19): load in under
5 % of the build time.

    uv run --frozen python bench/saved_network.py --runs 7 --out docs/benchmarks/saved-network.json
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
from access_network import DATA, SEED, Stages, machine
from runs import spread

PROFILE = "walk"


def _answers(model: Any, work: Path, name: str) -> None:
    from adilkent.access.model import Points

    network = model.network
    nodes = np.random.default_rng(SEED).choice(network.n_nodes, 100, replace=False)
    facilities = Points(ids=nodes, lon=network.lon[nodes], lat=network.lat[nodes])
    minutes, which, _ = model.node_minutes_to_nearest(facilities)
    np.save(work / f"{name}_minutes.npy", minutes)
    np.save(work / f"{name}_which.npy", which)


def worker_build(args: argparse.Namespace, work: Path, stages: Stages) -> None:
    started = time.perf_counter()
    from adilkent.access.network import NetworkModel, build_network
    from adilkent.access.network_cache import cache_path
    from adilkent.access.saved import save_network, source_stamp

    stages.report["imports_seconds"] = time.perf_counter() - started
    stages.start()
    model = NetworkModel(build_network(args.osm, PROFILE))
    stages.stop("build", nodes=model.network.n_nodes, edges=model.network.n_edges)
    build_seconds = stages.report["build"]["seconds"]
    path = cache_path(args.osm, PROFILE, 4.8, work / "cache")
    stamp = source_stamp(args.osm)
    stages.start()
    save_network(model, path, source=stamp, build_seconds=build_seconds)
    stages.stop("save", megabytes=path.stat().st_size / 1e6)
    _answers(model, work, "built")


def worker_load(args: argparse.Namespace, work: Path, stages: Stages) -> None:
    started = time.perf_counter()
    from adilkent.access.network_cache import cache_path, network_for
    from adilkent.access.saved import load_network

    stages.report["imports_seconds"] = time.perf_counter() - started
    stages.start()
    model = network_for(args.osm, PROFILE, work / "cache")
    stages.stop("network_for", nodes=model.network.n_nodes)
    path = cache_path(args.osm, PROFILE, 4.8, work / "cache")
    stages.start()
    loaded = load_network(path)
    stages.stop("load_network", nodes=loaded.network.n_nodes)
    _answers(model, work, "loaded")


WORKERS = {"build": worker_build, "load": worker_load}


def run_worker(kind: str, osm: Path, work: Path) -> dict[str, Any]:
    command = [sys.executable, __file__, "--worker", kind, "--osm", str(osm), "--work", str(work)]
    done = subprocess.run(command, capture_output=True, text=True, check=False, timeout=1800)  # noqa: S603
    if done.returncode != 0:
        raise RuntimeError(f"{kind} worker failed:\n{done.stderr}")
    return json.loads((work / f"report_{kind}.json").read_text())


def bench_file(osm: Path, runs: int) -> dict[str, Any]:
    rows: list[dict[str, Any]] = []
    identical = True
    with tempfile.TemporaryDirectory(prefix="saved-network-") as tmp:
        work = Path(tmp)
        for i in range(runs):
            load_before = os.getloadavg()
            built = run_worker("build", osm, work)
            loaded = run_worker("load", osm, work)
            for part in ("minutes", "which"):
                same = np.array_equal(
                    np.load(work / f"built_{part}.npy"), np.load(work / f"loaded_{part}.npy")
                )
                identical &= bool(same)
            rows.append({"run": i + 1, "load_average": load_before, "build": built, "load": loaded})
            print(
                f"{osm.name} run {i + 1}: build {built['build']['seconds']:.3f} s, "
                f"network_for {loaded['network_for']['seconds'] * 1000:.1f} ms, "
                f"load_network {loaded['load_network']['seconds'] * 1000:.1f} ms "
                f"(load average {load_before[0]:.2f})",
                file=sys.stderr,
                flush=True,
            )
    summary: dict[str, Any] = {"file": osm.name, "megabytes_source": osm.stat().st_size / 1e6}
    summary["nodes"] = rows[0]["build"]["build"]["nodes"]
    summary["edges"] = rows[0]["build"]["build"]["edges"]
    summary["megabytes_saved"] = rows[0]["build"]["save"]["megabytes"]
    worker = {"build": "build", "save": "build", "network_for": "load", "load_network": "load"}
    for stage, side in worker.items():
        for clock in ("seconds", "cpu_seconds", "peak_mb"):
            summary[f"{stage}_{clock}"] = spread([row[side][stage][clock] for row in rows])
    for side in ("build", "load"):
        summary[f"{side}_worker_imports_seconds"] = spread(
            [row[side]["imports_seconds"] for row in rows]
        )
    build = summary["build_seconds"]["median"]
    summary["network_for_share_of_build"] = summary["network_for_seconds"]["median"] / build
    summary["load_network_share_of_build"] = summary["load_network_seconds"]["median"] / build
    summary["network_for_share_of_build_cpu"] = (
        summary["network_for_cpu_seconds"]["median"] / summary["build_cpu_seconds"]["median"]
    )
    summary["per_run_share"] = spread(
        [row["load"]["network_for"]["seconds"] / row["build"]["build"]["seconds"] for row in rows]
    )
    summary["target_met"] = summary["network_for_share_of_build"] < 0.05
    summary["identical_answers"] = identical
    summary["load_average_per_run"] = [row["load_average"] for row in rows]
    summary["runs"] = rows
    return summary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--osm",
        type=Path,
        action="append",
        help="an extract (repeatable); default: every .osm.pbf in the shared data, smallest first",
    )
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--out", type=Path)
    parser.add_argument("--worker", choices=sorted(WORKERS))
    parser.add_argument("--work", type=Path)
    args = parser.parse_args()
    if args.worker:
        args.osm = args.osm[0]
        stages = Stages()
        WORKERS[args.worker](args, args.work, stages)
        (args.work / f"report_{args.worker}.json").write_text(json.dumps(stages.report))
        return
    files = args.osm or sorted(DATA.glob("*.osm.pbf"), key=lambda p: p.stat().st_size)
    results: dict[str, Any] = {"machine": machine(), "profile": PROFILE, "runs": args.runs}
    results["files"] = [bench_file(osm, args.runs) for osm in files]
    results["load_average_at_end"] = os.getloadavg()
    text = json.dumps(results, indent=1)
    if args.out:
        args.out.write_text(text + "\n")
    for item in results["files"]:
        print(
            f"{item['file']}: {item['nodes']:,} nodes; build "
            f"{item['build_seconds']['median']:.3f} s "
            f"({item['build_seconds']['min']:.3f}–{item['build_seconds']['max']:.3f}), "
            f"network_for {item['network_for_seconds']['median'] * 1000:.1f} ms "
            f"({item['network_for_seconds']['min'] * 1000:.1f}–"
            f"{item['network_for_seconds']['max'] * 1000:.1f}) = "
            f"{item['network_for_share_of_build']:.1%} of the build; identical answers: "
            f"{item['identical_answers']}"
        )


if __name__ == "__main__":
    main()
