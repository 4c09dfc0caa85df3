"""Priority rules as data: which groups get how many points, from which date.

A rule set is written by staff (YAML or a form), never in code::

    version: "2026-1"
    effective_from: 2026-01-01
    criteria:
      low_income: {points: 3, label: "Household income below the fee band's threshold"}
      refugee_or_migrant: {points: 2, label: "Refugee or migrant family"}
    need_index: hospital   # whose need index ranks the mahalle (enrolment reads it)
    need_bands:            # the mahalle's place in the need index (0 = greatest need)
      - {within: 0.10, points: 3}
      - {within: 0.25, points: 2}

An application is scored with the rule set in force on the date the allocation is for, and
keeps the list of the points it got and why (:class:`Priority`), which staff and the applicant
can read.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any


class RulesError(ValueError):
    """A rule set that cannot be used; the message says which part and why."""


@dataclass(frozen=True)
class Criterion:
    code: str
    points: int
    label: str


@dataclass(frozen=True)
class NeedBand:
    """Mahalle whose need rank is within this share of the most in need get ``points``."""

    within: float
    points: int


@dataclass(frozen=True)
class RuleSet:
    version: str
    effective_from: dt.date
    criteria: tuple[Criterion, ...]
    need_bands: tuple[NeedBand, ...] = ()

    def criterion(self, code: str) -> Criterion | None:
        return next((c for c in self.criteria if c.code == code), None)


@dataclass(frozen=True)
class Priority:
    """An applicant's points and the reason for each (``code``, points)."""

    points: int
    reasons: tuple[tuple[str, int], ...]


def _points(value: Any, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 100:
        raise RulesError(f"{where}: points must be a whole number from 0 to 100, not {value!r}")
    return value


def ruleset_from_dict(data: Mapping[str, Any]) -> RuleSet:
    """Read one rule set (the YAML above, parsed), or raise :class:`RulesError`."""
    version = str(data.get("version") or "").strip()
    if not version:
        raise RulesError("a rule set needs a version")
    start = data.get("effective_from")
    if isinstance(start, str):
        try:
            start = dt.date.fromisoformat(start)
        except ValueError as error:
            raise RulesError(f"{version}: effective_from {start!r} is not a date") from error
    if not isinstance(start, dt.date) or isinstance(start, dt.datetime):
        raise RulesError(f"{version}: effective_from must be a date (YYYY-MM-DD)")
    raw_criteria = data.get("criteria") or {}
    if not isinstance(raw_criteria, Mapping):
        raise RulesError(f"{version}: criteria must map each group's code to its points")
    criteria = []
    for code, spec in raw_criteria.items():
        if not isinstance(spec, Mapping):
            raise RulesError(f"{version}: criterion {code!r} needs points and a label")
        points = _points(spec.get("points"), f"{version}: criterion {code!r}")
        criteria.append(Criterion(str(code), points, str(spec.get("label") or code)))
    bands = []
    for number, spec in enumerate(data.get("need_bands") or [], start=1):
        where = f"{version}: need band {number}"
        within = spec.get("within") if isinstance(spec, Mapping) else None
        if (
            isinstance(within, bool)
            or not isinstance(within, int | float)
            or not (math.isfinite(within) and 0 < within <= 1)
        ):
            raise RulesError(f"{where}: within must be a share above 0 and at most 1")
        bands.append(NeedBand(float(within), _points(spec.get("points"), where)))
    bands.sort(key=lambda band: band.within)
    return RuleSet(version, start, tuple(criteria), tuple(bands))


def rules_in_force(rulesets: Iterable[RuleSet], on: dt.date) -> RuleSet:
    """The rule set with the latest ``effective_from`` not after ``on``."""
    candidates = [r for r in rulesets if r.effective_from <= on]
    if not candidates:
        raise RulesError(f"no priority rules are in force on {on.isoformat()}")
    latest = max(r.effective_from for r in candidates)
    found = [r for r in candidates if r.effective_from == latest]
    if len(found) > 1:
        versions = ", ".join(sorted(r.version for r in found))
        raise RulesError(f"rule sets {versions} all start on {latest.isoformat()}: keep one")
    return found[0]


def priority_of(rules: RuleSet, groups: Iterable[str], need_share: float | None = None) -> Priority:
    """Points for the groups the rules name (others add nothing) and for the mahalle's need:
    ``need_share`` is its place in the need index as a share (0 = greatest need, 1 = least);
    only the first band it falls within counts."""
    reasons: list[tuple[str, int]] = []
    for code in sorted(set(groups)):
        criterion = rules.criterion(code)
        if criterion is not None and criterion.points:
            reasons.append((code, criterion.points))
    if need_share is not None and math.isfinite(need_share):
        band = next((b for b in rules.need_bands if need_share <= b.within), None)
        if band is not None and band.points:
            reasons.append((f"need_within_{band.within:g}", band.points))
    return Priority(sum(points for _code, points in reasons), tuple(reasons))
