"""What residents get while Redis or the database is down (production's cache settings)."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import OperationalError
from django.test import Client, RequestFactory

from adilkent.core import throttle

pytestmark = pytest.mark.django_db

# Production's cache (settings/production.py) pointed at a port where nothing listens.
UNREACHABLE_REDIS = {
    "default": {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": "redis://127.0.0.1:9/0",
        "OPTIONS": {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": 1, "SOCKET_TIMEOUT": 1},
    }
}


def test_without_redis_a_rate_limit_lets_attempts_through_and_says_so(
    settings: Any, caplog: pytest.LogCaptureFixture
) -> None:
    settings.CACHES = UNREACHABLE_REDIS
    request = RequestFactory().post("/tr/legal-aid/cancel/")
    assert all(throttle.allow("legalaid-cancel", request, limit=2) for _ in range(4))
    assert "rate limit legalaid-cancel not counted" in caplog.text


def test_with_redis_the_limit_counts(settings: Any) -> None:
    request = RequestFactory().post("/tr/legal-aid/cancel/")
    answers = [throttle.allow("legalaid-cancel-test", request, limit=2) for _ in range(3)]
    assert answers == [True, True, False]


def test_without_redis_the_pages_still_answer_and_health_says_why(
    settings: Any, client: Client
) -> None:
    settings.CACHES = UNREACHABLE_REDIS
    assert client.get("/tr/").status_code == 200
    assert client.get("/tr/services/").status_code == 200
    health = client.get("/healthz")
    assert health.status_code == 503
    assert health.json() == {"database": "ok", "cache": "unavailable"}


@pytest.mark.parametrize(("language", "direction"), [("ar", "rtl"), ("tr", "ltr")])
def test_a_database_outage_is_a_503_in_the_readers_language(
    monkeypatch: pytest.MonkeyPatch, language: str, direction: str
) -> None:
    from adilkent.core import views

    def down() -> None:
        raise OperationalError("connection to server at 127.0.0.1 failed: Connection refused")

    monkeypatch.setattr(views.selectors, "city_summary", down)
    response = Client(raise_request_exception=False).get(f"/{language}/")
    assert response.status_code == 503
    assert response["Retry-After"] == "10"
    html = response.content.decode()
    assert f'<html lang="{language}" dir="{direction}">' in html
    expected = {"ar": "لم يُحفظ شيء", "tr": "kaydedilmedi"}[language]
    assert expected in html


def test_any_other_error_is_a_plain_500(monkeypatch: pytest.MonkeyPatch) -> None:
    from adilkent.core import views

    def broken() -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr(views.selectors, "city_summary", broken)
    response = Client(raise_request_exception=False).get("/tr/")
    assert response.status_code == 500
    assert "Bir sorun oluştu" in response.content.decode()
    assert "a bug" not in response.content.decode()
