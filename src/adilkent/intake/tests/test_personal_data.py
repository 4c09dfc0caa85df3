"""A resident's name, contacts and typed address are encrypted at rest, kept out of the change
history, and erased by the daily retention run and by the erasure of the same person."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.utils import timezone

from adilkent.cases.models import DestructionLog
from adilkent.cases.services.protection import apply_retention
from adilkent.cases.tests.conftest import desk as desk_fixture  # noqa: F401
from adilkent.intake.models import Attachment, Request
from adilkent.intake.services import RequestInput, apply_action, submit_request

pytestmark = pytest.mark.django_db

SECRETS = ("Invented Resident", "invented@example.org", "0555 111 22 33", "Gizli Sokak 7")


def _identified() -> Request:
    return submit_request(
        RequestInput(
            text="Invented request", kind="complaint", identity_mode="identified",
            name=SECRETS[0], email=SECRETS[1], phone=SECRETS[2], address=SECRETS[3],
        )
    )  # fmt: skip


def _raw_rows() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM intake_request")
        rows = cursor.fetchall()
        cursor.execute("SELECT * FROM intake_historicalrequest")
        rows += cursor.fetchall()
    return repr(rows)


def test_the_database_holds_no_personal_data_in_clear() -> None:
    r = _identified()
    apply_action(r, "triage", None)
    raw = _raw_rows()
    for secret in SECRETS:
        assert secret not in raw
    stored = Request.objects.get(pk=r.pk)
    assert (stored.name, stored.email, stored.phone, stored.address) == SECRETS


def test_retention_erases_personal_data_of_long_finished_requests() -> None:
    old, recent, still_open = _identified(), _identified(), _identified()
    for r in (old, recent):
        apply_action(r, "reject", None)
    Request.objects.filter(pk=old.pk).update(updated_at=timezone.now() - dt.timedelta(days=400))
    Request.objects.filter(pk=still_open.pk).update(
        updated_at=timezone.now() - dt.timedelta(days=400)
    )
    done = apply_retention()
    assert done["intake_requests"] == 1
    erased = Request.objects.get(pk=old.pk)
    assert (erased.name, erased.email, erased.phone, erased.address) == ("", "", "", "")
    assert erased.personal_data_erased_at is not None and erased.text == "Invented request"
    assert Request.objects.get(pk=recent.pk).name == SECRETS[0]
    assert Request.objects.get(pk=still_open.pk).name == SECRETS[0]
    assert DestructionLog.objects.filter(record_type="intake request", record_id=str(old.pk))


def test_erasing_a_person_erases_their_requests(request: pytest.FixtureRequest) -> None:
    desk = request.getfixturevalue("desk_fixture")
    from adilkent.cases.services import people
    from adilkent.cases.services.protection import anonymise_person
    from adilkent.cases.tests.conftest import invented

    person, _ = people.register_person(
        invented("Testp", "Papa", phone=SECRETS[2]), desk.users["cw1"]
    )
    mine, other = _identified(), submit_request(
        RequestInput(text="x", kind="complaint", identity_mode="identified", name="Someone",
                     phone="0555 999 88 77", address="Konak")
    )  # fmt: skip
    anonymise_person(person, "the person asked, test", "dpo")
    assert Request.objects.get(pk=mine.pk).phone == ""
    assert Request.objects.get(pk=other.pk).phone == "0555 999 88 77"


def _photo(fmt: str, **info: object) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (40, 20), (30, 120, 200)).save(out, format=fmt, **info)  # type: ignore[arg-type]
    return out.getvalue()


def _jpeg_with_place_and_turn() -> bytes:
    """A JPEG as a phone writes it: where it was taken, the camera's serial, turned by 90°."""
    from PIL import Image

    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: the picture is to be turned 90° clockwise to be upright
    exif[0xA431] = "SERIAL-12345"  # BodySerialNumber
    exif[0x8825] = {1: "N", 2: (38.0, 25.0, 12.0), 3: "E", 4: (27.0, 8.0, 30.0)}  # GPS
    return _photo("JPEG", exif=exif.tobytes())


def _with_photos(tmp_path: Path, settings: Any, *photos: tuple[str, bytes]) -> Request:
    settings.MEDIA_ROOT = tmp_path
    return submit_request(
        RequestInput(
            text="Invented request", kind="complaint", identity_mode="identified",
            name=SECRETS[0], phone=SECRETS[2], address=SECRETS[3],
            attachments=[SimpleUploadedFile(name, content) for name, content in photos],
        )
    )  # fmt: skip


def test_photos_are_kept_upright_without_their_metadata(tmp_path: Path, settings: Any) -> None:
    from PIL import Image, PngImagePlugin

    text = PngImagePlugin.PngInfo()
    text.add_text("Author", SECRETS[0])
    original = _jpeg_with_place_and_turn()
    with Image.open(io.BytesIO(original)) as before:
        assert before.getexif()[0x0112] == 6 and before.size == (40, 20)
    r = _with_photos(
        tmp_path, settings, ("phone.jpg", original), ("map.png", _photo("PNG", pnginfo=text))
    )
    jpeg, png = r.attachments.order_by("pk")
    with jpeg.file.open("rb") as stored, Image.open(stored) as kept:
        assert kept.format == "JPEG" and kept.size == (20, 40)  # turned upright
        assert dict(kept.getexif()) == {}
        assert "exif" not in kept.info and "xmp" not in kept.info
    assert b"SERIAL-12345" not in Path(jpeg.file.path).read_bytes()
    with png.file.open("rb") as stored, Image.open(stored) as kept:
        assert kept.format == "PNG" and "Author" not in kept.info
    assert SECRETS[0].encode() not in Path(png.file.path).read_bytes()
    assert jpeg.size == Path(jpeg.file.path).stat().st_size


def test_erasure_destroys_the_attachments_and_their_files(
    tmp_path: Path, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    r = _with_photos(tmp_path, settings, ("a.png", _photo("PNG")), ("b.png", _photo("PNG")))
    paths = [Path(a.file.path) for a in r.attachments.all()]
    assert all(p.exists() for p in paths)
    ids = sorted(str(pk) for pk in r.attachments.values_list("pk", flat=True))
    apply_action(r, "reject", None)
    Request.objects.filter(pk=r.pk).update(updated_at=timezone.now() - dt.timedelta(days=400))

    with django_capture_on_commit_callbacks(execute=True):
        assert apply_retention()["intake_requests"] == 1

    assert not Attachment.objects.filter(request=r).exists()
    assert not any(p.exists() for p in paths)
    logged = DestructionLog.objects.filter(record_type="intake attachment", action="destroyed")
    assert sorted(logged.values_list("record_id", flat=True)) == ids
