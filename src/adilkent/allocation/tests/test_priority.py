"""Priority rules as dated data: read with clear errors, chosen by date, scored with reasons."""

from __future__ import annotations

import datetime as dt

import pytest

from adilkent.allocation.priority import (
    RulesError,
    priority_of,
    rules_in_force,
    ruleset_from_dict,
)

RULES_2025 = {
    "version": "2025-1",
    "effective_from": "2025-09-01",
    "criteria": {
        "low_income": {"points": 3, "label": "Low household income"},
        "refugee_or_migrant": {"points": 2, "label": "Refugee or migrant family"},
        "single_parent": {"points": 0, "label": "Single parent (no points this year)"},
    },
    "need_bands": [{"within": 0.25, "points": 1}, {"within": 0.1, "points": 2}],
}
RULES_2026 = {**RULES_2025, "version": "2026-1", "effective_from": dt.date(2026, 9, 1)}


def test_points_and_their_reasons() -> None:
    rules = ruleset_from_dict(RULES_2025)
    got = priority_of(rules, ["refugee_or_migrant", "low_income", "single_parent", "other"], 0.05)
    assert got.points == 3 + 2 + 2
    assert got.reasons == (("low_income", 3), ("refugee_or_migrant", 2), ("need_within_0.1", 2))
    assert priority_of(rules, [], 0.2).reasons == (("need_within_0.25", 1),)
    assert priority_of(rules, [], 0.9).points == 0
    assert priority_of(rules, [], None).points == 0


def test_the_rules_in_force_on_a_date() -> None:
    sets = [ruleset_from_dict(RULES_2025), ruleset_from_dict(RULES_2026)]
    assert rules_in_force(sets, dt.date(2026, 8, 31)).version == "2025-1"
    assert rules_in_force(sets, dt.date(2026, 9, 1)).version == "2026-1"
    with pytest.raises(RulesError, match="no priority rules are in force on 2025-08-31"):
        rules_in_force(sets, dt.date(2025, 8, 31))
    twin = ruleset_from_dict({**RULES_2026, "version": "2026-2"})
    with pytest.raises(RulesError, match="2026-1, 2026-2 all start on 2026-09-01"):
        rules_in_force([*sets, twin], dt.date(2027, 1, 1))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"version": ""}, "needs a version"),
        ({"effective_from": "2025-02-30"}, "is not a date"),
        ({"effective_from": None}, "must be a date"),
        ({"criteria": ["low_income"]}, "criteria must map"),
        ({"criteria": {"low_income": 3}}, "needs points and a label"),
        ({"criteria": {"low_income": {"points": -1}}}, "whole number from 0 to 100"),
        ({"criteria": {"low_income": {"points": 2.5}}}, "whole number from 0 to 100"),
        ({"criteria": {"low_income": {"points": True}}}, "whole number from 0 to 100"),
        ({"need_bands": [{"within": 0, "points": 1}]}, "need band 1: within must be"),
        ({"need_bands": [{"within": float("nan"), "points": 1}]}, "within must be"),
        ({"need_bands": [{"within": 0.5, "points": 101}]}, "need band 1: points"),
    ],
)
def test_a_rule_set_that_cannot_be_used_says_why(change: dict, message: str) -> None:
    with pytest.raises(RulesError, match=message):
        ruleset_from_dict({**RULES_2025, **change})
