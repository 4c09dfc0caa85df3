"""Distance-decay functions: how much a facility counts at a given travel time.

Each function returns a callable ``f(minutes) -> weights`` with weights in ``[0, 1]`` and a
``label`` attribute, so results can say which decay produced them.

>>> f = step_decay({10: 1.0, 20: 0.68, 30: 0.22})
>>> f(np.array([5.0, 10.0, 15.0, 25.0, 31.0])).tolist()
[1.0, 1.0, 0.68, 0.22, 0.0]
>>> round(float(gaussian_decay(30)(np.array([30.0]))[0]), 4)  # exp(-1/2) at the cutoff
0.6065
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class Decay:
    """A named decay function of travel time in minutes."""

    label: str
    function: Callable[[FloatArray], FloatArray]

    def __call__(self, minutes: npt.ArrayLike) -> FloatArray:
        return np.asarray(self.function(np.asarray(minutes, dtype=np.float64)), dtype=np.float64)


def no_decay() -> Decay:
    """Every facility within the catchment counts fully (classic 2SFCA)."""
    return Decay("none", lambda m: np.ones_like(m))


def step_decay(steps: Mapping[float, float]) -> Decay:
    """Weight ``w`` for times up to each upper bound (inclusive), zero beyond the last.

    ``{10: 1, 20: 0.68, 30: 0.22}`` is Luo & Qi's (2009) enhanced-2SFCA weighting.
    """
    if not steps:
        raise ValueError("a step decay needs at least one step")
    bounds = np.array(sorted(steps), dtype=np.float64)
    weights = np.array([steps[b] for b in sorted(steps)], dtype=np.float64)
    if np.any(weights < 0) or np.any(weights > 1):
        raise ValueError("step weights must lie between 0 and 1")

    def f(m: FloatArray) -> FloatArray:
        pos = np.searchsorted(bounds, m, side="left")
        out = np.zeros_like(m)
        inside = pos < len(bounds)
        out[inside] = weights[pos[inside]]
        return out

    text = ", ".join(f"≤{b:g}: {w:g}" for b, w in zip(bounds, weights, strict=True))
    return Decay(f"step ({text})", f)


def gaussian_decay(sigma_minutes: float) -> Decay:
    """``exp(-t² / (2σ²))``."""
    if sigma_minutes <= 0:
        raise ValueError("sigma must be positive")
    return Decay(
        f"gaussian (σ = {sigma_minutes:g} min)",
        lambda m: np.exp(-(m**2) / (2 * sigma_minutes**2)),
    )


def exponential_decay(beta_per_minute: float) -> Decay:
    """``exp(-β t)``."""
    if beta_per_minute <= 0:
        raise ValueError("beta must be positive")
    return Decay(
        f"exponential (β = {beta_per_minute:g}/min)", lambda m: np.exp(-beta_per_minute * m)
    )


def linear_decay(cutoff_minutes: float) -> Decay:
    """``1 - t / cutoff`` up to the cutoff, zero beyond."""
    if cutoff_minutes <= 0:
        raise ValueError("cutoff must be positive")
    return Decay(
        f"linear (zero at {cutoff_minutes:g} min)",
        lambda m: np.clip(1 - m / cutoff_minutes, 0.0, 1.0),
    )
