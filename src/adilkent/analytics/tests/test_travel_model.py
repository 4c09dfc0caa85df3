"""The travel-cost model is said in the page's language; stored labels it cannot read stay English."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import translation

from adilkent.access.model import StraightLineModel
from adilkent.analytics import services
from adilkent.analytics.models import AccessAnalysis, SitingScenario
from adilkent.analytics.templatetags.travel_model import describe_travel_model, travel_model
from adilkent.core.tests.factories import (
    add_population,
    make_district,
    make_facility,
    make_facility_type,
    make_mahalle,
)
from adilkent.places.models import Mahalle

WALK_TR = "kuş uçuşu × 1,3, 4,8 km/sa hızla (yürüyerek; sokak ağı yok)"
WALK_AR = "خط مستقيم × 1.3 بسرعة 4.8 كم/ساعة (سيرًا على الأقدام؛ دون شبكة شوارع)"
NETWORK = "OSM street network (izmir.osm.pbf, walk at 4.8 km/h); points snapped within 500 m"


@pytest.mark.parametrize(
    "language,speed,mode,expected",
    [
        ("tr", 4.8, "walk", WALK_TR),
        ("ar", 4.8, "walk", WALK_AR),
        ("tr", 60, "drive", "kuş uçuşu × 1,3, 60 km/sa hızla (araçla; sokak ağı yok)"),
        (
            "fa",
            4.8,
            "walk",
            "خط مستقیم × 1.3 با سرعت 4.8 کیلومتر در ساعت (پیاده؛ بدون شبکه خیابان)",  # Latin digits (0016)
        ),
        (
            "ru",
            12.5,
            "bike",
            "по прямой × 1,3 со скоростью 12,5 км/ч (на велосипеде; без уличной сети)",
        ),
        ("en", 4.8, "walk", "straight line × 1.3 at 4.8 km/h (walking; no street network)"),
    ],
)
def test_a_straight_line_label_is_said_in_the_language(
    language: str, speed: float, mode: str, expected: str
) -> None:
    label = StraightLineModel(speed_kmh=speed, circuity=1.3, mode=mode).label
    with translation.override(language):
        assert describe_travel_model(label) == expected
        assert travel_model(label) == f'<span class="travel-model">{expected}</span>'


@pytest.mark.parametrize(
    "label",
    [NETWORK, "straight line × 1.3 at 4.8 km/h (ferry; no street network)", "straight line"],
)
def test_a_label_that_cannot_be_read_is_shown_as_stored_in_english(label: str) -> None:
    with translation.override("tr"):
        assert describe_travel_model(label) is None
        assert travel_model(label) == f'<span lang="en" dir="ltr">{label}</span>'


def test_a_stored_label_is_escaped_and_an_empty_one_shows_nothing() -> None:
    with translation.override("ar"):
        assert travel_model("<b>x</b>") == '<span lang="en" dir="ltr">&lt;b&gt;x&lt;/b&gt;</span>'
        assert travel_model("") == "" and travel_model(None) == ""


@pytest.fixture
def city() -> object:
    district = make_district("Konak")
    near, far = make_mahalle(district, "Yakın"), make_mahalle(district, "Uzak")
    Mahalle.objects.filter(pk=near.pk).update(centroid_lon=27.0, centroid_lat=38.4)
    Mahalle.objects.filter(pk=far.pk).update(centroid_lon=27.0, centroid_lat=38.5)
    add_population(near, 2025, 3000)
    add_population(far, 2025, 1000)
    kind = make_facility_type("hospital", "Hastane")
    make_facility(kind, "Devlet Hastanesi", 27.0, 38.401)
    return kind


@pytest.fixture
def staff(client: Client) -> Client:
    client.force_login(get_user_model().objects.create_user("uzman", password="x", is_staff=True))
    return client


@pytest.mark.django_db
@pytest.mark.parametrize("language,expected", [("tr", WALK_TR), ("ar", WALK_AR)])
def test_measure_pages_show_the_model_in_the_page_language(
    staff: Client, city: object, language: str, expected: str
) -> None:
    analysis = services.run_analysis(AccessAnalysis.objects.create(facility_type=city))  # type: ignore[misc]
    assert analysis.model_label.startswith("straight line × 1.3 at 4.8 km/h (walk;")
    response = staff.post(
        f"/{language}/access/siting/",
        {"service": "hospital", "method": "mclp", "k": 1, "max_minutes": 30, "candidates": "all"},
    )
    scenario = SitingScenario.objects.get()
    assert response.status_code == 302 and scenario.status == "done", scenario.error
    pages = [
        f"/{language}/access/",
        f"/{language}/access/{analysis.pk}/",
        f"/{language}/access/{analysis.pk}/report/",
        response["Location"],
    ]
    for url in pages:
        html = staff.get(url).content.decode()
        assert f'<span class="travel-model">{expected}</span>' in html, url
        assert analysis.model_label not in html, url


@pytest.mark.django_db
def test_an_old_label_still_shows_in_english(staff: Client, city: object) -> None:
    analysis = services.run_analysis(AccessAnalysis.objects.create(facility_type=city))  # type: ignore[misc]
    AccessAnalysis.objects.filter(pk=analysis.pk).update(model_label=NETWORK)
    for url in (f"/tr/access/{analysis.pk}/", f"/ar/access/{analysis.pk}/report/"):
        html = staff.get(url).content.decode()
        assert f'<span lang="en" dir="ltr">{NETWORK}</span>' in html, url
