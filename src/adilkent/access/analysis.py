"""One access analysis from tables to results: every measure for every facility type.

``analyse`` runs the nearest-facility time, cumulative opportunities, 2SFCA and enhanced 2SFCA,
the group and district summaries, the inequality indices and the need ranking for each type of
facility, and returns plain results that carry their parameters and the cost model's label.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd
from tqdm import tqdm

from .data import points
from .decay import step_decay
from .equity import concentration_index, gini, palma_ratio, theil
from .measures import (
    DEFAULT_THRESHOLDS,
    cumulative_opportunities,
    group_summary,
    nearest_minutes,
    share_within,
    two_step_fca,
)
from .model import TravelCostModel
from .need import need_index


@dataclass
class TypeResult:
    """All results for one facility type."""

    facility_type: str
    places: pd.DataFrame  # one row per place: every measure
    shares: pd.DataFrame  # share of each group within each threshold, by district and all
    districts: pd.DataFrame  # population-weighted mean minutes per district and group
    need: pd.DataFrame  # ranked underserved places
    equity: dict[str, Any]
    parameters: dict[str, Any] = field(default_factory=dict)


def e2sfca_steps(catchment: float) -> dict[float, float]:
    """Luo & Qi's (2009) three zones and weights (1, 0.68, 0.22), scaled to the catchment."""
    return {catchment / 3: 1.0, 2 * catchment / 3: 0.68, catchment: 0.22}


def analyse_type(
    facility_type: str,
    places: pd.DataFrame,
    facilities: pd.DataFrame,
    groups: Sequence[str],
    model: TravelCostModel,
    thresholds: Sequence[float] = DEFAULT_THRESHOLDS,
    catchment: float = 30.0,
    district_column: str | None = "district",
    rank_by: str | None = None,
    need_weights: Mapping[str, float] | None = None,
    need_target: float = 15.0,
    need_limit: float = 60.0,
    unmet_demand: pd.DataFrame | None = None,
) -> TypeResult:
    """Every measure for one type; ``places`` and ``facilities`` already checked."""
    chosen = facilities[facilities["type"] == facility_type].reset_index(drop=True)
    if chosen.empty:
        raise ValueError(f"no facilities of type {facility_type!r}")
    origins, sites = points(places, "place_id"), points(chosen, "facility_id")
    limit = max(max(thresholds), catchment)
    table = model.cost_table(origins, sites, limit)
    nearest = nearest_minutes(model, origins, sites)
    primary = places[groups[0]].to_numpy(dtype=np.float64)
    capacity = chosen["capacity"].to_numpy(dtype=np.float64)
    result = places[
        ["place_id", *([c for c in ("name", district_column) if c and c in places])]
    ].copy()
    result["lon"], result["lat"] = places["lon"], places["lat"]
    for group in groups:
        result[group] = places[group]
    result["nearest_minutes"] = nearest["minutes"].to_numpy()
    result["nearest_id"] = nearest["nearest_id"].to_numpy()
    counts = cumulative_opportunities(table, np.ones(len(chosen)), thresholds)
    for column in counts:
        result[f"facilities_{column}"] = counts[column].to_numpy()
    result["access_2sfca"] = two_step_fca(table, primary, capacity, catchment).to_numpy()
    result["access_e2sfca"] = two_step_fca(
        table, primary, capacity, catchment, decay=step_decay(e2sfca_steps(catchment))
    ).to_numpy()
    population = places[list(groups)]
    areas = (
        places[district_column].to_numpy()
        if district_column and district_column in places
        else None
    )
    shares = share_within(result["nearest_minutes"], population, thresholds, by=areas)
    districts = group_summary(result["nearest_minutes"], population, by=areas)
    weights = primary
    equity: dict[str, Any] = {
        "gini_2sfca": gini(result["access_2sfca"], weights),
        "gini_nearest_minutes": gini(result["nearest_minutes"], weights),
        "palma_2sfca": palma_ratio(result["access_2sfca"], weights),
        "weight": groups[0],
    }
    t = theil(result["access_2sfca"], weights, groups=areas)
    equity.update(
        theil_2sfca=t.total, theil_between_districts=t.between, theil_within_districts=t.within
    )
    if rank_by:
        equity["concentration_index_2sfca"] = concentration_index(
            result["access_2sfca"], places[rank_by].to_numpy(dtype=np.float64), weights
        )
        equity["concentration_rank_by"] = rank_by
    need = need_index(
        result,
        need_weights or {groups[0]: 1.0},
        minutes=result["nearest_minutes"],
        target=need_target,
        limit=need_limit,
        unmet_demand=unmet_demand,
    )
    keep = [c for c in ("name", district_column) if c and c in result]
    need = need.merge(result[["place_id", *keep]], on="place_id", how="left")
    parameters = {
        "facility_type": facility_type,
        "facilities": len(chosen),
        "model": model.label,
        "thresholds": list(thresholds),
        "catchment_minutes": catchment,
        "e2sfca_steps": {f"{k:g}": v for k, v in e2sfca_steps(catchment).items()},
        "supply": "capacity column (1 per facility when absent)",
        "demand": groups[0],
        "need": need.attrs.get("parameters", {}),
    }
    return TypeResult(facility_type, result, shares, districts, need, equity, parameters)


