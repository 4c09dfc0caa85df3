"""The siting functions the scenario page calls: coverage-target covering against brute force,
and a scenario's before/after measures against figures worked out by hand."""

from __future__ import annotations

from itertools import combinations

import numpy as np
import pandas as pd
import pytest

from adilkent.access.analysis import access_measures, plan_sites, weighted_median
from adilkent.access.model import CostTable, StraightLineModel
from adilkent.access.siting import partial_covering


def random_table(
    seed: int, n: int = 12, m: int = 7, limit: float = 40.0
) -> tuple[CostTable, np.ndarray]:
    rng = np.random.default_rng(seed)
    minutes = rng.uniform(0, 60, size=(n, m))
    o, j = np.nonzero(minutes <= limit)
    return CostTable(o, j, minutes[o, j], n, m, "random", limit), rng.integers(0, 100, n).astype(
        float
    )


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("fixed", [(), (2,)])
@pytest.mark.parametrize("target", [0.5, 0.8])
def test_coverage_target_matches_brute_force(
    seed: int, fixed: tuple[int, ...], target: float
) -> None:
    table, demand = random_table(seed)
    cover = np.zeros((table.n_origins, table.n_destinations), bool)
    keep = table.minutes <= 20
    cover[table.origin[keep], table.destination[keep]] = True
    free = [j for j in range(table.n_destinations) if j not in fixed]

    def share(sites: list[int]) -> float:
        return demand[cover[:, sites].any(axis=1)].sum() / demand.sum() if sites else 0.0

    if share(list(range(table.n_destinations))) < target:
        with pytest.raises(ValueError, match="cannot be reached"):
            partial_covering(table, demand, 20, target, existing=fixed)
        return
    smallest = next(
        size
        for size in range(len(free) + 1)
        if any(share(list(fixed) + list(c)) >= target for c in combinations(free, size))
    )
    result = partial_covering(table, demand, 20, target, existing=fixed)
    assert len(result.opened) == smallest
    assert share(list(fixed) + result.opened) >= target - 1e-9
    assert not set(result.opened) & set(fixed)


def test_coverage_target_must_be_a_share() -> None:
    table, demand = random_table(0)
    with pytest.raises(ValueError, match="at most 1"):
        partial_covering(table, demand, 20, 1.5)


def test_weighted_median() -> None:
    assert weighted_median([5.0, 1.0, 3.0], [1, 1, 1]) == 3.0
    assert weighted_median([1.0, 100.0], [1, 3]) == 100.0
    assert weighted_median([1.0], [0]) is None


# A line of four villages along a meridian, 0.05° (≈ 5.56 km) apart; one existing site at the
# first. Walking at 4.8 km/h with circuity 1.3, 0.05° is ≈ 90 minutes.
MODEL = StraightLineModel(speed_kmh=4.8, circuity=1.3, mode="walk")
PLACES = pd.DataFrame(
    {
        "place_id": ["a", "b", "c", "d"],
        "name": ["A", "B", "C", "D"],
        "district": ["X", "X", "Y", "Y"],
        "lon": [27.0] * 4,
        "lat": [38.0, 38.05, 38.10, 38.15],
        "total": [100.0, 200.0, 300.0, 400.0],
        "village": [0.0, 200.0, 0.0, 400.0],
    }
)
EXISTING = pd.DataFrame({"facility_id": ["f"], "lon": [27.0], "lat": [38.0]})
CANDIDATES = PLACES.rename(columns={"place_id": "site_id"})


def step_minutes() -> float:
    return float(MODEL.minutes_for_metres(np.array([111_195.0 * 0.05]))[0])


