"""Staff screens: every place model has a working changelist, in LTR and RTL languages."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from adilkent.core.tests.factories import make_source, small_city
from adilkent.places.models import (
    Boundary,
    DataSource,
    District,
    Facility,
    FacilityType,
    ImportRun,
    Mahalle,
    Population,
    TransitLine,
    TransitStop,
)

pytestmark = pytest.mark.django_db

MODELS = [
    DataSource,
    ImportRun,
    District,
    Mahalle,
    Boundary,
    Population,
    FacilityType,
    Facility,
    TransitLine,
    TransitStop,
]


@pytest.fixture
def city() -> dict:
    data = small_city()
    source = make_source()
    Boundary.objects.create(
        source=source,
        level="mahalle",
        source_ref=23422,
        name="Bahariye Mh.",
        district=data["karsiyaka"],
        mahalle=data["bahariye"],
        geometry=data["bahariye"].geometry,
    )
    ImportRun.objects.create(
        source=source,
        rows_read=3,
        created=2,
        skipped=1,
        report={"skipped": [{"row": 7, "why": "bad"}]},
    )
    return data


def admin_url(model: type, action: str, language: str, *args: object) -> str:
    name = f"admin:{model._meta.app_label}_{model._meta.model_name}_{action}"
    with translation.override(language):
        return reverse(name, args=args)


@pytest.mark.parametrize("language", ["tr", "ar"])
@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_changelists_load_for_staff(
    admin_client: Client, city: dict, model: type, language: str
) -> None:
    url = admin_url(model, "changelist", language)
    assert url.startswith(f"/{language}/admin/")
    response = admin_client.get(url)
    assert response.status_code == 200
    if language == "ar":
        assert 'dir="rtl"' in response.content.decode()


@pytest.mark.parametrize(
    ("model", "query"), [(District, "KARŞIYAKA"), (Mahalle, "BAHARİYE"), (Facility, "HASTANESİ")]
)
def test_admin_search_uses_folded_names(
    admin_client: Client, city: dict, model: type, query: str
) -> None:
    response = admin_client.get(admin_url(model, "changelist", "en"), {"q": query})
    assert response.status_code == 200
    assert response.context["cl"].result_count >= 1


def test_geometry_is_summarised_not_dumped(admin_client: Client, city: dict) -> None:
    district = city["karsiyaka"]
    response = admin_client.get(admin_url(District, "change", "en", district.pk))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Polygon, 1 part(s), 6 points" in content
    assert '"coordinates"' not in content
    assert 'name="geometry"' not in content


def test_mahalle_change_page_loads(admin_client: Client, city: dict) -> None:
    mahalle = city["bahariye"]
    response = admin_client.get(admin_url(Mahalle, "change", "ar", mahalle.pk))
    assert response.status_code == 200
    assert 'name="geometry"' not in response.content.decode()


def test_import_run_is_read_only_with_a_pretty_report(admin_client: Client, city: dict) -> None:
    run = ImportRun.objects.get()
    response = admin_client.get(admin_url(ImportRun, "change", "en", run.pk))
    assert response.status_code == 200
    content = response.content.decode()
    assert "<pre" in content and "&quot;why&quot;: &quot;bad&quot;" in content
    assert 'type="submit" value="Save"' not in content
    assert admin_client.get(admin_url(ImportRun, "add", "en")).status_code == 403


def test_facility_type_admin_has_a_field_per_language(admin_client: Client, city: dict) -> None:
    facility_type = FacilityType.objects.get(code="park")
    content = admin_client.get(
        admin_url(FacilityType, "change", "en", facility_type.pk)
    ).content.decode()
    for code in ("tr", "en", "ar", "fa", "ru", "uk"):
        assert f'name="name_{code}"' in content


def test_anonymous_user_is_sent_to_login(client: Client) -> None:
    response = client.get("/en/admin/places/district/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_population_changelist_filters_by_year(admin_client: Client, city: dict) -> None:
    response = admin_client.get(admin_url(Population, "changelist", "en"), {"year": "2024"})
    assert response.status_code == 200
    assert response.context["cl"].result_count == 1


def test_geometry_summary_of_a_collection() -> None:
    from adilkent.places.admin import geometry_summary

    collection = {
        "type": "GeometryCollection",
        "geometries": [
            {"type": "MultiPolygon", "coordinates": [[[[0, 0], [1, 0], [1, 1], [0, 0]]]]},
            {"type": "LineString", "coordinates": [[0, 0], [2, 2]]},
        ],
    }
    with translation.override("en"):
        assert geometry_summary(collection) == (
            "GeometryCollection (MultiPolygon, LineString), 2 part(s), 6 points"
        )
        assert geometry_summary(None) == "none"
