"""A survey's published results never show a small cell, and no combination of the published
figures (every table of a question, the answers per mahalle and group, the weighted shares)
gives one back.

The check here is written apart from :mod:`adilkent.surveys.disclosure`: it reads only what
:func:`adilkent.surveys.analysis.analyse` publishes, counts the true cells from the answers
itself, and asks a linear programme how large each withheld small cell could be.
"""

from __future__ import annotations

import itertools
from collections import Counter

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from adilkent.surveys.analysis import (
    ALL,
    NOT_ANSWERED,
    OTHER,
    Item,
    Record,
    Results,
    Table,
    analyse,
)
from adilkent.surveys.groups import KINDS, respondent_groups

MIN = 3
REASONS = ("cost", "distance", "language")
ITEMS = [
    Item("reach_health", "select_one", ("yes", "partly", "no")),
    Item("languages", "select_multiple", ("tr", "ar")),
    Item("barriers_health", "select_multiple", REASONS),
    Item("barriers_legal", "select_multiple", REASONS),
]
MAHALLELER = ("a", "b", "c", "d")
POPULATION = {"a": 1200, "b": 800, "c": 3000, "d": 450}


def _row(key: str | None, shown: list[str]) -> str:
    return key if key in shown else OTHER


def _true_rows(results: Results, record: Record) -> dict[str, str]:
    groups = respondent_groups(record.answers)
    rows = {"all": ALL, "mahalle": _row(record.mahalle, [k for k, _n in results.mahalle_rows])}
    for kind, codes in KINDS.items():
        shown = [c for c, _n in results.group_rows[kind]]
        rows[kind] = next((c for c in codes if c in groups and c in shown), OTHER)
    return rows


def _true_cells(results: Results, records: list[Record], table: Table) -> Counter[tuple]:
    variable = table.variable
    counts: Counter[tuple] = Counter()
    for record in records:
        rows = _true_rows(results, record)
        value = variable.category(record.answers)
        for dimension in ("all", "sex", "age", "mahalle"):
            if dimension == "mahalle" and not variable.by_mahalle:
                continue
            counts[(dimension, rows[dimension], value)] += 1
            counts[(dimension, rows[dimension], ALL)] += 1
    return counts


def _largest(results: Results, table: Table, key: tuple) -> float:
    """The largest value of a cell given every figure published for the table's variable."""
    variable = table.variable
    m_rows = [k for k, _n in results.mahalle_rows] if variable.by_mahalle else [ALL]
    s_rows = [c for c, _n in results.group_rows["sex"]]
    a_rows = [c for c, _n in results.group_rows["age"]]
    values = list(variable.values)
    fine = list(itertools.product(m_rows, s_rows, a_rows, values))
    index = {cell: i for i, cell in enumerate(fine)}

    def members(dimension: str, row: str, value: str) -> list[int]:
        position = {"mahalle": 0, "sex": 1, "age": 2}.get(dimension)
        return [
            index[cell]
            for cell in fine
            if (position is None or cell[position] == row) and value in (ALL, cell[3])
        ]

    a_eq, b_eq = [], []
    # the answers per mahalle and per group are on the page too
    published = [("all", ALL, ALL, results.total)]
    published += [("sex", c, ALL, n) for c, n in results.group_rows["sex"]]
    published += [("age", c, ALL, n) for c, n in results.group_rows["age"]]
    if variable.by_mahalle:
        published += [("mahalle", k, ALL, n) for k, n in results.mahalle_rows]
    for dimension, row, value, n in published:
        line = np.zeros(len(fine))
        line[members(dimension, row, value)] = 1
        a_eq.append(line)
        b_eq.append(n)
    for (dimension, row, value), shown in table.cells.items():
        if shown is not None:
            line = np.zeros(len(fine))
            line[members(dimension, row, value)] = 1
            a_eq.append(line)
            b_eq.append(shown)
    a_ub, b_ub = [], []
    if table.weighted:
        weight = np.array([results.weights[cell[0]] for cell in fine])
        for value, share in table.weighted.items():
            numerator = np.zeros(len(fine))
            numerator[members("all", ALL, value)] = 1
            a_ub.append(weight * numerator - (share + 0.005) * weight)
            a_ub.append((share - 0.005) * weight - weight * numerator)
            b_ub += [0.0, 0.0]
    objective = np.zeros(len(fine))
    objective[members(*key)] = -1
    found = linprog(
        objective,
        A_eq=np.array(a_eq),
        b_eq=np.array(b_eq),
        A_ub=np.array(a_ub) if a_ub else None,
        b_ub=np.array(b_ub) if b_ub else None,
        bounds=(0, None),
        method="highs",
    )
    if found.status == 3:  # unbounded: nothing published limits the cell
        return float("inf")
    assert found.status == 0, found.message
    return -float(found.fun)


