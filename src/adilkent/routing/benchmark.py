"""Solver quality on VRPLIB benchmark instances: gap to the best-known solution in a fixed time.

PyVRP reads the instance and its ``.sol``; costs follow the instance's convention (DIMACS: one
decimal, truncated, so distances are scaled by 10 on reading). The best-known cost is read
from the ``Cost`` line of the ``.sol`` file.
"""

from __future__ import annotations

import re
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import pyvrp
from pyvrp.stop import MaxIterations, MaxRuntime


@dataclass(frozen=True)
class BenchmarkOutcome:
    instance: str
    clients: int
    seconds: float
    cost: float
    best_known: float
    gap_percent: float
    feasible: bool

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def best_known_cost(solution: Path) -> float:
    match = re.search(r"^\s*Cost\s*:?\s*([0-9.]+)", solution.read_text(), re.MULTILINE)
    if not match:
        raise ValueError(f"{solution.name}: no 'Cost' line")
    return float(match.group(1))


def rounding_for(instance: Path) -> tuple[str, float]:
    """How each family's best-known costs are written, as (PyVRP rounding, divisor): the
    Gehring–Homberger VRPTW files give costs with one decimal (DIMACS: × 10, truncated, so our
    integer cost is divided by 10); their PCVRPTW files and the Cordeau SDVRPTW/MDVRPTW files
    give the scaled integer itself (× 10 and × 1000); the X CVRP files round each edge."""
    family = instance.parent.name
    if family == "VRPTW":
        return "dimacs", 10.0
    if family == "PCVRPTW":
        return "dimacs", 1.0
    if family in {"SDVRPTW", "MDVRPTW"}:
        return "exact", 1.0
    if family == "CVRP":
        return "round", 1.0
    raise ValueError(f"unknown instance family {family!r}: the cost convention is not known")


def run_instance(
    instance: Path, seconds: float = 10.0, seed: int = 1, iterations: int | None = None
) -> BenchmarkOutcome:
    """Solve one VRPLIB instance for ``seconds`` (or, when given, exactly ``iterations``).

    An iteration budget with a fixed seed gives the same solution on any machine and under
    any load, which is what a regression test needs; a time budget is what a benchmark reports.
    """
    solution_file = instance.with_suffix(".sol")
    if not instance.exists():
        raise FileNotFoundError(instance)
    rounding, scale = rounding_for(instance)
    data = pyvrp.read(instance, round_func=rounding)
    started = time.perf_counter()
    stop = MaxIterations(iterations) if iterations is not None else MaxRuntime(seconds)
    result = pyvrp.solve(data, stop=stop, seed=seed, collect_stats=False)
    elapsed = time.perf_counter() - started
    cost = (result.best.distance_cost() + result.best.uncollected_prizes()) / scale
    bks = best_known_cost(solution_file)
    return BenchmarkOutcome(
        instance=f"{instance.parent.name}/{instance.stem}",
        clients=data.num_clients,
        seconds=round(elapsed, 2),
        cost=round(cost, 3),
        best_known=bks,
        gap_percent=round(100 * (cost - bks) / bks, 3),
        feasible=result.best.is_feasible(),
    )
