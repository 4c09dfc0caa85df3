"""Allocation benchmark: 20,000 applications over 60 centres, priority allocation against a
first-come-first-served loop.

The workload is synthetic (no real applications exist to use), generated from a fixed seed:
60 centres, each with three age groups of 10 to 20 places (about 2,700 places for 20,000
applications, as scarce as Yuvamız İzmir's 1,600 places in 22 centres); each applicant
chooses one to three centres, popular centres more often (a Zipf-like weight), one age group
per centre that fits the child; about a third of the applicants belong to one or more of the
groups that the directorate serves first.

Competitor: first come, first served, the way places are given out without rules: in the order
of the applications, each gets the first of their choices that still has room (written as
well as it can be: counters in a dict, one pass). adilkent: the same applicants ranked by
priority points and the seeded lottery (SHA-256 per applicant), then the same pass, plus the
waiting lists. Both run several times, interleaved, in this process; time is wall-clock with
``time.perf_counter`` and memory the peak of ``tracemalloc`` over a separate run of each.
Besides the cost, the result is compared: how many places go to the groups served first.

    uv run --frozen python bench/allocation.py --repeats 9 --json allocation.json
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from adilkent.allocation.engine import Allocation, Applicant, allocate
from adilkent.allocation.priority import priority_of, ruleset_from_dict

GROUPS = ("low_income", "refugee_or_migrant", "disability_in_household", "single_parent")
RULES = ruleset_from_dict(
    {
        "version": "bench",
        "effective_from": "2025-09-01",
        "criteria": {
            "low_income": {"points": 3},
            "refugee_or_migrant": {"points": 2},
            "disability_in_household": {"points": 2},
            "single_parent": {"points": 1},
        },
        "need_bands": [{"within": 0.1, "points": 2}, {"within": 0.25, "points": 1}],
    }
)
AGE_GROUPS = ("36-47", "48-59", "60-66")


def workload(
    applications: int, centres: int, seed: int
) -> tuple[list[Applicant], dict[str, int], set[str]]:
    """The applicants in order of arrival, the places, and who is in a group served first."""
    rng = random.Random(seed)
    capacity = {f"c{c:02d}/{g}": rng.randint(10, 20) for c in range(centres) for g in AGE_GROUPS}
    weights = [1 / (rank + 1) ** 0.8 for rank in range(centres)]
    applicants: list[Applicant] = []
    served_first: set[str] = set()
    for number in range(applications):
        age = rng.choice(AGE_GROUPS)
        wanted = list(dict.fromkeys(rng.choices(range(centres), weights, k=rng.randint(1, 3))))
        groups = [g for g in GROUPS if rng.random() < 0.12]
        need_share = rng.random()
        identifier = f"A{number:05d}"
        if groups or need_share <= 0.25:
            served_first.add(identifier)
        applicants.append(
            Applicant(
                identifier,
                tuple((f"c{c:02d}/{age}",) for c in wanted),
                priority_of(RULES, groups, need_share),
            )
        )
    return applicants, capacity, served_first


def first_come_first_served(
    applicants: Sequence[Applicant], capacity: dict[str, int]
) -> dict[str, str]:
    left = dict(capacity)
    placed: dict[str, str] = {}
    for applicant in applicants:
        for choice in applicant.choices:
            place = next((p for p in choice if left[p] > 0), None)
            if place is not None:
                left[place] -= 1
                placed[applicant.id] = place
                break
    return placed


def by_priority(applicants: Sequence[Applicant], capacity: dict[str, int]) -> Allocation:
    return allocate(applicants=applicants, capacity=capacity, seed="published-seed-2026")


def _peak(run: Callable[[], Any]) -> int:
    tracemalloc.start()
    try:
        run()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--applications", type=int, default=20_000)
    parser.add_argument("--centres", type=int, default=60)
    parser.add_argument("--repeats", type=int, default=9)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()

    applicants, capacity, served_first = workload(args.applications, args.centres, args.seed)
    load_before = os.getloadavg()
    times: dict[str, list[float]] = {"fcfs": [], "adilkent": []}
    runs: dict[str, Callable[[], Any]] = {
        "fcfs": lambda: first_come_first_served(applicants, capacity),
        "adilkent": lambda: by_priority(applicants, capacity),
    }
    for _ in range(args.repeats):
        for name, run in runs.items():  # interleaved: fcfs, adilkent, fcfs, adilkent, ...
            start = time.perf_counter()
            run()
            times[name].append(time.perf_counter() - start)
    peaks = {name: _peak(run) for name, run in runs.items()}
    load_after = os.getloadavg()

    fcfs = first_come_first_served(applicants, capacity)
    ours = by_priority(applicants, capacity)
    places = sum(capacity.values())

    def share(placed: Sequence[str]) -> float:
        return sum(1 for a in placed if a in served_first) / len(placed)

    results = {
        "command": " ".join(["bench/allocation.py", *sys.argv[1:]]),
        "python": platform.python_version(),
        "machine": f"{os.cpu_count()} cores, {platform.machine()}",
        "load_average_before": load_before,
        "load_average_after": load_after,
        "applications": len(applicants),
        "centres": args.centres,
        "places": places,
        "applicants_served_first": len(served_first),
        "seconds": {
            name: {
                "median": statistics.median(values),
                "min": min(values),
                "max": max(values),
                "runs": values,
            }
            for name, values in times.items()
        },
        "peak_bytes": peaks,
        "placed": {"fcfs": len(fcfs), "adilkent": len(ours.placements)},
        "share_of_places_to_groups_served_first": {
            "fcfs": share(list(fcfs)),
            "adilkent": share(list(ours.placements)),
        },
        "first_choice": {
            "fcfs": sum(1 for a in applicants if a.id in fcfs and fcfs[a.id] in a.choices[0]),
            "adilkent": sum(1 for p in ours.placements.values() if p.choice == 0),
        },
        "longest_waiting_list": max(len(line) for line in ours.waiting.values()),
    }
    median = {n: results["seconds"][n]["median"] for n in times}  # type: ignore[index]
    print(f"{len(applicants):,} applications, {args.centres} centres, {places:,} places")
    print(f"load average before {load_before[0]:.2f}, after {load_after[0]:.2f}")
    for name in times:
        spread = results["seconds"][name]  # type: ignore[index]
        print(
            f"{name:9} median {spread['median'] * 1000:8.1f} ms "
            f"(range {spread['min'] * 1000:.1f}-{spread['max'] * 1000:.1f}), "
            f"peak {peaks[name] / 1e6:.1f} MB"
        )
    print(f"adilkent / fcfs time: {median['adilkent'] / median['fcfs']:.1f}x")
    shares = results["share_of_places_to_groups_served_first"]
    print(
        f"places to groups served first: fcfs {shares['fcfs']:.1%}, "  # type: ignore[index]
        f"adilkent {shares['adilkent']:.1%} "  # type: ignore[index]
        f"(they are {len(served_first) / len(applicants):.1%} of applicants)"
    )
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
