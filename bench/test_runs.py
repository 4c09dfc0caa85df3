"""``bench/runs.py``: interleaved order, median and range, ratios of the same round; and the
summary ``bench/access_network.py`` builds from it.

Run with ``uv run --frozen pytest bench/test_runs.py -q`` (``bench/`` is outside the suite's
``testpaths``, so ``make test`` does not collect it).
"""

from __future__ import annotations

import doctest
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

import runs


def _case(name: str, order: list[str], seconds: list[float]) -> runs.Case:
    figures = iter(seconds)

    def call() -> dict[str, Any]:
        order.append(name)
        value = next(figures)
        if value < 0:
            return {"error": "failed"}
        return {"build": {"seconds": value, "note": "text", "ok": True}, "nodes": 7}

    return name, call


def test_interleaves_and_summarises() -> None:
    order: list[str] = []
    cases = [_case("a", order, [1.0, 3.0, 2.0]), _case("b", order, [4.0, 4.0, 10.0])]
    seen: list[tuple[str, int]] = []
    result = runs.interleave(cases, 3, on_run=lambda name, run: seen.append((name, run["round"])))

    assert order == ["a", "b", "a", "b", "a", "b"]
    assert seen == [("a", 1), ("b", 1), ("a", 2), ("b", 2), ("a", 3), ("b", 3)]
    a = result["a"]
    assert a["errors"] == 0
    assert [run["figures"]["build"]["seconds"] for run in a["runs"]] == [1.0, 3.0, 2.0]
    assert a["figures"] == {
        "build.seconds": {"median": 2.0, "min": 1.0, "max": 3.0},
        "nodes": {"median": 7, "min": 7, "max": 7},
    }
    for run in a["runs"]:
        assert len(run["load_before"]) == 3
        assert len(run["load_after"]) == 3
    low = a["load_average_1min"]
    assert 0 <= low["min"] <= low["median"] <= low["max"]


def test_ratio_is_median_over_median_with_the_range_of_each_round() -> None:
    order: list[str] = []
    cases = [_case("ours", order, [1.0, 2.0, 4.0]), _case("theirs", order, [3.0, 2.0, 20.0])]
    result = runs.interleave(cases, 3)

    assert runs.ratio(result["theirs"], result["ours"], "build.seconds") == {
        "median": 3.0 / 2.0,
        "min": 1.0,
        "max": 5.0,
    }
    assert runs.ratio(result["theirs"], result["ours"], "missing") is None


def test_failed_runs_are_counted_and_left_out() -> None:
    order: list[str] = []
    cases = [_case("ours", order, [1.0, 2.0, 4.0]), _case("theirs", order, [3.0, -1.0, 8.0])]
    result = runs.interleave(cases, 3)

    theirs = result["theirs"]
    assert theirs["errors"] == 1
    assert theirs["figures"]["build.seconds"] == {"median": 5.5, "min": 3.0, "max": 8.0}
    assert runs.ratio(theirs, result["ours"], "build.seconds") == {
        "median": 5.5 / 2.0,
        "min": 2.0,
        "max": 3.0,
    }


def test_all_runs_failed_gives_no_figures() -> None:
    order: list[str] = []
    result = runs.interleave([_case("x", order, [-1.0, -1.0])], 2)
    assert result["x"]["errors"] == 2
    assert result["x"]["figures"] == {}


def test_needs_at_least_one_run() -> None:
    call: Callable[[], dict[str, Any]] = dict
    with pytest.raises(ValueError, match="at least 1"):
        runs.interleave([("x", call)], 0)


def test_doctests() -> None:
    assert doctest.testmod(runs).failed == 0


def _report(scale: float, *, pandana: bool = False) -> dict[str, Any]:
    """A worker report of ``access_network``: stage seconds times ``scale``."""

    def stage(seconds: float, peak: float) -> dict[str, float]:
        return {"seconds": seconds * scale, "cpu_seconds": seconds * scale / 2, "peak_mb": peak}

    report = {"build": stage(1.0, 100.0), "nearest": stage(2.0, 150.0)}
    if pandana:
        report["2sfca_precompute"] = stage(3.0, 300.0)
        report["2sfca"] = stage(1.0, 310.0)
    else:
        report["cost_table"] = stage(0.5, 160.0)
        report["2sfca_from_table"] = stage(0.5, 170.0)
    return report


def test_access_summary_stages_and_ratios() -> None:
    import access_network

    reports = {"adilkent": iter([1.0, 2.0]), "pandana": iter([4.0, 4.0])}

    def case(tool: str) -> runs.Case:
        def call() -> dict[str, Any]:
            report = _report(next(reports[tool]), pandana=tool == "pandana")
            report["stages"] = access_network.stage_figures(tool, report)
            return report

        return tool, call

    summary = access_network.summarise(runs.interleave([case("adilkent"), case("pandana")], 2))

    ours = summary["tools"]["adilkent"]["stages"]
    assert list(ours) == [
        "build",
        "nearest",
        "cost_table",
        "2sfca_from_table",
        "2sfca",
        "end_to_end",
    ]
    assert ours["2sfca"]["seconds"] == {"median": 1.5, "min": 1.0, "max": 2.0}
    # build 1 + nearest 2 + cost table 0.5 + arithmetic 0.5, times 1 and 2, CPU half of it.
    assert ours["end_to_end"]["cpu_seconds"] == {"median": 3.0, "min": 2.0, "max": 4.0}
    assert ours["end_to_end"]["peak_mb_median"] == 170.0
    theirs = summary["tools"]["pandana"]["stages"]
    assert theirs["2sfca"]["seconds"]["median"] == 16.0
    assert theirs["end_to_end"]["peak_mb_median"] == 310.0
    # 2SFCA: pandana 16 s both rounds, adilkent 1 s and 2 s.
    assert summary["times_adilkent"]["pandana"]["seconds"]["2sfca"] == {
        "median": 16.0 / 1.5,
        "min": 8.0,
        "max": 16.0,
    }
    assert "cost_table" not in summary["times_adilkent"]["pandana"]["seconds"]
    low = summary["load_average_1min"]
    assert low["min"] <= low["max"]
