"""The dashboard pages: six languages, staff-only start, progress and failure shown."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from adilkent.analytics.models import AccessAnalysis
from adilkent.core.tests.factories import (
    add_population,
    make_district,
    make_facility,
    make_facility_type,
    make_mahalle,
)
from adilkent.places.models import Mahalle

pytestmark = pytest.mark.django_db

LANGUAGES = {"tr": "ltr", "en": "ltr", "ar": "rtl", "fa": "rtl", "ru": "ltr", "uk": "ltr"}


@pytest.fixture
def hospital() -> object:
    district = make_district("Konak")
    mahalle = make_mahalle(district, "Alsancak")
    Mahalle.objects.filter(pk=mahalle.pk).update(centroid_lon=27.14, centroid_lat=38.44)
    add_population(mahalle, 2025, 5000)
    kind = make_facility_type("hospital", "Hastane")
    make_facility(kind, "Devlet Hastanesi", 27.15, 38.44)
    return kind


@pytest.fixture
def staff_client(client: Client) -> Client:
    user = get_user_model().objects.create_user("uzman", password="x", is_staff=True)
    client.force_login(user)
    return client


@pytest.mark.parametrize("language", LANGUAGES)
def test_pages_in_every_language(staff_client: Client, hospital: object, language: str) -> None:
    response = staff_client.post(f"/{language}/access/start/", {"type": "hospital"})
    assert response.status_code == 302
    analysis = AccessAnalysis.objects.get()
    assert response["Location"] == f"/{language}/access/{analysis.pk}/"
    for url in (f"/{language}/access/", response["Location"]):
        page = staff_client.get(url)
        assert page.status_code == 200
        html = page.content.decode()
        assert f'<html lang="{language}" dir="{LANGUAGES[language]}">' in html
        assert "Alsancak" in html and 'class="lorenz"' in html and "<circle" in html
        assert 'class="travel-model"' in html and 'class="access-estimate"' in html


def test_anyone_may_read_but_only_staff_may_start(client: Client, hospital: object) -> None:
    assert client.get("/tr/access/").status_code == 200
    response = client.post("/tr/access/start/", {"type": "hospital"})
    assert response.status_code == 302 and "login" in response["Location"]
    assert not AccessAnalysis.objects.exists()
    assert 'action="/tr/access/start/"' not in client.get("/tr/access/").content.decode()


def test_unknown_type_is_refused(staff_client: Client, hospital: object) -> None:
    response = staff_client.post("/en/access/start/", {"type": "spaceport"})
    assert response.status_code == 400 and b"spaceport" in response.content
    assert not AccessAnalysis.objects.exists()


def test_queued_analysis_shows_progress_and_polls(client: Client, hospital: object) -> None:
    analysis = AccessAnalysis.objects.create(
        facility_type=hospital, status="running", progress=30, message="Measuring travel times"
    )
    html = client.get(f"/en/access/{analysis.pk}/").content.decode()
    assert '<progress max="100" value="30"' in html and "progress.js" in html
    assert "Measuring travel times" in html
    status = client.get(f"/en/access/{analysis.pk}/status.json").json()
    assert status == {
        "status": "running",
        "status_label": "running",
        "progress": 30,
        "message": "Measuring travel times",
    }


def test_failed_analysis_shows_the_error(client: Client, hospital: object) -> None:
    analysis = AccessAnalysis.objects.create(
        facility_type=hospital, status="failed", error="ValueError: broken input"
    )
    html = client.get(f"/en/access/{analysis.pk}/").content.decode()
    assert "The analysis failed." in html and "ValueError: broken input" in html
    assert 'class="lorenz"' not in html


def test_turkish_page_says_the_times_are_straight_line_estimates(
    staff_client: Client, hospital: object
) -> None:
    staff_client.post("/tr/access/start/", {"type": "hospital"})
    html = staff_client.get("/tr/access/").content.decode()
    assert "Kuş uçuşu tahminler." in html and "Yeni analiz başlat" in html


def test_admin_lists_analyses(staff_client: Client, hospital: object) -> None:
    from django.contrib.auth import get_user_model

    from adilkent.core.tests.factories import log_in_verified

    admin = get_user_model().objects.create_superuser("yonetici", password="x")
    log_in_verified(staff_client, admin)
    analysis = AccessAnalysis.objects.create(facility_type=hospital, status="failed", error="boom")
    response = staff_client.get(reverse("admin:analytics_accessanalysis_changelist"))
    change = reverse("admin:analytics_accessanalysis_change", args=[analysis.pk])
    assert response.status_code == 200 and change in response.content.decode()
    assert b"boom" in staff_client.get(change).content
