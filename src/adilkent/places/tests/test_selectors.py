"""Reads behind the place pages: latest-year population, counts, folded search."""

from __future__ import annotations

import pytest

from adilkent.core.tests.factories import (
    add_population,
    make_district,
    make_mahalle,
    small_city,
)
from adilkent.places import selectors

pytestmark = pytest.mark.django_db


def test_city_summary_counts_the_latest_year_only() -> None:
    small_city()
    summary = selectors.city_summary()
    assert summary.districts == 2
    assert summary.mahalleler == 3
    assert summary.villages == 1
    assert summary.population_year == 2025
    assert summary.population == 11814 + 2500 + 20000
    assert summary.facilities == 3
    assert not summary.is_empty


def test_empty_city() -> None:
    summary = selectors.city_summary()
    assert summary.is_empty and summary.population == 0 and summary.population_year is None
    assert selectors.district_rows() == []


def test_district_rows_in_alphabetical_order_with_density() -> None:
    small_city()
    make_district("Çiğli")
    rows = selectors.district_rows()
    assert [r.district.name for r in rows] == ["Çiğli", "Karşıyaka", "Konak"]
    karsiyaka = rows[1]
    assert (karsiyaka.population, karsiyaka.mahalleler, karsiyaka.villages) == (14314, 2, 1)
    assert karsiyaka.density == pytest.approx(14314 / 51)
    assert rows[0].population is None and rows[0].density is None


def test_district_population_ignores_male_and_female_rows() -> None:
    city = small_city()
    assert selectors.district_population(city["karsiyaka"]) == 14314


def test_mahalle_population_table() -> None:
    city = small_city()
    groups, years = selectors.mahalle_population(city["bahariye"])
    assert groups == ["total", "male", "female"]
    assert [y.year for y in years] == [2025, 2024]
    assert years[0].counts == {"total": 11814, "male": 5714, "female": 6100}
    assert years[1].total == 11000


@pytest.mark.parametrize("query", ["karsiyaka", "KARŞIYAKA", "Karşıyaka", "  karşıyaka "])
def test_search_is_turkish_aware(query: str) -> None:
    small_city()
    results = selectors.search_places(query)
    assert [d.slug for d in results.districts] == ["karsiyaka"]


def test_search_matches_part_of_a_name_and_limits_mahalle() -> None:
    district = make_district("Bergama")
    for i in range(5):
        make_mahalle(district, f"Çamköy {i}")
    results = selectors.search_places("camk", limit=3)
    assert len(results.mahalleler) == 3 and results.more_mahalleler
    assert selectors.search_places("").count == 0
    assert selectors.search_places("   ").count == 0


def test_district_mahalleler_population_uses_latest_year() -> None:
    city = small_city()
    add_population(city["yamanlar"], 2023, 99999)
    rows = {m.slug: m.pop for m in selectors.district_mahalleler(city["karsiyaka"])}
    assert rows == {"bahariye": 11814, "yamanlar": 2500}


def test_stops_carry_line_names_where_known() -> None:
    city = small_city()
    [row] = selectors.mahalle_stops(city["bahariye"])
    assert row.lines == [("361", "Bahariye - Konak"), ("999", "")]
