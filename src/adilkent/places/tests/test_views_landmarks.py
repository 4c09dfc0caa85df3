"""The pin map's landmarks: rail lines and stops, bus stops and mahalle names in view, search."""

from __future__ import annotations

import json
import math

import pytest
from django.core.cache import cache
from django.test import Client

from adilkent.core.tests.factories import make_mahalle, make_source, small_city
from adilkent.places import finder, geojson
from adilkent.places.models import TransitLine, TransitStop

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    cache.clear()


@pytest.fixture
def city() -> dict:
    places = small_city()
    source = make_source()
    # A tram line drawn with many points along a gentle curve: simplification must thin it.
    coords = [
        [27.08 + i * 0.0001, 38.46 + 0.002 * math.sin(i / 100) + i * 0.0000001234567]
        for i in range(600)
    ]
    TransitLine.objects.create(
        mode="tram",
        code="T1",
        name="Karşıyaka Tramvayı",
        geometry={"type": "LineString", "coordinates": coords},
        source=source,
    )
    TransitLine.objects.create(mode="bus", code="999", name="A bus line", source=source)
    TransitStop.objects.create(
        mode="tram", code="t1", name="Çarşı", lon=27.1012345678, lat=38.4612345678, source=source
    )
    for i in range(5):
        TransitStop.objects.create(
            mode="bus",
            code=f"b{i}",
            name=f"Durak {i}",
            lon=27.09 + i * 0.001,
            lat=38.46,
            source=source,
            mahalle=places["bahariye"],
            district=places["karsiyaka"],
        )
    return places


def get_json(client: Client, url: str, status: int = 200) -> dict:
    response = client.get(url)
    assert response.status_code == status
    if status != 200:
        return {}
    assert "max-age=" in response["Cache-Control"]
    return json.loads(response.content)


def test_transit_landmarks_hold_rail_lines_and_stops_only(client: Client, city: dict) -> None:
    data = get_json(client, "/en/places/geo/transit.geojson")
    kinds = sorted((f["properties"]["kind"], f["properties"]["name"]) for f in data["features"])
    assert kinds == [("line", "Karşıyaka Tramvayı"), ("stop", "Çarşı")]
    stop = next(f for f in data["features"] if f["properties"]["kind"] == "stop")
    assert stop["geometry"]["coordinates"] == [27.10123, 38.46123]
    assert stop["properties"]["mode"] == "tram"


def test_transit_lines_are_simplified_and_rounded(client: Client, city: dict) -> None:
    response = client.get("/en/places/geo/transit.geojson")
    data = json.loads(response.content)
    line = next(f for f in data["features"] if f["properties"]["kind"] == "line")
    coords = line["geometry"]["coordinates"]
    assert 2 <= len(coords) < 100  # from 600 points
    assert all(round(v, 5) == v for point in coords for v in point)
    # The whole response stays small: well under 10 kB for this line.
    assert len(response.content) < 10_000


def test_bus_stops_only_in_the_box(client: Client, city: dict) -> None:
    data = get_json(client, "/en/places/geo/bus-stops.geojson?bbox=27.0895,38.45,27.0925,38.47")
    assert sorted(f["properties"]["name"] for f in data["features"]) == [
        "Durak 0",
        "Durak 1",
        "Durak 2",
    ]
    assert data["truncated"] is False and data["too_large"] is False


def test_bus_stops_are_capped(client: Client, city: dict, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(geojson, "BUS_STOP_LIMIT", 2)
    data = get_json(client, "/en/places/geo/bus-stops.geojson?bbox=27.08,38.45,27.1,38.47")
    assert len(data["features"]) == 2
    assert data["truncated"] is True


def test_a_box_too_large_gets_nothing(client: Client, city: dict) -> None:
    data = get_json(client, "/en/places/geo/bus-stops.geojson?bbox=26,38,28,39")
    assert data["features"] == [] and data["too_large"] is True
    labels = get_json(client, "/en/places/geo/mahalle-labels.geojson?bbox=26,38,28,39")
    assert labels["features"] == [] and labels["too_large"] is True


@pytest.mark.parametrize(
    "bbox", ["", "1,2,3", "a,b,c,d", "27.1,38.4,27.0,38.5", "nan,38,27,39", "27,38,inf,39"]
)
def test_a_bad_box_is_refused(client: Client, city: dict, bbox: str) -> None:
    get_json(client, f"/en/places/geo/bus-stops.geojson?bbox={bbox}", status=400)
    get_json(client, f"/en/places/geo/mahalle-labels.geojson?bbox={bbox}", status=400)


def test_mahalle_labels_in_the_box_at_their_centroids(client: Client, city: dict) -> None:
    data = get_json(client, "/en/places/geo/mahalle-labels.geojson?bbox=27.08,38.45,27.1,38.47")
    names = {f["properties"]["name"]: f["geometry"]["coordinates"] for f in data["features"]}
    # Yamanlar's centroid (27.11) is outside; Alsancak has no polygon, hence no centroid.
    assert list(names) == ["Bahariye"]
    bahariye = city["bahariye"]
    assert names["Bahariye"] == [round(bahariye.centroid_lon, 5), round(bahariye.centroid_lat, 5)]


def test_mahalle_labels_are_capped(
    client: Client, city: dict, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(geojson, "MAHALLE_LABEL_LIMIT", 1)
    data = get_json(client, "/en/places/geo/mahalle-labels.geojson?bbox=27.05,38.43,27.13,38.5")
    assert len(data["features"]) == 1
    assert data["truncated"] is True


def test_find_folds_turkish_letters(client: Client, city: dict) -> None:
    data = get_json(client, "/en/places/find.json?q=carsi")
    assert [(r["kind"], r["name"]) for r in data["results"]] == [("stop", "Çarşı")]
    assert data["results"][0]["detail"] == "tram"
    assert data["results"][0]["lon"] == 27.10123
    upper = get_json(client, "/en/places/find.json?q=BAHAR")
    assert [(r["kind"], r["name"], r["detail"]) for r in upper["results"]] == [
        ("mahalle", "Bahariye", "Karşıyaka")
    ]


def test_find_ranks_prefix_first_and_caps(client: Client, city: dict) -> None:
    karsiyaka = city["karsiyaka"]
    for i in range(12):
        make_mahalle(karsiyaka, f"Duraklı {i}", geometry=None)
    data = get_json(client, "/en/places/find.json?q=durak")
    # Mahalle without a centroid cannot be shown, so the bus stops come; at most ten.
    assert [r["name"] for r in data["results"]] == [f"Durak {i}" for i in range(5)]
    assert len(finder.place_find(query="a", limit=10)) == 0  # one letter is too short
    for i in range(12):
        make_mahalle(
            karsiyaka,
            f"Durakbaşı {i:02d}",
            geometry={
                "type": "Polygon",
                "coordinates": [[[27, 38], [27.01, 38], [27.01, 38.01], [27, 38]]],
            },
        )
    cache.clear()
    names = [m.name for m in finder.place_find(query="DURAK")]
    assert len(names) == 10
    assert names[0] == "Durakbaşı 00"


def test_find_translates_the_mode(client: Client, city: dict) -> None:
    data = get_json(client, "/tr/places/find.json?q=carsi")
    assert data["results"][0]["detail"] != "tram"