def analyse(
    places: pd.DataFrame,
    facilities: pd.DataFrame,
    groups: Sequence[str],
    model: TravelCostModel,
    types: Sequence[str] | None = None,
    progress: bool = True,
    **options: Any,
) -> dict[str, TypeResult]:
    """:func:`analyse_type` for each type (all types in ``facilities`` by default)."""
    chosen = list(types) if types else sorted(facilities["type"].astype(str).unique())
    unknown = [t for t in chosen if t not in set(facilities["type"])]
    if unknown:
        raise ValueError(f"facility types {unknown} are not in the facilities table")
    return {
        t: analyse_type(t, places, facilities, groups, model, **options)
        for t in tqdm(chosen, desc="facility types", disable=not progress)
    }


def compare(
    before: pd.Series | np.ndarray,
    after: pd.Series | np.ndarray,
    population: pd.DataFrame,
    thresholds: Sequence[float] = DEFAULT_THRESHOLDS,
) -> pd.DataFrame:
    """Before/after table of nearest-facility minutes: mean, share within each threshold, Gini.

    >>> pop = pd.DataFrame({"total": [100.0, 100.0]})
    >>> compare(np.array([10.0, 50.0]), np.array([10.0, 20.0]), pop, (30,))[["before", "after"]].to_dict("list")
    {'before': [30.0, 0.5, 0.3333333333333333], 'after': [15.0, 1.0, 0.16666666666666666]}
    """
    rows = []
    for group in population.columns:
        w = population[group].to_numpy(dtype=np.float64)
        if w.sum() == 0:
            continue
        b, a = np.asarray(before, dtype=np.float64), np.asarray(after, dtype=np.float64)
        rows.append(
            {
                "group": group,
                "measure": "mean minutes",
                "before": np.average(b, weights=w),
                "after": np.average(a, weights=w),
            }
        )
        for t in thresholds:
            rows.append(
                {
                    "group": group,
                    "measure": f"share within {t:g} min",
                    "before": w[b <= t].sum() / w.sum(),
                    "after": w[a <= t].sum() / w.sum(),
                }
            )
        rows.append(
            {
                "group": group,
                "measure": "Gini of minutes",
                "before": gini(b, w),
                "after": gini(a, w),
            }
        )
    frame = pd.DataFrame(rows)
    frame["change"] = frame["after"] - frame["before"]
    return frame


@dataclass
class SitingScenario:
    """New sites for one facility type, chosen among the places, and what they change."""

    facility_type: str
    method: str
    new_sites: pd.DataFrame
    comparison: pd.DataFrame
    result: Any


