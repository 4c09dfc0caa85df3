"""Places filled in rank order: a serial dictatorship with a published lottery for ties.

Applicants are ranked by their priority points (most first), then by their lottery number
(:mod:`.lottery`). In rank order, each applicant gets the first of their choices that still has
a free place. A choice is a set of places the applicant would take equally (the groups of one
centre that fit a child's age, say), and choices are in the applicant's order of preference.
So no applicant ever gets a place that a higher-ranked applicant wanted more than what that
applicant got; and the same applicants, places and seed always give the same result, in
whatever order they are listed.

Everyone who did not get their first choice waits, in rank order, for each place they wanted
more than the one they got (:attr:`Allocation.waiting`). A new round (after a cancellation,
a declined or expired offer, or new places) is the same function with ``held``: those who hold
a place keep it or move up to a choice they prefer, never down, and a place left by someone
moving up goes to the next in line.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from .lottery import lottery_number
from .priority import Priority

NO_POINTS = Priority(0, ())


class AllocationInputError(ValueError):
    """Input the allocation cannot use; ``problems`` lists every one found."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Applicant:
    id: str
    choices: tuple[tuple[str, ...], ...]  # in order of preference; each a set of places
    priority: Priority = field(default_factory=lambda: NO_POINTS)


@dataclass(frozen=True)
class Ranked:
    applicant: Applicant
    rank: int  # 1 goes first
    lottery: str  # the lottery number (hexadecimal), for ties in points


@dataclass(frozen=True)
class Placement:
    place: str
    choice: int  # which of the applicant's choices (0: the first)


@dataclass
class Allocation:
    seed: str
    order: list[Ranked]
    placements: dict[str, Placement]
    free: dict[str, int]
    waiting: dict[str, list[str]] = field(default_factory=dict)

    def position(self, applicant_id: str, place: str) -> int | None:
        """The applicant's place in the waiting list of ``place`` (1 = next), or ``None``."""
        line = self.waiting.get(place, [])
        return line.index(applicant_id) + 1 if applicant_id in line else None

    def ranked(self, applicant_id: str) -> Ranked:
        return next(r for r in self.order if r.applicant.id == applicant_id)


def rank(applicants: Sequence[Applicant], seed: str) -> list[Ranked]:
    """Applicants in allocation order: points (most first), then lottery number."""
    keys = [(-a.priority.points, lottery_number(seed, a.id), i) for i, a in enumerate(applicants)]
    keys.sort()  # the index only keeps the sort off the applicants (ids are unique)
    return [
        Ranked(applicants[i], number, lottery)
        for number, (_points, lottery, i) in enumerate(keys, start=1)
    ]


def _check(
    applicants: Sequence[Applicant], capacity: Mapping[str, int], held: Mapping[str, Placement]
) -> None:
    problems: list[str] = []
    for place, places in capacity.items():
        if places < 0:
            problems.append(f"place {place}: capacity {places} is below zero")
    seen: set[str] = set()
    known = set(capacity)
    by_id: dict[str, Applicant] = {}
    for applicant in applicants:
        if applicant.id in seen:
            problems.append(f"applicant {applicant.id} is listed twice")
        seen.add(applicant.id)
        by_id[applicant.id] = applicant
        if not applicant.choices or not all(applicant.choices):
            problems.append(f"applicant {applicant.id}: every choice needs at least one place")
        unknown = sorted({p for choice in applicant.choices for p in choice} - known)
        if unknown:
            problems.append(f"applicant {applicant.id}: unknown places {', '.join(unknown)}")
    taken: dict[str, int] = {}
    for applicant_id, placement in held.items():
        found = by_id.get(applicant_id)
        if found is None:
            problems.append(f"a place is held by {applicant_id}, who is not an applicant")
        elif not (
            0 <= placement.choice < len(found.choices)
            and placement.place in found.choices[placement.choice]
        ):
            problems.append(
                f"applicant {applicant_id} holds {placement.place}, "
                f"which is not their choice {placement.choice + 1}"
            )
        taken[placement.place] = taken.get(placement.place, 0) + 1
    for place, count in sorted(taken.items()):
        if count > capacity.get(place, 0):
            problems.append(f"place {place}: {count} held, capacity {capacity.get(place, 0)}")
    if problems:
        raise AllocationInputError(problems)


def allocate(
    *,
    applicants: Sequence[Applicant],
    capacity: Mapping[str, int],
    seed: str,
    held: Mapping[str, Placement] | None = None,
) -> Allocation:
    """Fill the places (``capacity``: place → number of places, held ones included)."""
    held = dict(held or {})
    _check(applicants, capacity, held)
    order = rank(applicants, seed)
    free = dict(capacity)
    for placement in held.values():
        free[placement.place] -= 1
    current = held
    again = True
    while again:  # a place left by someone moving up may be wanted by someone ranked above
        again = False
        for ranked in order:
            applicant = ranked.applicant
            now = current.get(applicant.id)
            for number in range(now.choice if now else len(applicant.choices)):
                place = next((p for p in applicant.choices[number] if free[p] > 0), None)
                if place is None:
                    continue
                free[place] -= 1
                if now is not None:
                    free[now.place] += 1
                    again = True
                current[applicant.id] = Placement(place, number)
                break
    waiting: dict[str, list[str]] = {}
    for ranked in order:
        applicant = ranked.applicant
        got = current.get(applicant.id)
        wanted_more = applicant.choices[: got.choice if got else len(applicant.choices)]
        for place in dict.fromkeys(p for choice in wanted_more for p in choice):
            waiting.setdefault(place, []).append(applicant.id)
    return Allocation(seed, order, current, free, waiting)
