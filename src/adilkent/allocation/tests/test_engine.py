"""The allocation engine: worked examples, bad input, and properties over random input."""

from __future__ import annotations

import hashlib
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from adilkent.allocation.engine import (
    AllocationInputError,
    Applicant,
    Placement,
    allocate,
    rank,
)
from adilkent.allocation.lottery import lottery_number
from adilkent.allocation.priority import Priority


def _a(applicant_id: str, *choices: str, points: int = 0) -> Applicant:
    """An applicant whose choices are single places, or 'x|y' for places taken equally."""
    return Applicant(
        applicant_id,
        tuple(tuple(choice.split("|")) for choice in choices),
        Priority(points, (("test", points),) if points else ()),
    )


def test_the_lottery_is_the_published_sha256_recipe() -> None:
    expected = hashlib.sha256(b"2026-seed:A-17").hexdigest()
    assert lottery_number("2026-seed", "A-17") == expected
    assert lottery_number("other-seed", "A-17") != expected


def test_points_come_first_and_the_lottery_breaks_ties() -> None:
    applicants = [_a("low", "c"), _a("high", "c", points=5), _a("tie-1", "c"), _a("tie-2", "c")]
    order = [r.applicant.id for r in rank(applicants, "s")]
    assert order[0] == "high"
    ties = sorted(["low", "tie-1", "tie-2"], key=lambda i: lottery_number("s", i))
    assert order[1:] == ties


def test_a_worked_example() -> None:
    """Centres A and B have one place each. Ranked by points: Ada (5) wants B then A; Bora
    (3) wants B then A; Cem (1) wants A. Ada takes B, Bora falls back to A, Cem waits for A;
    Bora waits for B."""
    result = allocate(
        applicants=[_a("cem", "A", points=1), _a("ada", "B", "A", points=5), _a("bora", "B", "A", points=3)],
        capacity={"A": 1, "B": 1},
        seed="s",
    )  # fmt: skip
    assert result.placements == {"ada": Placement("B", 0), "bora": Placement("A", 1)}
    assert result.waiting == {"B": ["bora"], "A": ["cem"]}
    assert result.position("cem", "A") == 1 and result.position("cem", "B") is None
    assert result.free == {"A": 0, "B": 0}


def test_a_cancellation_moves_the_next_in_line_up_and_nobody_down() -> None:
    """Ada cancels her place at B: Bora, next for B, moves up from A, and the place Bora
    leaves at A goes to Cem."""
    applicants = [
        _a("ada", "B", "A", points=5),
        _a("bora", "B", "A", points=3),
        _a("cem", "A", points=1),
    ]
    first = allocate(applicants=applicants, capacity={"A": 1, "B": 1}, seed="s")
    held = {k: v for k, v in first.placements.items() if k != "ada"}
    second = allocate(applicants=applicants[1:], capacity={"A": 1, "B": 1}, seed="s", held=held)
    assert second.placements == {"bora": Placement("B", 0), "cem": Placement("A", 0)}
    assert second.waiting == {}


def test_a_place_left_by_someone_moving_up_goes_to_a_higher_ranked_applicant() -> None:
    """Xia (ranked first) waits for P, which Yusuf holds as his second choice. Q, Yusuf's
    first choice, gets a new place: Yusuf moves up, and the place he leaves at P goes to Xia,
    although she comes before him in the order."""
    applicants = [_a("xia", "P", points=9), _a("yusuf", "Q", "P", points=1)]
    second = allocate(
        applicants=applicants,
        capacity={"P": 1, "Q": 1},
        seed="s",
        held={"yusuf": Placement("P", 1)},
    )
    assert second.placements == {"xia": Placement("P", 0), "yusuf": Placement("Q", 0)}


def test_places_of_equal_worth_in_one_choice() -> None:
    """A choice 'a1|a2' (two groups of one centre) takes whichever has room."""
    result = allocate(
        applicants=[_a("x", "a1|a2", points=2), _a("y", "a1|a2", points=1)],
        capacity={"a1": 1, "a2": 1},
        seed="s",
    )
    assert result.placements == {"x": Placement("a1", 0), "y": Placement("a2", 0)}


