"""Inputs an outside test sent that used to answer 500 or be stored: each is refused with a
4xx and a reason, on the web form, the JSON API and Open311, and nothing is stored."""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from adilkent.intake.models import ApiKey, Request
from adilkent.intake.validation import Errors, check_attachment

pytestmark = pytest.mark.django_db
KEY = "bad-input-key"


@pytest.fixture
def api_key() -> str:
    ApiKey.objects.create(name="tests", key=KEY)
    return KEY


def _open311(client: Client, **extra: str):  # type: ignore[no-untyped-def]
    form = {"api_key": KEY, "service_code": "refugee-desk", "lat": "38.42", "long": "27.13",
            "description": "Invented request"}  # fmt: skip
    form.update(extra)
    return client.post("/open311/v2/requests.json", form)


@pytest.mark.parametrize("number", ["1e400", "-1e400", "nan", "NaN", "inf", "²", "1e12"])
def test_number_answers_that_are_no_ordinary_number(
    client: Client, api_key: str, number: str
) -> None:
    response = _open311(client, **{"attribute[household_size]": number})
    assert response.status_code == 400, response.content
    assert "household_size" in response.json()[0]["description"]
    api = client.post(
        "/api/v1/intake/requests",
        {"text": "Invented", "identity_mode": "anonymous", "preferred_language": "tr",
         "service_code": "refugee-desk", "attributes": {"household_size": number}},
        content_type="application/json",
        HTTP_X_API_KEY=KEY,
    )  # fmt: skip
    assert api.status_code == 400, api.content
    assert Request.objects.count() == 0


@pytest.mark.parametrize("day", ["2026-13-45", "2026-02-30", "2026-00-10", "26-1-1"])
def test_dates_that_are_not_on_the_calendar(client: Client, api_key: str, day: str) -> None:
    response = _open311(client, service_code="him", **{"attribute[observed_at]": day})
    assert response.status_code == 400, response.content
    assert "observed_at" in response.json()[0]["description"]
    assert Request.objects.count() == 0


@pytest.mark.parametrize(
    "query",
    [
        "start_date=9999-12-31T23:59:59Z",
        "end_date=0001-01-01T00:00:00Z",
        "start_date=2026-01-01T00:00:00%2B99:00",
        "start_date=2026-02-30T00:00:00Z",
    ],
)
def test_open311_dates_out_of_range(client: Client, query: str) -> None:
    response = client.get(f"/open311/v2/requests.json?{query}")
    assert response.status_code == 400, response.content
    assert "W3C" in response.json()[0]["description"]
    updates = client.get(f"/open311/v2/servicerequestupdates.json?{query}")
    assert updates.status_code == 400


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "data:text/html,<b>x</b>", "file:///etc/passwd", "//x"]
)
def test_a_photo_link_must_be_a_web_address(client: Client, api_key: str, url: str) -> None:
    response = _open311(client, media_url=url)
    assert response.status_code == 400, response.content
    assert "media_url" in response.json()[0]["description"]
    assert Request.objects.count() == 0


def _png(width: int, height: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    pixels = zlib.compress(b"\x00" * (width + 1) * min(height, 2))
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def _real_png() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (20, 10), (200, 30, 30)).save(out, format="PNG")
    return out.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("huge.png", _png(30000, 30000), "million pixels"),
        ("page.pdf", b"%PDF-1.4\n<html><script>alert(1)</script></html>\n%%EOF\n", "web-page"),
        ("cut.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\n", "incomplete"),
        ("fake.png", b"\x89PNG\r\n\x1a\n" + b"not really an image" * 10, "cannot be read"),
    ],
)
def test_uploads_are_checked_by_their_content(name: str, content: bytes, reason: str) -> None:
    from django.utils import translation

    errors = Errors()
    with translation.override("en"):  # the reasons are translated; they are read in English
        assert check_attachment(SimpleUploadedFile(name, content), errors) is None
    assert reason in " ".join(errors.found["attachments"])


def test_a_real_photo_and_pdf_pass() -> None:
    errors = Errors()
    assert check_attachment(SimpleUploadedFile("a.png", _real_png()), errors) == "image/png"
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    assert check_attachment(SimpleUploadedFile("a.pdf", pdf), errors) == "application/pdf"
    assert errors.found == {}


def test_a_body_larger_than_the_limit_is_refused_before_it_is_read(client: Client) -> None:
    from django.test import override_settings

    with override_settings(MAX_REQUEST_BODY_BYTES=1024):
        response = client.post(
            "/open311/v2/requests.json",
            {"api_key": KEY, "description": "x" * 5000},
        )
        assert response.status_code == 413
        page = client.post("/tr/requests/new/", {"text": "x" * 5000})
        assert page.status_code == 413
    assert Request.objects.count() == 0
