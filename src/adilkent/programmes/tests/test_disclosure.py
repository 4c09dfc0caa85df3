"""Small counts are withheld in a month, in the year to date, and against subtraction."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from adilkent.programmes.disclosure import protect

MIN = 5


def _ytd(monthly: list[dict[str, int]]) -> list[dict[str, int]]:
    out, running = [], {}
    for counts in monthly:
        for key, n in counts.items():
            running[key] = running.get(key, 0) + n
        out.append(dict(running))
    return out


def test_a_small_month_is_withheld_and_so_is_the_year_to_date_that_would_give_it_back() -> None:
    monthly = [{"": 10}, {"": 2}, {"": 9}]
    months, totals = protect(monthly, _ytd(monthly), MIN)
    assert [m[""] for m in months] == [10, None, 9]
    # 12 - 10 = 2 would give February back; 21 - 10 = 11 still holds February's 2 beside
    # March's published 9, so March's year to date is withheld too
    assert [t[""] for t in totals] == [10, None, None]


def test_withheld_months_adding_up_to_the_minimum_release_the_year_to_date() -> None:
    monthly = [{"": 10}, {"": 2}, {"": 3}, {"": 8}]
    _months, totals = protect(monthly, _ytd(monthly), MIN)
    assert [t[""] for t in totals] == [10, None, 15, 23]


def test_zero_is_shown_for_a_total_and_an_empty_cell_is_not_listed() -> None:
    monthly = [{"": 0, "a:x": 0}]
    months, totals = protect(monthly, _ytd(monthly), MIN)
    assert months == [{"": 0}]
    assert totals == [{"": 0}]


def test_one_withheld_cell_of_a_breakdown_takes_the_next_smallest_with_it() -> None:
    monthly = [{"language:tr": 20, "language:ar": 3, "language:fa": 7, "language:ru": 9}]
    months, _totals = protect(monthly, _ytd(monthly), MIN)
    assert months[0] == {
        "language:ar": None,
        "language:fa": None,
        "language:ru": 9,
        "language:tr": 20,
    }


def test_a_cell_withheld_only_across_time_also_takes_a_partner() -> None:
    # January: every cell large. February: "ar" grows by 2 (withheld that month), so its
    # year to date is withheld too, and then the smallest other cell must go with it.
    monthly = [
        {"language:tr": 20, "language:ar": 6, "language:fa": 8},
        {"language:tr": 10, "language:ar": 2, "language:fa": 6},
    ]
    months, totals = protect(monthly, _ytd(monthly), MIN)
    assert months[1]["language:ar"] is None
    assert totals[1]["language:ar"] is None
    assert totals[1]["language:fa"] is None
    assert totals[1]["language:tr"] == 30


@settings(max_examples=150, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=12), min_size=1, max_size=12))
def test_no_small_count_comes_back_by_subtracting_published_figures(values: list[int]) -> None:
    """Every difference of two published year-to-date values, less the published months
    between them, is either nothing or at least the minimum."""
    monthly = [{"": n} for n in values]
    months, totals = protect(monthly, _ytd(monthly), MIN)
    shown_months = [m[""] for m in months]
    points = [(-1, 0)] + [(i, t[""]) for i, t in enumerate(totals) if t[""] is not None]
    for (i, a), (j, b) in itertools.combinations(points, 2):
        assert a is not None and b is not None
        published_between = sum(m for m in shown_months[i + 1 : j + 1] if m is not None)
        rest = b - a - published_between
        assert rest == 0 or rest >= MIN, (values, i, j)
    for m in shown_months:
        assert m is None or m == 0 or m >= MIN
