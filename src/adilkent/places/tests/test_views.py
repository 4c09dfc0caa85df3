"""The places explorer, district and mahalle pages, as a resident uses them."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client

from adilkent.core.tests.factories import make_district, make_mahalle, small_city

LANGUAGES = [code for code, _name in settings.LANGUAGES]
RTL = {"ar", "fa"}

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    cache.clear()


@pytest.fixture
def city() -> dict:
    return small_city()


def html_tag(content: str) -> str:
    match = re.search(r"<html[^>]*>", content)
    assert match
    return match.group(0)


PAGES = [
    "/{lang}/places/",
    "/{lang}/places/?q=karsiyaka",
    "/{lang}/places/karsiyaka/",
    "/{lang}/places/karsiyaka/?sort=-population",
    "/{lang}/places/karsiyaka/bahariye/",
    "/{lang}/places/konak/alsancak/",
]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("page", PAGES)
def test_every_place_page_renders_in_every_language(
    client: Client, city: dict, language: str, page: str
) -> None:
    response = client.get(page.format(lang=language))
    assert response.status_code == 200
    content = response.content.decode()
    tag = html_tag(content)
    assert f'lang="{language}"' in tag
    assert f'dir="{"rtl" if language in RTL else "ltr"}"' in tag
    assert 'action="/i18n/setlang/"' in content


def test_explorer_lists_districts_with_population_and_counts(client: Client, city: dict) -> None:
    content = client.get("/en/places/").content.decode()
    row = re.search(r'<a href="/en/places/karsiyaka/">Karşıyaka</a></th>(.*?)</tr>', content, re.S)
    assert row, "Karşıyaka row missing"
    cells = re.findall(r'<td class="num">(.*?)</td>', row.group(1))
    # population 2025: 11,814 + 2,500; two mahalle; one village; area 51 km²;
    # density 14,314 / 51 = 280.67 → 281
    assert cells == ["14,314", "2", "1", "51", "281"]


def test_explorer_with_an_empty_database_says_how_to_import(client: Client) -> None:
    content = client.get("/tr/places/").content.decode()
    assert "make demo-data" in content


@pytest.mark.parametrize("query", ["karsiyaka", "KARŞIYAKA", "Karşıyaka", "karşıyaka", "KARSIYAKA"])
def test_search_folds_turkish_letters_and_case(client: Client, city: dict, query: str) -> None:
    content = client.get("/en/places/", {"q": query}).content.decode()
    results = content.split('id="results-title"', 1)[1].split("</section>", 1)[0]
    assert 'href="/en/places/karsiyaka/"' in results


def test_search_finds_mahalle_with_their_district(client: Client, city: dict) -> None:
    content = client.get("/en/places/", {"q": "BAHARİYE"}).content.decode()
    results = content.split('id="results-title"', 1)[1].split("</section>", 1)[0]
    assert 'href="/en/places/karsiyaka/bahariye/"' in results
    assert "Konak" not in results


def test_search_without_match_says_so(client: Client, city: dict) -> None:
    content = client.get("/en/places/", {"q": "Ankara"}).content.decode()
    results = content.split('id="results-title"', 1)[1].split("</section>", 1)[0]
    assert "/en/places/karsiyaka/" not in results
    assert 'role="status"' in results


def test_search_escapes_the_query(client: Client, city: dict) -> None:
    content = client.get("/en/places/", {"q": "<script>x</script>"}).content.decode()
    assert "<script>x</script>" not in content


def test_district_page_lists_its_mahalle(client: Client, city: dict) -> None:
    content = client.get("/en/places/karsiyaka/").content.decode()
    assert 'href="/en/places/karsiyaka/bahariye/"' in content
    assert 'href="/en/places/karsiyaka/yamanlar/"' in content
    assert "Alsancak" not in content  # another district's mahalle
    assert "Alaybey" in content  # semt
    assert 'data-polygons-url="/en/places/geo/karsiyaka/mahalleler.geojson"' in content
    assert 'data-points-url="/en/places/geo/karsiyaka/facilities.geojson"' in content


def _mahalle_order(content: str) -> list[str]:
    return re.findall(r'<th scope="row"><a href="/en/places/karsiyaka/([a-z-]+)/">', content)


def test_district_page_sorts_by_name_and_population(client: Client, city: dict) -> None:
    karsiyaka = city["karsiyaka"]
    make_mahalle(karsiyaka, "Çarşı")  # no population at all: last when largest first
    by_name = _mahalle_order(client.get("/en/places/karsiyaka/").content.decode())
    assert by_name == ["bahariye", "carsi", "yamanlar"]
    largest = client.get("/en/places/karsiyaka/", {"sort": "-population"}).content.decode()
    assert _mahalle_order(largest) == ["bahariye", "yamanlar", "carsi"]
    smallest = client.get("/en/places/karsiyaka/", {"sort": "population"}).content.decode()
    assert _mahalle_order(smallest) == ["carsi", "yamanlar", "bahariye"]
    reverse = client.get("/en/places/karsiyaka/", {"sort": "-name"}).content.decode()
    assert _mahalle_order(reverse) == ["yamanlar", "carsi", "bahariye"]
    bogus = client.get("/en/places/karsiyaka/", {"sort": "drop table"}).content.decode()
    assert _mahalle_order(bogus) == by_name


def test_mahalle_page_shows_population_by_year_and_group(client: Client, city: dict) -> None:
    content = client.get("/en/places/karsiyaka/bahariye/").content.decode()
    assert "11,814" in content and "11,000" in content
    assert "6,100" in content and "5,714" in content
    assert content.index(">2025<") < content.index(">2024<")  # newest first
    assert "Bahariye Mh." in content  # name in the boundary source
    assert "same name" in content  # how it was matched, in words


def test_mahalle_page_lists_facilities_and_stops_with_lines(client: Client, city: dict) -> None:
    content = client.get("/en/places/karsiyaka/bahariye/").content.decode()
    assert "Karşıyaka Devlet Hastanesi" in content
    assert "Zübeyde Hanım Parkı" in content
    assert "Yamanlar Parkı" not in content  # in another mahalle
    assert "Remzi Bey" in content and "20231" in content
    assert ">361<" in content and "Bahariye - Konak" in content
    assert ">999<" in content  # a line the stop lists but the line table does not know


def test_mahalle_without_boundary_says_so(client: Client, city: dict) -> None:
    content = client.get("/en/places/konak/alsancak/").content.decode()
    assert "No boundary polygon matched this neighbourhood." in content
    assert "data-outline-url" not in content
    with_boundary = client.get("/en/places/karsiyaka/bahariye/").content.decode()
    assert "No boundary polygon matched" not in with_boundary
    assert 'data-outline-url="/en/places/geo/karsiyaka/bahariye/boundary.geojson"' in with_boundary


def test_village_is_flagged(client: Client, city: dict) -> None:
    content = client.get("/en/places/karsiyaka/yamanlar/").content.decode()
    assert "Village (a rural neighbourhood that was a village before 2012)" in content


@pytest.mark.parametrize(
    "url",
    [
        "/en/places/nowhere/",
        "/en/places/karsiyaka/nowhere/",
        "/en/places/konak/bahariye/",  # a real mahalle, in the wrong district
        "/tr/places/geo/nowhere/mahalleler.geojson",
        "/tr/places/geo/nowhere/facilities.geojson",
        "/tr/places/geo/karsiyaka/nowhere/boundary.geojson",
        "/tr/places/geo/karsiyaka/nowhere/facilities.geojson",
    ],
)
def test_unknown_slugs_are_404(client: Client, city: dict, url: str) -> None:
    assert client.get(url).status_code == 404


def test_same_mahalle_name_in_two_districts(client: Client, city: dict) -> None:
    other = make_district("Bornova")
    make_mahalle(other, "Bahariye")
    assert client.get("/en/places/bornova/bahariye/").status_code == 200
    assert client.get("/en/places/karsiyaka/bahariye/").status_code == 200


def test_pages_reject_post(client: Client, city: dict) -> None:
    assert client.post("/en/places/").status_code == 405
