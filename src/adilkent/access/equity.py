"""Inequality of access: Gini, Theil (with between/within decomposition), Palma, Lorenz curves,
concentration index. People are the unit: every function takes a population weight per place.

Definitions follow the textbook ones (e.g. Cowell, *Measuring Inequality*) and, for Palma and the
concentration index applied to accessibility, Karner, Pereira & Farber (2024).

>>> gini([1, 2, 3, 4])  # mean absolute difference 1.25 / (2 × mean 2.5)
0.25
>>> round(theil([1, 1, 1, 1]).total, 12)
0.0
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
import pandas as pd

FloatArray = npt.NDArray[np.float64]


def _prepare(values: npt.ArrayLike, weights: npt.ArrayLike | None) -> tuple[FloatArray, FloatArray]:
    x = np.asarray(values, dtype=np.float64)
    w = np.ones_like(x) if weights is None else np.asarray(weights, dtype=np.float64)
    if x.ndim != 1 or x.shape != w.shape:
        raise ValueError("values and weights must be one-dimensional and of the same length")
    if not (np.all(np.isfinite(x)) and np.all(np.isfinite(w))):
        raise ValueError("values and weights must be finite (drop places without a value first)")
    if np.any(x < 0) or np.any(w < 0):
        raise ValueError("values and weights must not be negative")
    keep = w > 0
    x, w = x[keep], w[keep]
    if w.sum() == 0:
        raise ValueError("the weights (population) sum to zero")
    return x, w


def gini(values: npt.ArrayLike, weights: npt.ArrayLike | None = None) -> float:
    """Population-weighted Gini coefficient: ``Σ_i Σ_j w_i w_j |x_i − x_j| / (2 W² μ)``.

    0 when everybody has the same access, towards 1 when one place has it all.

    >>> gini([1, 3], weights=[2, 1]) == gini([1, 1, 3])
    True
    """
    x, w = _prepare(values, weights)
    mean = np.average(x, weights=w)
    if mean == 0:
        return 0.0
    order = np.argsort(x, kind="stable")
    x, w = x[order], w[order]
    total = w.sum()
    cum_w = np.cumsum(w) - w  # weight strictly below each value
    cum_wx = np.cumsum(w * x) - w * x
    # Σ_i w_i Σ_{j<i} w_j (x_i − x_j), doubled for the ordered pairs
    pairs = np.sum(w * (x * cum_w - cum_wx))
    return float(2 * pairs / (2 * total**2 * mean))


@dataclass(frozen=True)
class TheilResult:
    """Theil T index, split into the part between groups and the part within them."""

    total: float
    between: float = 0.0
    within: float = 0.0
    by_group: pd.DataFrame = field(default_factory=pd.DataFrame)


def _theil_t(x: FloatArray, w: FloatArray) -> float:
    mean = np.average(x, weights=w)
    if mean == 0:
        return 0.0
    r = x / mean
    terms = np.zeros_like(r)
    pos = r > 0
    terms[pos] = r[pos] * np.log(r[pos])
    return float(np.average(terms, weights=w))


def theil(
    values: npt.ArrayLike,
    weights: npt.ArrayLike | None = None,
    groups: npt.ArrayLike | None = None,
) -> TheilResult:
    """Theil T: ``(1/W) Σ w_i (x_i/μ) ln(x_i/μ)``, decomposed by ``groups`` (e.g. districts).

    ``total = between + within`` where ``between = Σ_g s_g ln(μ_g/μ)`` and
    ``within = Σ_g s_g T_g`` with ``s_g`` the group's share of all access.
    """
    x, w = _prepare(values, weights)
    total = _theil_t(x, w)
    if groups is None:
        return TheilResult(total, 0.0, total)
    g_all = np.asarray(groups, dtype=object)
    w_in = np.ones(len(g_all)) if weights is None else np.asarray(weights, dtype=np.float64)
    g = g_all[w_in > 0]
    mean = np.average(x, weights=w)
    between = within = 0.0
    rows = []
    for group in sorted(set(g), key=str):
        m = g == group
        mean_g = np.average(x[m], weights=w[m])
        share = (w[m].sum() * mean_g) / (w.sum() * mean) if mean > 0 else 0.0
        t_g = _theil_t(x[m], w[m])
        if share > 0:
            between += share * np.log(mean_g / mean)
            within += share * t_g
        rows.append(
            {
                "group": group,
                "population": w[m].sum(),
                "mean": mean_g,
                "theil": t_g,
                "share_of_access": share,
            }
        )
    return TheilResult(total, float(between), float(within), pd.DataFrame(rows))


def lorenz_curve(
    values: npt.ArrayLike, weights: npt.ArrayLike | None = None
) -> tuple[FloatArray, FloatArray]:
    """Cumulative population share (x) against cumulative access share (y), from (0, 0).

    >>> p, l = lorenz_curve([1, 3], [1, 1])
    >>> p.tolist(), l.tolist()
    ([0.0, 0.5, 1.0], [0.0, 0.25, 1.0])
    """
    x, w = _prepare(values, weights)
    order = np.argsort(x, kind="stable")
    x, w = x[order], w[order]
    pop = np.concatenate(([0.0], np.cumsum(w) / w.sum()))
    total = (w * x).sum()
    share = np.concatenate(([0.0], np.cumsum(w * x) / total)) if total > 0 else pop.copy()
    return pop, share


def _mean_between(x: FloatArray, w: FloatArray, lower: float, upper: float) -> float:
    """Mean of ``x`` over the population between quantiles ``lower`` and ``upper`` (people as a
    continuous mass, so a place straddling the cut is split)."""
    cum = np.cumsum(w) / w.sum()
    start = np.concatenate(([0.0], cum[:-1]))
    overlap = np.clip(np.minimum(cum, upper) - np.maximum(start, lower), 0.0, None)
    return float((overlap * x).sum() / overlap.sum())


def palma_ratio(
    values: npt.ArrayLike,
    weights: npt.ArrayLike | None = None,
    rank_by: npt.ArrayLike | None = None,
) -> float:
    """Mean access of the top 10 % over the mean access of the bottom 40 % of people.

    People are ranked by ``rank_by`` (e.g. income, ascending) as in Karner, Pereira & Farber
    (2024); without it, by access itself. Above 1: the top 10 % are better served.

    >>> palma_ratio([1, 1, 1, 1, 2, 2, 2, 2, 2, 5])  # top 10 % has 5, bottom 40 % has 1
    5.0
    """
    x, w = _prepare(values, weights)
    key = x if rank_by is None else np.asarray(rank_by, dtype=np.float64)
    if rank_by is not None:
        w_in = np.ones(len(key)) if weights is None else np.asarray(weights, dtype=np.float64)
        key = key[w_in > 0]
    order = np.argsort(key, kind="stable")
    x, w = x[order], w[order]
    bottom = _mean_between(x, w, 0.0, 0.4)
    top = _mean_between(x, w, 0.9, 1.0)
    if bottom == 0:
        return float("inf")
    return top / bottom


def concentration_index(
    values: npt.ArrayLike,
    rank_by: npt.ArrayLike,
    weights: npt.ArrayLike | None = None,
) -> float:
    """Concentration index ``2 cov(x, r) / μ`` with ``r`` the weighted fractional rank by ``rank_by``.

    Rank by a variable that grows with advantage (income) or with vulnerability: positive means
    access is concentrated among those ranked high. Ties share their mean rank.

    >>> concentration_index([0, 0, 0, 4], rank_by=[1, 2, 3, 4])  # all access with the top
    0.75
    """
    x, w = _prepare(values, weights)
    r_in = np.asarray(rank_by, dtype=np.float64)
    w_in = np.ones(len(r_in)) if weights is None else np.asarray(weights, dtype=np.float64)
    if r_in.shape != w_in.shape:
        raise ValueError("rank_by must have one value per place")
    key = r_in[w_in > 0]
    mean = np.average(x, weights=w)
    if mean == 0:
        return 0.0
    order = np.argsort(key, kind="stable")
    total = w.sum()
    rank = np.empty_like(x)
    cum = np.cumsum(w[order]) / total
    rank[order] = cum - w[order] / (2 * total)
    # ties: same key, same (mean) rank
    frame = pd.DataFrame({"key": key, "rank": rank, "w": w})
    rank = (
        frame.groupby("key")["rank"]
        .transform(lambda s: np.average(s, weights=frame.loc[s.index, "w"]))
        .to_numpy()
    )
    cov = np.average((x - mean) * (rank - np.average(rank, weights=w)), weights=w)
    return float(2 * cov / mean)
