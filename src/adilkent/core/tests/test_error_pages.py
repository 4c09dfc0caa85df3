"""The 404, 403 and CSRF-failure pages are the site's own, in the reader's language, with the
site's navigation (before, Django's English pages were served)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "title", "direction"),
    [
        ("tr", "Sayfa bulunamadı", "ltr"),
        ("ar", "الصفحة غير موجودة", "rtl"),
        ("fa", "صفحه پیدا نشد", "rtl"),
        ("ru", "Страница не найдена", "ltr"),
        ("uk", "Сторінку не знайдено", "ltr"),
        ("en", "Page not found", "ltr"),
    ],
)
def test_a_missing_page_says_so_in_the_readers_language(
    language: str, title: str, direction: str
) -> None:
    answer = Client().get(f"/{language}/no-such-page/")
    page = answer.content.decode()
    assert answer.status_code == 404
    assert f'<html lang="{language}" dir="{direction}">' in page
    assert f"<h1>{title}</h1>" in page
    assert 'class="skip-link"' in page and "adilkent.css" in page  # the site's own look
    # nothing of the address asked for is in the page, so that a 404 for a record that
    # exists but is not the reader's is byte for byte a 404 for one that does not exist
    assert "no-such-page" not in page
    assert Client().get(f"/{language}/another-missing-page/").content == answer.content


def test_a_refused_page_is_the_sites_own_403(django_user_model: Any) -> None:
    from adilkent.core.tests.factories import log_in_verified

    # a superuser with no role in the cases area is refused the Refugee Desk
    user = django_user_model.objects.create_superuser("no-role", password="x-not-real-1")
    client = Client()
    log_in_verified(client, user)
    answer = client.get("/ru/cases/")
    page = answer.content.decode()
    assert answer.status_code == 403
    assert "<h1>Нет доступа к этой странице</h1>" in page
    assert "no role in the cases area" not in page  # the reason is for the audit log


def test_a_form_sent_without_its_token_gets_the_sites_own_page() -> None:
    client = Client(enforce_csrf_checks=True)
    answer = client.post("/uk/requests/", {"description": "x"})
    page = answer.content.decode()
    assert answer.status_code == 403
    assert "<h1>Форму не вдалося надіслати</h1>" in page
    assert '<html lang="uk" dir="ltr">' in page