def site_new_facilities(
    places: pd.DataFrame,
    facilities: pd.DataFrame,
    facility_type: str,
    groups: Sequence[str],
    model: TravelCostModel,
    k: int,
    max_minutes: float = 30.0,
    method: str = "mclp",
    thresholds: Sequence[float] = DEFAULT_THRESHOLDS,
) -> SitingScenario:
    """Add ``k`` facilities at places (candidates: every place), keeping the existing ones.

    ``method`` is ``"mclp"`` (cover the most people within ``max_minutes``), ``"p-median"``
    (least total travel time) or ``"set-cover"`` (fewest sites to cover everybody; ``k`` unused).
    """
    from .siting import maximal_covering, p_median, set_covering

    existing = facilities[facilities["type"] == facility_type].reset_index(drop=True)
    if existing.empty:
        raise ValueError(f"no facilities of type {facility_type!r}")
    candidates = pd.concat(
        [
            existing[["facility_id", "lon", "lat"]].rename(columns={"facility_id": "site_id"}),
            places[["place_id", "lon", "lat"]].rename(columns={"place_id": "site_id"}),
        ],
        ignore_index=True,
    )
    candidates["site_id"] = candidates["site_id"].astype(str)
    fixed = list(range(len(existing)))
    demand = places[groups[0]].to_numpy(dtype=np.float64)
    origins, sites = points(places, "place_id"), points(candidates, "site_id")
    limit = max_minutes if method != "p-median" else max(max(thresholds), max_minutes)
    table = model.cost_table(origins, sites, limit)
    if method == "mclp":
        result = maximal_covering(table, demand, k, max_minutes, existing=fixed)
    elif method == "p-median":
        result = p_median(table, demand, k, existing=fixed)
    elif method == "set-cover":
        result = set_covering(table, demand, max_minutes, existing=fixed)
    else:
        raise ValueError(f"unknown siting method {method!r}: use mclp, p-median or set-cover")
    opened = candidates.iloc[result.opened].copy()
    by_id = places.set_index("place_id")
    for column in ("name", "district"):
        if column in by_id:
            opened[column] = opened["site_id"].map(by_id[column])
    before, _ = model.nearest(origins, points(existing, "facility_id"))
    after_sites = pd.concat(
        [
            existing[["facility_id", "lon", "lat"]],
            opened.rename(columns={"site_id": "facility_id"})[["facility_id", "lon", "lat"]],
        ],
        ignore_index=True,
    )
    after, _ = model.nearest(origins, points(after_sites, "facility_id"))
    comparison = compare(before, after, places[list(groups)], thresholds)
    comparison.attrs["parameters"] = {**result.parameters, "method": result.method}
    return SitingScenario(
        facility_type, result.method, opened.reset_index(drop=True), comparison, result
    )


def weighted_median(values: npt.ArrayLike, weights: npt.ArrayLike) -> float | None:
    """The value below which half of the people (weights) are; ``None`` without people.

    >>> weighted_median([10.0, 20.0, 90.0], [1, 1, 3])
    90.0
    >>> weighted_median([10.0, 20.0], [1, 1])  # exactly half at 10: the midpoint
    15.0
    """
    x = np.asarray(values, dtype=np.float64)
    w = np.asarray(weights, dtype=np.float64)
    keep = w > 0
    x, w = x[keep], w[keep]
    if w.sum() <= 0:
        return None
    order = np.argsort(x, kind="stable")
    x, w = x[order], w[order]
    cum = np.cumsum(w) / w.sum()
    i = int(np.searchsorted(cum, 0.5 - 1e-12))
    if abs(cum[i] - 0.5) <= 1e-12 and i + 1 < len(x):
        return float((x[i] + x[i + 1]) / 2)
    return float(x[i])


def _finite_or_none(value: float) -> float | None:
    return float(value) if np.isfinite(value) else None


