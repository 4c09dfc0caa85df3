"""Key figures of a plan: coverage (above all of the worst-served places), distance, hours,
and the fairness of visit frequency across places."""

from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np

from .model import Plan


def gini(values: list[float]) -> float:
    """Gini coefficient of non-negative values (0 = all equal); 0 for an all-zero list.

    >>> gini([1, 1, 1, 1])
    0.0
    >>> gini([0, 0, 0, 4])  # one holds everything among four: (n - 1) / n
    0.75
    """
    x = np.sort(np.asarray(values, dtype=float))
    n = len(x)
    if n == 0 or x.sum() == 0:
        return 0.0
    ranks = np.arange(1, n + 1)
    return float((2 * (ranks * x).sum()) / (n * x.sum()) - (n + 1) / n)


@dataclass(frozen=True)
class PlanKpis:
    sites: int
    sites_visited: int
    coverage: float
    priority_coverage: float
    underserved_sites: int
    underserved_coverage: float
    visits: int
    routes: int
    distance_km: float
    route_hours: float
    visits_per_site_gini: float
    longest_gap_days: int | None
    min_gap_violations: int
    max_gap_violations: int
    unserved: int
    # places visited: a place split into day parts (sites with the same ``place`` attribute)
    # counts once
    places_visited: int = 0

    def as_dict(self) -> dict[str, float | int | None]:
        return asdict(self)


def plan_kpis(plan: Plan, underserved_share: float = 0.25) -> PlanKpis:
    """KPIs of ``plan``. The underserved are the ``underserved_share`` of sites with the
    highest priority. Gaps count the days between consecutive visits (and from a last visit
    before the plan); a violation is a gap shorter than the minimum or a deadline missed
    within the horizon."""
    visits = plan.visits()
    sites = list(plan.sites.values())
    visited = [s for s in sites if visits[s.id]]
    total_priority = sum(s.priority for s in sites) or 1.0
    ranked = sorted(sites, key=lambda s: -s.priority)
    top = ranked[: max(1, round(len(ranked) * underserved_share))] if ranked else []
    longest: int | None = None
    too_soon = too_late = 0
    horizon = plan.settings.horizon_days
    for site in sites:
        days = visits[site.id]
        previous = site.last_visit
        for day in days:
            if previous is not None:
                gap = day - previous
                longest = gap if longest is None else max(longest, gap)
                too_soon += gap < site.min_gap_days
            previous = day
        if site.max_gap_days is not None:
            previous_visit = site.last_visit if site.last_visit is not None else -1
            for day in days:
                too_late += day - previous_visit > site.max_gap_days
                previous_visit = day
            too_late += previous_visit + site.max_gap_days < horizon
    return PlanKpis(
        sites=len(sites),
        sites_visited=len(visited),
        coverage=len(visited) / len(sites) if sites else 0.0,
        priority_coverage=sum(s.priority for s in visited) / total_priority,
        underserved_sites=len(top),
        underserved_coverage=(sum(1 for s in top if visits[s.id]) / len(top)) if top else 0.0,
        visits=sum(len(v) for v in visits.values()),
        routes=len(plan.routes),
        distance_km=sum(r.distance_m for r in plan.routes) / 1000,
        route_hours=sum(r.duration_minutes for r in plan.routes) / 60,
        visits_per_site_gini=gini([len(visits[s.id]) for s in sites]),
        longest_gap_days=longest,
        min_gap_violations=too_soon,
        max_gap_violations=too_late,
        unserved=len(plan.unserved),
        places_visited=len({s.attributes.get("place", s.id) for s in visited}),
    )