def test_every_problem_of_the_input_is_named() -> None:
    with pytest.raises(AllocationInputError) as raised:
        allocate(
            applicants=[_a("x", "A"), _a("x", "Z"), Applicant("e", ())],
            capacity={"A": 1, "B": -1},
            seed="s",
            held={"ghost": Placement("A", 0), "x": Placement("A", 3)},
        )
    problems = raised.value.problems
    assert "place B: capacity -1 is below zero" in problems
    assert "applicant x is listed twice" in problems
    assert "applicant x: unknown places Z" in problems
    assert "applicant e: every choice needs at least one place" in problems
    assert "a place is held by ghost, who is not an applicant" in problems
    assert "applicant x holds A, which is not their choice 4" in problems
    assert "place A: 2 held, capacity 1" in problems


# --- properties over random input -------------------------------------------------------

PLACES = [f"p{i}" for i in range(6)]


@st.composite
def _markets(draw: st.DrawFn) -> tuple[list[Applicant], dict[str, int]]:
    capacity = {p: draw(st.integers(0, 4)) for p in PLACES}
    count = draw(st.integers(0, 30))
    applicants = []
    for number in range(count):
        choices = draw(
            st.lists(
                st.lists(st.sampled_from(PLACES), min_size=1, max_size=2, unique=True).map(tuple),
                min_size=1,
                max_size=3,
            )
        )
        applicants.append(
            Applicant(f"a{number}", tuple(choices), Priority(draw(st.integers(0, 3)), ()))
        )
    return applicants, capacity


def _outcome_index(applicant: Applicant, placements: dict[str, Placement]) -> int:
    got = placements.get(applicant.id)
    return got.choice if got else len(applicant.choices)


def _assert_sound(result, applicants, capacity) -> None:  # type: ignore[no-untyped-def]
    used: dict[str, int] = {}
    for placement in result.placements.values():
        used[placement.place] = used.get(placement.place, 0) + 1
    for place, places in capacity.items():
        assert used.get(place, 0) <= places  # never over capacity
        assert result.free[place] == places - used.get(place, 0)
    for applicant in applicants:  # no free place in a choice the applicant wanted more
        better = applicant.choices[: _outcome_index(applicant, result.placements)]
        assert all(result.free[p] == 0 for choice in better for p in choice)


@settings(max_examples=300)
@given(_markets(), st.text(min_size=1, max_size=8))
def test_allocation_is_sound_fair_and_repeatable(market, seed: str) -> None:  # type: ignore[no-untyped-def]
    applicants, capacity = market
    result = allocate(applicants=applicants, capacity=capacity, seed=seed)
    _assert_sound(result, applicants, capacity)
    points = [r.applicant.priority.points for r in result.order]
    assert points == sorted(points, reverse=True)  # more points, higher rank
    position = {r.applicant.id: r.rank for r in result.order}
    for winner_id, placement in result.placements.items():
        for other in applicants:  # nobody ranked above the winner wanted that place more
            if position[other.id] < position[winner_id]:
                wanted_more = other.choices[: _outcome_index(other, result.placements)]
                assert all(placement.place not in choice for choice in wanted_more)
    shuffled = list(applicants)
    random.Random(seed).shuffle(shuffled)
    again = allocate(applicants=shuffled, capacity=capacity, seed=seed)
    assert again.placements == result.placements and again.waiting == result.waiting


@settings(max_examples=200)
@given(_markets(), st.data())
def test_a_new_round_keeps_every_holder_at_least_as_well_placed(market, data) -> None:  # type: ignore[no-untyped-def]
    applicants, capacity = market
    first = allocate(applicants=applicants, capacity=capacity, seed="s")
    leaving = data.draw(st.sets(st.sampled_from(sorted(first.placements) or ["none"])))
    more = {p: capacity[p] + data.draw(st.integers(0, 1)) for p in PLACES}
    staying = [a for a in applicants if a.id not in leaving]
    held = {k: v for k, v in first.placements.items() if k not in leaving}
    second = allocate(applicants=staying, capacity=more, seed="s", held=held)
    _assert_sound(second, staying, more)
    for applicant_id, placement in held.items():
        assert second.placements[applicant_id].choice <= placement.choice