def access_measures(
    places: pd.DataFrame,
    sites: pd.DataFrame,
    groups: Sequence[str],
    model: TravelCostModel,
    thresholds: Sequence[float] = DEFAULT_THRESHOLDS,
    catchment: float = 30.0,
    district_column: str | None = "district",
) -> tuple[dict[str, Any], np.ndarray, np.ndarray]:
    """Every summary measure of one set of sites (which may be empty), for a comparison.

    Returns the measures (per group: share within each threshold, mean and median minutes to
    the nearest site; for the demand group ``groups[0]``: Gini of minutes and Gini, Theil and
    Palma of 2SFCA access), the minutes and the nearest site's position per place. With no
    site, minutes are infinite, shares 0 and the other measures ``None``.
    """
    origins = points(places, "place_id")
    demand = places[groups[0]].to_numpy(dtype=np.float64)
    n = len(places)
    if len(sites):
        destinations = points(sites, "facility_id")
        minutes, nearest = model.nearest(origins, destinations)
        minutes = np.asarray(minutes, dtype=np.float64)
        table = model.cost_table(origins, destinations, catchment)
        access = two_step_fca(table, demand, np.ones(len(sites)), catchment).to_numpy()
    else:
        minutes, nearest = np.full(n, np.inf), np.full(n, -1, dtype=np.int64)
        access = np.zeros(n)
    measures: dict[str, Any] = {"groups": {}}
    for group in groups:
        w = places[group].to_numpy(dtype=np.float64)
        total = float(w.sum())
        finite = bool(np.all(np.isfinite(minutes[w > 0])))
        measures["groups"][group] = {
            "population": total,
            "shares": {
                f"{t:g}": (float(w[minutes <= t].sum() / total) if total > 0 else None)
                for t in thresholds
            },
            "mean_minutes": (
                float(np.average(minutes, weights=w)) if total > 0 and finite else None
            ),
            "median_minutes": (weighted_median(minutes, w) if total > 0 and finite else None),
        }
    has_access = len(sites) > 0 and float((access * demand).sum()) > 0
    measures["gini_minutes"] = gini(minutes, demand) if len(sites) else None
    if has_access:
        areas = (
            places[district_column].to_numpy()
            if district_column and district_column in places
            else None
        )
        t = theil(access, demand, groups=areas)
        measures.update(
            gini_2sfca=gini(access, demand),
            theil_2sfca=t.total,
            theil_between_districts=t.between,
            theil_within_districts=t.within,
            palma_2sfca=_finite_or_none(palma_ratio(access, demand)),
        )
    else:
        measures.update(
            gini_2sfca=None,
            theil_2sfca=None,
            theil_between_districts=None,
            theil_within_districts=None,
            palma_2sfca=None,
        )
    return measures, minutes, np.asarray(nearest, dtype=np.int64)


@dataclass
class SitingPlan:
    """A siting scenario: where the new sites go, whom they newly reach, what every measure does.

    ``new_sites`` has one row per opened site with ``newly_covered`` (people of the demand
    group who had no site within ``max_minutes`` and now have this one as the nearest) and
    ``newly_covered_places``; ``before`` and ``after`` are :func:`access_measures` results.
    """

    method: str
    new_sites: pd.DataFrame
    before: dict[str, Any]
    after: dict[str, Any]
    result: Any
    parameters: dict[str, Any] = field(default_factory=dict)
    minutes_before: npt.NDArray[np.float64] | None = None  # per place, to the nearest site
    minutes_after: npt.NDArray[np.float64] | None = None


def underserved_candidates(
    places: pd.DataFrame, existing: pd.DataFrame, model: TravelCostModel, max_minutes: float
) -> pd.DataFrame:
    """Places farther than ``max_minutes`` from every existing site (all places if none)."""
    if existing.empty:
        return places.copy()
    minutes, _ = model.nearest(points(places, "place_id"), points(existing, "facility_id"))
    return places[np.asarray(minutes) > max_minutes].copy()


