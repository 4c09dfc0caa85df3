"""Benchmark: adilkent's OSM street-network model against pandana, osmnx + networkx and PySAL access.

Each tool runs in its own worker process (this file with ``--worker``), measured the same way:
wall-clock time of each stage with ``time.perf_counter``, the process's CPU time with
``time.process_time`` (steadier than wall-clock time on a shared machine), and its peak resident memory
after each stage from ``VmHWM`` (``runs.peak_mb``; so a stage's figure
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

Settings: each competitor gets the best setting its documentation offers for the question asked.

- pandana: ``set_pois(maxdist, maxitems)`` and ``nearest_pois(distance, num_pois=1)`` search
  each node's surroundings up to ``distance`` (its docs: "the maximum distance to look for
  pois"; ``maxdist`` is "the maximum distance that will later be used"), and the search costs
  more the farther it reaches. Each facility type gets its own radius: the largest of
  adilkent's nearest times for that type, rounded up to a whole second plus one second, the
  smallest radius that still finds every node's nearest facility (a smaller one would leave
  nodes without an answer, a larger one only costs time). Working it out is not timed.
  ``maxitems`` and ``num_pois`` are 1, the fewest. For 2SFCA, ``precompute`` and
  ``aggregate`` get exactly the 30-minute catchment ("as long as you use a smaller distance,
  cached results will be used"). pandana builds its contraction hierarchy once, in "build".
- networkx: one ``multi_source_dijkstra_path_length`` from all facilities of a type for
  nearest (one search instead of one per facility), and ``single_source_dijkstra_path_length``
  with ``cutoff`` = the catchment per facility for the cost table, on the reversed graph.
- osmnx: ``graph_from_xml(simplify=False)``, because every node's answer is compared with
  adilkent's; a simplified graph would no longer have the interstitial nodes. Then networkx as
  above.
- PySAL access: ``two_stage_fca(max_cost=30, normalize=False)`` on adilkent's cost table, its
  documented way to start from a precomputed table.

Runs (issue 19, "honest ratios"): ``--runs N`` (default 3) runs the selected tools in rounds,
A B C, A B C, … (``bench/runs.py``), each run a fresh worker process; adilkent runs first in
every round, as the others read its inputs from the work directory (it writes the same files
each time: seed 2026). The load average is recorded before and after each run. The summary
gives, per tool and stage, the median and range (min–max) of wall-clock and CPU seconds, the
median peak memory, the range of the one-minute load average, and each competitor's time
over adilkent's: the median over the median, and the range of the ratios within each round.
Besides the stages above, "2sfca" is the whole 2SFCA from the network (cost table and
arithmetic; pandana's ``precompute`` and ``aggregate``) and "end_to_end" is build + nearest +
2sfca. The equality check compares the last round's results.

Run with the bench dependency group (on a quiet machine)::

    uv run --group bench python bench/access_network.py full --runs 5 --timeout 1800 \
        --osm /path/porto_portugal.osm.pbf --out access-network.json
    uv run --group bench python bench/access_network.py scaling --runs 3

A smoke run on a small extract (under a minute)::

    uv run --group bench python bench/access_network.py full --runs 2 \
        --osm /path/monaco.osm.pbf --facilities 20 --origins 200 --sizes 5,10
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
import runs
from runs import peak_mb

DATA = (
    Path(os.environ.get("DATA_DIR", Path(__file__).resolve().parents[2] / "shared" / "data"))
    / "osm"
)
SEED = 2026
CATCHMENT_MIN = 30.0
WALK_KMH = 4.8


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


def search_radius_seconds(minutes: np.ndarray) -> float:
    """pandana's search radius for one facility type: its largest nearest time (``minutes``,
    adilkent's, unreachable nodes left out) rounded up to a whole second, plus one second.

    >>> search_radius_seconds(np.array([0.0, 2.5, 10.001, np.inf]))
    602.0
    """
    reachable = minutes[np.isfinite(minutes)]
    return float(np.ceil(reachable.max() * 60)) + 1.0 if len(reachable) else 1.0


def worker_pandana(args: argparse.Namespace, work: Path, stages: Stages) -> None:
    import pandana
    import pandas as pd

    inp = _inputs(work)
    # Seconds, per facility type: no search for that type needs to go farther (module docstring).
    maxdists = [search_radius_seconds(row) for row in np.load(work / "nearest_adilkent.npy")]
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
            maxdists[k],
            1,
            pd.Series(inp["x"][facility_nodes]),
            pd.Series(inp["y"][facility_nodes]),
        )
        found = net.nearest_pois(maxdists[k], f"t{k}", num_pois=1)
        nearest.append(found[1].to_numpy() / 60.0)
    stages.stop("nearest", maxdist_seconds=maxdists)
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
    """One run of ``tool`` in a fresh worker process: its report, with ``stage_figures``
    under ``stages``, or ``{"error": ...}``."""
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
    report: dict[str, Any] = json.loads((work / f"report_{tool}.json").read_text())
    report["process_seconds"] = time.perf_counter() - started
    report["stages"] = stage_figures(tool, report)
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
ALL_STAGES = (*STAGES, "2sfca", "end_to_end")
CLOCKS = ("seconds", "cpu_seconds")


def stage_figures(tool: str, report: dict[str, Any]) -> dict[str, dict[str, float]]:
    """Per clock (and ``peak_mb``), the figure of each stage that the tools share.

    ``2sfca`` is the whole 2SFCA from the network: the cost table and the arithmetic on it, or
    pandana's ``precompute`` and two ``aggregate`` calls. ``end_to_end`` adds build, nearest
    and 2SFCA (not for PySAL, which runs only the arithmetic on adilkent's table).
    """
    out: dict[str, dict[str, float]] = {}
    for clock in (*CLOCKS, "peak_mb"):
        stages = {k: report[k][clock] for k in STAGES if k in report and clock in report[k]}
        combine = max if clock == "peak_mb" else sum
        if "cost_table" in stages and "2sfca_from_table" in stages:
            stages["2sfca"] = combine([stages["cost_table"], stages["2sfca_from_table"]])
        if "2sfca" in report and "2sfca_precompute" in report:
            stages["2sfca"] = combine([report["2sfca_precompute"][clock], report["2sfca"][clock]])
        if tool != "pysal":
            parts = [stages[k] for k in ("build", "nearest", "2sfca") if k in stages]
            stages["end_to_end"] = combine(parts)
        out[clock] = stages
    return out


def summarise(results: dict[str, runs.Summary]) -> dict[str, Any]:
    """Per tool and stage: median and range of wall-clock and CPU seconds, median peak memory;
    the range of the load average over all runs; each competitor's time over adilkent's,
    median over median with the range of the ratios within a round."""
    per_tool: dict[str, Any] = {}
    for tool, summary in results.items():
        figures = summary["figures"]
        stages: dict[str, Any] = {}
        for key, spread in figures.items():
            part = key.split(".")
            if part[0] != "stages" or len(part) != 3:
                continue
            clock, stage = part[1], part[2]
            entry = stages.setdefault(stage, {})
            if clock == "peak_mb":
                entry["peak_mb_median"] = spread["median"]
            else:
                entry[clock] = spread
        per_tool[tool] = {
            "runs": len(summary["runs"]),
            "errors": summary["errors"],
            "stages": {k: stages[k] for k in ALL_STAGES if k in stages},
        }
    loads = [
        run[side][0]
        for s in results.values()
        for run in s["runs"]
        for side in ("load_before", "load_after")
    ]
    out: dict[str, Any] = {"tools": per_tool, "load_average_1min": runs.spread(loads)}
    ours = results.get("adilkent")
    if ours is not None:
        times: dict[str, Any] = {}
        for tool, summary in results.items():
            if tool == "adilkent":
                continue
            for clock in CLOCKS:
                for stage in ALL_STAGES:
                    ratio = runs.ratio(summary, ours, f"stages.{clock}.{stage}")
                    if ratio is not None:
                        times.setdefault(tool, {}).setdefault(clock, {})[stage] = ratio
        out["times_adilkent"] = times
    return out


def print_summary(name: str, summary: dict[str, Any]) -> None:
    """The summary as a few readable lines on stderr."""
    load = summary["load_average_1min"]
    lines = [f"{name}: load average (1 min) {load['min']:.2f}–{load['max']:.2f}"]
    for tool, item in summary["tools"].items():
        lines.append(f"  {tool} ({item['runs']} runs, {item['errors']} failed)")
        for stage, entry in item["stages"].items():
            if "seconds" not in entry:
                continue
            wall, cpu = entry["seconds"], entry.get("cpu_seconds")
            text = f"    {stage:<17} wall {_spread(wall, 's')}"
            text += f"  cpu {_spread(cpu, 's')}" if cpu else ""
            text += f"  peak {entry['peak_mb_median']:.0f} MB" if "peak_mb_median" in entry else ""
            ratio = summary.get("times_adilkent", {}).get(tool, {})
            for clock, label in (("seconds", "wall"), ("cpu_seconds", "cpu")):
                if stage in ratio.get(clock, {}):
                    text += f"  ×adilkent {label} {_spread(ratio[clock][stage], '×')}"
            lines.append(text)
    print("\n".join(lines), file=sys.stderr, flush=True)


def _spread(spread: runs.Spread, unit: str) -> str:
    return f"{spread['median']:.3g}{unit} ({spread['min']:.3g}–{spread['max']:.3g})"


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
        if not isinstance(way, osmium.osm.Way) or "highway" not in way.tags:
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
            if isinstance(node, osmium.osm.Node) and node.id in wanted:
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
    from importlib.metadata import PackageNotFoundError, version

    out = {}
    for p in ("scipy", "numpy", "osmium", "pandana", "networkx", "osmnx", "access", "pandas"):
        try:
            out[p] = version(p)
        except PackageNotFoundError:
            out[p] = "not installed"
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("mode", nargs="?", choices=["full", "scaling"], default="full")
    parser.add_argument("--osm", type=Path, default=DATA / "porto_portugal.osm.pbf")
    parser.add_argument("--sizes", default="100,200,300,400,500,600,700,800,900,1000")
    parser.add_argument("--facilities", type=int, default=1000)
    parser.add_argument("--origins", type=int, default=10000)
    parser.add_argument("--skip-networkx-2sfca", action="store_true")
    parser.add_argument("--skip-pandana-2sfca", action="store_true")
    parser.add_argument("--timeout", type=float, default=1800, help="seconds per worker run")
    parser.add_argument("--runs", type=int, default=3, help="rounds of interleaved runs")
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
        if "adilkent" not in tools:
            parser.error("--tools: the other tools read adilkent's inputs; include adilkent")
        tools = ["adilkent", *(t for t in tools if t != "adilkent")]
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
    by_file = {}
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
                "runs": args.runs,
            }
            if "osmnx" in tools:
                run["osmnx_input"] = to_xml(osm, work / "network.osm")

            def case(tool: str, work: Path = work) -> runs.Case:
                return tool, lambda: run_worker(tool, args, work, args.timeout)

            def progress(tool: str, done: runs.Run, name: str = osm.name) -> None:
                figures = done["figures"]
                brief = figures.get("error") or {
                    clock: {k: round(v, 4) for k, v in figures["stages"][clock].items()}
                    for clock in CLOCKS
                }
                load = done["load_before"][0]
                print(
                    f"{name} round {done['round']} {tool} (load {load:.2f}): {json.dumps(brief)}",
                    file=sys.stderr,
                    flush=True,
                )

            measured = runs.interleave([case(t) for t in tools], args.runs, on_run=progress)
            run["tools"] = measured
            run["agreement"] = compare(work)
            run["summary"] = summarise(measured)
            print(json.dumps(run["agreement"]), file=sys.stderr, flush=True)
            print_summary(osm.name, run["summary"])
            by_file[osm.name] = run
    results["runs"] = by_file
    runs.publish(results, args.out)


if __name__ == "__main__":
    main()
