"""Every public page works in all six languages, with the right direction and a switcher."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client

from .factories import small_city

LANGUAGES = [code for code, _name in settings.LANGUAGES]
RTL = {"ar", "fa"}

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    cache.clear()


def html_tag(content: str) -> str:
    match = re.search(r"<html[^>]*>", content)
    assert match, "no <html> tag"
    return match.group(0)


def assert_language_page(content: str, language: str) -> None:
    tag = html_tag(content)
    assert f'lang="{language}"' in tag
    assert f'dir="{"rtl" if language in RTL else "ltr"}"' in tag
    # The switcher: a form posting to set_language, one button per language, each in its own
    # language and marked with its lang attribute.
    assert 'action="/i18n/setlang/"' in content
    for code in LANGUAGES:
        assert re.search(rf'<button[^>]*name="language" value="{code}" lang="{code}"', content)
    assert 'href="#main"' in content and 'id="main"' in content
    assert "TurkeyGeoJSON" in content and "OpenStreetMap" in content


@pytest.mark.parametrize("language", LANGUAGES)
def test_home_renders_in_every_language(client: Client, language: str) -> None:
    small_city()
    response = client.get(f"/{language}/")
    assert response.status_code == 200
    assert_language_page(response.content.decode(), language)


def test_home_with_an_empty_database_says_how_to_import(client: Client) -> None:
    content = client.get("/en/").content.decode()
    assert "The data has not been imported yet." in content
    assert "make demo-data" in content


def test_home_shows_the_city_summary_formatted_for_the_language(client: Client) -> None:
    small_city()
    # 11,814 + 2,500 + 20,000 residents in 2025 (the 2024 row is older and not counted).
    assert "34.314" in client.get("/tr/").content.decode()
    assert "34,314" in client.get("/en/").content.decode()
    assert "34,314" in client.get("/fa/").content.decode()  # Latin digits (decision 0016)
    assert "make demo-data" not in client.get("/tr/").content.decode()


def test_home_in_turkish_is_translated(client: Client) -> None:
    content = client.get("/tr/").content.decode()
    assert "Ana sayfa" in content or "Giriş" in content
    assert "Places explorer" not in content
    assert "Skip to main content" not in content


def test_language_switcher_posts_to_set_language_and_keeps_the_page(client: Client) -> None:
    small_city()
    response = client.post(
        "/i18n/setlang/", {"language": "ar", "next": "/tr/places/karsiyaka/?sort=-population"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/ar/places/karsiyaka/?sort=-population"


def switcher_next(content: str, language: str) -> str:
    """The ``next`` value of the switcher form whose button chooses ``language``."""
    forms = re.findall(r'<form method="post" action="/i18n/setlang/">(.*?)</form>', content, re.S)
    for form in forms:
        if f'value="{language}"' in form:
            match = re.search(r'name="next" value="([^"]*)"', form)
            assert match
            return match.group(1).replace("&amp;", "&")
    raise AssertionError(f"no switcher form for {language}")


def test_switcher_next_is_the_current_page_in_each_language(client: Client) -> None:
    small_city()
    content = client.get("/fa/places/karsiyaka/?sort=name").content.decode()
    for code in LANGUAGES:
        assert switcher_next(content, code) == f"/{code}/places/karsiyaka/?sort=name"


def test_switching_works_whatever_the_browser_prefers(client: Client) -> None:
    """A Turkish browser on an English page choosing Arabic lands on the Arabic page.

    Django's set_language can only translate ``next`` for the language the request is in, so
    the switcher sends the already-translated address.
    """
    small_city()
    content = client.get("/en/places/", HTTP_ACCEPT_LANGUAGE="tr").content.decode()
    response = client.post(
        "/i18n/setlang/",
        {"language": "ar", "next": switcher_next(content, "ar")},
        HTTP_ACCEPT_LANGUAGE="tr",
    )
    assert response.status_code == 302
    assert response["Location"] == "/ar/places/"
    assert client.get(response["Location"]).status_code == 200


@pytest.mark.parametrize("language", LANGUAGES)
def test_login_page_renders_in_every_language(client: Client, language: str) -> None:
    response = client.get(f"/{language}/accounts/login/")
    assert response.status_code == 200
    content = response.content.decode()
    assert_language_page(content, language)
    assert 'autocomplete="current-password"' in content


def test_login_and_logout_work(client: Client, django_user_model) -> None:  # type: ignore[no-untyped-def]
    django_user_model.objects.create_user("staff", password="a-long-password-1", is_staff=True)
    response = client.post(
        "/en/accounts/login/", {"username": "staff", "password": "a-long-password-1"}
    )
    assert response.status_code == 302
    content = client.get("/en/").content.decode()
    assert 'href="/en/admin/"' not in content  # the administration is for superusers
    assert "Log out" in content
    django_user_model.objects.create_superuser("root", password="a-long-password-2")
    client.post("/en/accounts/login/", {"username": "root", "password": "a-long-password-2"})
    assert 'href="/en/admin/"' in client.get("/en/").content.decode()


def test_failed_login_shows_an_error(client: Client) -> None:
    response = client.post("/tr/accounts/login/", {"username": "x", "password": "y"})
    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()


@pytest.mark.parametrize("language", LANGUAGES)
def test_admin_is_reachable_under_every_prefix(admin_client: Client, language: str) -> None:
    response = admin_client.get(f"/{language}/admin/")
    assert response.status_code == 200
    tag = html_tag(response.content.decode())
    assert f'lang="{language}"' in tag
    assert f'dir="{"rtl" if language in RTL else "ltr"}"' in tag


def test_admin_in_arabic_loads_the_rtl_stylesheet(admin_client: Client) -> None:
    content = admin_client.get("/ar/admin/").content.decode()
    assert "admin/css/rtl.css" in content
