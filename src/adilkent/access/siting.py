"""Where should new facilities go? Maximal covering, p-median and set covering, built directly
in HiGHS on sparse matrices, with existing facilities kept open.

Candidates are the destinations of a :class:`~adilkent.access.model.CostTable` (places ×
candidate sites); ``existing`` lists the candidates that are already open and stay open.

>>> from adilkent.access.model import CostTable
>>> # three places (demand 5, 1, 4), two candidate sites; site 0 covers places 0–1, site 1 covers 1–2
>>> t = CostTable(np.array([0, 1, 1, 2]), np.array([0, 0, 1, 1]), np.array([5.0, 9.0, 8.0, 3.0]), 3, 2, "toy")
>>> r = maximal_covering(t, demand=[5, 1, 4], k=1, max_minutes=10)
>>> r.opened, r.covered_demand
([0], 6.0)
>>> set_covering(t, demand=[5, 1, 4], max_minutes=10).opened
[0, 1]
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import highspy
import numpy as np
import numpy.typing as npt
from scipy import sparse

from .model import CostTable

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class SitingResult:
    """The sites chosen, the objective and the parameters that produced them.

    ``opened`` are the new sites (candidate positions, existing ones excluded); ``bound`` is a
    proven bound on the objective (HiGHS), when computed; ``gap`` the relative gap to it.
    """

    method: str
    opened: list[int]
    existing: list[int]
    objective: float
    covered_demand: float | None = None
    uncoverable: list[int] = field(default_factory=list)
    bound: float | None = None
    gap: float | None = None
    seconds: float = 0.0
    parameters: dict[str, Any] = field(default_factory=dict)


def _check(table: CostTable, demand: npt.ArrayLike, existing: Sequence[int]) -> FloatArray:
    d = np.asarray(demand, dtype=np.float64)
    if d.shape != (table.n_origins,):
        raise ValueError(f"demand needs one value per place ({table.n_origins}), got {d.size}")
    if np.any(~np.isfinite(d)) or np.any(d < 0):
        raise ValueError("demand must be finite and not negative")
    bad = [j for j in existing if not 0 <= j < table.n_destinations]
    if bad:
        raise ValueError(f"existing sites {bad} are not candidate positions")
    return d


def _coverage(table: CostTable, max_minutes: float) -> sparse.csr_matrix:
    if table.max_minutes is not None and max_minutes > table.max_minutes:
        raise ValueError(
            f"the cost table stops at {table.max_minutes:g} min, below {max_minutes:g}"
        )
    keep = table.minutes <= max_minutes
    return sparse.csr_matrix(
        (np.ones(int(keep.sum())), (table.origin[keep], table.destination[keep])),
        shape=(table.n_origins, table.n_destinations),
    )


def _solve(
    cost: FloatArray,
    matrix: sparse.spmatrix,
    row_lower: FloatArray,
    row_upper: FloatArray,
    col_lower: FloatArray,
    col_upper: FloatArray,
    integer: npt.NDArray[np.bool_],
    maximize: bool,
    time_limit: float,
) -> tuple[FloatArray, float, float]:
    """Solve with HiGHS; returns column values, objective and the proven dual bound."""
    a = sparse.csc_matrix(matrix)
    lp = highspy.HighsLp()
    lp.num_col_ = a.shape[1]
    lp.num_row_ = a.shape[0]
    lp.col_cost_ = cost
    lp.col_lower_ = col_lower
    lp.col_upper_ = col_upper
    lp.row_lower_ = row_lower
    lp.row_upper_ = row_upper
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = a.indptr
    lp.a_matrix_.index_ = a.indices
    lp.a_matrix_.value_ = a.data
    lp.sense_ = highspy.ObjSense.kMaximize if maximize else highspy.ObjSense.kMinimize
    if integer.any():
        lp.integrality_ = [
            highspy.HighsVarType.kInteger if i else highspy.HighsVarType.kContinuous
            for i in integer
        ]
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("time_limit", float(time_limit))
    h.passModel(lp)
    h.run()
    status = h.getModelStatus()
    if status == highspy.HighsModelStatus.kInfeasible:
        raise ValueError("the siting problem has no solution (infeasible)")
    info = h.getInfo()
    values = np.asarray(h.getSolution().col_value, dtype=np.float64)
    if values.size != a.shape[1]:
        raise RuntimeError(f"HiGHS found no solution ({h.modelStatusToString(status)})")
    bound = info.mip_dual_bound if integer.any() else info.objective_function_value
    return values, float(info.objective_function_value), float(bound)


def maximal_covering(
    table: CostTable,
    demand: npt.ArrayLike,
    k: int,
    max_minutes: float,
    existing: Sequence[int] = (),
    time_limit: float = 60.0,
) -> SitingResult:
    """Open ``k`` new sites to cover the most demand within ``max_minutes`` (Church & ReVelle).

    ``max Σ d_i y_i`` subject to ``y_i ≤ Σ_{j covers i} x_j``, ``Σ x_j = k + |existing|``,
    ``x_j = 1`` for existing sites, ``x`` binary, ``0 ≤ y ≤ 1``.
    """
    started = time.perf_counter()
    d = _check(table, demand, existing)
    n, m = table.n_origins, table.n_destinations
    fixed = sorted(set(existing))
    if k < 0 or k + len(fixed) > m:
        raise ValueError(f"cannot open {k} new sites: {m - len(fixed)} candidates are free")
    cover = _coverage(table, max_minutes)
    # columns: x_0..x_{m-1}, y_0..y_{n-1}; rows: n coverage rows, 1 count row
    a = sparse.vstack(
        [
            sparse.hstack([-cover, sparse.identity(n)]),
            sparse.hstack([np.ones((1, m)), sparse.csr_matrix((1, n))]),
        ]
    )
    total = k + len(fixed)
    col_lower = np.zeros(m + n)
    col_lower[fixed] = 1
    values, objective, bound = _solve(
        cost=np.concatenate([np.zeros(m), d]),
        matrix=a,
        row_lower=np.concatenate([np.full(n, -np.inf), [total]]),
        row_upper=np.concatenate([np.zeros(n), [total]]),
        col_lower=col_lower,
        col_upper=np.ones(m + n),
        integer=np.concatenate([np.ones(m, bool), np.zeros(n, bool)]),
        maximize=True,
        time_limit=time_limit,
    )
    open_sites = np.flatnonzero(values[:m] > 0.5)
    covered = np.asarray(cover[:, open_sites].sum(axis=1)).ravel() > 0
    covered_demand = float(d[covered].sum())
    return SitingResult(
        "maximal covering",
        sorted(set(open_sites.tolist()) - set(fixed)),
        fixed,
        objective,
        covered_demand,
        bound=bound,
        gap=abs(bound - objective) / max(abs(objective), 1e-12),
        seconds=time.perf_counter() - started,
        parameters={"k": k, "max_minutes": max_minutes, "model": table.model},
    )


def set_covering(
    table: CostTable,
    demand: npt.ArrayLike,
    max_minutes: float,
    existing: Sequence[int] = (),
    time_limit: float = 60.0,
) -> SitingResult:
    """The fewest new sites so every place with demand has a site within ``max_minutes``.

    Places that no candidate can reach are listed in ``uncoverable`` instead of making the
    problem infeasible.
    """
    started = time.perf_counter()
    d = _check(table, demand, existing)
    m = table.n_destinations
    fixed = sorted(set(existing))
    cover = _coverage(table, max_minutes)
    reach = np.asarray(cover.sum(axis=1)).ravel()
    uncoverable = np.flatnonzero((d > 0) & (reach == 0)).tolist()
    rows = np.flatnonzero((d > 0) & (reach > 0))
    col_lower = np.zeros(m)
    col_lower[fixed] = 1
    values, objective, bound = _solve(
        cost=np.ones(m),
        matrix=cover[rows],
        row_lower=np.ones(len(rows)),
        row_upper=np.full(len(rows), np.inf),
        col_lower=col_lower,
        col_upper=np.ones(m),
        integer=np.ones(m, bool),
        maximize=False,
        time_limit=time_limit,
    )
    open_sites = np.flatnonzero(values > 0.5).tolist()
    return SitingResult(
        "set covering",
        sorted(set(open_sites) - set(fixed)),
        fixed,
        objective - len(fixed),
        float(d[rows].sum()),
        uncoverable=uncoverable,
        bound=bound - len(fixed),
        gap=abs(bound - objective) / max(abs(objective), 1e-12),
        seconds=time.perf_counter() - started,
        parameters={"max_minutes": max_minutes, "model": table.model},
    )


def _dense_costs(table: CostTable, unreachable_minutes: float) -> FloatArray:
    costs = np.full((table.n_origins, table.n_destinations), float(unreachable_minutes))
    costs[table.origin, table.destination] = np.minimum(table.minutes, unreachable_minutes)
    return costs


def p_median(
    table: CostTable,
    demand: npt.ArrayLike,
    k: int,
    existing: Sequence[int] = (),
    unreachable_minutes: float | None = None,
    lp_bound: bool = True,
    time_limit: float = 60.0,
) -> SitingResult:
    """Open ``k`` new sites to minimise total demand-weighted travel time (greedy + swap).

    Greedy adds the best site one at a time; then Teitz–Bart swaps exchange an open new site
    for a closed one while the total falls. Pairs outside the table cost
    ``unreachable_minutes`` (default: twice the table's limit). With ``lp_bound``, HiGHS solves
    the LP relaxation of the same problem, a lower bound: ``gap`` says how far from optimal the
    answer can be at most.
    """
    started = time.perf_counter()
    d = _check(table, demand, existing)
    m = table.n_destinations
    fixed = sorted(set(existing))
    if k < 0 or k + len(fixed) > m:
        raise ValueError(f"cannot open {k} new sites: {m - len(fixed)} candidates are free")
    if k + len(fixed) == 0:
        raise ValueError("p-median needs at least one open site")
    if unreachable_minutes is None:
        limit = (
            table.max_minutes
            if table.max_minutes is not None
            else float(table.minutes.max(initial=0))
        )
        unreachable_minutes = 2 * limit if limit > 0 else 1.0
    costs = _dense_costs(table, unreachable_minutes)
    open_set = list(fixed)

    def total(sites: list[int]) -> float:
        return float(d @ costs[:, sites].min(axis=1))

    best = costs[:, fixed].min(axis=1) if fixed else np.full(table.n_origins, np.inf)
    for _ in range(k):
        candidate_totals = d @ np.minimum(best[:, None], costs)
        candidate_totals[open_set] = np.inf
        j = int(np.argmin(candidate_totals))
        open_set.append(j)
        best = np.minimum(best, costs[:, j])
    current = total(open_set)
    improved = True
    while improved and k > 0:
        improved = False
        for position in range(len(fixed), len(open_set)):
            others = open_set[:position] + open_set[position + 1 :]
            base = costs[:, others].min(axis=1) if others else np.full(table.n_origins, np.inf)
            totals = d @ np.minimum(base[:, None], costs)
            totals[open_set] = np.inf
            j = int(np.argmin(totals))
            if totals[j] < current - 1e-9 * max(1.0, current):
                open_set[position] = j
                current = float(totals[j])
                improved = True
    bound = gap = None
    if lp_bound:
        bound = _p_median_lp_bound(table, d, k + len(fixed), fixed, unreachable_minutes, time_limit)
        gap = (current - bound) / current if current > 0 else 0.0
    return SitingResult(
        "p-median (greedy + swap)",
        sorted(set(open_set) - set(fixed)),
        fixed,
        current,
        bound=bound,
        gap=gap,
        seconds=time.perf_counter() - started,
        parameters={
            "k": k,
            "unreachable_minutes": unreachable_minutes,
            "model": table.model,
        },
    )


def _p_median_lp_bound(
    table: CostTable,
    d: FloatArray,
    p: int,
    fixed: list[int],
    unreachable_minutes: float,
    time_limit: float,
) -> float:
    """LP relaxation: assign each place to an open site in the table, or to 'unreachable'."""
    pairs = d[table.origin] > 0
    o, j = table.origin[pairs], table.destination[pairs]
    t = np.minimum(table.minutes[pairs], unreachable_minutes)
    places = np.flatnonzero(d > 0)
    row_of = np.full(table.n_origins, -1)
    row_of[places] = np.arange(len(places))
    n_pairs, n_places, m = len(o), len(places), table.n_destinations
    # columns: pair x (n_pairs), unreachable u (n_places), y (m)
    # rows: assignment (n_places) =1; x_ij − y_j ≤ 0 (n_pairs); Σ y = p
    ones = np.ones(n_pairs)
    assign = sparse.csr_matrix(
        (
            np.concatenate([ones, np.ones(n_places)]),
            (np.concatenate([row_of[o], np.arange(n_places)]), np.arange(n_pairs + n_places)),
        ),
        shape=(n_places, n_pairs + n_places + m),
    )
    link = sparse.csr_matrix(
        (
            np.concatenate([ones, -ones]),
            (
                np.tile(np.arange(n_pairs), 2),
                np.concatenate([np.arange(n_pairs), n_pairs + n_places + j]),
            ),
        ),
        shape=(n_pairs, n_pairs + n_places + m),
    )
    count = sparse.csr_matrix(
        (np.ones(m), (np.zeros(m, int), n_pairs + n_places + np.arange(m))),
        shape=(1, n_pairs + n_places + m),
    )
    col_lower = np.zeros(n_pairs + n_places + m)
    col_lower[n_pairs + n_places + np.asarray(fixed, dtype=int)] = 1
    _values, objective, _bound = _solve(
        cost=np.concatenate([d[o] * t, d[places] * unreachable_minutes, np.zeros(m)]),
        matrix=sparse.vstack([assign, link, count]),
        row_lower=np.concatenate([np.ones(n_places), np.full(n_pairs, -np.inf), [p]]),
        row_upper=np.concatenate([np.ones(n_places), np.zeros(n_pairs), [p]]),
        col_lower=col_lower,
        col_upper=np.ones(n_pairs + n_places + m),
        integer=np.zeros(n_pairs + n_places + m, bool),
        maximize=False,
        time_limit=time_limit,
    )
    return objective


def partial_covering(
    table: CostTable,
    demand: npt.ArrayLike,
    max_minutes: float,
    target_share: float,
    existing: Sequence[int] = (),
    time_limit: float = 60.0,
) -> SitingResult:
    """The fewest new sites so at least ``target_share`` of all demand is within ``max_minutes``.

    Set covering with a coverage target instead of "everybody": existing sites count towards
    the target and stay open. A target above what all candidates together can reach is
    refused with the largest share that is attainable.

    >>> from adilkent.access.model import CostTable
    >>> t = CostTable(np.array([0, 1, 1, 2]), np.array([0, 0, 1, 1]), np.array([5.0, 9.0, 8.0, 3.0]), 3, 2, "toy")
    >>> partial_covering(t, demand=[5, 1, 4], max_minutes=10, target_share=0.6).opened
    [0]
    """
    started = time.perf_counter()
    d = _check(table, demand, existing)
    if not 0.0 < target_share <= 1.0:
        raise ValueError(
            f"the coverage target must be a share above 0 and at most 1, not {target_share}"
        )
    m = table.n_destinations
    fixed = sorted(set(existing))
    cover = _coverage(table, max_minutes)
    total = float(d.sum())
    if total <= 0:
        raise ValueError("there is no demand to cover")
    reach = np.asarray(cover.sum(axis=1)).ravel()
    rows = np.flatnonzero((d > 0) & (reach > 0))
    attainable = float(d[rows].sum()) / total
    if target_share > attainable + 1e-12:
        raise ValueError(
            f"a coverage of {target_share:.1%} cannot be reached within {max_minutes:g} min: "
            f"all candidate sites together cover at most {attainable:.1%}"
        )
    n = len(rows)
    # columns: y_j (open site, binary, m), z_i (place covered, 0..1, n)
    # rows: z_i − Σ_j a_ij y_j ≤ 0 (n); Σ d_i z_i ≥ target × total demand
    a = sparse.vstack(
        [
            sparse.hstack([-cover[rows], sparse.identity(n, format="csr")]),
            sparse.csr_matrix(np.concatenate([np.zeros(m), d[rows]])[None, :]),
        ]
    )
    col_lower = np.zeros(m + n)
    col_lower[fixed] = 1
    cost = np.concatenate([np.ones(m), np.zeros(n)])
    cost[fixed] = 0.0
    values, objective, bound = _solve(
        cost=cost,
        matrix=a,
        row_lower=np.concatenate([np.full(n, -np.inf), [target_share * total * (1 - 1e-12)]]),
        row_upper=np.concatenate([np.zeros(n), [np.inf]]),
        col_lower=col_lower,
        col_upper=np.ones(m + n),
        integer=np.concatenate([np.ones(m, bool), np.zeros(n, bool)]),
        maximize=False,
        time_limit=time_limit,
    )
    open_sites = np.flatnonzero(values[:m] > 0.5)
    covered = np.asarray(cover[:, open_sites].sum(axis=1)).ravel() > 0
    return SitingResult(
        "set covering (coverage target)",
        sorted(set(open_sites.tolist()) - set(fixed)),
        fixed,
        objective,
        float(d[covered].sum()),
        bound=bound,
        gap=abs(bound - objective) / max(abs(objective), 1e-12),
        seconds=time.perf_counter() - started,
        parameters={
            "max_minutes": max_minutes,
            "target_share": target_share,
            "attainable_share": attainable,
            "model": table.model,
        },
    )
