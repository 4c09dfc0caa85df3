"""Residents' files: stored under names nobody can guess, sent only to staff who may handle the
request (second factor, need to know, audited), and never from a public /media/ path."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from adilkent.cases.models import AuditEvent
from adilkent.intake.models import Attachment, Request, Unit
from adilkent.intake.services import RequestInput, assign, submit_request

from .conftest import log_in_verified
from .test_submit import PNG


def _pixels(data: bytes) -> bytes:
    import io

    from PIL import Image

    with Image.open(io.BytesIO(data)) as image:
        return image.tobytes()


pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    settings.MEDIA_ACCEL_PREFIX = ""
    return tmp_path


@pytest.fixture
def parks() -> Unit:
    return Unit.objects.create(code="parks", name="Parklar")


@pytest.fixture
def photo_request(parks: Unit) -> Request:
    upload = SimpleUploadedFile("salıncak kırık.png", PNG, content_type="image/png")
    request = submit_request(
        RequestInput(text="Salıncak kırık", identity_mode="anonymous", attachments=[upload])
    )
    desk = User.objects.create_user("desk-lead", password="x", is_staff=True, is_superuser=True)
    return assign(request, desk, unit=parks)


def _officer(name: str, unit: Unit | None) -> User:
    user = User.objects.create_user(name, password="x", is_staff=True)
    if unit is not None:
        unit.members.add(user)
    return user


def _url(request: Request, attachment: Attachment) -> str:
    return reverse("intake:staff-attachment", args=[request.pk, attachment.pk])


def test_the_stored_name_says_nothing_and_cannot_be_guessed(photo_request: Request) -> None:
    (attachment,) = photo_request.attachments.all()
    assert re.fullmatch(r"intake/\d{4}/\d{2}/[A-Za-z0-9_-]{24}\.png", attachment.file.name)
    assert attachment.original_name == "salıncak kırık.png"
    second = submit_request(
        RequestInput(
            text="y",
            identity_mode="anonymous",
            attachments=[SimpleUploadedFile("salıncak kırık.png", PNG)],
        )
    ).attachments.get()
    assert second.file.name != attachment.file.name


def test_the_units_officer_gets_the_file_and_the_read_is_audited(
    client: Client, photo_request: Request, parks: Unit
) -> None:
    officer = _officer("parks-officer", parks)
    log_in_verified(client, officer)
    (attachment,) = photo_request.attachments.all()
    response = client.get(_url(photo_request, attachment))
    assert response.status_code == 200
    assert _pixels(response.content) == _pixels(PNG)  # the photo, written again without metadata
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"] == (
        "inline; filename*=UTF-8''sal%C4%B1ncak%20k%C4%B1r%C4%B1k.png"
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    assert response["Content-Security-Policy"].startswith("sandbox")
    event = AuditEvent.objects.get(object_type="intake attachment")
    assert (event.username, event.action, event.object_id) == (
        "parks-officer",
        "view",
        str(photo_request.pk),
    )


def test_nobody_else_gets_it(client: Client, photo_request: Request) -> None:
    (attachment,) = photo_request.attachments.all()
    url = _url(photo_request, attachment)
    response = client.get(url)  # not logged in
    assert response.status_code == 302 and "login" in response["Location"]

    roads = Unit.objects.create(code="roads", name="Yollar")
    log_in_verified(client, _officer("roads-officer", roads))
    assert client.get(url).status_code == 404
    assert AuditEvent.objects.filter(username="roads-officer", action="denied").exists()

    other = submit_request(
        RequestInput(
            text="başka", identity_mode="anonymous", attachments=[SimpleUploadedFile("a.png", PNG)]
        )
    )
    parks_officer = _officer("parks-officer", Unit.objects.get(code="parks"))
    log_in_verified(client, parks_officer)
    # The parks officer's own request number with another request's file: 404.
    other_file = other.attachments.get()
    assert client.get(_url(photo_request, other_file)).status_code == 404

    client.logout()
    client.force_login(parks_officer)  # password only, no second factor in this session
    response = client.get(url)
    assert response.status_code == 302 and "verify" in response["Location"]


def test_the_media_path_serves_nothing(client: Client, photo_request: Request) -> None:
    (attachment,) = photo_request.attachments.all()
    assert client.get("/media/" + attachment.file.name).status_code == 404
    assert client.get("/tr/media/" + attachment.file.name).status_code == 404


def test_behind_nginx_the_view_hands_the_file_to_the_web_server(
    client: Client, photo_request: Request, parks: Unit, settings: Any
) -> None:
    settings.MEDIA_ACCEL_PREFIX = "/protected-media/"
    log_in_verified(client, _officer("parks-officer", parks))
    (attachment,) = photo_request.attachments.all()
    response = client.get(_url(photo_request, attachment))
    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == "/protected-media/" + attachment.file.name
    assert response.content == b""
    assert response["Content-Type"] == "image/png"
