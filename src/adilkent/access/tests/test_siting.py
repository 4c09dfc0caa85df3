"""Siting answers checked against brute force on small random instances."""

from itertools import combinations

import numpy as np
import pytest

from adilkent.access.model import CostTable
from adilkent.access.siting import maximal_covering, p_median, set_covering


def random_table(
    seed: int, n: int = 12, m: int = 7, limit: float = 40.0
) -> tuple[CostTable, np.ndarray]:
    rng = np.random.default_rng(seed)
    minutes = rng.uniform(0, 60, size=(n, m))
    o, j = np.nonzero(minutes <= limit)
    table = CostTable(o, j, minutes[o, j], n, m, "random", limit)
    demand = rng.integers(0, 100, size=n).astype(float)
    return table, demand


def dense(table: CostTable, missing: float) -> np.ndarray:
    c = np.full((table.n_origins, table.n_destinations), missing)
    c[table.origin, table.destination] = table.minutes
    return c


@pytest.mark.parametrize("seed", range(5))
@pytest.mark.parametrize("fixed", [(), (3,)])
def test_maximal_covering_matches_brute_force(seed: int, fixed: tuple[int, ...]) -> None:
    table, demand = random_table(seed)
    cover = dense(table, np.inf) <= 20
    free = [j for j in range(table.n_destinations) if j not in fixed]
    best = max(
        demand[cover[:, list(fixed) + list(c)].any(axis=1)].sum() for c in combinations(free, 2)
    )
    result = maximal_covering(table, demand, k=2, max_minutes=20, existing=fixed)
    assert result.covered_demand == pytest.approx(best)
    assert result.objective == pytest.approx(best)
    assert len(result.opened) == 2 and not set(result.opened) & set(fixed)


@pytest.mark.parametrize("seed", range(5))
def test_set_covering_matches_brute_force(seed: int) -> None:
    table, demand = random_table(seed)
    cover = dense(table, np.inf) <= 25
    need = (demand > 0) & cover.any(axis=1)
    smallest = next(
        size
        for size in range(table.n_destinations + 1)
        if any(
            cover[need][:, list(c)].any(axis=1).all()
            for c in combinations(range(table.n_destinations), size)
        )
    )
    result = set_covering(table, demand, max_minutes=25)
    assert len(result.opened) == smallest
    assert cover[need][:, result.opened].any(axis=1).all()
    assert result.uncoverable == np.flatnonzero((demand > 0) & ~cover.any(axis=1)).tolist()


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("fixed", [(), (0,)])
def test_p_median_close_to_brute_force_and_bound_is_valid(
    seed: int, fixed: tuple[int, ...]
) -> None:
    table, demand = random_table(seed)
    costs = dense(table, 80.0)  # unreachable = twice the 40-minute limit
    free = [j for j in range(table.n_destinations) if j not in fixed]
    optimum = min(
        demand @ costs[:, list(fixed) + list(c)].min(axis=1) for c in combinations(free, 3)
    )
    result = p_median(table, demand, k=3, existing=fixed)
    assert result.bound is not None
    assert result.bound <= optimum + 1e-6  # a lower bound can never exceed the optimum
    assert result.objective >= optimum - 1e-6
    assert result.objective <= optimum * 1.05  # greedy + swap within 5 % here
    assert demand @ costs[:, list(fixed) + result.opened].min(axis=1) == pytest.approx(
        result.objective
    )


def test_too_many_sites_is_a_clear_error() -> None:
    table, demand = random_table(0)
    with pytest.raises(ValueError, match="cannot open 9 new sites"):
        maximal_covering(table, demand, k=9, max_minutes=20)
    with pytest.raises(ValueError, match="one value per place"):
        p_median(table, demand[:3], k=1)


def test_p_median_with_whole_minute_limits_keeps_fractional_costs() -> None:
    # a table whose limit is an int (60, as from thresholds 15/30/45/60) must not round costs
    table = CostTable(np.array([0, 1]), np.array([0, 0]), np.array([1.5, 2.5]), 2, 1, "t", 60)
    result = p_median(table, [1.0, 1.0], k=0, existing=[0])
    assert result.objective == pytest.approx(4.0)
    assert result.bound == pytest.approx(4.0)
