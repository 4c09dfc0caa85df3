"""Withholding small cells in linked tables, checked against every combination of the figures
published beside them (no Django).

The figures of a survey's results are sums of *fine cells*: the counts of respondents with one
combination of everything the tables are cut by (mahalle, sex group, age band, answer). Several
tables share fine cells: the answers by mahalle, by sex and by age band all add up to the same
answer's total. Withholding a small cell in one table is not enough when the others give it
back by subtraction. So the rule here is the cases area's (:func:`adilkent.cases.figures.suppress`)
applied to every line of every table, followed by an audit that settles the question for all
published figures together:

1. **Primary**: a figure between 1 and ``minimum - 1`` is withheld.
2. **Lines**: a line is a set of figures whose total is published (a table's row with its row
   total, a column with its column total). If a line has exactly one withheld figure, or its
   withheld figures add up to fewer than the minimum (but more than nothing), its smallest
   visible non-zero figure is withheld too; repeated until nothing changes.
3. **Audit**: a linear programme over the fine cells, with every visible figure as an equation,
   every published rounded share as a pair of inequalities and every cell at least zero, finds the
   largest value each withheld small figure could have. If that is below the minimum, the
   published figures prove the cell small, and the smallest visible figure of one of its lines is
   withheld as well (when none is left, the rounded shares are withheld); then steps 2 and 3 run
   again.

A withheld figure therefore always stays consistent with a value of at least the minimum,
whatever is added, subtracted or solved from the rest. Zero is shown: nobody is in an empty
cell.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field

import highspy
import numpy as np
from scipy.sparse import csc_array

Key = Hashable

_TOLERANCE = 1e-6


@dataclass(frozen=True)
class Share:
    """A published share rounded to ``step``: ``sum(weights * x[numerator]) /
    sum(weights * x[denominator])`` lies within half a step of ``value``. Weights are per fine
    cell (for example TÜİK population over answers of the cell's mahalle)."""

    key: Key
    numerator: np.ndarray  # fine-cell indices
    denominator: np.ndarray
    weights: np.ndarray  # one weight per fine cell (whole vector)
    value: float
    step: float


@dataclass
class Tables:
    """Figures over a vector of fine cells.

    ``figures`` maps each figure's key to the indices of the fine cells it adds up; ``lines``
    lists ``(total key, member keys)`` where the members add up to the total; ``fixed`` are
    figures published elsewhere that are never withheld (the answers per mahalle or group, shown
    large enough by pooling); ``shares`` are published rounded shares (they are constraints for
    the audit, never withheld here).
    """

    cells: np.ndarray
    figures: dict[Key, np.ndarray] = field(default_factory=dict)
    lines: list[tuple[Key, list[Key]]] = field(default_factory=list)
    fixed: set[Key] = field(default_factory=set)
    shares: list[Share] = field(default_factory=list)

    def value(self, key: Key) -> int:
        return int(self.cells[self.figures[key]].sum())


def _line_rule(tables: Tables, values: Mapping[Key, int], withheld: set[Key], minimum: int) -> None:
    changed = True
    while changed:
        changed = False
        for total, members in tables.lines:
            hidden = [k for k in members if k in withheld]
            if not hidden:
                continue
            hidden_sum = sum(values[k] for k in hidden)
            if len(hidden) == 1 or 0 < hidden_sum < minimum:
                visible = sorted(
                    (values[k], str(k), k) for k in members if k not in withheld and values[k] > 0
                )
                if visible:
                    withheld.add(visible[0][2])
                    changed = True
                elif (
                    total not in withheld and total not in tables.fixed and 0 < hidden_sum < minimum
                ):
                    withheld.add(total)
                    changed = True


def largest_values(tables: Tables, withheld: set[Key], keys: Sequence[Key]) -> dict[Key, float]:
    """For each key of ``keys``, the largest value its figure can take while every figure not in
    ``withheld`` keeps its published value and every share stays within its rounding.

    One linear programme is built and solved again for each key with only its objective
    changed, so that HiGHS starts each solve from the previous optimal basis."""
    n = len(tables.cells)
    visible = [k for k in tables.figures if k not in withheld]
    rows: list[int] = []
    cols: list[int] = []
    vals: list[float] = []
    lower: list[float] = []
    upper: list[float] = []
    for r, key in enumerate(visible):
        idx = tables.figures[key]
        rows.extend([r] * len(idx))
        cols.extend(idx.tolist())
        vals.extend([1.0] * len(idx))
        lower.append(float(tables.value(key)))
        upper.append(float(tables.value(key)))
    r = len(visible)
    for share in tables.shares:
        if share.key in withheld:
            continue
        coefficients = np.zeros(n)
        np.add.at(coefficients, share.numerator, share.weights[share.numerator])
        low, high = share.value - share.step / 2, share.value + share.step / 2
        for bound, sign in ((high, 1.0), (low, -1.0)):
            # sign * (num - bound * den) <= 0
            row = coefficients.copy()
            np.subtract.at(row, share.denominator, bound * share.weights[share.denominator])
            nonzero = np.flatnonzero(row)
            rows.extend([r] * len(nonzero))
            cols.extend(nonzero.tolist())
            vals.extend((sign * row[nonzero]).tolist())
            lower.append(-highspy.kHighsInf)
            upper.append(0.0)
            r += 1
    matrix = csc_array((vals, (rows, cols)), shape=(r, n))
    model = highspy.Highs()
    model.setOptionValue("output_flag", False)
    lp = highspy.HighsLp()
    lp.num_col_, lp.num_row_ = n, r
    lp.col_cost_ = np.zeros(n)
    lp.col_lower_ = np.zeros(n)
    lp.col_upper_ = np.full(n, highspy.kHighsInf)
    lp.row_lower_ = np.array(lower)
    lp.row_upper_ = np.array(upper)
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = matrix.indptr
    lp.a_matrix_.index_ = matrix.indices
    lp.a_matrix_.value_ = matrix.data
    lp.sense_ = highspy.ObjSense.kMaximize
    model.passModel(lp)
    found: dict[Key, float] = {}
    previous: np.ndarray | None = None
    for key in keys:
        if previous is not None:
            model.changeColsCost(len(previous), previous, np.zeros(len(previous)))
        idx = np.asarray(tables.figures[key], dtype=np.int32)
        model.changeColsCost(len(idx), idx, np.ones(len(idx)))
        previous = idx
        model.run()
        status = model.getModelStatus()
        if status == highspy.HighsModelStatus.kUnbounded:
            found[key] = float("inf")
        elif status != highspy.HighsModelStatus.kOptimal:
            raise RuntimeError(f"the disclosure audit failed: {model.modelStatusToString(status)}")
        else:
            found[key] = float(model.getInfo().objective_function_value)
    return found


def _lines_of(tables: Tables, key: Key) -> list[list[Key]]:
    return [members for total, members in tables.lines if key in members or key == total]


def protect(tables: Tables, minimum: int) -> set[Key]:
    """The keys of the figures to withhold (see the module's rules)."""
    values = {k: tables.value(k) for k in tables.figures}
    withheld = {k for k, v in values.items() if 0 < v < minimum and k not in tables.fixed}
    for _round in range(len(values) + 1):
        _line_rule(tables, values, withheld, minimum)
        small = [k for k in withheld if 0 < values.get(k, 0) < minimum]
        if not small:
            return withheld
        largest = largest_values(tables, withheld, small)
        exposed = [k for k in small if largest[k] < minimum - _TOLERANCE]
        if not exposed:
            return withheld
        grew = False
        for key in sorted(exposed, key=str):
            candidates = sorted(
                (values[k], str(k), k)
                for members in _lines_of(tables, key)
                for k in members
                if k not in withheld and k not in tables.fixed and values[k] > 0
            )
            if candidates:
                withheld.add(candidates[0][2])
                grew = True
        if not grew:
            shares = {share.key for share in tables.shares} - withheld
            if shares:  # the rounded shares give it back: withhold them
                withheld |= shares
            else:  # nothing left to withhold beside it: withhold every non-zero figure
                withheld |= {k for k, v in values.items() if v > 0 and k not in tables.fixed}
                return withheld
    return withheld
