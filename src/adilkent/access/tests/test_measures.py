"""Access measures on small cases worked out by hand, and against PySAL ``access`` when present."""

import numpy as np
import pandas as pd
import pytest

from adilkent.access.decay import gaussian_decay, step_decay
from adilkent.access.measures import (
    cumulative_opportunities,
    gravity,
    group_summary,
    share_within,
    two_step_fca,
)
from adilkent.access.model import CostTable

# Three places (population 100, 200, 300), two clinics (supply 10, 20).
# Minutes: place 0 → A 5, B 25; place 1 → A 12; place 2 → B 8.
TABLE = CostTable(
    origin=np.array([0, 0, 1, 2]),
    destination=np.array([0, 1, 0, 1]),
    minutes=np.array([5.0, 25.0, 12.0, 8.0]),
    n_origins=3,
    n_destinations=2,
    model="hand",
    max_minutes=30.0,
)


def test_2sfca_by_hand() -> None:
    # A reaches places 0, 1: 300 people → 10/300. B reaches places 0, 2: 400 → 20/400.
    access = two_step_fca(TABLE, [100, 200, 300], [10, 20], max_minutes=30)
    assert access.tolist() == pytest.approx([10 / 300 + 20 / 400, 10 / 300, 20 / 400])
    assert access.attrs["parameters"]["model"] == "hand"
    # With a 10-minute catchment B only serves place 2, A only place 0.
    assert two_step_fca(TABLE, [100, 200, 300], [10, 20], 10).tolist() == pytest.approx(
        [10 / 100, 0, 20 / 300]
    )


def test_2sfca_conserves_supply() -> None:
    # Σ_i P_i A_i equals the supply of every facility that somebody reaches.
    access = two_step_fca(TABLE, [100, 200, 300], [10, 20], max_minutes=30)
    assert float(np.dot([100, 200, 300], access)) == pytest.approx(30)


def test_enhanced_2sfca_by_hand() -> None:
    decay = step_decay({10: 1.0, 20: 0.68, 30: 0.22})
    # weights: (0,A)=1, (0,B)=0.22, (1,A)=0.68, (2,B)=1
    ra = 10 / (100 * 1 + 200 * 0.68)
    rb = 20 / (100 * 0.22 + 300 * 1)
    access = two_step_fca(TABLE, [100, 200, 300], [10, 20], 30, decay=decay)
    assert access.tolist() == pytest.approx([ra + 0.22 * rb, 0.68 * ra, rb])
    assert access.attrs["parameters"]["measure"] == "E2SFCA"


def test_cumulative_and_gravity_by_hand() -> None:
    counts = cumulative_opportunities(TABLE, [1, 1], thresholds=(10, 30))
    assert counts["within_10"].tolist() == [1, 0, 1]
    assert counts["within_30"].tolist() == [2, 1, 1]
    g = gravity(TABLE, [10, 20], gaussian_decay(10))
    assert g[1] == pytest.approx(10 * np.exp(-(12**2) / 200))


@pytest.mark.parametrize("seed", range(4))
def test_cumulative_sums_the_opportunities_within_each_threshold(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n_origins, n_destinations = 50, 12
    pairs = rng.choice(n_origins * n_destinations, 300, replace=False)
    table = CostTable(
        origin=pairs // n_destinations,
        destination=pairs % n_destinations,
        minutes=rng.uniform(0, 60, 300),
        n_origins=n_origins,
        n_destinations=n_destinations,
        model="random",
        max_minutes=60.0,
    )
    supply = rng.uniform(0, 5, n_destinations)
    counts = cumulative_opportunities(table, supply, thresholds=(15, 30, 60))
    for t in (15, 30, 60):
        dense = np.zeros((n_origins, n_destinations))
        near = table.minutes <= t
        dense[table.origin[near], table.destination[near]] = 1
        assert counts[f"within_{t}"].to_numpy() == pytest.approx(dense @ supply, rel=1e-12)


def test_limit_beyond_table_is_refused() -> None:
    with pytest.raises(ValueError, match="stops at 30 min"):
        cumulative_opportunities(TABLE, [1, 1], thresholds=(45,))


def test_group_summary_and_share_within() -> None:
    pop = pd.DataFrame({"total": [100, 200, 300], "village": [0, 200, 0]})
    summary = group_summary([5.0, 12.0, 8.0], pop, by=["x", "x", "y"])
    row = summary.set_index("area").loc["x"]
    assert row["total"] == pytest.approx((500 + 2400) / 300)
    assert row["village"] == pytest.approx(12)
    shares = share_within([5.0, 12.0, 8.0], pop, thresholds=(10,))
    assert shares.loc[shares.area == "all", "total"].item() == pytest.approx(400 / 600)
    assert shares.loc[shares.area == "all", "village"].item() == 0


def test_pysal_access_agrees() -> None:
    access_lib = pytest.importorskip(
        "access", reason="PySAL access is in the optional 'bench' group (uv run --group bench)"
    )
    rng = np.random.default_rng(7)
    n, m = 40, 9
    minutes = rng.uniform(0, 50, size=(n, m))
    o, j = np.nonzero(minutes <= 50)
    table = CostTable(o, j, minutes[o, j], n, m, "random", 50)
    pop = rng.integers(50, 5000, n).astype(float)
    supply = rng.integers(1, 30, m).astype(float)
    demand_df = pd.DataFrame({"geoid": range(n), "pop": pop}).set_index("geoid")
    supply_df = pd.DataFrame({"geoid": range(m), "beds": supply}).set_index("geoid")
    cost_df = pd.DataFrame({"origin": o, "dest": j, "cost": minutes[o, j]})
    model = access_lib.Access(
        demand_df=demand_df,
        demand_value="pop",
        supply_df=supply_df,
        supply_value="beds",
        cost_df=cost_df,
        cost_origin="origin",
        cost_dest="dest",
        cost_name="cost",
    )
    theirs = model.two_stage_fca(name="2sfca", max_cost=30, normalize=False)["2sfca_beds"]
    ours = two_step_fca(table, pop, supply, 30)
    np.testing.assert_allclose(
        ours.to_numpy(), theirs.reindex(range(n)).fillna(0).to_numpy(), rtol=1e-9, atol=1e-15
    )
    steps = {10: 1.0, 20: 0.68, 30: 0.22}
    theirs_e = model.enhanced_two_stage_fca(
        name="e2sfca", weight_fn=access_lib.weights.step_fn(steps), max_cost=30, normalize=False
    )["e2sfca_beds"]
    ours_e = two_step_fca(table, pop, supply, 30, decay=step_decay(steps))
    np.testing.assert_allclose(
        ours_e.to_numpy(), theirs_e.reindex(range(n)).fillna(0).to_numpy(), rtol=1e-9, atol=1e-15
    )
