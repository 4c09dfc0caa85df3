"""Solver quality on the shared VRPLIB instances: gap to the best-known solution after a fixed
number of solver iterations with a fixed seed, so the outcome does not depend on the machine's
load. Bounds are regression bounds a little above the gaps measured here (SDVRPTW/PR01 0.00 %,
X-n101-k25 1.35 %, VRPTW C1_10_1 4.43 %, PCVRPTW C1_10_1 52.0 %; see
docs/benchmarks/routing.md for timed runs); the best-known costs come from the ``.sol`` files.
"""

from __future__ import annotations

import pytest
import pyvrp

from adilkent.paths import data_dir
from adilkent.routing.benchmark import best_known_cost, rounding_for, run_instance

VRP = data_dir() / "vrp"

CASES = [
    # family/instance, solver iterations, bound on the gap in percent
    ("SDVRPTW/PR01", 3000, 0.5),
    ("CVRP/X-n101-k25", 3000, 2.0),
    ("VRPTW/C1_10_1", 1500, 5.0),
    ("PCVRPTW/C1_10_1", 1500, 55.0),
]


@pytest.mark.parametrize(
    "family", ["SDVRPTW/PR01", "CVRP/X-n101-k25", "VRPTW/C1_10_1", "PCVRPTW/C1_10_1"]
)
def test_best_known_solution_costs_what_its_file_says(family: str) -> None:
    # the oracle: PyVRP's own evaluation of the published solution, independent of our solver
    instance = VRP / f"{family}.vrp"
    rounding, divisor = rounding_for(instance)
    data = pyvrp.read(instance, round_func=rounding)
    bks = pyvrp.read_solution(instance.with_suffix(".sol"), data)
    cost = (bks.distance_cost() + bks.uncollected_prizes()) / divisor
    assert bks.is_feasible()
    assert cost == pytest.approx(best_known_cost(instance.with_suffix(".sol")), rel=1e-6)


@pytest.mark.slow
@pytest.mark.parametrize(("family", "iterations", "bound"), CASES)
def test_gap_to_best_known_stays_under_bound(family: str, iterations: int, bound: float) -> None:
    outcome = run_instance(VRP / f"{family}.vrp", iterations=iterations, seed=1)
    assert outcome.feasible
    assert outcome.gap_percent >= -1e-6  # never better than the best known: a unit check
    assert outcome.gap_percent <= bound
