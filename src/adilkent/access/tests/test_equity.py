"""Inequality indices on textbook cases that can be checked by hand."""

import math

import numpy as np
import pytest

from adilkent.access.equity import concentration_index, gini, lorenz_curve, palma_ratio, theil


def test_gini_textbook_cases() -> None:
    assert gini([5, 5, 5]) == 0
    # one person of n holds everything: (n - 1) / n
    assert gini([0, 0, 0, 12]) == pytest.approx(3 / 4)
    # [1, 2, 3, 4]: Σ|xi−xj| over ordered pairs = 20, / (2 · 16 · 2.5)
    assert gini([1, 2, 3, 4]) == pytest.approx(20 / 80)
    # weights are replications
    assert gini([2, 7, 1], weights=[3, 1, 2]) == pytest.approx(gini([2, 2, 2, 7, 1, 1]))


def test_theil_by_hand_and_its_decomposition() -> None:
    # [1, 3]: mean 2; T = ½(½ ln ½ + 3/2 ln 3/2)
    expected = 0.5 * (0.5 * math.log(0.5) + 1.5 * math.log(1.5))
    assert theil([1, 3]).total == pytest.approx(expected)
    # groups a = {1, 1}, b = {3, 3}: no inequality within, all between
    result = theil([1, 1, 3, 3], groups=["a", "a", "b", "b"])
    assert result.within == pytest.approx(0)
    assert result.between == pytest.approx(expected)
    rng = np.random.default_rng(1)
    x, w = rng.uniform(0.1, 10, 50), rng.integers(1, 100, 50)
    parts = theil(x, w, groups=rng.integers(0, 4, 50))
    assert parts.between + parts.within == pytest.approx(parts.total)


def test_palma_with_split_quantiles() -> None:
    # 5 equal people [1, 2, 3, 4, 10]: bottom 40 % = {1, 2} mean 1.5; top 10 % = half of the 10
    assert palma_ratio([1, 2, 3, 4, 10]) == pytest.approx(10 / 1.5)
    # ranked by income instead of access: the richest has access 1, the poorest two 4 and 10
    assert palma_ratio([1, 2, 3, 4, 10], rank_by=[5, 4, 3, 2, 1]) == pytest.approx(1 / 7)


def test_lorenz_ends_and_equality_line() -> None:
    p, share = lorenz_curve([2, 2, 2, 2])
    np.testing.assert_allclose(p, share)
    p, share = lorenz_curve([0, 1], weights=[3, 1])
    assert p.tolist() == [0, 0.75, 1] and share.tolist() == [0, 0, 1]


def test_concentration_index_signs_and_equal_access() -> None:
    assert concentration_index([4, 0, 0, 0], rank_by=[1, 2, 3, 4]) == pytest.approx(-0.75)
    assert concentration_index([3, 3, 3], rank_by=[1, 2, 3]) == pytest.approx(0)
    # ranking by the value itself gives the Gini coefficient
    x = [1.0, 2.0, 5.0, 9.0]
    assert concentration_index(x, rank_by=x) == pytest.approx(gini(x))


def test_bad_input_is_named() -> None:
    with pytest.raises(ValueError, match="finite"):
        gini([1, float("nan")])
    with pytest.raises(ValueError, match="sum to zero"):
        gini([1, 2], weights=[0, 0])
