"""Need and gaps: a transparent need index and a ranked list of underserved places.

The index is the product of two visible parts, each a column of the result:

* **people who need the service**: ``Σ_g weight_g × population_g`` over the chosen groups
  (e.g. children × 1, elderly × 1.5);
* **access gap** in ``[0, 1]``: for travel times, ``(t − target) / (limit − target)`` clipped
  (0 at or under the target, 1 at or beyond the limit); for scores where more is better,
  ``1 − score / reference`` clipped (reference: the population-weighted mean).

Unmet demand (e.g. requests per mahalle from the Reach pillar) enters as its own column,
``unmet_demand × demand_weight``, added to the index, so a place that asks can rise even when
the model says it is close.

>>> places = pd.DataFrame({"place_id": ["a", "b", "c"], "children": [100, 400, 50]})
>>> result = need_index(places, {"children": 1.0}, minutes=[10, 37.5, 70], target=15, limit=60)
>>> result[["place_id", "gap", "need"]].to_dict("records")  # doctest: +NORMALIZE_WHITESPACE
[{'place_id': 'b', 'gap': 0.5, 'need': 200.0}, {'place_id': 'c', 'gap': 1.0, 'need': 50.0},
 {'place_id': 'a', 'gap': 0.0, 'need': 0.0}]
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import numpy.typing as npt
import pandas as pd


def unmet_demand_frame(records: Mapping[str, float] | pd.DataFrame) -> pd.DataFrame:
    """The input interface for unmet demand: one row per place, ``place_id`` and ``requests``.

    Accepts a mapping ``{place_id: count}`` or a DataFrame with those columns; repeated ids
    are summed, negative or missing counts are refused with the ids named.

    >>> unmet_demand_frame({"a": 3, "b": 1})["requests"].tolist()
    [3.0, 1.0]
    """
    if isinstance(records, pd.DataFrame):
        missing = {"place_id", "requests"} - set(records.columns)
        if missing:
            raise ValueError(
                f"unmet demand needs columns place_id and requests; missing {sorted(missing)}"
            )
        frame = records[["place_id", "requests"]].copy()
    else:
        frame = pd.DataFrame({"place_id": list(records), "requests": list(records.values())})
    frame["requests"] = pd.to_numeric(frame["requests"], errors="coerce")
    bad = frame[frame["requests"].isna() | (frame["requests"] < 0)]
    if len(bad):
        raise ValueError(
            f"request counts must be numbers ≥ 0; check places {bad['place_id'].tolist()[:10]}"
        )
    return (
        frame.groupby("place_id", as_index=False, sort=False)["requests"]
        .sum()
        .astype({"requests": float})
    )


def need_index(
    places: pd.DataFrame,
    group_weights: Mapping[str, float],
    *,
    minutes: npt.ArrayLike | None = None,
    score: npt.ArrayLike | None = None,
    target: float = 15.0,
    limit: float = 60.0,
    reference: float | None = None,
    unmet_demand: pd.DataFrame | None = None,
    demand_weight: float = 1.0,
) -> pd.DataFrame:
    """Rank places by ``need = people × gap + demand_weight × requests`` (highest first).

    Give either ``minutes`` (lower is better; ``target``/``limit`` set the gap) or ``score``
    (higher is better, e.g. 2SFCA). ``places`` needs ``place_id`` and the group columns.
    """
    if (minutes is None) == (score is None):
        raise ValueError("give either minutes or score, not both")
    missing = [g for g in group_weights if g not in places.columns]
    if missing:
        raise ValueError(f"population groups {missing} are not columns of the places table")
    if "place_id" not in places.columns:
        raise ValueError("the places table needs a place_id column")
    frame = places[["place_id", *group_weights]].copy()
    people = np.zeros(len(frame))
    for group, weight in group_weights.items():
        people += weight * frame[group].to_numpy(dtype=np.float64)
    frame["people"] = people
    parameters: dict[str, object] = {"group_weights": dict(group_weights)}
    if minutes is not None:
        if limit <= target:
            raise ValueError("limit must be greater than target")
        t = np.asarray(minutes, dtype=np.float64)
        frame["minutes"] = t
        frame["gap"] = np.clip((t - target) / (limit - target), 0.0, 1.0)
        parameters.update(target=target, limit=limit, access="minutes")
    else:
        s = np.asarray(score, dtype=np.float64)
        total = people.sum()
        ref = (
            reference
            if reference is not None
            else (float(np.average(s, weights=people)) if total > 0 else float(s.mean()))
        )
        frame["score"] = s
        frame["gap"] = np.clip(1 - s / ref, 0.0, 1.0) if ref > 0 else 0.0
        parameters.update(reference=ref, access="score")
    frame["requests"] = 0.0
    if unmet_demand is not None:
        demand = unmet_demand_frame(unmet_demand).set_index("place_id")["requests"]
        unknown = sorted(set(demand.index) - set(frame["place_id"]), key=str)
        if unknown:
            raise ValueError(f"unmet demand names unknown places: {unknown[:10]}")
        frame["requests"] = frame["place_id"].map(demand).fillna(0.0).to_numpy()
    parameters["demand_weight"] = demand_weight
    frame["need"] = frame["people"] * frame["gap"] + demand_weight * frame["requests"]
    frame = frame.sort_values("need", ascending=False, kind="stable").reset_index(drop=True)
    frame["rank"] = np.arange(1, len(frame) + 1)
    frame.attrs["parameters"] = parameters
    return frame
