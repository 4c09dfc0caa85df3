"""A survey's results as published: answers per mahalle and group, every question's answers
overall and by group, barrier indices per mahalle, weighted to the population, with small cells
withheld against every combination of the figures (no Django; :mod:`.results` reads the
database and calls :func:`analyse`).

What is published
-----------------
- the number of answers, per mahalle and per group (sex, age band). A mahalle or group with
  fewer answers than the minimum is not shown on its own: it is pooled into "other mahalleler"
  (or "other or not stated"), and when the pool itself would be small, the smallest shown row
  joins it;
- for each question with choices (outside repeats), the answers per choice, overall and by
  group; for a ``select_multiple`` question each option is counted on its own (chosen, not
  chosen, not answered);
- **barrier indices**: for each reason a form's ``barriers_<service>`` questions offer (cost,
  language, documents, disability, other), the respondents who gave it for at least one
  service, overall, by group and per mahalle, with the share weighted to the population of the
  mahalle (post-stratification: each mahalle's answers count in proportion to its TÜİK
  population); distance is counted per service (the respondents who gave distance for health
  care, …), the same ways, for the comparison with the modelled travel time to that service.

The audit covers all the figures of one question or barrier together. Relations between
different questions (a question asked only after a given answer to another) are not part of it;
for that reason a barrier question's options are not published one by one beside the barrier
counts, and distance is not published both per service and for any service.

All the tables of one question (or one barrier) share their fine cells (mahalle × sex group ×
age band × answer) and are protected together by :func:`.disclosure.protect`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from . import disclosure
from .groups import KINDS, respondent_groups

OTHER = "_other"  # pooled rows (small mahalleler or groups, and answers without either)
NOT_ANSWERED = "_na"
ALL = "*"
BARRIER_PREFIX = "barriers_"
REACH_PREFIX = "reach_"
DISTANCE = "distance"
SHARE_STEP = 0.01  # weighted shares are published to the whole percent


@dataclass(frozen=True)
class Record:
    """One response: the key of its mahalle (``None`` when not known) and its answers."""

    mahalle: str | None
    answers: Mapping[str, Any]


@dataclass(frozen=True)
class Item:
    """A question with choices as the analysis needs it (a form's tree is flattened to this)."""

    name: str
    type: str  # select_one or select_multiple
    choices: tuple[str, ...]
    list_name: str = ""


@dataclass(frozen=True)
class Variable:
    key: str  # "q:reach_health", "o:languages:ar", "b:cost", "d:health"
    question: str
    option: str  # the option of a select_multiple or the barrier, else ""
    values: tuple[str, ...]
    by_mahalle: bool
    category: Callable[[Mapping[str, Any]], str]


@dataclass
class Table:
    """One variable's published figures: ``cells[(dimension, row, value)]`` is a count or
    ``None`` when withheld; dimension is ``all``, ``sex``, ``age`` or ``mahalle`` and row is a
    group code, a mahalle key or ``*``; ``weighted[value]`` the weighted share (0–1) of a
    by-mahalle variable."""

    variable: Variable
    cells: dict[tuple[str, str, str], int | None] = field(default_factory=dict)
    weighted: dict[str, float] = field(default_factory=dict)

    def get(self, dimension: str, row: str, value: str) -> int | None:
        return self.cells.get((dimension, row, value))


@dataclass
class Results:
    minimum: int
    total: int
    published: bool  # False: fewer answers than the minimum, nothing is shown
    mahalle_rows: list[tuple[str, int]] = field(default_factory=list)  # key, answers
    group_rows: dict[str, list[tuple[str, int]]] = field(default_factory=dict)  # kind -> rows
    tables: dict[str, Table] = field(default_factory=dict)
    weights: dict[str, float] = field(default_factory=dict)  # mahalle row -> weight
    pooled_mahalleler: list[str] = field(default_factory=list)


def _pool(counts: Mapping[str, int], order: Sequence[str], minimum: int) -> tuple[list[str], int]:
    """The rows shown on their own and the size of the pool of the rest."""
    shown = [k for k in order if counts.get(k, 0) >= minimum]
    pooled = sum(v for k, v in counts.items() if k not in shown)
    while 0 < pooled < minimum and shown:
        smallest = min(shown, key=lambda k: (counts[k], k))
        shown.remove(smallest)
        pooled += counts[smallest]
    return shown, pooled


@dataclass(frozen=True)
class _One:
    """The answer to a ``select_one`` question, or not answered."""

    name: str
    choices: tuple[str, ...]

    def __call__(self, answers: Mapping[str, Any]) -> str:
        value = str(answers.get(self.name))
        return value if value in self.choices else NOT_ANSWERED


@dataclass(frozen=True)
class _Option:
    """Whether an option of a ``select_multiple`` question was chosen, or not answered."""

    name: str
    option: str

    def __call__(self, answers: Mapping[str, Any]) -> str:
        chosen = answers.get(self.name)
        if not isinstance(chosen, list) or not chosen:
            return NOT_ANSWERED
        return "yes" if self.option in chosen else "no"


@dataclass(frozen=True)
class _Gave:
    """Whether a reason was given in any of the barrier questions."""

    names: tuple[str, ...]
    reason: str

    def __call__(self, answers: Mapping[str, Any]) -> str:
        for name in self.names:
            chosen = answers.get(name)
            if isinstance(chosen, list) and self.reason in chosen:
                return "yes"
        return "no"


def _select_variables(items: Iterable[Item]) -> list[Variable]:
    found: list[Variable] = []
    for item in items:
        name = item.name
        if name.startswith(BARRIER_PREFIX):  # counted as barriers (below), not per option
            continue
        if item.type == "select_one":
            found.append(
                Variable(
                    f"q:{name}",
                    name,
                    "",
                    (*item.choices, NOT_ANSWERED),
                    by_mahalle=False,
                    category=_One(name, item.choices),
                )
            )
        else:
            for option in item.choices:
                found.append(
                    Variable(
                        f"o:{name}:{option}",
                        name,
                        option,
                        ("yes", "no", NOT_ANSWERED),
                        by_mahalle=False,
                        category=_Option(name, option),
                    )
                )
    return found


def barrier_questions(items: Iterable[Item]) -> dict[str, Item]:
    """The ``barriers_<service>`` questions of a form, by service."""
    return {
        item.name[len(BARRIER_PREFIX) :]: item
        for item in items
        if item.type == "select_multiple" and item.name.startswith(BARRIER_PREFIX)
    }


def _barrier_variables(items: Sequence[Item]) -> list[Variable]:
    questions = barrier_questions(items)
    reasons: list[str] = []
    for item in questions.values():
        reasons += [c for c in item.choices if c not in reasons]
    names = [item.name for item in questions.values()]

    # distance is counted per service only: "distance for any service" beside "distance for
    # health care" would publish their difference (distance for other services only) unchecked
    found = [
        Variable(f"b:{r}", "", r, ("yes", "no"), by_mahalle=True, category=_Gave(tuple(names), r))
        for r in reasons
        if r != DISTANCE
    ]
    found += [
        Variable(
            f"d:{s}",
            q.name,
            DISTANCE,
            ("yes", "no"),
            by_mahalle=True,
            category=_Gave((q.name,), DISTANCE),
        )
        for s, q in questions.items()
        if DISTANCE in q.choices
    ]
    return found


def analyse(
    records: Sequence[Record],
    items: Sequence[Item],
    *,
    minimum: int,
    population: Mapping[str, int] | None = None,
    mahalle_order: Sequence[str] = (),
) -> Results:
    """Everything a survey's results pages and open data show, small cells withheld.

    ``population`` gives the TÜİK population of each mahalle key (for weighting);
    ``mahalle_order`` the order of mahalle rows (default: by key)."""
    total = len(records)
    results = Results(minimum=minimum, total=total, published=total >= minimum and total > 0)
    if not results.published:
        return results
    groups_of = [respondent_groups(r.answers) for r in records]

    # mahalle rows
    m_counts: dict[str, int] = {}
    for r in records:
        key = r.mahalle or OTHER
        m_counts[key] = m_counts.get(key, 0) + 1
    order = list(mahalle_order) or sorted(k for k in m_counts if k != OTHER)
    order = [k for k in order if k in m_counts and k != OTHER]
    shown, pooled = _pool(m_counts, order, minimum)
    m_rows = shown + ([OTHER] if pooled else [])
    results.mahalle_rows = [(k, m_counts[k] if k != OTHER else pooled) for k in m_rows]
    results.pooled_mahalleler = [k for k in order if k not in shown]
    m_index = {k: i for i, k in enumerate(m_rows)}
    m_of = [m_index.get(r.mahalle or OTHER, m_index.get(OTHER, 0)) for r in records]

    # group rows (each kind on its own)
    kind_rows: dict[str, list[str]] = {}
    kind_of: dict[str, list[int]] = {}
    for kind, codes in KINDS.items():
        counts = {c: sum(1 for g in groups_of if c in g) for c in codes}
        counts[OTHER] = total - sum(counts.values())
        shown_g, pooled_g = _pool(counts, list(codes), minimum)
        rows = shown_g + ([OTHER] if pooled_g else [])
        index = {c: i for i, c in enumerate(rows)}
        kind_rows[kind] = rows
        kind_of[kind] = [
            next((index[c] for c in codes if c in g and c in index), index.get(OTHER, 0))
            for g in groups_of
        ]
        results.group_rows[kind] = [(c, counts[c] if c != OTHER else pooled_g) for c in rows]

    # weights: population over answers, per mahalle row
    if population:
        for key, n in results.mahalle_rows:
            members = [key] if key != OTHER else results.pooled_mahalleler
            people = sum(population.get(k, 0) for k in members)
            if people and n:
                results.weights[key] = people / n
    weighted = bool(results.weights) and len(results.weights) == len(results.mahalle_rows)

    variables = _select_variables(items) + _barrier_variables(items)
    sex_rows, age_rows = kind_rows["sex"], kind_rows["age"]
    for variable in variables:
        values = variable.values
        v_index = {v: i for i, v in enumerate(values)}
        dims_m = m_rows if variable.by_mahalle else [ALL]
        shape = (len(dims_m), len(sex_rows), len(age_rows), len(values))
        cells = np.zeros(shape, dtype=np.int64)
        for i, r in enumerate(records):
            m = m_of[i] if variable.by_mahalle else 0
            cells[
                m, kind_of["sex"][i], kind_of["age"][i], v_index[variable.category(r.answers)]
            ] += 1
        table = _protect(variable, cells, dims_m, sex_rows, age_rows, minimum, results, weighted)
        results.tables[variable.key] = table
    return results


def _protect(
    variable: Variable,
    cells: np.ndarray,
    m_rows: Sequence[str],
    sex_rows: Sequence[str],
    age_rows: Sequence[str],
    minimum: int,
    results: Results,
    weighted: bool,
) -> Table:
    values = variable.values
    ids = np.arange(cells.size).reshape(cells.shape)
    tables = disclosure.Tables(cells=cells.ravel())
    figures = tables.figures
    figures[("all", ALL, ALL)] = ids.ravel()
    tables.fixed.add(("all", ALL, ALL))
    dimensions: list[tuple[str, Sequence[str], Callable[[int], np.ndarray]]] = [
        ("sex", sex_rows, lambda i: ids[:, i, :, :]),
        ("age", age_rows, lambda i: ids[:, :, i, :]),
    ]
    if variable.by_mahalle:
        dimensions.append(("mahalle", m_rows, lambda i: ids[i, :, :, :]))
    for v_i, value in enumerate(values):
        figures[("all", ALL, value)] = ids[..., v_i].ravel()
    tables.lines.append((("all", ALL, ALL), [("all", ALL, v) for v in values]))
    for dimension, rows, part in dimensions:
        for r_i, row in enumerate(rows):
            block = part(r_i)
            figures[(dimension, row, ALL)] = block.ravel()
            tables.fixed.add((dimension, row, ALL))
            for v_i, value in enumerate(values):
                figures[(dimension, row, value)] = block[..., v_i].ravel()
            tables.lines.append(((dimension, row, ALL), [(dimension, row, v) for v in values]))
        for value in values:
            tables.lines.append((("all", ALL, value), [(dimension, row, value) for row in rows]))
    table = Table(variable)
    if weighted and variable.by_mahalle:
        w = np.array([results.weights[k] for k in m_rows])
        per_cell = np.broadcast_to(w[:, None, None, None], cells.shape).ravel()
        denominator = ids.ravel()
        total_weight = float((per_cell * tables.cells).sum())
        for v_i, value in enumerate(values):
            numerator = ids[..., v_i].ravel()
            share = float((per_cell[numerator] * tables.cells[numerator]).sum()) / total_weight
            rounded = round(round(share / SHARE_STEP) * SHARE_STEP, 6)
            table.weighted[value] = rounded
            tables.shares.append(
                disclosure.Share(
                    ("share", value), numerator, denominator, per_cell, rounded, SHARE_STEP
                )
            )
    withheld = disclosure.protect(tables, minimum)
    table.weighted = {v: s for v, s in table.weighted.items() if ("share", v) not in withheld}
    for key in figures:
        assert isinstance(key, tuple)
        table.cells[key] = None if key in withheld else tables.value(key)
    return table
