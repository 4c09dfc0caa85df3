"""Benchmark: an unbounded many-to-many travel-time table, adilkent against OSRM's CH table.

Issue 19, goal 3: the unbounded 10,000 × 1,000 walking table on Porto at least as fast as
OSRM's Contraction Hierarchies table on the same query, in under 1 GB.

- **adilkent**: the Porto walking network built once and saved (``save_network``); each run a
  fresh worker loads it and times ``NetworkModel.cost_table(origins, facilities, inf)``, in
  one process (``adilkent``) and with ``workers=2`` (``adilkent-2``: the searches in two
  helper processes, their start included); and in one process without contracting the
  core's junctions (``adilkent-plain``: ``bounded.CONTRACT_MIN_SOURCES`` set out of reach),
  to show what that step gives.
- **OSRM** (osrm-bindings 26.10.0, the Python bindings of libosrm): they need Python 3.12 or
  later, so they get an environment of their own in the work directory (``uv venv`` with
  ``--osrm-python``, then ``uv pip install osrm-bindings numpy`` from PyPI). The same
  ``.osm.pbf`` is prepared once with its own ``foot.lua`` profile (``osrm-extract``, then
  ``osrm-contract`` for CH: both timed, not part of the ratio); each run a fresh worker opens
  the files and times ``OSRM.Table`` with its cheapest documented options (durations only, no
  hints, no waypoints), then apart the conversion of its answer to a NumPy array
  (``osrm``); and, since the bindings hold the GIL during ``Table``, once more on both cores
  as two forked processes answering half of the origins each, their halves sent back as
  arrays (``osrm-2``, timed from the start of the processes to the joined array).

Points: 1,000 facilities, then 10,000 origins, drawn (seed 2026) among the network nodes that
have a location of their own, as in ``region_scale.py``; both tools get their coordinates.
The profiles differ (adilkent walks every footway at 4.8 km/h; OSRM's foot profile has its
own speeds and rules), so the tables are compared only for agreement in the large: the
median of OSRM's minutes over ours, and their rank correlation.

Runs are interleaved (adilkent, OSRM, adilkent, …) with the load average recorded around
each; wall seconds (``perf_counter``), CPU seconds (``process_time``, all threads) and peak
resident memory (``VmHWM``) come from the workers; with helpers, their CPU seconds and
peak come from ``RUSAGE_CHILDREN``.

    uv run --frozen python bench/many_to_many.py --runs 5 --out docs/benchmarks/many-to-many.json
"""

from __future__ import annotations

import argparse
import glob
import hashlib
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
from runs import Summary, interleave, peak_mb, publish, ratio, run_json

DATA = (
    Path(os.environ.get("DATA_DIR", Path(__file__).resolve().parents[2] / "shared" / "data"))
    / "osm"
)
OSM = DATA / "porto_portugal.osm.pbf"
BENCH = str(Path(__file__).resolve().parent)
OSRM_VERSION = "26.10.0"
SEED = 2026
ORIGINS, FACILITIES = 10_000, 1_000


# --- preparation -----------------------------------------------------------------------------


def find_python312() -> str | None:
    """A Python of version 3.12 or later on this machine, for the OSRM bindings."""
    names = [shutil.which(f"python3.{minor}") for minor in (12, 13, 14)]
    names += sorted(glob.glob(os.path.expanduser("~/.pyenv/versions/3.1[2-4]*/bin/python")))
    for name in filter(None, names):
        done = subprocess.run(  # noqa: S603
            [name, "-c", "import sys; print(sys.version_info >= (3, 12))"],
            capture_output=True,
            text=True,
            check=False,
        )
        if done.stdout.strip() == "True":
            return name
    return None


