"""Writes and reads of reports, every one through the keys: a report is submitted sealed to
its recipients, opened by the reporter with the receipt, by a recipient with their unlocked
private key; a recipient excluded from a report has no key to it and is told it does not
exist.

Refusals are :class:`ReportInvalid` with a message per field; nothing is changed then.
"""

from __future__ import annotations

import datetime as dt
import json
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, User
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from nacl.exceptions import CryptoError

from adilkent.cases import crypto
from adilkent.intake.validation import Errors, check_attachment, without_metadata

from .models import Attachment, Envelope, Exclusion, Message, Recipient, Report, ReportKind, Unit

TEXT_LIMIT = 20_000
MAX_FILES = 3
PASSPHRASE_MIN = 12
_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I


class ReportInvalid(Exception):
    def __init__(self, errors: dict[str, list[str]]) -> None:
        super().__init__("; ".join(f"{k}: {' '.join(v)}" for k, v in errors.items()))
        self.errors = errors


def _add(errors: dict[str, list[str]], field: str, message: str) -> None:
    errors.setdefault(field, []).append(message)


def new_receipt() -> str:
    """24 letters and digits (120 bits) in six groups of four."""
    raw = "".join(secrets.choice(_ALPHABET) for _i in range(24))
    return "-".join(raw[i : i + 4] for i in range(0, 24, 4))


def receipt_hash(receipt: str) -> str:
    return crypto.keyed_hash(receipt, "confidential-receipt")


# --- recipients -------------------------------------------------------------------------------


def recipient_create(
    *,
    user: User,
    role: str,
    kinds: Sequence[ReportKind],
    passphrase: str,
    escrow: bool = False,
) -> Recipient:
    """A recipient with a new key pair; the private key is kept only under the passphrase."""
    if len(passphrase) < PASSPHRASE_MIN:
        raise ReportInvalid(
            {
                "passphrase": [
                    _("A passphrase has at least %(n)s characters.") % {"n": PASSPHRASE_MIN}
                ]
            }
        )
    public, locked = crypto.keypair_new(passphrase)
    recipient = Recipient.objects.create(
        user=user,
        role=role.strip()[:120],
        public_key=public,
        locked_private_key=locked,
        escrow=escrow,
    )
    recipient.kinds.set(kinds)
    return recipient


def recipient_unlock(*, recipient: Recipient, passphrase: str) -> bytes:
    try:
        return crypto.private_key_unlock(bytes(recipient.locked_private_key), passphrase)
    except CryptoError as error:
        raise ReportInvalid(
            {"passphrase": [_("This passphrase does not open your key.")]}
        ) from error


# --- reporting --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Submitted:
    report: Report
    receipt: str  # shown once, kept nowhere in clear


def _check_files(
    files: Sequence[UploadedFile], errors: dict[str, list[str]]
) -> list[tuple[UploadedFile, str]]:
    if len(files) > MAX_FILES:
        _add(errors, "files", _("Attach at most %(n)s files.") % {"n": MAX_FILES})
        return []
    checked: list[tuple[UploadedFile, str]] = []
    for upload in files:
        problems = Errors()
        content_type = check_attachment(upload, problems)
        for message in problems.found.get("attachments", []):
            _add(errors, "files", message)
        if content_type:
            checked.append((upload, content_type))
    return checked


def _store_files(
    report: Report, data_key: bytes, checked: list[tuple[UploadedFile, str]], *, from_reporter: bool
) -> None:
    for upload, content_type in checked:
        kept = without_metadata(upload, content_type)
        kept.seek(0)
        sealed = crypto.box_encrypt(data_key, kept.read())
        meta = json.dumps({"name": (upload.name or "file")[:200], "type": content_type})
        Attachment.objects.create(
            report=report,
            file=ContentFile(sealed, name="file.bin"),
            sealed_meta=crypto.box_encrypt(data_key, meta.encode()),
            from_reporter=from_reporter,
        )


