"""A text shown in another language than the reader's is marked with its ``lang`` and
``dir``; sources are shown as document titles linked to the sources page."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from adilkent.core.l10n import fallback_order, shown_field
from adilkent.core.seed_documents import SEED_DOCUMENTS
from adilkent.guide.models import Service

pytestmark = pytest.mark.django_db


@pytest.fixture
def half_translated() -> Service:
    service = Service(code="half-translated", group="city", source_file="Law No. 5216, article 7")
    for lang, text in {"tr": "Türkçe ad", "en": "English name", "ru": "Русское имя"}.items():
        setattr(service, f"name_{lang}", text)
    service.description_tr = "Yalnızca Türkçe açıklama."
    service.fees_en = "Free of charge."
    service.save()
    return service


def test_fallback_order_follows_the_settings() -> None:
    assert fallback_order("ar") == ["ar", "en", "tr"]
    assert fallback_order("tr") == ["tr", "en"]
    assert fallback_order("en") == ["en", "tr"]


def test_shown_field_says_which_language_it_is_in(half_translated: Service) -> None:
    own = shown_field(half_translated, "name", "ru")
    assert (own.text, own.language, own.own, str(own.attrs)) == ("Русское имя", "ru", True, "")
    fell_back = shown_field(half_translated, "name", "fa")
    assert (fell_back.text, fell_back.language, fell_back.own) == ("English name", "en", False)
    assert str(fell_back.attrs) == ' lang="en" dir="ltr"'
    turkish = shown_field(half_translated, "description", "uk")
    assert (turkish.text, turkish.language) == ("Yalnızca Türkçe açıklama.", "tr")
    assert shown_field(half_translated, "documents", "ar").text == ""


def test_the_service_page_marks_what_is_not_in_the_readers_language(
    client: Client, half_translated: Service
) -> None:
    html = client.get("/fa/services/half-translated/").content.decode()
    assert '<h1 lang="en" dir="ltr">English name</h1>' in html
    assert '<p lang="tr" dir="ltr">Yalnızca Türkçe açıklama.</p>' in html
    assert '<dd lang="en" dir="ltr">Free of charge.</dd>' in html
    russian = client.get("/ru/services/half-translated/").content.decode()
    assert "<h1>Русское имя</h1>" in russian
    english = client.get("/en/services/half-translated/").content.decode()
    assert "<dd>Free of charge.</dd>" in english


def test_a_seeded_service_is_marked_nowhere_in_arabic(client: Client) -> None:
    html = client.get("/ar/services/legal-aid/").content.decode()
    main = html[html.index("<main") : html.index("</main>")]
    marked = re.findall(r'<(?:h1|p|dd)[^>]* lang="(?:tr|en)"', main)
    assert marked == []


def test_sources_are_titles_linked_to_the_sources_page(client: Client) -> None:
    html = client.get("/en/services/legal-aid/").content.decode()
    assert "001_b121f0e98322c50f.txt" not in html
    assert (
        '<a href="/en/sources/#source-001"><cite lang="en" dir="ltr">'
        "Cittaslow Metropolis Checklist: Good Governance</cite></a>"
    ) in html
    sources = client.get("/ar/sources/")
    assert sources.status_code == 200
    page = sources.content.decode()
    for document in SEED_DOCUMENTS.values():
        assert f'id="{document.anchor}"' in page
    assert (
        '<cite lang="tr" dir="ltr">Büyükşehir ile BM arasında işbirliği mutabakatı</cite>' in page
    )
