"""Digit-like characters in addresses are the sender's mistake: 4xx with the reason, never 500."""

from __future__ import annotations

import json

import pytest
from django.test import Client


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["²", "٣", "１", "1e3", "-"])
def test_programmes_api_year_refuses_digit_like_characters(client: Client, value: str) -> None:
    response = client.get("/api/v1/programmes/", {"year": value})
    assert response.status_code == 422, response.content
    assert "year" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["²", "٣", "x"])
def test_legal_aid_schedule_mahalle_refuses_digit_like_characters(
    client: Client, value: str
) -> None:
    response = client.get("/tr/legal-aid/", {"mahalle": value})
    assert response.status_code == 400
    assert "mahalle" in response.content.decode()


def test_bad_input_on_an_api_path_is_answered_in_json() -> None:
    from django.test import RequestFactory

    from adilkent.core.middleware import BadInputMiddleware
    from adilkent.core.parsing import ParseError, parse_int

    request = RequestFactory().get("/api/v1/anything", {"n": "²"})
    with pytest.raises(ParseError) as caught:
        parse_int(request.GET["n"], field="n")
    response = BadInputMiddleware(lambda r: None).process_exception(request, caught.value)  # type: ignore[arg-type,return-value]
    assert response is not None and response.status_code == 400
    body = json.loads(response.content)
    assert body["field"] == "n" and body["detail"]


PAGES = [
    "/tr/",
    "/tr/places/",
    "/tr/services/",
    "/tr/programmes/",
    "/tr/access/",
    "/tr/plans/",
    "/tr/plans/milk/",
    "/tr/plans/library/",
    "/tr/programmes/open-data/",
    "/api/v1/programmes/",
    "/api/v1/programmes/kpis",
]
DIGIT_LIKE = {
    "year": "²",
    "mahalle": "٣",
    "team": "１",
    "week": "1e400",
    "period": "2026-1²",
    "page": "nan",
    "district": "²",
    "type": "²",
    "sort": "²",
}


@pytest.mark.django_db
@pytest.mark.parametrize("path", PAGES)
def test_no_page_answers_500_to_digit_like_parameters(client: Client, path: str) -> None:
    response = client.get(path, DIGIT_LIKE)
    assert response.status_code in (200, 400, 422), (path, response.status_code)
