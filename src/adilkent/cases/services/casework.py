"""Opening cases, moving them through the workflow, tasks, notes and documents."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django_fsm import can_proceed

from ..crypto import decrypt_bytes, encrypt_bytes
from ..models import Case, CaseDocument, CaseNote, CaseTask, CaseType, Person, StaffProfile

MAX_DOCUMENT_BYTES = 5 * 1024 * 1024
TRANSITIONS = ("start", "hold", "close", "reopen")


def open_case(person: Person, case_type: CaseType, by: Any, summary: str = "") -> Case:
    profile = StaffProfile.objects.get(user=by)
    return Case.objects.create(
        person=person,
        case_type=case_type,
        summary=summary,
        assigned_to=by,
        unit=profile.unit,
        opened_by=by,
    )


@transaction.atomic
def transition(case: Case, name: str, outcome: str = "", outcome_note: str = "") -> Case:
    if name not in TRANSITIONS:
        raise ValidationError(_("Unknown step."))
    if name == "close":
        if not outcome:
            raise ValidationError(_("Choose an outcome to close the case."))
        case.outcome = outcome
        case.outcome_note = outcome_note
    method = getattr(case, name)
    if not can_proceed(method):
        raise ValidationError(_("This step is not possible in the case's current state."))
    method()
    case.save()
    return case


def available_transitions(case: Case) -> list[str]:
    return [t.name for t in case.get_available_state_transitions()]  # type: ignore[attr-defined]


def add_note(case: Case, body: str, by: Any, kind: str = CaseNote.Kind.GENERAL) -> CaseNote:
    if not body.strip():
        raise ValidationError(_("The note is empty."))
    return CaseNote.objects.create(case=case, body=body.strip(), kind=kind, author=by)


def add_task(case: Case, title: str, due_date: dt.date, by: Any) -> CaseTask:
    if not title.strip():
        raise ValidationError(_("The task has no title."))
    return CaseTask.objects.create(
        case=case, title=title.strip(), due_date=due_date, assigned_to=by
    )


def add_document(
    case: Case, title: str, filename: str, content_type: str, data: bytes, by: Any
) -> CaseDocument:
    if len(data) > MAX_DOCUMENT_BYTES:
        raise ValidationError(_("The file is larger than 5 MB."))
    if not data:
        raise ValidationError(_("The file is empty."))
    return CaseDocument.objects.create(
        case=case,
        title=title.strip() or filename,
        filename=filename,
        content_type=content_type[:100] or "application/octet-stream",
        size=len(data),
        content=encrypt_bytes(data),
        uploaded_by=by,
    )


def document_bytes(document: CaseDocument) -> bytes:
    return decrypt_bytes(bytes(document.content))
