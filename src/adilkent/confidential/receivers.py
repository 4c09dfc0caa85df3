"""The cases area's daily retention run reaches the confidential reports.

A report closed more than ``CONFIDENTIAL_RETENTION_DAYS`` (default 3650) days ago is destroyed:
its envelopes (the data key sealed to each recipient), messages, attachments with their stored
files (deleted once the transaction commits), exclusions (who the reporter named) and its
encrypted contents and reporter's envelope go; the receipt no longer leads to the row. The row
stays with its clear facts (number, kind, unit, status, outcome, oral flag, dates) so that the
figures keep counting it. Each report destroyed is written to the destruction log.
"""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from django.conf import settings
from django.db import transaction

from .models import Attachment, Envelope, Exclusion, Message, Report

DESTROYED_RECEIPT = "destroyed:"  # the receipt hash of a destroyed report starts so


def retention_days() -> int:
    return int(getattr(settings, "CONFIDENTIAL_RETENTION_DAYS", 3650))


def expired_reports(now: dt.datetime) -> Any:
    """Reports closed before the retention period and not yet destroyed."""
    cutoff = now - dt.timedelta(days=retention_days())
    return Report.objects.filter(
        status=Report.Status.CLOSED, closed_at__isnull=False, closed_at__lt=cutoff
    ).exclude(receipt_hash__startswith=DESTROYED_RECEIPT)


def reports_destroy(*, reports: Any, rule: str, by: str) -> int:
    """Destroy everything encrypted of the reports and keep their clear facts. Returns how
    many were destroyed."""
    from adilkent.cases.services.protection import log_destruction

    count = 0
    files: list[tuple[Any, str]] = []
    with transaction.atomic():
        for report in reports.select_for_update():
            log_destruction("confidential report", report.number, "destroyed", rule, by)
            attachments = Attachment.objects.filter(report=report)
            files.extend((a.file.storage, a.file.name or "") for a in attachments)
            attachments.delete()
            Message.objects.filter(report=report).delete()
            Envelope.objects.filter(report=report).delete()
            Exclusion.objects.filter(report=report).delete()
            report.contents = b""
            report.reporter_envelope = b""
            report.reporter_salt = b""
            report.receipt_hash = DESTROYED_RECEIPT + secrets.token_hex(16)
            report.entered_by = None
            report.save(
                update_fields=[
                    "contents", "reporter_envelope", "reporter_salt", "receipt_hash", "entered_by"
                ]
            )  # fmt: skip
            count += 1

        def delete_files() -> None:
            for storage, name in files:
                if name:
                    storage.delete(name)

        transaction.on_commit(delete_files)
    return count


def on_retention_applied(
    sender: Any, now: dt.datetime, by: str, done: dict[str, int], **kwargs: Any
) -> None:
    done["confidential_reports"] = reports_destroy(
        reports=expired_reports(now),
        rule=f"closed more than {retention_days()} days ago",
        by=by,
    )