def test_one_new_site_covers_the_largest_place_and_reports_whom_it_reaches() -> None:
    plan = plan_sites(
        PLACES, EXISTING, CANDIDATES, ["total", "village"], MODEL, k=1, max_minutes=30
    )
    # Each place reaches only a site in itself within 30 minutes: D (400 people) is the best.
    assert plan.new_sites["site_id"].tolist() == ["d"]
    assert plan.new_sites["newly_covered"].tolist() == [400.0]
    assert plan.new_sites["newly_covered_village"].tolist() == [400.0]
    assert plan.new_sites["newly_covered_places"].tolist() == [1]
    before, after = plan.before["groups"]["total"], plan.after["groups"]["total"]
    assert before["shares"]["30"] == pytest.approx(100 / 1000)
    assert after["shares"]["30"] == pytest.approx(500 / 1000)
    assert plan.after["groups"]["village"]["shares"]["30"] == pytest.approx(400 / 600)
    step = step_minutes()
    assert 85 < step < 95
    # before: 0, 1, 2, 3 steps; after: 0, 1, 1, 0 steps (C is one step from D)
    assert before["mean_minutes"] == pytest.approx(
        (200 * 1 + 300 * 2 + 400 * 3) * step / 1000, rel=1e-3
    )
    assert after["mean_minutes"] == pytest.approx((200 + 300) * step / 1000, rel=1e-3)
    # 500 of 1,000 people at 0 steps, the rest at 1: the median is the midpoint, half a step.
    assert after["median_minutes"] == pytest.approx(step / 2, rel=1e-3)
    assert before["median_minutes"] == pytest.approx(2 * step, rel=1e-3)  # 10 %, 30 %, 60 %
    assert plan.parameters["existing_sites"] == 1 and plan.parameters["candidates"] == 4


def test_with_no_existing_site_the_before_figures_are_empty_not_zero() -> None:
    nothing = EXISTING.iloc[0:0]
    plan = plan_sites(PLACES, nothing, CANDIDATES, ["total"], MODEL, k=2, method="p-median")
    assert plan.before["groups"]["total"]["shares"]["60"] == 0.0
    assert plan.before["groups"]["total"]["mean_minutes"] is None
    assert plan.before["gini_2sfca"] is None and plan.before["gini_minutes"] is None
    # Neighbours are ≈ 90 min apart, beyond the 60-minute table: every place without its own
    # site costs the same "unreachable" time, so p-median opens the two largest, C and D.
    assert sorted(plan.new_sites["site_id"]) == ["c", "d"]
    assert plan.new_sites["newly_covered"].sum() == 700.0


def test_set_cover_with_a_target_opens_the_fewest() -> None:
    plan = plan_sites(
        PLACES,
        EXISTING,
        CANDIDATES,
        ["total"],
        MODEL,
        k=0,
        method="set-cover",
        coverage_target=0.8,
        max_minutes=30,
    )
    # Covered already: A (10 %). 80 % needs D and C (10 + 40 + 30).
    assert sorted(plan.new_sites["site_id"]) == ["c", "d"]
    assert plan.after["groups"]["total"]["shares"]["30"] == pytest.approx(0.8)


def test_access_measures_equity_match_the_engine() -> None:
    from adilkent.access.equity import gini

    measures, minutes, nearest = access_measures(PLACES, EXISTING, ["total"], MODEL)
    assert nearest.tolist() == [0, 0, 0, 0]
    assert measures["gini_minutes"] == pytest.approx(gini(minutes, PLACES["total"]))
    # Only A reaches the site within the 30-minute catchment: all access is A's.
    assert measures["palma_2sfca"] is None  # the least-served 40 % have none


def test_bad_requests_are_refused_with_a_reason() -> None:
    with pytest.raises(ValueError, match="only 4 candidates"):
        plan_sites(PLACES, EXISTING, CANDIDATES, ["total"], MODEL, k=9)
    with pytest.raises(ValueError, match="no candidate sites"):
        plan_sites(PLACES, EXISTING, CANDIDATES.iloc[0:0], ["total"], MODEL, k=1)
    with pytest.raises(ValueError, match="unknown siting method"):
        plan_sites(PLACES, EXISTING, CANDIDATES, ["total"], MODEL, k=1, method="magic")
