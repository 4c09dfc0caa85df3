"""Benchmark: PyVRP's gap to the best-known solutions, in interleaved rounds (issue 19, goal 4).

Each case of ``docs/benchmarks/routing.md`` (a VRPLIB instance of ``../shared/data/vrp`` and a
time limit) is solved by ``adilkent.routing.benchmark.run_instance`` in a fresh process, seed
1, as ``adilkent routing benchmark`` does; the cases run in rounds (all cases, then all again,
…) with the load average recorded around each, and each case's gap is given as the median and
range over the rounds. A time limit makes the answer depend on the machine and its load, which
is why the rounds are interleaved and the load is published with them. A case that does not
finish within its timeout is recorded as such.

    uv run --frozen python bench/routing_gaps.py --runs 3 --out docs/benchmarks/routing-gaps.json
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

from runs import interleave, publish, run_json

VRP = Path(os.environ.get("DATA_DIR", Path(__file__).resolve().parents[2] / "shared" / "data"))
VRP = VRP / "vrp"
CASES = [
    ("SDVRPTW/PR01", 3),
    ("SDVRPTW/PR01", 10),
    ("SDVRPTW/PR01", 30),
    ("SDVRPTW/PR02", 10),
    ("CVRP/X-n101-k25", 3),
    ("CVRP/X-n101-k25", 10),
    ("CVRP/X-n101-k25", 30),
    ("MDVRPTW/PR11A", 5),
    ("MDVRPTW/PR11A", 30),
    ("VRPTW/C1_10_1", 5),
    ("VRPTW/C1_10_1", 30),
    ("VRPTW/RC2_10_1", 30),
    ("PCVRPTW/C1_10_1", 5),
    ("PCVRPTW/C1_10_1", 20),
    ("PCVRPTW/C1_10_1", 30),
]
WORKER = (
    "import json, sys; from pathlib import Path; "
    "from adilkent.routing.benchmark import run_instance; "
    "print(json.dumps(run_instance(Path(sys.argv[1]), seconds=float(sys.argv[2]), seed=1)"
    ".as_dict()))"
)


def solve(instance: str, seconds: float, timeout: float) -> dict[str, Any]:
    path = VRP / f"{instance}.vrp"
    outcome = run_json([sys.executable, "-c", WORKER, str(path), str(seconds)], timeout)
    if "error" in outcome:
        return outcome
    outcome["feasible"] = 1 if outcome["feasible"] else 0
    return dict(outcome)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--timeout-factor", type=float, default=4.0)
    parser.add_argument("--timeout-extra", type=float, default=60.0)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()

    from access_network import machine

    def case(instance: str, seconds: int) -> tuple[str, Any]:
        timeout = seconds * args.timeout_factor + args.timeout_extra
        return f"{instance} {seconds} s", lambda: solve(instance, seconds, timeout)

    def show(name: str, run: Any) -> None:
        print(name, json.dumps(run), file=sys.stderr, flush=True)

    results: dict[str, Any] = {"machine": machine()}
    results["cases"] = interleave([case(i, s) for i, s in CASES], args.runs, on_run=show)
    publish(results, args.out)


if __name__ == "__main__":
    main()
