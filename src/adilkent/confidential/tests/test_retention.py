"""Retention: a report closed longer ago than the retention period loses everything encrypted
(envelopes, messages, attachments and their files, exclusions, contents, the reporter's
envelope) and keeps its clear facts for the figures; open and recently closed reports are kept
whole. The receiver is called directly: connecting it to the retention run is apps.py's."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from adilkent.cases.models import DestructionLog
from adilkent.confidential import figures
from adilkent.confidential.models import Attachment, Envelope, Exclusion, Message, Report
from adilkent.confidential.receivers import on_retention_applied
from adilkent.confidential.services import (
    Submitted,
    recipient_reply,
    recipient_unlock,
    report_close,
    report_open_by_receipt,
    report_open_by_recipient,
    report_submit,
)

from .conftest import PASSPHRASES, Channel

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2036, 6, 1, 9, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path


def _photo() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (20, 20), "blue").save(buffer, "PNG")
    return SimpleUploadedFile("evidence.png", buffer.getvalue(), content_type="image/png")


def _submitted(channel: Channel, *, closed_days_ago: int | None) -> Submitted:
    """A harassment report naming ethics_b, with a file and a reply to the reporter; closed
    ``closed_days_ago`` days before NOW (or still open)."""
    submitted = report_submit(
        kind_id=channel.harassment.pk, unit_id=channel.unit.pk, text="Invented words",
        excluded_ids=[channel.recipients["ethics_b"].pk], files=[_photo()],
    )  # fmt: skip
    ethics = channel.recipients["ethics_a"]
    key = recipient_unlock(recipient=ethics, passphrase=PASSPHRASES["ethics_a"])
    opened = report_open_by_recipient(
        recipient=ethics, number=submitted.report.number, private_key=key
    )
    assert opened is not None
    recipient_reply(opened=opened, recipient=ethics, text="Invented answer", to_reporter=True)
    if closed_days_ago is not None:
        report_close(report=opened.report, outcome=Report.Outcome.SUBSTANTIATED)
        Report.objects.filter(pk=submitted.report.pk).update(
            closed_at=NOW - dt.timedelta(days=closed_days_ago)
        )
    return submitted


def _stored(report: Report) -> list[str]:
    return [a.file.name for a in Attachment.objects.filter(report=report)]


def _apply(captured: Any, now: dt.datetime = NOW) -> dict[str, int]:
    done: dict[str, int] = {}
    with captured(execute=True):
        on_retention_applied(None, now=now, by="test", done=done)
    return done


def test_old_closed_reports_lose_everything_encrypted_and_keep_their_facts(
    channel: Channel, django_capture_on_commit_callbacks: Any, settings: Any
) -> None:
    old = _submitted(channel, closed_days_ago=3651)
    recent = _submitted(channel, closed_days_ago=3649)
    still_open = _submitted(channel, closed_days_ago=None)
    Report.objects.filter(pk=still_open.report.pk).update(created_at=NOW - dt.timedelta(days=5000))
    old_files = _stored(old.report)
    kept_files = _stored(recent.report) + _stored(still_open.report)
    storage = Attachment._meta.get_field("file").storage  # type: ignore[attr-defined]
    assert old_files and all(storage.exists(name) for name in old_files + kept_files)

    assert _apply(django_capture_on_commit_callbacks) == {"confidential_reports": 1}

    report = Report.objects.get(pk=old.report.pk)
    assert bytes(report.contents) == b"" and bytes(report.reporter_envelope) == b""
    for model in (Envelope, Message, Attachment, Exclusion):
        assert not model.objects.filter(report=report).exists(), model
    assert not any(storage.exists(name) for name in old_files)
    assert report_open_by_receipt(old.receipt) is None
    # the clear facts stay for the figures
    assert (report.number, report.kind, report.unit) == (
        old.report.number, channel.harassment, channel.unit
    )  # fmt: skip
    assert (report.status, report.outcome) == ("closed", "substantiated")
    assert report.answered_at is not None and report.closed_at is not None
    settings.CASES_MIN_CELL_SIZE = 1
    assert figures.counts_by_kind() == {"harassment": 3}
    assert figures.counts_by_outcome() == {"substantiated": 2, "not-closed": 1}
    (log,) = DestructionLog.objects.filter(record_type="confidential report")
    assert (log.record_id, log.action, log.by) == (old.report.number, "destroyed", "test")
    assert log.rule == "closed more than 3650 days ago"

    # the others are whole: the reporter and a recipient still read them, with their files
    for kept in (recent, still_open):
        opened = report_open_by_receipt(kept.receipt)
        assert opened is not None and opened.contents()["text"] == "Invented words"
        assert Envelope.objects.filter(report=kept.report).count() == 2  # ethics_a, escrow
        assert Exclusion.objects.filter(report=kept.report).exists()
        ((attachment, name),) = opened.attachments()
        assert name == "evidence.png" and opened.attachment(attachment)[2][:4] == b"\x89PNG"
    assert all(storage.exists(name) for name in kept_files)

    # a second run finds nothing more to destroy
    assert _apply(django_capture_on_commit_callbacks) == {"confidential_reports": 0}
    assert DestructionLog.objects.filter(record_type="confidential report").count() == 1


def test_the_retention_period_is_a_setting(
    channel: Channel, django_capture_on_commit_callbacks: Any, settings: Any
) -> None:
    submitted = _submitted(channel, closed_days_ago=31)
    settings.CONFIDENTIAL_RETENTION_DAYS = 40
    assert _apply(django_capture_on_commit_callbacks) == {"confidential_reports": 0}
    settings.CONFIDENTIAL_RETENTION_DAYS = 30
    assert _apply(django_capture_on_commit_callbacks) == {"confidential_reports": 1}
    assert bytes(Report.objects.get(pk=submitted.report.pk).contents) == b""


def test_retention_counts_from_the_run_s_own_time(
    channel: Channel, django_capture_on_commit_callbacks: Any
) -> None:
    submitted = _submitted(channel, closed_days_ago=None)
    report_close(report=submitted.report, outcome=Report.Outcome.WITHDRAWN)
    now = timezone.now()
    assert _apply(django_capture_on_commit_callbacks, now) == {"confidential_reports": 0}
    later = now + dt.timedelta(days=3651)
    assert _apply(django_capture_on_commit_callbacks, later) == {"confidential_reports": 1}
