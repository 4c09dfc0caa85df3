"""End-to-end protection: the database and the stored files hold nothing in clear; a
recipient named in a report, a recipient of another kind and a server administrator cannot
read it; the receipt opens it for the reporter; a conflict destroys the key; the escrow key
keeps a report readable when its recipients are gone."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from PIL import Image

from adilkent.confidential.models import Attachment, Envelope, Exclusion, Report
from adilkent.confidential.services import (
    ReportInvalid,
    recipient_conflict_declare,
    recipient_reply,
    recipient_unlock,
    report_open_by_receipt,
    report_open_by_recipient,
    report_submit,
    reporter_message_add,
    reports_for,
)

from .conftest import PASSPHRASES, Channel

pytestmark = pytest.mark.django_db
SECRET = "Invented-secret-words: the supervisor Kemal Uydurma shouted at me"


def _photo() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "red").save(buffer, "JPEG", exif=b"Exif\x00\x00GPS-invented")
    return SimpleUploadedFile("evidence.jpg", buffer.getvalue(), content_type="image/jpeg")


def _key(channel: Channel, name: str) -> bytes:
    return recipient_unlock(recipient=channel.recipients[name], passphrase=PASSPHRASES[name])


def test_nothing_of_the_report_is_in_the_database_or_the_files_in_clear(channel: Channel) -> None:
    submitted = report_submit(
        kind_id=channel.harassment.pk, unit_id=channel.unit.pk, text=SECRET,
        where="Invented-place-of-it", people="Kemal Uydurma", files=[_photo()],
    )  # fmt: skip
    tables = ["confidential_report", "confidential_envelope", "confidential_message",
              "confidential_attachment", "confidential_recipient"]  # fmt: skip
    with connection.cursor() as cursor:
        dump = b""
        for table in tables:
            cursor.execute(f"SELECT * FROM {table}")
            for row in cursor.fetchall():
                for value in row:
                    dump += (
                        bytes(value)
                        if isinstance(value, (bytes, memoryview))
                        else str(value).encode()
                    )
    for words in (b"Invented-secret-words", b"Kemal", b"Invented-place-of-it", b"evidence.jpg",
                  submitted.receipt.encode(), submitted.receipt.replace("-", "").encode()):  # fmt: skip
        assert words not in dump
    (attachment,) = Attachment.objects.all()
    with attachment.file.open("rb") as stored:
        raw = stored.read()
    assert b"\xff\xd8" not in raw[:4] and b"GPS-invented" not in raw and b"JFIF" not in raw
    assert "evidence" not in attachment.file.name


def test_a_wrong_passphrase_or_receipt_opens_nothing(channel: Channel) -> None:
    """What the server holds without them (the rows, its settings' keys) is searched for the
    report in clear in the test above; here, near misses of the secrets open nothing."""
    submitted = report_submit(kind_id=channel.harassment.pk, unit_id=None, text=SECRET)
    with pytest.raises(ReportInvalid):
        recipient_unlock(recipient=channel.recipients["ethics_a"], passphrase="a guess at it")
    altered = submitted.receipt[:-1] + ("B" if submitted.receipt[-1] != "B" else "C")
    assert report_open_by_receipt(altered) is None
    assert report_open_by_receipt("") is None


def test_the_reporter_and_each_recipient_of_the_kind_read_it(channel: Channel) -> None:
    submitted = report_submit(
        kind_id=channel.harassment.pk, unit_id=None, text=SECRET, files=[_photo()]
    )
    mine = report_open_by_receipt(submitted.receipt.lower())
    assert mine is not None and mine.contents()["text"] == SECRET
    for name in ("ethics_a", "ethics_b", "dpo"):
        opened = report_open_by_recipient(
            recipient=channel.recipients[name], number=submitted.report.number,
            private_key=_key(channel, name),
        )  # fmt: skip
        assert opened is not None and opened.contents()["text"] == SECRET
        ((attachment, file_name),) = opened.attachments()
        _name, type_, data = opened.attachment(attachment)
        assert (file_name, type_, data[:2]) == ("evidence.jpg", "image/jpeg", b"\xff\xd8")
        assert b"GPS-invented" not in data  # stripped before it was encrypted
    # HR receives mobbing reports, not harassment: no key, and the report is not there
    hr = channel.recipients["hr"]
    assert not Envelope.objects.filter(report=submitted.report, recipient=hr).exists()
    assert (
        report_open_by_recipient(
            recipient=hr, number=submitted.report.number, private_key=_key(channel, "hr")
        )
        is None
    )
    assert not reports_for(hr).exists()


def test_a_recipient_named_by_the_reporter_never_gets_a_key(channel: Channel) -> None:
    named = channel.recipients["ethics_b"]
    submitted = report_submit(
        kind_id=channel.harassment.pk, unit_id=None, text=SECRET, excluded_ids=[named.pk]
    )
    assert not Envelope.objects.filter(recipient=named).exists()
    assert Exclusion.objects.get(recipient=named).reason == "named"
    assert not reports_for(named).exists()
    same_as_missing = report_open_by_recipient(
        recipient=named, number=submitted.report.number, private_key=_key(channel, "ethics_b")
    )
    assert same_as_missing is None
    assert (
        report_open_by_recipient(
            recipient=named, number="R-00000000", private_key=_key(channel, "ethics_b")
        )
        is None
    )


def test_naming_every_recipient_is_refused_and_stores_nothing(channel: Channel) -> None:
    everyone = [channel.recipients["ethics_a"].pk, channel.recipients["ethics_b"].pk]
    with pytest.raises(ReportInvalid) as refused:
        report_submit(
            kind_id=channel.harassment.pk, unit_id=None, text=SECRET, excluded_ids=everyone
        )
    assert "HİM (153)" in " ".join(refused.value.errors["excluded"])
    assert not Report.objects.exists()


def test_bad_reports_are_refused_with_each_problem(channel: Channel) -> None:
    with pytest.raises(ReportInvalid) as refused:
        report_submit(
            kind_id=None, unit_id=999999, text=" ",
            files=[SimpleUploadedFile("x.exe", b"MZ\x90\x00", content_type="application/pdf")],
        )  # fmt: skip
    assert set(refused.value.errors) == {"kind", "unit", "text", "files"}
    assert not Report.objects.exists()


def test_a_reply_reaches_the_reporter_and_a_note_does_not(channel: Channel) -> None:
    submitted = report_submit(kind_id=channel.harassment.pk, unit_id=None, text=SECRET)
    ethics = channel.recipients["ethics_a"]
    opened = report_open_by_recipient(
        recipient=ethics, number=submitted.report.number, private_key=_key(channel, "ethics_a")
    )
    assert opened is not None
    recipient_reply(opened=opened, recipient=ethics, text="When did it start?", to_reporter=True)
    recipient_reply(opened=opened, recipient=ethics, text="Private note", to_reporter=False)
    mine = report_open_by_receipt(submitted.receipt)
    assert mine is not None
    assert [text for _m, text in mine.messages(for_reporter=True)] == ["When did it start?"]
    reporter_message_add(opened=mine, text="In March.", files=[_photo()])
    again = report_open_by_recipient(
        recipient=ethics, number=submitted.report.number, private_key=_key(channel, "ethics_a")
    )
    assert again is not None
    texts = [text for _m, text in again.messages(for_reporter=False)]
    assert texts == ["When did it start?", "Private note", "In March."]
    assert len(again.attachments()) == 1
    report = Report.objects.get(pk=submitted.report.pk)
    assert report.status == "in_review" and report.answered_at is not None


def test_declaring_a_conflict_destroys_the_key(channel: Channel) -> None:
    submitted = report_submit(kind_id=channel.harassment.pk, unit_id=None, text=SECRET)
    a, b = channel.recipients["ethics_a"], channel.recipients["ethics_b"]
    recipient_conflict_declare(report=submitted.report, recipient=b)
    assert not Envelope.objects.filter(recipient=b).exists()
    assert (
        report_open_by_recipient(
            recipient=b, number=submitted.report.number, private_key=_key(channel, "ethics_b")
        )
        is None
    )
    with pytest.raises(ReportInvalid):  # the last recipient cannot step out
        recipient_conflict_declare(report=submitted.report, recipient=a)
    assert Envelope.objects.filter(recipient=a).exists()


def test_the_escrow_key_opens_a_report_whose_recipients_are_gone(channel: Channel) -> None:
    submitted = report_submit(kind_id=channel.harassment.pk, unit_id=None, text=SECRET)
    Envelope.objects.filter(recipient__escrow=False).delete()  # both recipients' keys lost
    opened = report_open_by_recipient(
        recipient=channel.recipients["dpo"], number=submitted.report.number,
        private_key=_key(channel, "dpo"),
    )  # fmt: skip
    assert opened is not None and opened.contents()["text"] == SECRET


def test_a_report_without_an_answer_by_its_day_is_escalated(channel: Channel) -> None:
    import datetime as dt

    from django.utils import timezone

    from adilkent.confidential.services import reports_escalate

    late = report_submit(kind_id=channel.harassment.pk, unit_id=None, text=SECRET)
    answered = report_submit(kind_id=channel.harassment.pk, unit_id=None, text=SECRET)
    Report.objects.filter(pk__in=[late.report.pk, answered.report.pk]).update(
        answer_by=timezone.localdate() - dt.timedelta(days=1)
    )
    Report.objects.filter(pk=answered.report.pk).update(answered_at=timezone.now())
    assert reports_escalate() == 1
    assert Report.objects.get(pk=late.report.pk).escalated_at is not None
    assert Report.objects.get(pk=answered.report.pk).escalated_at is None
    assert reports_escalate() == 0
