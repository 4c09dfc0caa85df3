"""Benchmark: adilkent's OSM street-network model against pandana, osmnx + networkx and PySAL access.

Each tool runs in its own worker process (this file with ``--worker``), measured the same way:
wall-clock time of each stage with ``time.perf_counter``, the process's CPU time with
``time.process_time`` (steadier than wall-clock time on a shared machine), and its peak resident memory
after each stage from ``resource.getrusage(RUSAGE_SELF).ru_maxrss`` (so a stage's figure
includes the interpreter, the imports and the stages before it). Results are written to a work
directory and compared by the parent for equality.

Stages, on the walking network:

1. build: adilkent reads the ``.osm.pbf`` and builds its CSR graph, its contracted chains and
   its k-d tree; pandana builds its contraction hierarchy from adilkent's edge list; networkx
   builds a ``DiGraph`` from the same edges; osmnx builds its graph from the walking
   profile's ways of the same file written as OSM XML (conversion not timed; osmnx cannot
   read ``.pbf``), then gives each edge its walking time.
2. nearest: minutes from every node to the nearest facility, for facility types of the given
   sizes (facilities are random network nodes, seed 2026).
3. 2SFCA: ``--facilities`` facilities, ``--origins`` origins (random nodes), 30-minute catchment;
   supply and demand are synthetic integers (seeded), only there to exercise the arithmetic.
   adilkent: bounded cost table + ``adilkent.access.measures.two_step_fca``; PySAL ``access``
   on adilkent's cost table; networkx: one Dijkstra with ``cutoff`` per facility; pandana:
   ``aggregate`` (sum, flat) twice.

"osmnx" is the whole osmnx + networkx pipeline: osmnx's graph from the file, then networkx's
Dijkstra on that graph for stages 2 and 3. "networkx" runs the same searches on a ``DiGraph``
built from adilkent's edge list (its build does not read the file).

Run with the bench dependency group::

    uv run --group bench python bench/access_network.py full --osm /path/porto_portugal.osm.pbf
    uv run --group bench python bench/access_network.py scaling
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

DATA = (
    Path(os.environ.get("DATA_DIR", Path(__file__).resolve().parents[2] / "shared" / "data"))
    / "osm"
)
SEED = 2026
CATCHMENT_MIN = 30.0
WALK_KMH = 4.8


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class Stages:
    """Wall-clock and CPU seconds of each stage, and the peak memory after it.

    CPU seconds are the process's own (all its threads), so they hardly move with the load
    other processes put on a shared machine; wall-clock seconds do.
    """

    def __init__(self) -> None:
        self.report: dict[str, Any] = {"imports_peak_mb": peak_mb()}
        self._t = 0.0
        self._cpu = 0.0

    def start(self) -> None:
        self._t = time.perf_counter()
        self._cpu = time.process_time()

    def stop(self, name: str, **extra: Any) -> None:
        self.report[name] = {
            "seconds": time.perf_counter() - self._t,
            "cpu_seconds": time.process_time() - self._cpu,
            "peak_mb": peak_mb(),
            **extra,
        }


# --- workers ---------------------------------------------------------------------------------


def worker_adilkent(args: argparse.Namespace, work: Path, stages: Stages) -> None:
    from adilkent.access.measures import two_step_fca
    from adilkent.access.model import Points
    from adilkent.access.network import NetworkModel, build_network

    stages.start()
    network = build_network(args.osm, "walk")
    model = NetworkModel(network, max_snap_m=1.0)
    stages.stop("build", nodes=network.n_nodes, edges=network.n_edges, summary=network.summary())

    rng = np.random.default_rng(SEED)
    # Facilities and origins are nodes with a location of their own: a point on two nodes at
    # the same spot (a bridge over a street) would snap to either, and the other tools are
    # given node numbers, not points.
    _, first, counts = np.unique(
        np.column_stack((network.lon, network.lat)), axis=0, return_index=True, return_counts=True
    )
    candidates = np.sort(first[counts == 1])
    types = [rng.choice(candidates, size, replace=False) for size in args.sizes]
    coo = network.graph.tocoo()
    inputs: dict[str, Any] = {
        "x": network.lon,
        "y": network.lat,
        "u": coo.row.astype(np.int64),
        "v": coo.col.astype(np.int64),
        "w": coo.data,
        "osm_ids": network.osm_ids,
    }
    for k, nodes in enumerate(types):
        inputs[f"type{k}"] = nodes

    def at(nodes: np.ndarray) -> Points:
        return Points(ids=nodes, lon=network.lon[nodes], lat=network.lat[nodes])

    stages.start()
    nearest = []
    for nodes in types:
        minutes, _which, _snap = model.node_minutes_to_nearest(at(nodes))
        nearest.append(minutes)
    stages.stop("nearest", types=len(types), facilities=int(sum(args.sizes)))
    np.save(work / "nearest_adilkent.npy", np.vstack(nearest))

    if args.facilities:
        facilities = rng.choice(candidates, args.facilities, replace=False)
        origins = rng.choice(candidates, min(args.origins, len(candidates)), replace=False)
        supply = rng.integers(1, 11, len(facilities)).astype(float)
        demand = rng.integers(1, 101, len(origins)).astype(float)
        inputs.update(facilities=facilities, origins=origins, supply=supply, demand=demand)
        stages.start()
        table = model.cost_table(at(origins), at(facilities), CATCHMENT_MIN)
        stages.stop("cost_table", pairs=len(table.minutes))
        stages.start()
        result = two_step_fca(table, demand, supply, CATCHMENT_MIN).to_numpy()
        stages.stop("2sfca_from_table")
        np.save(work / "2sfca_adilkent.npy", result)
        np.savez(work / "table_adilkent.npz", o=table.origin, d=table.destination, m=table.minutes)
    np.savez(work / "inputs.npz", **inputs)


def _inputs(work: Path) -> dict[str, np.ndarray]:
    with np.load(work / "inputs.npz") as data:
        return {k: data[k] for k in data.files}


def _types(inp: dict[str, np.ndarray]) -> list[np.ndarray]:
    return [inp[f"type{k}"] for k in range(sum(1 for key in inp if key.startswith("type")))]


def worker_pandana(args: argparse.Namespace, work: Path, stages: Stages) -> None:
    import pandana
    import pandas as pd

    inp = _inputs(work)
    reference = np.load(work / "nearest_adilkent.npy")
    maxdist = float(np.ceil(reference.max() * 60)) + 1.0  # seconds; no search needs to go farther
    stages.start()
    nodes = pd.DataFrame({"x": inp["x"], "y": inp["y"]})
    edges = pd.DataFrame({"from": inp["u"], "to": inp["v"], "w": inp["w"]})
    net = pandana.Network(
        nodes["x"], nodes["y"], edges["from"], edges["to"], edges[["w"]], twoway=False
    )
    stages.stop("build")
    stages.start()
    nearest = []
    for k, facility_nodes in enumerate(_types(inp)):
        net.set_pois(
            f"t{k}",
            maxdist,
            1,
            pd.Series(inp["x"][facility_nodes]),
            pd.Series(inp["y"][facility_nodes]),
        )
        found = net.nearest_pois(maxdist, f"t{k}", num_pois=1)
        nearest.append(found[1].to_numpy() / 60.0)
    stages.stop("nearest", maxdist_seconds=maxdist)
    np.save(work / "nearest_pandana.npy", np.vstack(nearest))

    if args.facilities and not args.skip_pandana_2sfca:
        stages.start()
        net.precompute(CATCHMENT_MIN * 60)
        stages.stop("2sfca_precompute")
        stages.start()
        net.set(pd.Series(inp["origins"]), variable=pd.Series(inp["demand"]), name="demand")
        reach_demand = net.aggregate(CATCHMENT_MIN * 60, type="sum", decay="flat", name="demand")
        catchment = reach_demand.to_numpy()[inp["facilities"]]
        ratio = np.divide(
            inp["supply"], catchment, out=np.zeros_like(inp["supply"]), where=catchment > 0
        )
        net.set(pd.Series(inp["facilities"]), variable=pd.Series(ratio), name="ratio")
        access = net.aggregate(CATCHMENT_MIN * 60, type="sum", decay="flat", name="ratio")
        stages.stop("2sfca")
        np.save(work / "2sfca_pandana.npy", access.to_numpy()[inp["origins"]])


def _networkx_queries(
    reverse: Any,
    node_of: np.ndarray,
    inp: dict[str, np.ndarray],
    args: argparse.Namespace,
    work: Path,
    stages: Stages,
    tool: str,
    weight: str = "weight",
) -> None:
    """Nearest and the 30-minute cost table with networkx's Dijkstra on ``reverse``.

    ``node_of[i]`` is the graph node of adilkent's node ``i``; results are saved in adilkent's
    node order for comparison.
    """
    import networkx as nx

    index_of = {int(node): i for i, node in enumerate(node_of.tolist())}
    stages.start()
    nearest = []
    for facility_nodes in _types(inp):
        sources = set(node_of[facility_nodes].tolist())
        lengths = nx.multi_source_dijkstra_path_length(reverse, sources, weight=weight)
        row = np.full(len(inp["x"]), np.inf)
        found = [(index_of[node], seconds) for node, seconds in lengths.items() if node in index_of]
        at, seconds = zip(*found, strict=True)
        row[np.asarray(at)] = np.asarray(seconds)
        nearest.append(row / 60.0)
    stages.stop("nearest")
    np.save(work / f"nearest_{tool}.npy", np.vstack(nearest))

    if args.facilities and not args.skip_networkx_2sfca:
        from adilkent.access.measures import two_step_fca
        from adilkent.access.model import CostTable

        position = {int(node_of[node]): i for i, node in enumerate(inp["origins"])}
        stages.start()
        o, d, m = [], [], []
        for j, facility in enumerate(node_of[inp["facilities"]].tolist()):
            lengths = nx.single_source_dijkstra_path_length(
                reverse, facility, cutoff=CATCHMENT_MIN * 60, weight=weight
            )
            for node, seconds in lengths.items():
                i = position.get(node)
                if i is not None:
                    o.append(i)
                    d.append(j)
                    m.append(seconds / 60.0)
        table = CostTable(
            np.asarray(o, dtype=np.int64),
            np.asarray(d, dtype=np.int64),
            np.asarray(m),
            len(inp["origins"]),
            len(inp["facilities"]),
            tool,
            CATCHMENT_MIN,
        )
        stages.stop("cost_table", pairs=len(m))
        stages.start()
        result = two_step_fca(table, inp["demand"], inp["supply"], CATCHMENT_MIN).to_numpy()
        stages.stop("2sfca_from_table")
        np.save(work / f"2sfca_{tool}.npy", result)


def worker_networkx(args: argparse.Namespace, work: Path, stages: Stages) -> None:
    import networkx as nx

    inp = _inputs(work)
    stages.start()
    graph = nx.DiGraph()
    graph.add_nodes_from(range(len(inp["x"])))
    graph.add_weighted_edges_from(
        zip(inp["u"].tolist(), inp["v"].tolist(), inp["w"].tolist(), strict=True)
    )
    stages.stop("build")
    reverse = graph.reverse(copy=False)
    _networkx_queries(reverse, np.arange(len(inp["x"])), inp, args, work, stages, "networkx")


def worker_osmnx(args: argparse.Namespace, work: Path, stages: Stages) -> None:
    """The osmnx + networkx pipeline: osmnx reads the streets, networkx searches its graph."""
    import osmnx as ox

    inp = _inputs(work)
    xml = work / "network.osm"
    stages.start()
    graph = ox.graph_from_xml(xml, bidirectional=True, simplify=False, retain_all=False)
    metres_per_second = WALK_KMH / 3.6
    for _, _, data in graph.edges(data=True):
        data["seconds"] = data["length"] / metres_per_second
    stages.stop(
        "build",
        nodes=graph.number_of_nodes(),
        edges=graph.number_of_edges(),
        note="from OSM XML of the walking profile's ways, simplify=False",
    )
    reverse = graph.reverse(copy=False)
    _networkx_queries(reverse, inp["osm_ids"], inp, args, work, stages, "osmnx", "seconds")


def worker_pysal(args: argparse.Namespace, work: Path, stages: Stages) -> None:
    import pandas as pd
    from access import Access

    inp = _inputs(work)
    with np.load(work / "table_adilkent.npz") as t:
        cost = pd.DataFrame({"origin": t["o"], "dest": t["d"], "minutes": t["m"]})
    stages.start()
    demand = pd.DataFrame({"oid": np.arange(len(inp["demand"])), "demand": inp["demand"]})
    supply = pd.DataFrame({"did": np.arange(len(inp["supply"])), "supply": inp["supply"]})
    model = Access(
        demand_df=demand,
        demand_index="oid",
        demand_value="demand",
        supply_df=supply,
        supply_index="did",
        supply_value="supply",
        cost_df=cost,
        cost_origin="origin",
        cost_dest="dest",
        cost_name="minutes",
    )
    result = model.two_stage_fca(name="2sfca", max_cost=CATCHMENT_MIN, normalize=False)
    stages.stop("2sfca_from_table")
    values = result.reindex(range(len(inp["demand"]))).iloc[:, 0].fillna(0.0).to_numpy()
    np.save(work / "2sfca_pysal.npy", values)


WORKERS = {
    "adilkent": worker_adilkent,
    "pandana": worker_pandana,
    "networkx": worker_networkx,
    "osmnx": worker_osmnx,
    "pysal": worker_pysal,
}


# --- parent ----------------------------------------------------------------------------------


def run_worker(tool: str, args: argparse.Namespace, work: Path, timeout: float) -> dict[str, Any]:
    command = [sys.executable, __file__, "--worker", tool, "--work", str(work), *args.passthrough]
    started = time.perf_counter()
    try:
        done = subprocess.run(command, timeout=timeout, capture_output=True, text=True, check=False)  # noqa: S603
    except subprocess.TimeoutExpired:
        return {"error": f"did not finish within {timeout:.0f} s"}
    if done.returncode != 0:
        return {
            "error": done.stderr.strip().splitlines()[-1]
            if done.stderr.strip()
            else f"exit {done.returncode}"
        }
    report = json.loads((work / f"report_{tool}.json").read_text())
    report["process_seconds"] = time.perf_counter() - started
    return report


def compare(work: Path) -> dict[str, Any]:
    out: dict[str, Any] = {}
    reference = np.load(work / "nearest_adilkent.npy")
    for tool in ("pandana", "networkx", "osmnx"):
        path = work / f"nearest_{tool}.npy"
        if path.exists():
            other = np.load(path)
            out[f"nearest_max_abs_diff_seconds_{tool}"] = float(
                np.max(np.abs(other - reference)) * 60
            )
    ref_path = work / "2sfca_adilkent.npy"
    if ref_path.exists():
        reference = np.load(ref_path)
        scale = float(np.max(np.abs(reference))) or 1.0
        for tool in ("pysal", "networkx", "osmnx", "pandana"):
            path = work / f"2sfca_{tool}.npy"
            if path.exists():
                other = np.load(path)
                out[f"2sfca_max_abs_diff_{tool}"] = float(np.max(np.abs(other - reference)))
                out[f"2sfca_max_rel_diff_{tool}"] = float(np.max(np.abs(other - reference)) / scale)
    return out


STAGES = ("build", "nearest", "cost_table", "2sfca_from_table")


def summarise(run: dict[str, Any], tools: list[str]) -> dict[str, Any]:
    """Seconds per stage and end to end for each tool, and each tool's time over adilkent's.

    Once with wall-clock seconds and once with the process's CPU seconds.
    """
    out: dict[str, Any] = {}
    for clock in ("seconds", "cpu_seconds"):
        seconds: dict[str, dict[str, float]] = {}
        for tool in tools:
            report = run.get(tool, {})
            if "error" in report or tool == "pysal":
                continue
            stages = {k: report[k][clock] for k in STAGES if k in report and clock in report[k]}
            if tool == "pandana" and "2sfca" in report:
                stages["2sfca"] = report["2sfca_precompute"][clock] + report["2sfca"][clock]
            stages["end_to_end"] = sum(stages.values())
            seconds[tool] = stages
        ours = seconds.get("adilkent", {})
        out[clock] = seconds
        out[f"times_adilkent_{clock}"] = {
            tool: {k: v / ours[k] for k, v in stages.items() if ours.get(k)}
            for tool, stages in seconds.items()
            if tool != "adilkent"
        }
    return out


def to_xml(osm: Path, xml: Path) -> dict[str, int]:
    """Write the ways the walking profile uses, and their nodes, as OSM XML for osmnx.

    The ways pass the same tag rules as adilkent's reader (``way_rule``); a way through a node
    that walking may not pass is cut there, as adilkent drops the segments touching it. osmnx
    then reads the same streets (with ``bidirectional=True``: walking is two-way).
    """
    import osmium

    from adilkent.access.osm import read_osm
    from adilkent.access.profiles import WAY_TAGS, node_blocks, way_rule

    streets = read_osm(osm)
    blocked = {ref for ref, tags in streets.node_tags.items() if node_blocks("walk", tags)}
    ways: list[tuple[int, list[int], dict[str, str]]] = []
    wanted: set[int] = set()
    next_id = 10**15
    for way in osmium.FileProcessor(str(osm), osmium.osm.WAY):
        if "highway" not in way.tags:
            continue
        tags = {k: v for k, v in way.tags if k in WAY_TAGS}
        if tags.get("area") == "yes" and tags["highway"] != "pedestrian":
            continue
        if way_rule("walk", tags) is None:
            continue
        piece: list[int] = []
        for ref in [*(node.ref for node in way.nodes), None]:
            if ref is not None and ref not in blocked:
                piece.append(ref)
                continue
            if len(piece) >= 2:
                ways.append((way.id if not ways or ways[-1][0] != way.id else next_id, piece, tags))
                next_id += 1
                wanted.update(piece)
            piece = []
    writer = osmium.SimpleWriter(str(xml))
    nodes = 0
    try:
        for node in osmium.FileProcessor(str(osm), osmium.osm.NODE):
            if node.id in wanted:
                writer.add_node(osmium.osm.mutable.Node(id=node.id, location=node.location))
                nodes += 1
        for way_id, refs, tags in ways:
            writer.add_way(osmium.osm.mutable.Way(id=way_id, nodes=refs, tags=tags))
    finally:
        writer.close()
    return {"xml_ways": len(ways), "xml_nodes": nodes, "blocked_nodes": len(blocked)}


def machine() -> dict[str, Any]:
    with open("/proc/cpuinfo") as f:
        model = next(
            (line.split(":", 1)[1].strip() for line in f if line.startswith("model name")), "?"
        )
    with open("/proc/meminfo") as f:
        mem_kb = int(next(line.split()[1] for line in f if line.startswith("MemTotal")))
    return {
        "cpu": model,
        "cores": os.cpu_count(),
        "memory_gb": round(mem_kb / 2**20, 1),
        "python": platform.python_version(),
        "load_average_at_start": os.getloadavg(),
    }


def versions() -> dict[str, str]:
    from importlib.metadata import version

    return {
        p: version(p)
        for p in ("scipy", "numpy", "osmium", "pandana", "networkx", "osmnx", "access", "pandas")
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("mode", nargs="?", choices=["full", "scaling"], default="full")
    parser.add_argument("--osm", type=Path, default=DATA / "porto_portugal.osm.pbf")
    parser.add_argument("--sizes", default="100,200,300,400,500,600,700,800,900,1000")
    parser.add_argument("--facilities", type=int, default=1000)
    parser.add_argument("--origins", type=int, default=10000)
    parser.add_argument("--skip-networkx-2sfca", action="store_true")
    parser.add_argument("--skip-pandana-2sfca", action="store_true")
    parser.add_argument("--timeout", type=float, default=1800)
    parser.add_argument("--tools", default="adilkent,pandana,networkx,osmnx,pysal")
    parser.add_argument("--memory-limit-gb", type=float, default=10.0)
    parser.add_argument("--out", type=Path)
    parser.add_argument("--worker", choices=sorted(WORKERS))
    parser.add_argument("--work", type=Path)
    args = parser.parse_args()
    args.sizes = [int(s) for s in str(args.sizes).split(",")]

    if args.worker:
        limit = int(args.memory_limit_gb * 2**30)
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        stages = Stages()
        WORKERS[args.worker](args, args.work, stages)
        (args.work / f"report_{args.worker}.json").write_text(json.dumps(stages.report))
        return

    def passthrough(osm: Path, sizes: list[int], facilities: int) -> list[str]:
        flags = [
            "--osm",
            str(osm),
            "--sizes",
            ",".join(map(str, sizes)),
            "--facilities",
            str(facilities),
        ]
        flags += ["--origins", str(args.origins), "--memory-limit-gb", str(args.memory_limit_gb)]
        flags += ["--skip-networkx-2sfca"] if args.skip_networkx_2sfca else []
        flags += ["--skip-pandana-2sfca"] if args.skip_pandana_2sfca else []
        return flags

    results: dict[str, Any] = {"machine": machine(), "versions": versions(), "mode": args.mode}
    if args.mode == "full":
        files, tools = [args.osm], args.tools.split(",")
    else:
        files = [
            DATA / f
            for f in (
                "Helsinki.osm.pbf",
                "monaco.osm.pbf",
                "liechtenstein-latest.osm.pbf",
                "bench-andorra.osm.pbf",
                args.osm,
            )
        ]
        tools = ["adilkent", "pandana", "networkx"]
    runs = {}
    for osm in files:
        with tempfile.TemporaryDirectory(prefix="access-bench-") as tmp:
            work = Path(tmp)
            sizes = args.sizes if args.mode == "full" else [100]
            facilities = args.facilities if args.mode == "full" else 0
            args.passthrough = passthrough(osm, sizes, facilities)
            run: dict[str, Any] = {
                "file": osm.name,
                "sizes": sizes,
                "facilities": facilities,
                "origins": args.origins,
            }
            for tool in tools:
                if tool == "osmnx":
                    run["osmnx_input"] = to_xml(osm, work / "network.osm")
                print(f"{osm.name}: {tool} …", file=sys.stderr, flush=True)
                run[tool] = run_worker(tool, args, work, args.timeout)
                print(json.dumps(run[tool]), file=sys.stderr, flush=True)
            run["agreement"] = compare(work)
            run["summary"] = summarise(run, tools)
            print(json.dumps(run["agreement"]), file=sys.stderr, flush=True)
            print(json.dumps(run["summary"], indent=1), file=sys.stderr, flush=True)
            runs[osm.name] = run
    results["runs"] = runs
    results["load_average_at_end"] = os.getloadavg()
    text = json.dumps(results, indent=1)
    if args.out:
        args.out.write_text(text + "\n")
    print(text)


if __name__ == "__main__":
    main()