def prepare(work: Path, osrm_python: str) -> dict[str, Any]:
    """The saved adilkent network, the points, and OSRM's environment and CH files."""
    sys.path.insert(0, str(Path(__file__).parent))
    from region_scale import _sample

    from adilkent.access.network import NetworkModel, build_network
    from adilkent.access.saved import load_network, save_network

    info: dict[str, Any] = {}
    saved = work / "porto.npz"
    if not saved.exists():
        save_network(NetworkModel(build_network(OSM, "walk")), saved, source=OSM)
    model = load_network(saved, max_snap_m=1.0)
    rng = np.random.default_rng(SEED)
    facilities = _sample(model, 1, FACILITIES, rng)
    origins = _sample(model, 1, ORIGINS, rng)
    network = model.network
    np.savez(
        work / "points.npz",
        origin_lon=network.lon[origins],
        origin_lat=network.lat[origins],
        facility_lon=network.lon[facilities],
        facility_lat=network.lat[facilities],
    )
    env = work / "osrm-env"
    python = env / "bin" / "python"
    if not python.exists():
        uv = shutil.which("uv") or "uv"
        subprocess.run([uv, "venv", "-q", "--python", osrm_python, str(env)], check=True)  # noqa: S603
        subprocess.run(  # noqa: S603
            [
                uv,
                "pip",
                "install",
                "-q",
                "--python",
                str(python),
                f"osrm-bindings=={OSRM_VERSION}",
                "numpy",
            ],
            check=True,
        )
    osrm_dir = work / "osrm"
    osrm_dir.mkdir(exist_ok=True)
    pbf = osrm_dir / "porto.osm.pbf"
    if not pbf.exists():
        pbf.symlink_to(OSM.resolve())
    if not (osrm_dir / "porto.osrm.hsgr").exists():
        profile = subprocess.run(  # noqa: S603
            [
                str(python),
                "-c",
                "import osrm, pathlib; "
                "print(pathlib.Path(osrm.__file__).parent / 'share/profiles/foot.lua')",
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        for step, command in (
            ("extract", ["extract", "-p", profile, str(pbf)]),
            ("contract", ["contract", str(osrm_dir / "porto.osrm")]),
        ):
            started = time.perf_counter()
            subprocess.run(  # noqa: S603
                [str(python), "-m", "osrm", *command],
                check=True,
                capture_output=True,
            )
            info[f"osrm_{step}_seconds"] = time.perf_counter() - started
    info["source_sha256"] = hashlib.sha256(OSM.read_bytes()).hexdigest()
    info["nodes"] = network.n_nodes
    return info


# --- workers ---------------------------------------------------------------------------------


def worker_adilkent(
    work: Path, save: Path | None, workers: int, *, contract: bool = True
) -> dict[str, Any]:
    from adilkent.access import bounded
    from adilkent.access.model import Points
    from adilkent.access.saved import load_network

    if not contract:
        bounded.CONTRACT_MIN_SOURCES = sys.maxsize

    report: dict[str, Any] = {}
    started = time.perf_counter()
    model = load_network(work / "porto.npz", max_snap_m=1.0)
    report["load_seconds"] = time.perf_counter() - started
    z = np.load(work / "points.npz")
    origins = Points(ids=np.arange(ORIGINS), lon=z["origin_lon"], lat=z["origin_lat"])
    facilities = Points(ids=np.arange(FACILITIES), lon=z["facility_lon"], lat=z["facility_lat"])
    report["before_table_peak_mb"] = peak_mb()
    wall, cpu = time.perf_counter(), time.process_time()
    table = model.cost_table(origins, facilities, float("inf"), workers=workers)
    report["seconds"] = time.perf_counter() - wall
    report["cpu_seconds"] = time.process_time() - cpu
    helpers = resource.getrusage(resource.RUSAGE_CHILDREN)
    report["helpers_cpu_seconds"] = helpers.ru_utime + helpers.ru_stime
    report["helpers_peak_mb"] = helpers.ru_maxrss / 1024
    report["all_cpu_seconds"] = report["cpu_seconds"] + report["helpers_cpu_seconds"]
    report["peak_mb"] = peak_mb()
    report["pairs"] = len(table.minutes)
    if save:
        dense = np.full((ORIGINS, FACILITIES), np.inf, dtype=np.float32)
        dense[table.origin, table.destination] = table.minutes
        np.save(save, dense)
    return report


OSRM_WORKER = r"""
import json, sys, time
import numpy as np
import osrm

work, save = sys.argv[1], sys.argv[2]
sys.path.insert(0, sys.argv[3])  # bench/, for runs.peak_mb (standard library only)
from runs import peak_mb as peak
report = {}
started = time.perf_counter()
engine = osrm.OSRM(algorithm="CH", storage_config=work + "/osrm/porto.osrm",
                   use_shared_memory=False)
report["load_seconds"] = time.perf_counter() - started
z = np.load(work + "/points.npz")
coordinates = list(zip(z["origin_lon"].tolist(), z["origin_lat"].tolist()))
coordinates += list(zip(z["facility_lon"].tolist(), z["facility_lat"].tolist()))
n, m = len(z["origin_lon"]), len(z["facility_lon"])
params = osrm.TableParameters(
    coordinates=coordinates, sources=list(range(n)), destinations=list(range(n, n + m)),
    annotations=["duration"], generate_hints=False,
)
params.skip_waypoints = True
report["before_table_peak_mb"] = peak()
wall, cpu = time.perf_counter(), time.process_time()
answer = engine.Table(params)
report["seconds"] = time.perf_counter() - wall
report["cpu_seconds"] = time.process_time() - cpu
wall = time.perf_counter()
minutes = np.array(answer["durations"], dtype=np.float64) / 60.0
report["to_array_seconds"] = time.perf_counter() - wall
report["with_array_seconds"] = report["seconds"] + report["to_array_seconds"]
report["peak_mb"] = peak()
report["pairs"] = int(np.isfinite(minutes).sum())
if save:
    np.save(save, minutes.astype(np.float32))
print(json.dumps(report))
"""


# OSRM on both cores: its bindings hold the GIL during ``Table`` (two threads take as long as
# one), so two forked processes each answer half of the origins, open the files themselves
# (a few milliseconds) and send their half back as an array.
OSRM_WORKER_2 = r"""
import json, multiprocessing, resource, sys, time
import numpy as np
import osrm

work = sys.argv[1]
z = np.load(work + "/points.npz")
coordinates = list(zip(z["origin_lon"].tolist(), z["origin_lat"].tolist()))
facilities = list(zip(z["facility_lon"].tolist(), z["facility_lat"].tolist()))

def half(bounds):
    low, high = bounds
    engine = osrm.OSRM(algorithm="CH", storage_config=work + "/osrm/porto.osrm",
                       use_shared_memory=False)
    n = high - low
    params = osrm.TableParameters(
        coordinates=coordinates[low:high] + facilities, sources=list(range(n)),
        destinations=list(range(n, n + len(facilities))), annotations=["duration"],
        generate_hints=False,
    )
    params.skip_waypoints = True
    return np.array(engine.Table(params)["durations"], dtype=np.float64) / 60.0

if __name__ == "__main__":
    report = {}
    middle = len(coordinates) // 2
    wall, cpu = time.perf_counter(), time.process_time()
    with multiprocessing.get_context("fork").Pool(2) as pool:
        minutes = np.concatenate(pool.map(half, [(0, middle), (middle, len(coordinates))]))
    report["with_array_seconds"] = time.perf_counter() - wall
    report["cpu_seconds"] = time.process_time() - cpu
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    report["all_cpu_seconds"] = report["cpu_seconds"] + children.ru_utime + children.ru_stime
    report["helpers_peak_mb"] = children.ru_maxrss / 1024
    report["pairs"] = int(np.isfinite(minutes).sum())
    print(json.dumps(report))
"""


def run_worker(args: argparse.Namespace, tool: str, save: Path | None = None) -> dict[str, Any]:
    if tool == "osrm-2":
        python = str(args.work / "osrm-env" / "bin" / "python")
        script = args.work / "osrm_worker_2.py"
        script.write_text(OSRM_WORKER_2)
        command = [python, str(script), str(args.work)]
    elif tool.startswith("adilkent"):
        workers = "2" if tool == "adilkent-2" else "1"
        command = [sys.executable, __file__, "--worker", "--work", str(args.work)]
        command += ["--workers", workers] + (["--save", str(save)] if save else [])
        command += ["--no-contraction"] if tool == "adilkent-plain" else []
    else:
        python = str(args.work / "osrm-env" / "bin" / "python")
        command = [python, "-c", OSRM_WORKER, str(args.work), str(save or ""), BENCH]
    return run_json(command, args.timeout)


def agreement(work: Path, ours: Path, theirs: Path) -> dict[str, Any]:
    """How the two tables agree in the large (their profiles differ)."""
    from scipy.stats import spearmanr

    a, b = np.load(ours).astype(np.float64), np.load(theirs).astype(np.float64)
    both = np.isfinite(a) & np.isfinite(b) & (a > 0)
    rho = spearmanr(a[both], b[both]).statistic
    return {
        "pairs_both_finite": int(both.sum()),
        "pairs_adilkent": int(np.isfinite(a).sum()),
        "pairs_osrm": int(np.isfinite(b).sum()),
        "median_osrm_over_adilkent": float(np.median(b[both] / a[both])),
        "spearman": float(rho),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--work", type=Path, default=Path(tempfile.gettempdir()) / "adilkent-many-to-many"
    )
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--timeout", type=float, default=600)
    parser.add_argument("--osrm-python", help="Python 3.12 or later for the OSRM bindings")
    parser.add_argument("--out", type=Path)
    parser.add_argument("--worker", action="store_true")
    parser.add_argument("--save", type=Path)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--no-contraction", action="store_true")
    args = parser.parse_args()
    if args.worker:
        report = worker_adilkent(
            args.work, args.save, args.workers, contract=not args.no_contraction
        )
        print(json.dumps(report))
        return

    from access_network import machine

    python = args.osrm_python or find_python312()
    if python is None:
        sys.exit("no Python 3.12 or later found for the OSRM bindings: pass --osrm-python")
    args.work.mkdir(parents=True, exist_ok=True)
    results: dict[str, Any] = {"machine": machine(), "osrm_python": python}
    results["prepare"] = prepare(args.work, python)
    ours, theirs = args.work / "adilkent.npy", args.work / "osrm.npy"
    ours_2, plain = args.work / "adilkent-2.npy", args.work / "adilkent-plain.npy"
    checks = [
        run_worker(args, "adilkent", ours),
        run_worker(args, "adilkent-2", ours_2),
        run_worker(args, "adilkent-plain", plain),
        run_worker(args, "osrm", theirs),
    ]
    if any("error" in c for c in checks):
        sys.exit(f"a first run failed: {checks}")
    results["agreement"] = agreement(args.work, ours, theirs)
    results["agreement"]["adilkent_2_identical"] = bool(
        np.array_equal(np.load(ours), np.load(ours_2))
    )
    # The contracted core's sums are those of the full core's paths, added in another order.
    a, b = np.load(ours), np.load(plain)
    results["agreement"]["adilkent_plain_same_pairs"] = bool(
        np.array_equal(np.isfinite(a), np.isfinite(b))
    )
    finite = np.isfinite(a) & np.isfinite(b)
    results["agreement"]["adilkent_plain_max_difference_minutes"] = float(
        np.abs(a[finite] - b[finite]).max()
    )
    print(json.dumps(results["agreement"]), file=sys.stderr, flush=True)

    def show(name: str, run: Any) -> None:
        print(name, json.dumps(run), file=sys.stderr, flush=True)

    summaries: dict[str, Summary] = interleave(
        [
            (tool, lambda tool=tool: run_worker(args, tool))  # type: ignore[misc]
            for tool in ("adilkent", "adilkent-2", "adilkent-plain", "osrm", "osrm-2")
        ],
        args.runs,
        on_run=show,
    )
    results["summary"] = summaries
    results["plain_over_adilkent"] = {
        key: ratio(summaries["adilkent-plain"], summaries["adilkent"], key)
        for key in ("seconds", "peak_mb")
    }
    for ours_name in ("adilkent", "adilkent-2"):
        results[f"osrm_over_{ours_name}"] = {
            key: ratio(summaries["osrm"], summaries[ours_name], key)
            for key in ("seconds", "peak_mb")
        }
        for theirs_name in ("osrm", "osrm-2"):
            with_array = summaries[theirs_name]["figures"].get("with_array_seconds")
            if with_array:
                results[f"{theirs_name}_with_array_over_{ours_name}"] = (
                    with_array["median"] / summaries[ours_name]["figures"]["seconds"]["median"]
                )
    publish(results, args.out)


if __name__ == "__main__":
    main()