def report_submit(
    *,
    kind_id: int | None,
    unit_id: int | None,
    text: str,
    when: str = "",
    where: str = "",
    people: str = "",
    excluded_ids: Sequence[int] = (),
    files: Sequence[UploadedFile] = (),
    oral: bool = False,
    entered_by: AbstractBaseUser | None = None,
    today: dt.date | None = None,
) -> Submitted:
    """Encrypt and store a report for the recipients of its kind (less those the reporter
    named, and with the escrow key); the receipt is returned to be shown once."""
    today = today or timezone.localdate()
    errors: dict[str, list[str]] = {}
    kind = ReportKind.objects.filter(pk=kind_id).first() if kind_id else None
    if kind is None:
        _add(errors, "kind", _("Choose what the report is about."))
    unit = Unit.objects.filter(pk=unit_id).first() if unit_id else None
    if unit_id and unit is None:
        _add(errors, "unit", _("Choose one of the units, or none."))
    if not text.strip():
        _add(errors, "text", _("Write what happened."))
    for field, value in (("text", text), ("when", when), ("where", where), ("people", people)):
        if len(value) > TEXT_LIMIT:
            _add(errors, field, _("Write at most %(n)s characters.") % {"n": TEXT_LIMIT})
    checked = _check_files(files, errors)
    receivers: list[Recipient] = []
    if kind is not None:
        of_kind = list(Recipient.objects.filter(kinds=kind, active=True, escrow=False))
        unknown = set(excluded_ids) - {r.pk for r in of_kind}
        if unknown:
            _add(
                errors,
                "excluded",
                _("Only the people who receive this kind of report can be named here."),
            )
        receivers = [r for r in of_kind if r.pk not in set(excluded_ids)]
        if not receivers:
            _add(errors, "excluded", _(
                "Nobody else receives this kind of report now, so it cannot be sent here "
                "without reaching a person you named. Call HİM (153) and ask for the "
                "directorate's equality unit."
            ))  # fmt: skip
    if errors or kind is None:
        raise ReportInvalid(errors)
    escrow = Recipient.objects.filter(escrow=True, active=True).first()
    receipt = new_receipt()
    data_key = crypto.data_key_new()
    salt = secrets.token_bytes(16)
    contents = json.dumps({"text": text.strip(), "when": when.strip(), "where": where.strip(),
                           "people": people.strip()})  # fmt: skip
    with transaction.atomic():
        report = Report.objects.create(
            kind=kind,
            unit=unit,
            receipt_hash=receipt_hash(receipt),
            reporter_salt=salt,
            reporter_envelope=crypto.box_encrypt(crypto.receipt_key(receipt, salt), data_key),
            contents=crypto.box_encrypt(data_key, contents.encode()),
            oral=oral,
            entered_by=entered_by if oral and isinstance(entered_by, User) else None,
            answer_by=today + dt.timedelta(days=kind.answer_days),
        )
        for recipient in [*receivers, *([escrow] if escrow else [])]:
            Envelope.objects.create(
                report=report,
                recipient=recipient,
                sealed=crypto.seal(data_key, bytes(recipient.public_key)),
            )
        for recipient_id in set(excluded_ids):
            Exclusion.objects.create(
                report=report, recipient_id=recipient_id, reason=Exclusion.Reason.NAMED
            )
        _store_files(report, data_key, checked, from_reporter=True)
    return Submitted(report, receipt)


@dataclass
class Opened:
    report: Report
    data_key: bytes

    def contents(self) -> dict[str, str]:
        return dict(json.loads(crypto.box_decrypt(self.data_key, bytes(self.report.contents))))

    def messages(self, *, for_reporter: bool) -> list[tuple[Message, str]]:
        found = self.report.messages.all()
        if for_reporter:
            found = found.filter(to_reporter=True)
        return [(m, crypto.box_decrypt(self.data_key, bytes(m.ciphertext)).decode()) for m in found]

    def attachment(self, attachment: Attachment) -> tuple[str, str, bytes]:
        meta = json.loads(crypto.box_decrypt(self.data_key, bytes(attachment.sealed_meta)))
        with attachment.file.open("rb") as stored:
            data = crypto.box_decrypt(self.data_key, stored.read())
        return meta["name"], meta["type"], data

    def attachments(self) -> list[tuple[Attachment, str]]:
        return [
            (a, json.loads(crypto.box_decrypt(self.data_key, bytes(a.sealed_meta)))["name"])
            for a in self.report.attachments.all()
        ]


def report_open_by_receipt(receipt: str) -> Opened | None:
    """The report a receipt opens, or None: the same answer for a wrong receipt, whatever
    the reason."""
    report = Report.objects.filter(receipt_hash=receipt_hash(receipt)).first() if receipt else None
    if report is None:
        return None
    key = crypto.receipt_key(receipt, bytes(report.reporter_salt))
    try:
        return Opened(report, crypto.box_decrypt(key, bytes(report.reporter_envelope)))
    except CryptoError:
        return None


