"""Documents a family attaches: checked by content, kept under random names without their
metadata, sent only to the coordinator (audited), destroyed with the application's data."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from adilkent.cases.models import AuditEvent, DestructionLog
from adilkent.core.tests.factories import log_in_verified
from adilkent.enrolment.models import ApplicationDocument, StaffAccess
from adilkent.enrolment.services import (
    ChildInput,
    EnrolmentInvalid,
    application_forget,
    application_submit,
)

from .conftest import TODAY, Setting

pytestmark = pytest.mark.django_db


def _png() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (30, 20), (10, 200, 90)).save(out, format="PNG")
    return out.getvalue()


def _submit(s: Setting, *documents: SimpleUploadedFile, children: int = 1) -> Any:
    return application_submit(
        term=s.term, guardian_name="G", guardian_phone="1", guardian_email="",
        children=[ChildInput(f"Child {n}", "2022-09-01") for n in range(children)],
        centre_ids=[s.north.pk], mahalle_id=s.mahalle.pk, priority_groups=[], language="tr",
        today=TODAY, documents=list(documents),
    )  # fmt: skip


@pytest.fixture(autouse=True)
def media(tmp_path: Path, settings: Any) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def test_a_document_is_kept_for_each_child_under_a_random_name(setting: Setting) -> None:
    submitted = _submit(setting, SimpleUploadedFile("gelir belgesi.png", _png()), children=2)
    documents = ApplicationDocument.objects.order_by("pk")
    assert [d.application for d in documents] == submitted.applications
    for document in documents:
        assert "gelir" not in document.file.name and document.file.name.startswith("enrolment/")
        assert (
            document.original_name == "gelir belgesi.png" and document.content_type == "image/png"
        )
    assert len({d.file.name for d in documents}) == 2


def test_documents_that_are_not_what_they_claim_are_refused_and_nothing_is_stored(
    setting: Setting,
) -> None:
    with pytest.raises(EnrolmentInvalid) as raised:
        _submit(setting, SimpleUploadedFile("x.pdf", b"<html><script>alert(1)</script></html>"))
    assert "not a photo" in " ".join(raised.value.errors["documents"])
    with pytest.raises(EnrolmentInvalid, match="at most 3 documents"):
        _submit(setting, *[SimpleUploadedFile(f"{n}.png", _png()) for n in range(4)])
    assert not ApplicationDocument.objects.exists()


def test_only_the_coordinator_opens_a_document(setting: Setting, django_user_model: Any) -> None:
    _submit(setting, SimpleUploadedFile("rapor.png", _png()))
    document = ApplicationDocument.objects.get()
    coordinator = django_user_model.objects.create_user("coord", is_staff=True)
    StaffAccess.objects.create(user=coordinator, role="coordinator", programme=setting.programme)
    centre_staff = django_user_model.objects.create_user("centre", is_staff=True)
    StaffAccess.objects.create(user=centre_staff, role="centre", centre=setting.north)
    url = f"/en/enrolment/staff/documents/{document.pk}/"
    client = Client()
    log_in_verified(client, coordinator)
    answer = client.get(url)
    assert answer.status_code == 200 and answer["Content-Type"] == "image/png"
    assert AuditEvent.objects.filter(
        username="coord", object_type="enrolment document", action="view"
    ).exists()
    other = Client()
    log_in_verified(other, centre_staff)
    assert other.get(url).status_code == 404


def test_erasure_destroys_the_documents_and_their_files(
    setting: Setting, media: Path, django_capture_on_commit_callbacks: Any
) -> None:
    submitted = _submit(setting, SimpleUploadedFile("rapor.png", _png()))
    path = Path(ApplicationDocument.objects.get().file.path)
    assert path.exists()
    with django_capture_on_commit_callbacks(execute=True):
        application_forget(
            applications=type(submitted.applications[0]).objects.all(), rule="test", by="dpo"
        )
    assert not ApplicationDocument.objects.exists() and not path.exists()
    assert DestructionLog.objects.filter(
        record_type="enrolment document", action="destroyed"
    ).exists()