def plan_sites(
    places: pd.DataFrame,
    existing: pd.DataFrame,
    candidates: pd.DataFrame,
    groups: Sequence[str],
    model: TravelCostModel,
    k: int,
    method: str = "mclp",
    max_minutes: float = 30.0,
    coverage_target: float | None = None,
    thresholds: Sequence[float] = DEFAULT_THRESHOLDS,
    catchment: float = 30.0,
) -> SitingPlan:
    """Open new sites among ``candidates`` (``place_id``-like ``site_id``, ``lon``, ``lat``,
    optional ``name``, ``district``), keeping ``existing`` (``facility_id``, ``lon``, ``lat``;
    may be empty) open, and compare every measure before and after.

    ``method``: ``"mclp"`` (cover the most people of ``groups[0]`` within ``max_minutes``
    with ``k`` sites), ``"p-median"`` (``k`` sites, least total travel time) or
    ``"set-cover"`` (fewest sites to cover everybody within ``max_minutes``, or, with
    ``coverage_target``, that share of people; ``k`` unused).
    """
    from .siting import maximal_covering, p_median, partial_covering, set_covering

    if candidates.empty:
        raise ValueError("there are no candidate sites to choose from")
    if method not in {"mclp", "p-median", "set-cover"}:
        raise ValueError(f"unknown siting method {method!r}: use mclp, p-median or set-cover")
    if method != "set-cover" and k < 1:
        raise ValueError("choose at least one new site")
    if method != "set-cover" and k > len(candidates):
        raise ValueError(
            f"{k} new sites asked for, but there are only {len(candidates)} candidates"
        )
    existing = existing.reset_index(drop=True)
    candidates = candidates.reset_index(drop=True)
    all_sites = pd.concat(
        [
            existing[["facility_id", "lon", "lat"]],
            candidates[["site_id", "lon", "lat"]].rename(columns={"site_id": "facility_id"}),
        ],
        ignore_index=True,
    )
    all_sites["facility_id"] = all_sites["facility_id"].astype(str)
    fixed = list(range(len(existing)))
    demand = places[groups[0]].to_numpy(dtype=np.float64)
    origins = points(places, "place_id")
    limit = max(max(thresholds), max_minutes) if method == "p-median" else max_minutes
    table = model.cost_table(origins, points(all_sites, "facility_id"), limit)
    if method == "mclp":
        result = maximal_covering(table, demand, k, max_minutes, existing=fixed)
    elif method == "p-median":
        result = p_median(table, demand, k, existing=fixed)
    elif coverage_target is not None:
        result = partial_covering(table, demand, max_minutes, coverage_target, existing=fixed)
    else:
        result = set_covering(table, demand, max_minutes, existing=fixed)
    opened = [j - len(existing) for j in result.opened]
    new_sites = candidates.iloc[opened].reset_index(drop=True)
    after_sites = pd.concat(
        [
            existing[["facility_id", "lon", "lat"]],
            new_sites[["site_id", "lon", "lat"]].rename(columns={"site_id": "facility_id"}),
        ],
        ignore_index=True,
    )
    before, minutes_before, _ = access_measures(
        places, existing, groups, model, thresholds, catchment
    )
    after, minutes_after, nearest_after = access_measures(
        places, after_sites, groups, model, thresholds, catchment
    )
    newly = (minutes_before > max_minutes) & (minutes_after <= max_minutes)
    position = nearest_after - len(existing)  # which new site, when the nearest is new
    covered, covered_places = np.zeros(len(new_sites)), np.zeros(len(new_sites), dtype=np.int64)
    extra = {g: np.zeros(len(new_sites)) for g in groups[1:]}
    for i in np.flatnonzero(newly):
        if position[i] >= 0:
            covered[position[i]] += demand[i]
            covered_places[position[i]] += 1
            for g in groups[1:]:
                extra[g][position[i]] += float(places[g].iloc[i])
    new_sites["newly_covered"] = covered
    new_sites["newly_covered_places"] = covered_places
    for g in groups[1:]:
        new_sites[f"newly_covered_{g}"] = extra[g]
    parameters = {
        "method": result.method,
        "k": k if method != "set-cover" else None,
        "max_minutes": max_minutes,
        "coverage_target": coverage_target if method == "set-cover" else None,
        "existing_sites": len(existing),
        "candidates": len(candidates),
        "thresholds": list(thresholds),
        "catchment_minutes": catchment,
        "demand": groups[0],
        "model": model.label,
        "objective": result.objective,
        "bound": result.bound,
        "gap": result.gap,
        "seconds": result.seconds,
        "uncoverable_places": len(result.uncoverable),
    }
    return SitingPlan(
        result.method, new_sites, before, after, result, parameters, minutes_before, minutes_after
    )
