"""Access measures on a :class:`~adilkent.access.model.CostTable`.

All measures are sparse: they cost what the table holds (the pairs within the model's limit),
never origins × destinations. Each returns a pandas object whose ``attrs["parameters"]``
records what produced it, the travel-cost model's label included.

A small example: two places, one clinic with capacity 10, reachable in 5 and 20 minutes.

>>> from adilkent.access.model import CostTable
>>> table = CostTable(np.array([0, 1]), np.array([0, 0]), np.array([5.0, 20.0]), 2, 1, "toy")
>>> two_step_fca(table, demand=[100, 300], supply=[10], max_minutes=30).round(4).tolist()
[0.025, 0.025]
>>> cumulative_opportunities(table, [1], thresholds=(15, 30)).to_numpy().tolist()
[[1.0, 1.0], [0.0, 1.0]]
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd
from scipy import sparse

from .decay import Decay, no_decay
from .model import CostTable, Points, TravelCostModel

FloatArray = npt.NDArray[np.float64]
DEFAULT_THRESHOLDS: tuple[float, ...] = (15, 30, 45, 60)


def _vector(values: npt.ArrayLike, length: int, name: str) -> FloatArray:
    array = np.asarray(values, dtype=np.float64)
    if array.shape != (length,):
        raise ValueError(f"{name} has {array.size} values; expected one per row ({length})")
    if np.any(~np.isfinite(array)) or np.any(array < 0):
        raise ValueError(f"{name} must be finite and not negative")
    return array


def _check_threshold(table: CostTable, max_minutes: float) -> None:
    if table.max_minutes is not None and max_minutes > table.max_minutes:
        raise ValueError(
            f"the cost table stops at {table.max_minutes:g} min; cannot measure up to "
            f"{max_minutes:g} min (build the table with a larger limit)"
        )


def _weights(table: CostTable, max_minutes: float, decay: Decay) -> sparse.csr_matrix:
    """Origins × destinations matrix of decay weights for pairs within ``max_minutes``."""
    _check_threshold(table, max_minutes)
    keep = table.minutes <= max_minutes
    w = decay(table.minutes[keep])
    return sparse.csr_matrix(
        (w, (table.origin[keep], table.destination[keep])),
        shape=(table.n_origins, table.n_destinations),
    )


def _with_parameters(obj: Any, **parameters: Any) -> Any:
    obj.attrs["parameters"] = parameters
    return obj


def nearest_minutes(model: TravelCostModel, origins: Points, destinations: Points) -> pd.DataFrame:
    """Minutes from each origin to its nearest destination, and which one it is."""
    minutes, index = model.nearest(origins, destinations)
    frame = pd.DataFrame(
        {"minutes": minutes, "nearest_id": np.asarray(destinations.ids)[index]},
        index=pd.Index(origins.ids, name="place_id"),
    )
    return _with_parameters(frame, measure="nearest", model=model.label)


def cumulative_opportunities(
    table: CostTable,
    opportunities: npt.ArrayLike,
    thresholds: Sequence[float] = DEFAULT_THRESHOLDS,
) -> pd.DataFrame:
    """Opportunities (e.g. facilities, beds) reachable within each threshold, per origin.

    Columns are named ``within_<t>``; rows follow the origins of ``table``.
    """
    supply = _vector(opportunities, table.n_destinations, "opportunities")
    columns = {}
    for t in thresholds:
        _check_threshold(table, t)
        # Each pair within t adds its destination's opportunities to its origin: one pass
        # over the pairs (a weight matrix would sort them all first).
        keep = table.minutes <= t
        columns[f"within_{t:g}"] = np.bincount(
            table.origin[keep], weights=supply[table.destination[keep]], minlength=table.n_origins
        )
    return _with_parameters(
        pd.DataFrame(columns),
        measure="cumulative opportunities",
        thresholds=list(thresholds),
        model=table.model,
    )


def two_step_fca(
    table: CostTable,
    demand: npt.ArrayLike,
    supply: npt.ArrayLike,
    max_minutes: float,
    decay: Decay | None = None,
) -> pd.Series:
    """Two-step floating catchment area (Luo & Wang 2003); with ``decay``, enhanced (Luo & Qi 2009).

    Step 1: each facility's supply-to-demand ratio ``R_j = S_j / Σ_i P_i w(t_ij)`` over the
    places within ``max_minutes``. Step 2: each place's access ``A_i = Σ_j R_j w(t_ij)``.
    A facility that nobody reaches has no ratio and adds nothing. With population in persons
    and supply in, e.g., beds, the result is beds per person.
    """
    decay = decay or no_decay()
    p = _vector(demand, table.n_origins, "demand")
    s = _vector(supply, table.n_destinations, "supply")
    w = _weights(table, max_minutes, decay)
    catchment_demand = w.T @ p
    ratio = np.divide(s, catchment_demand, out=np.zeros_like(s), where=catchment_demand > 0)
    access = w @ ratio
    return _with_parameters(
        pd.Series(access, name="access"),
        measure="E2SFCA" if decay.label != "none" else "2SFCA",
        max_minutes=max_minutes,
        decay=decay.label,
        model=table.model,
    )


def gravity(
    table: CostTable,
    supply: npt.ArrayLike,
    decay: Decay,
    max_minutes: float | None = None,
) -> pd.Series:
    """Gravity (Hansen) access: ``A_i = Σ_j S_j f(t_ij)`` over the pairs in the table."""
    s = _vector(supply, table.n_destinations, "supply")
    limit = table.max_minutes if max_minutes is None else max_minutes
    w = _weights(table, np.inf if limit is None else limit, decay)
    return _with_parameters(
        pd.Series(w @ s, name="access"),
        measure="gravity",
        decay=decay.label,
        max_minutes=limit,
        model=table.model,
    )


def group_summary(
    values: npt.ArrayLike,
    population: pd.DataFrame,
    by: npt.ArrayLike | None = None,
) -> pd.DataFrame:
    """Population-weighted mean of a measure for each group (column of ``population``).

    With ``by`` (e.g. each place's district), one row per area and ``"all"`` for the total.

    >>> pop = pd.DataFrame({"total": [100, 300], "children": [50, 0]})
    >>> group_summary([10.0, 20.0], pop).round(2).to_dict("records")
    [{'area': 'all', 'total': 17.5, 'children': 10.0}]
    """
    v = np.asarray(values, dtype=np.float64)
    if len(v) != len(population):
        raise ValueError("one value per place is needed")
    areas = np.full(len(v), "all", dtype=object) if by is None else np.asarray(by, dtype=object)
    rows = []
    for area in ([] if by is None else sorted(set(areas))) + ["all"]:
        mask = np.ones(len(v), bool) if area == "all" else areas == area
        row: dict[str, Any] = {"area": area}
        for group in population.columns:
            w = population[group].to_numpy(dtype=np.float64)[mask]
            row[group] = float(np.average(v[mask], weights=w)) if w.sum() > 0 else np.nan
        rows.append(row)
    return pd.DataFrame(rows)


def share_within(
    minutes: npt.ArrayLike,
    population: pd.DataFrame,
    thresholds: Sequence[float] = DEFAULT_THRESHOLDS,
    by: npt.ArrayLike | None = None,
) -> pd.DataFrame:
    """Share of each group's population whose travel time is at most each threshold.

    >>> pop = pd.DataFrame({"total": [100, 300]})
    >>> share_within([10.0, 40.0], pop, thresholds=(15, 45))[["threshold", "total"]].to_dict("records")
    [{'threshold': 15, 'total': 0.25}, {'threshold': 45, 'total': 1.0}]
    """
    m = np.asarray(minutes, dtype=np.float64)
    if len(m) != len(population):
        raise ValueError("one travel time per place is needed")
    areas = np.full(len(m), "all", dtype=object) if by is None else np.asarray(by, dtype=object)
    rows = []
    for area in ([] if by is None else sorted(set(areas))) + ["all"]:
        mask = np.ones(len(m), bool) if area == "all" else areas == area
        for t in thresholds:
            row: dict[str, Any] = {"area": area, "threshold": t}
            for group in population.columns:
                w = population[group].to_numpy(dtype=np.float64)[mask]
                total = w.sum()
                row[group] = float(w[m[mask] <= t].sum() / total) if total > 0 else np.nan
            rows.append(row)
    return pd.DataFrame(rows)