def _check(records: list[Record]) -> Results:
    results = analyse(records, ITEMS, minimum=MIN, population=POPULATION)
    if len(records) < MIN:
        assert not results.published and not results.tables
        return results
    for _key, n in results.mahalle_rows:
        assert n >= MIN
    for rows in results.group_rows.values():
        assert all(n >= MIN for _code, n in rows)
    for table in results.tables.values():
        truth = _true_cells(results, records, table)
        for key, shown in table.cells.items():
            true = truth.get(key, 0)
            if shown is not None:
                assert shown == true, key
                assert shown == 0 or shown >= MIN, (table.variable.key, key, shown)
            elif 0 < true < MIN:
                largest = _largest(results, table, key)
                assert largest >= MIN - 1e-6, (table.variable.key, key, true, largest)
    return results


answers = st.fixed_dictionaries(
    {
        "sex": st.sampled_from(["female", "male", "no_answer", ""]),
        "age": st.one_of(st.integers(min_value=5, max_value=90), st.just("")),
        "reach_health": st.sampled_from(["yes", "partly", "no", ""]),
        "languages": st.lists(st.sampled_from(["tr", "ar"]), max_size=2, unique=True),
        "barriers_health": st.lists(st.sampled_from(REASONS), max_size=2, unique=True),
        "barriers_legal": st.lists(st.sampled_from(REASONS), max_size=1, unique=True),
    }
)
records = st.lists(
    st.builds(Record, st.one_of(st.none(), st.sampled_from(MAHALLELER)), answers), max_size=45
)


@settings(max_examples=40, deadline=None)
@given(records)
def test_no_published_figure_and_no_combination_of_them_gives_back_a_small_cell(
    drawn: list[Record],
) -> None:
    _check(drawn)


def test_a_lone_small_answer_is_withheld_with_a_partner_and_stays_unprovable() -> None:
    base = {"sex": "female", "age": 40, "languages": ["tr"], "barriers_legal": []}
    drawn = [
        Record(m, base | {"reach_health": "yes", "barriers_health": []})
        for m in ("a",) * 6 + ("b",) * 6
    ]
    # one respondent in "a" met a cost barrier: a cell of 1 in the mahalle table
    drawn[0] = Record("a", base | {"reach_health": "no", "barriers_health": ["cost"]})
    results = _check(drawn)
    cost = results.tables["b:cost"]
    assert cost.get("mahalle", "a", "yes") is None
    assert cost.get("all", ALL, "yes") is None  # the total would give it back
    assert cost.get("mahalle", "b", "yes") == 0  # nobody: shown as zero
    reach = results.tables["q:reach_health"]
    assert reach.get("all", ALL, "no") is None
    assert reach.get("all", ALL, "yes") is None  # partner: the next smallest of the line
    assert reach.get("all", ALL, NOT_ANSWERED) == 0


def test_fewer_answers_than_the_minimum_publish_nothing() -> None:
    drawn = [Record("a", {"sex": "female"})] * (MIN - 1)
    results = analyse(drawn, ITEMS, minimum=MIN)
    assert not results.published
    assert results.tables == {} and results.mahalle_rows == []


def test_small_mahalleler_and_groups_are_pooled_so_every_row_shown_is_large() -> None:
    drawn = [Record("a", {"sex": "female", "age": 30})] * 7
    drawn += [Record("b", {"sex": "male", "age": 30})] * 2
    drawn += [Record("c", {"sex": "male", "age": 70})] * 2
    results = _check(drawn)
    assert results.mahalle_rows == [("a", 7), (OTHER, 4)]
    assert results.pooled_mahalleler == ["b", "c"]
    assert results.group_rows["sex"] == [("women", 7), ("men", 4)]
    # two aged 65 and over would be a pool of 2: the only shown band joins them
    assert results.group_rows["age"] == [(OTHER, 11)]


def test_weighted_shares_follow_the_population_of_each_mahalle() -> None:
    yes = {"sex": "female", "age": 30, "barriers_health": ["distance"]}
    no = {"sex": "female", "age": 30, "barriers_health": []}
    # a: 4 of 8 report distance; c (population 3000, 2.5 times a's) 3 of 8
    drawn = [Record("a", yes)] * 4 + [Record("a", no)] * 4
    drawn += [Record("c", yes)] * 3 + [Record("c", no)] * 5
    results = _check(drawn)
    share = results.tables["d:health"].weighted["yes"]
    expected = (1200 * 4 / 8 + 3000 * 3 / 8) / (1200 + 3000)
    assert round(expected, 2) == share
    assert abs(share - 7 / 16) > 0.02  # not the unweighted share


def test_a_weighted_share_that_would_give_back_a_small_cell_is_withheld() -> None:
    yes = {"sex": "female", "age": 30, "barriers_health": ["distance"]}
    no = {"sex": "female", "age": 30, "barriers_health": []}
    # c has one respondent with a distance barrier: withheld in its row, and a's 4 are
    # withheld with it; the rounded weighted share would then solve for c's 1
    drawn = [Record("a", yes)] * 4 + [Record("a", no)] * 4
    drawn += [Record("c", yes)] * 1 + [Record("c", no)] * 7
    results = _check(drawn)
    distance = results.tables["d:health"]
    assert distance.get("mahalle", "c", "yes") is None
    assert "yes" not in distance.weighted
