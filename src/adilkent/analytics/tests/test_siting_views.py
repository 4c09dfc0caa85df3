"""The siting scenario page and the Equal access report on a small hand-built city."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from adilkent.analytics import services
from adilkent.analytics.models import AccessAnalysis, SitingScenario
from adilkent.core.tests.factories import (
    add_population,
    make_district,
    make_facility,
    make_facility_type,
    make_mahalle,
)
from adilkent.places.models import Mahalle

pytestmark = pytest.mark.django_db

SQUARE = {
    "type": "Polygon",
    "coordinates": [[[27.0, 38.0], [27.01, 38.0], [27.01, 38.01], [27.0, 38.01], [27.0, 38.0]]],
}


@pytest.fixture
def city() -> object:
    """A hospital next to Yakın; Uzak 0.1° (≈ 11 km) north, a former village."""
    konak, bornova = make_district("Konak"), make_district("Bornova")
    near = make_mahalle(konak, "Yakın", geometry=SQUARE)
    far = make_mahalle(bornova, "Uzak", is_village=True)
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


def test_one_new_hospital_reaches_the_village(staff: Client, city: object) -> None:
    response = staff.post(
        "/en/access/siting/",
        {
            "service": "hospital",
            "method": "mclp",
            "k": 1,
            "max_minutes": 30,
            "candidates": "underserved",
        },
    )
    scenario = SitingScenario.objects.get()
    assert (
        response.status_code == 302 and response["Location"] == f"/en/access/siting/{scenario.pk}/"
    )
    assert scenario.status == "done", scenario.error
    # Only Uzak is beyond 30 minutes, so it is the one candidate and the new site.
    assert [s["name"] for s in scenario.results["new_sites"]] == ["Uzak"]
    assert scenario.results["new_sites"][0]["newly_covered"] == 1000
    assert scenario.results["new_sites"][0]["newly_covered_village"] == 1000
    html = staff.get(response["Location"]).content.decode()
    assert "Every measure before and after the proposed sites" in html
    assert "75.0%" in html and "100.0%" in html  # within 30 min: 3,000 of 4,000, then all
    assert 'class="site-proposed"' in html and 'class="site-existing"' in html


def test_uploaded_sites_report_bad_rows_and_use_the_rest(staff: Client, city: object) -> None:
    rows = "id,name,lat,lon\nc1,Merkez,38.5,27.0\nc2,Bozuk,abc,27.0\nc1,Tekrar,38.4,27.0\nc4,Uzakta,40.9,29.0\n"
    response = staff.post(
        "/en/access/siting/",
        {
            "service": "upload",
            "service_name": "Yuvamız İzmir",
            "existing_file": SimpleUploadedFile("sites.csv", rows.encode()),
            "method": "p-median",
            "k": 1,
            "max_minutes": 30,
            "candidates": "all",
        },
    )
    assert response.status_code == 302
    scenario = SitingScenario.objects.get()
    assert scenario.facility_type is None and scenario.status == "done", scenario.error
    assert [s["id"] for s in scenario.existing_sites] == ["c1"]
    reasons = {p["line"]: " ".join(p["reasons"]) for p in scenario.upload_problems}
    assert "not a number" in reasons[3]
    assert "used by an earlier row" in reasons[4]
    assert "outside the city's area" in reasons[5]
    # The existing centre is at Uzak; the new one goes to Yakın.
    assert [s["name"] for s in scenario.results["new_sites"]] == ["Yakın"]
    html = staff.get(response["Location"]).content.decode()
    assert "3 rows of the uploaded file could not be used" in html


def test_a_file_without_usable_rows_is_refused_with_the_reasons(
    staff: Client, city: object
) -> None:
    response = staff.post(
        "/en/access/siting/",
        {
            "service": "upload",
            "service_name": "Masal Evi",
            "existing_file": SimpleUploadedFile("s.csv", b"id,name,lat,lon\nx,Y,,27\n"),
            "method": "mclp",
            "k": 1,
            "max_minutes": 30,
            "candidates": "all",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200 and not SitingScenario.objects.exists()
    assert "No row of the file could be used." in html and "is not a number" in html
    wrong = staff.post(
        "/en/access/siting/",
        {
            "service": "upload",
            "service_name": "Masal Evi",
            "existing_file": SimpleUploadedFile("s.csv", b"kod;ad\n1;A\n"),
            "method": "mclp",
            "k": 1,
            "max_minutes": 30,
            "candidates": "all",
        },
    )
    assert "missing: id, name, lat, lon" in wrong.content.decode()
    missing = staff.post(
        "/en/access/siting/",
        {
            "service": "upload",
            "service_name": "X",
            "method": "mclp",
            "k": 1,
            "max_minutes": 30,
            "candidates": "all",
        },
    )
    assert "Upload the existing sites" in missing.content.decode()
    assert not SitingScenario.objects.exists()


def test_only_staff_start_scenarios(client: Client, city: object) -> None:
    assert client.get("/tr/access/siting/?preset=yuvamiz").status_code == 200
    response = client.post(
        "/tr/access/siting/",
        {"service": "hospital", "method": "mclp", "k": 1, "max_minutes": 30, "candidates": "all"},
    )
    assert response.status_code == 302 and "login" in response["Location"]
    assert not SitingScenario.objects.exists()


@pytest.mark.parametrize(
    "language,direction",
    [("tr", "ltr"), ("en", "ltr"), ("ar", "rtl"), ("fa", "rtl"), ("ru", "ltr"), ("uk", "ltr")],
)
def test_report_page_and_pdf(staff: Client, city: object, language: str, direction: str) -> None:
    analysis = services.run_analysis(AccessAnalysis.objects.create(facility_type=city))  # type: ignore[misc]
    html = staff.get(f"/{language}/access/{analysis.pk}/report/").content.decode()
    assert f'<html lang="{language}" dir="{direction}">' in html
    assert html.count('src="data:image/png;base64,') == 3
    assert 'class="travel-model"' in html and "Yakın" in html and "Uzak" in html
    pdf = staff.get(f"/{language}/access/{analysis.pk}/report.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    # Compressed object streams hide the page tree; a whole file ends with its trailer.
    assert pdf.content.rstrip().endswith(b"%%EOF") and len(pdf.content) > 20_000


def test_report_of_an_unfinished_analysis_is_not_found(client: Client, city: object) -> None:
    analysis = AccessAnalysis.objects.create(facility_type=city, status="running")  # type: ignore[misc]
    assert client.get(f"/en/access/{analysis.pk}/report/").status_code == 404
    assert client.get(f"/en/access/{analysis.pk}/report.pdf").status_code == 404
