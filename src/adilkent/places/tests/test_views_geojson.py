"""The GeoJSON the maps read: valid FeatureCollections, simplified, cached, limited."""

from __future__ import annotations

import json

import pytest
from django.core.cache import cache
from django.test import Client
from shapely.geometry import shape

from adilkent.core.tests.factories import make_facility, make_facility_type, ring, small_city
from adilkent.places import geojson

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    cache.clear()


@pytest.fixture
def city() -> dict:
    return small_city()


def get_collection(client: Client, url: str) -> dict:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/geo+json")
    data = json.loads(response.content)
    assert data["type"] == "FeatureCollection"
    for feature in data["features"]:
        assert feature["type"] == "Feature"
        assert isinstance(feature["properties"], dict)
        geom = shape(feature["geometry"])
        assert geom.is_valid and not geom.is_empty
    return data


def test_districts_collection(client: Client, city: dict) -> None:
    data = get_collection(client, "/en/places/geo/districts.geojson")
    by_slug = {f["properties"]["slug"]: f["properties"] for f in data["features"]}
    assert set(by_slug) == {"karsiyaka", "konak"}
    assert by_slug["karsiyaka"]["name"] == "Karşıyaka"
    assert by_slug["karsiyaka"]["population"] == 11814 + 2500
    assert by_slug["karsiyaka"]["population_label"] == "14,314"
    assert by_slug["karsiyaka"]["url"] == "/en/places/karsiyaka/"


def test_district_labels_follow_the_language(client: Client, city: dict) -> None:
    data = get_collection(client, "/tr/places/geo/districts.geojson")
    props = {f["properties"]["slug"]: f["properties"] for f in data["features"]}
    assert props["karsiyaka"]["population_label"] == "14.314"
    assert props["karsiyaka"]["url"] == "/tr/places/karsiyaka/"


def test_mahalle_collection_leaves_out_mahalle_without_polygon(client: Client, city: dict) -> None:
    data = get_collection(client, "/en/places/geo/karsiyaka/mahalleler.geojson")
    assert sorted(f["properties"]["slug"] for f in data["features"]) == ["bahariye", "yamanlar"]
    konak = get_collection(client, "/en/places/geo/konak/mahalleler.geojson")
    assert konak["features"] == []


def test_one_mahalle_boundary(client: Client, city: dict) -> None:
    data = get_collection(client, "/en/places/geo/karsiyaka/bahariye/boundary.geojson")
    assert len(data["features"]) == 1
    original = shape(city["bahariye"].geometry)
    drawn = shape(data["features"][0]["geometry"])
    assert drawn.symmetric_difference(original).area < 0.01 * original.area
    empty = get_collection(client, "/en/places/geo/konak/alsancak/boundary.geojson")
    assert empty["features"] == []


def test_simplification_drops_points_but_keeps_the_shape() -> None:
    # A circle-like polygon with 720 points, radius ~0.02°: simplified it needs far fewer.
    import math

    coords = [
        [27.1 + 0.02 * math.cos(math.radians(a / 2)), 38.4 + 0.02 * math.sin(math.radians(a / 2))]
        for a in range(720)
    ]
    coords.append(coords[0])
    polygon = {"type": "Polygon", "coordinates": [coords]}
    simple = geojson.simplified(polygon, geojson.TOLERANCE_DISTRICTS)
    assert simple is not None
    assert len(simple["coordinates"][0]) < 100
    before, after = shape(polygon), shape(simple)
    assert after.is_valid
    assert abs(after.area - before.area) / before.area < 0.05


def test_district_facilities_are_points_with_their_type(client: Client, city: dict) -> None:
    data = get_collection(client, "/en/places/geo/karsiyaka/facilities.geojson")
    assert len(data["features"]) == 3
    assert {f["geometry"]["type"] for f in data["features"]} == {"Point"}
    assert data["total"] == 3 and data["truncated"] is False
    assert {t["code"]: t["count"] for t in data["facility_types"]} == {"hospital": 1, "park": 2}
    only_parks = get_collection(client, "/en/places/geo/karsiyaka/facilities.geojson?type=park")
    assert {f["properties"]["type"] for f in only_parks["features"]} == {"park"}
    assert len(only_parks["features"]) == 2


def test_mahalle_facilities_mark_inside_and_nearby(client: Client, city: dict) -> None:
    data = get_collection(client, "/en/places/geo/karsiyaka/bahariye/facilities.geojson")
    inside = {f["properties"]["name"]: f["properties"]["inside"] for f in data["features"]}
    assert inside["Karşıyaka Devlet Hastanesi"] is True
    assert inside["Zübeyde Hanım Parkı"] is True
    # Yamanlar Parkı is ~2 km away: outside the bounding box plus the nearby margin.
    assert "Yamanlar Parkı" not in inside


def test_facilities_over_the_limit_are_cut_and_say_so(
    client: Client, city: dict, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(geojson, "FACILITY_LIMIT", 2)
    data = get_collection(client, "/en/places/geo/karsiyaka/facilities.geojson")
    assert len(data["features"]) == 2
    assert data["total"] == 3 and data["truncated"] is True and data["limit"] == 2


def test_collections_are_cached_until_the_data_changes(
    client: Client, city: dict, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = client.get("/en/places/geo/districts.geojson").content

    def fail(*args: object) -> None:
        raise AssertionError("simplified again although nothing changed")

    monkeypatch.setattr(geojson, "simplified", fail)
    assert client.get("/en/places/geo/districts.geojson").content == first
    monkeypatch.undo()

    # New data makes a new collection.
    park = make_facility_type("park", "Park")
    make_facility(park, "Yeni Park", 27.13, 38.41, district=city["konak"])
    from adilkent.core.tests.factories import make_district

    make_district("Bornova", ring(27.2, 38.46, 0.05))
    data = json.loads(client.get("/en/places/geo/districts.geojson").content)
    assert "bornova" in {f["properties"]["slug"] for f in data["features"]}


def test_repaired_boundaries_drop_stray_lines(client: Client) -> None:
    """make_valid can return polygons plus line fragments; the map draws only the polygons."""
    from adilkent.core.tests.factories import make_district

    polygon = ring(27.0, 38.8, 0.05)
    collection = {
        "type": "GeometryCollection",
        "geometries": [
            polygon,
            {"type": "LineString", "coordinates": [[27.0, 38.8], [27.01, 38.81]]},
        ],
    }
    district = make_district("Aliağa", collection)
    district.geometry = collection
    district.save()
    data = get_collection(client, "/en/places/geo/districts.geojson")
    [feature] = data["features"]
    assert feature["geometry"]["type"] == "Polygon"
