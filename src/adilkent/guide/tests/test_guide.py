"""The service guide: seeded from the seed documents, searchable in every language."""

from __future__ import annotations

import pytest
from django.conf import settings

from adilkent.guide.models import Service
from adilkent.guide.seed_data import SERVICES
from adilkent.guide.selectors import service_list

pytestmark = pytest.mark.django_db
SEEDS = settings.DATA_DIR.parent / "seeds"


def test_every_seeded_service_is_loaded_with_turkish_and_english() -> None:
    codes = set(Service.objects.values_list("code", flat=True))
    assert {entry["code"] for entry in SERVICES} <= codes
    for service in Service.objects.filter(code__in=[e["code"] for e in SERVICES]):
        assert service.name_tr and service.name_en, service.code
        assert service.summary_tr and service.summary_en, service.code


@pytest.mark.skipif(not SEEDS.is_dir(), reason="seed documents not present")
def test_each_service_names_an_existing_seed_document() -> None:
    for entry in SERVICES:
        assert (SEEDS / entry["source_file"]).is_file(), entry["code"]


@pytest.mark.skipif(not SEEDS.is_dir(), reason="seed documents not present")
def test_figures_in_the_guide_appear_in_their_source() -> None:
    # Spot checks of facts taken from the documents: each must be in the file cited.
    facts = {
        "milk-programme": ["8 liters", "1-5"],
        "mobile-library": ["45 days", "20 villages"],
        "legal-aid": ["10.12.2020", "Limontepe"],
        "yuvamiz-izmir": ["4 bin TL", "36-66"],
        "vocational-courses": ["29 kurs", "215"],
    }
    by_code = {e["code"]: e for e in SERVICES}
    for code, needles in facts.items():
        text = (SEEDS / by_code[code]["source_file"]).read_text(encoding="utf-8")
        for needle in needles:
            assert needle in text, (code, needle)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("AVUKAT", "legal-aid"),  # Turkish capitals
        ("sut kuzusu", "milk-programme"),  # no Turkish keyboard: ü typed as u
        ("SÜT", "milk-programme"),
        ("محامي", "legal-aid"),  # Arabic
        ("وکیل", "legal-aid"),  # Persian
        ("адвокат", "legal-aid"),  # Russian / Ukrainian
        ("Молоко", "milk-programme"),
        ("mülteci masası", "refugee-desk"),
        ("MULTECI", "refugee-desk"),
    ],
)
def test_search_folds_case_and_turkish_letters_in_any_language(query: str, expected: str) -> None:
    assert expected in [s.code for s in service_list(query=query)]


def test_search_with_no_match_is_empty_and_every_word_must_match() -> None:
    assert list(service_list(query="zzzqqq")) == []
    assert [s.code for s in service_list(query="süt avukat")] == []


def test_pages_in_each_language(client) -> None:
    for lang in ("tr", "en", "ar", "fa", "ru", "uk"):
        assert client.get(f"/{lang}/services/").status_code == 200
        page = client.get(f"/{lang}/services/legal-aid/")
        assert page.status_code == 200
    assert client.get("/tr/services/no-such-service/").status_code == 404
    arabic = client.get("/ar/services/legal-aid/").content.decode()
    assert "مركبة المساعدة القانونية" in arabic and 'dir="rtl"' in arabic


def test_printable_guide_is_a_pdf(client) -> None:
    response = client.get("/en/services/guide.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")


def test_reloading_the_seed_under_another_language_keeps_each_translation() -> None:
    from django.utils import translation

    from adilkent.guide.services import load_seed_services

    with translation.override("ar"):
        load_seed_services()
    service = Service.objects.get(code="legal-aid")
    assert service.name_ar.startswith("مركبة") and service.name_tr.startswith("Adalet")


@pytest.mark.parametrize(
    "query",
    [
        "правова допомога",
        "правовая помощь",
        "مساعدة قانونية",
        "کمک حقوقی",
        "hukuki yardim",
        "legal aid",
    ],
)
def test_legal_aid_is_found_by_the_words_residents_use(query: str) -> None:
    assert [s.code for s in service_list(query=query)] == ["legal-aid"]


def test_service_pages_lead_to_their_schedule_or_booking_page(client) -> None:
    legal = client.get("/uk/services/legal-aid/").content.decode()
    assert 'class="button" href="/uk/legal-aid/"' in legal
    milk = client.get("/ar/services/milk-programme/").content.decode()
    assert 'href="/ar/plans/milk/"' in milk
    library = client.get("/en/services/mobile-library/").content.decode()
    assert 'href="/en/plans/library/"' in library and 'href="/en/plans/stage/"' in library
    him = client.get("/en/services/him/").content.decode().split("<main")[1].split("</main>")[0]
    assert "/en/plans/" not in him and 'href="/en/legal-aid/"' not in him
