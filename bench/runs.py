"""Repeated, interleaved benchmark runs: median and range of every figure, and ratios.

``interleave`` calls named cases in rounds (A B C, A B C, …) so that every case sees the same
spread of machine load, records the load average before and after each call, and summarises
each case's numeric figures (nested dicts are flattened to dotted keys, ``"build.seconds"``)
as median, minimum and maximum over its runs. ``ratio`` divides one case's figure by
another's: the median over the median, and the range of the ratios within each round.

A case returns a dict of figures; a dict with an ``"error"`` key counts as a failed run and is
left out of the figures (and of the ratios of its round).
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, TypedDict

Case = tuple[str, Callable[[], Mapping[str, Any]]]


class Spread(TypedDict):
    median: float
    min: float
    max: float


class Run(TypedDict):
    round: int
    load_before: tuple[float, float, float]
    load_after: tuple[float, float, float]
    figures: dict[str, Any]


class Summary(TypedDict):
    runs: list[Run]
    errors: int
    figures: dict[str, Spread]
    load_average_1min: Spread


def peak_mb() -> float:
    """This process's peak resident memory in MB: ``VmHWM`` of ``/proc/self/status``.

    Not ``ru_maxrss``: Linux keeps in it the peak of the process a worker was started from
    (a worker of a 500 MB parent reports 504 MB where its own peak is 14 MB).
    """
    with open("/proc/self/status") as status:
        line = next(line for line in status if line.startswith("VmHWM:"))
    return int(line.split()[1]) / 1024


def run_json(command: Sequence[str], timeout: float) -> dict[str, Any]:
    """Run a worker that prints its figures as JSON on its last line; an ``"error"`` dict
    (as ``interleave`` counts failures) when it times out or fails."""
    try:
        done = subprocess.run(  # noqa: S603
            list(command), capture_output=True, text=True, timeout=timeout, check=False
        )
    except subprocess.TimeoutExpired:
        return {"error": f"did not finish within {timeout:.0f} s"}
    if done.returncode != 0:
        return {"error": done.stderr.strip()[-800:]}
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def publish(results: dict[str, Any], out: Path | None) -> None:
    """Add the load average at the end, write ``results`` to ``out`` (if given), print them."""
    results["load_average_at_end"] = os.getloadavg()
    text = json.dumps(results, indent=1)
    if out:
        out.write_text(text + "\n")
    print(text)


def spread(values: Sequence[float]) -> Spread:
    """Median, minimum and maximum of ``values``.

    >>> spread([3.0, 1.0, 2.0])
    {'median': 2.0, 'min': 1.0, 'max': 3.0}
    """
    return {"median": statistics.median(values), "min": min(values), "max": max(values)}


def flatten(figures: Mapping[str, Any], prefix: str = "") -> dict[str, float]:
    """The numbers in ``figures`` (not booleans), nested keys joined with dots.

    >>> flatten({"build": {"seconds": 1.5, "note": "x", "ok": True}, "runs": 2})
    {'build.seconds': 1.5, 'runs': 2}
    """
    out: dict[str, float] = {}
    for key, value in figures.items():
        if isinstance(value, Mapping):
            out.update(flatten(value, f"{prefix}{key}."))
        elif isinstance(value, int | float) and not isinstance(value, bool):
            out[f"{prefix}{key}"] = value
    return out


def summarise(runs: list[Run]) -> Summary:
    """Median and range of every number present in all successful runs, and of the load."""
    ok = [flatten(run["figures"]) for run in runs if "error" not in run["figures"]]
    keys = set.intersection(*(set(f) for f in ok)) if ok else set()
    loads = [run[side][0] for run in runs for side in ("load_before", "load_after")]
    return {
        "runs": runs,
        "errors": len(runs) - len(ok),
        "figures": {key: spread([f[key] for f in ok]) for key in sorted(keys)},
        "load_average_1min": spread(loads),
    }


def interleave(
    cases: Sequence[Case],
    runs: int,
    *,
    on_run: Callable[[str, Run], None] | None = None,
) -> dict[str, Summary]:
    """Call every case ``runs`` times in rounds (A B C, A B C, …); a summary per case name.

    ``on_run(name, run)`` is called after each call (for progress output).
    """
    if runs < 1:
        raise ValueError("runs must be at least 1")
    done: dict[str, list[Run]] = {name: [] for name, _ in cases}
    for i in range(runs):
        for name, call in cases:
            before = os.getloadavg()
            figures = dict(call())
            run: Run = {
                "round": i + 1,
                "load_before": before,
                "load_after": os.getloadavg(),
                "figures": figures,
            }
            done[name].append(run)
            if on_run is not None:
                on_run(name, run)
    return {name: summarise(name_runs) for name, name_runs in done.items()}


def ratio(top: Summary, bottom: Summary, key: str) -> Spread | None:
    """``top``'s figure ``key`` over ``bottom``'s: median over median, and the range of the
    ratios of the runs of the same round. None when either side lacks the figure."""
    if key not in top["figures"] or key not in bottom["figures"]:
        return None
    below = bottom["figures"][key]["median"]
    if not below:
        return None

    def by_round(summary: Summary) -> dict[int, float]:
        out = {}
        for run in summary["runs"]:
            figures = flatten(run["figures"])
            if "error" not in run["figures"] and key in figures:
                out[run["round"]] = figures[key]
        return out

    above, under = by_round(top), by_round(bottom)
    per_round = [above[i] / under[i] for i in above if under.get(i)]
    median = top["figures"][key]["median"] / below
    return {
        "median": median,
        "min": min(per_round, default=median),
        "max": max(per_round, default=median),
    }