def reporter_message_add(
    *, opened: Opened, text: str, files: Sequence[UploadedFile] = ()
) -> Message | None:
    errors: dict[str, list[str]] = {}
    if not text.strip() and not files:
        _add(errors, "text", _("Write a message or attach a file."))
    if len(text) > TEXT_LIMIT:
        _add(errors, "text", _("Write at most %(n)s characters.") % {"n": TEXT_LIMIT})
    checked = _check_files(files, errors)
    if errors:
        raise ReportInvalid(errors)
    with transaction.atomic():
        message = None
        if text.strip():
            message = Message.objects.create(
                report=opened.report,
                author=Message.Author.REPORTER,
                ciphertext=crypto.box_encrypt(opened.data_key, text.strip().encode()),
            )
        _store_files(opened.report, opened.data_key, checked, from_reporter=True)
    return message


# --- recipients at work -----------------------------------------------------------------------


def reports_for(recipient: Recipient) -> Any:
    """The reports the recipient holds a key to (an excluded recipient holds none)."""
    return Report.objects.filter(envelopes__recipient=recipient).exclude(
        exclusions__recipient=recipient
    )


def report_open_by_recipient(
    *, recipient: Recipient, number: str, private_key: bytes
) -> Opened | None:
    """None when the report does not exist or the recipient has no key to it: the same
    answer, so that an excluded recipient cannot tell a report exists."""
    envelope = (
        Envelope.objects.select_related("report__kind", "report__unit")
        .filter(recipient=recipient, report__number=number)
        .exclude(report__exclusions__recipient=recipient)
        .first()
    )
    if envelope is None:
        return None
    try:
        return Opened(envelope.report, crypto.unseal(bytes(envelope.sealed), private_key))
    except CryptoError:
        return None


def recipient_reply(
    *, opened: Opened, recipient: Recipient, text: str, to_reporter: bool
) -> Message:
    if not text.strip():
        raise ReportInvalid({"text": [_("Write the message.")]})
    if len(text) > TEXT_LIMIT:
        raise ReportInvalid({"text": [_("Write at most %(n)s characters.") % {"n": TEXT_LIMIT}]})
    now = timezone.now()
    with transaction.atomic():
        message = Message.objects.create(
            report=opened.report,
            author=Message.Author.RECIPIENT,
            recipient=recipient,
            to_reporter=to_reporter,
            ciphertext=crypto.box_encrypt(opened.data_key, text.strip().encode()),
        )
        report = opened.report
        if to_reporter and report.answered_at is None:
            report.answered_at = now
        if report.status == Report.Status.RECEIVED:
            report.status = Report.Status.IN_REVIEW
        report.save(update_fields=["answered_at", "status"])
    return message


def report_close(*, report: Report, outcome: str) -> Report:
    if outcome not in Report.Outcome.values:
        raise ReportInvalid({"outcome": [_("Choose the outcome.")]})
    report.status = Report.Status.CLOSED
    report.outcome = outcome
    report.closed_at = timezone.now()
    report.save(update_fields=["status", "outcome", "closed_at"])
    return report


def recipient_conflict_declare(*, report: Report, recipient: Recipient) -> None:
    """The recipient steps out: their key to the report is destroyed and the report
    disappears from their inbox. Refused when nobody else (the escrow key aside) would
    still hold a key."""
    with transaction.atomic():
        others = Envelope.objects.filter(report=report, recipient__escrow=False).exclude(
            recipient=recipient
        )
        if not others.exists():
            raise ReportInvalid({"conflict": [_(
                "You are the only recipient of this report: ask the data protection officer to "
                "add another before you step out, so that it is not left unread."
            )]})  # fmt: skip
        Envelope.objects.filter(report=report, recipient=recipient).delete()
        Exclusion.objects.get_or_create(
            report=report, recipient=recipient, defaults={"reason": Exclusion.Reason.DECLARED}
        )


def reports_escalate(*, now: dt.datetime | None = None) -> int:
    """Mark the reports whose reporter has had no answer by the day due (shown first, marked
    late, in every recipient's inbox). No message about it leaves the platform."""
    now = now or timezone.now()
    return (
        Report.objects.filter(
            answered_at__isnull=True,
            escalated_at__isnull=True,
            answer_by__lt=timezone.localdate(now),
        )
        .exclude(status=Report.Status.CLOSED)
        .update(escalated_at=now)
    )
