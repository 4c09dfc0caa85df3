"""Protection of the data: key rotation, retention, data-subject export and erasure."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.apps import apps
from django.db import models, transaction
from django.utils import timezone

from .. import signals
from ..crypto import fernet
from ..fields import encrypted_fields
from ..models import (
    AuditEvent,
    Case,
    CaseDocument,
    CaseNote,
    CaseTask,
    ConsentRecord,
    DestructionLog,
    DuplicateCandidate,
    Person,
    Referral,
)

ENCRYPTED_MODELS: list[type[models.Model]] = [
    Person,
    Case,
    CaseTask,
    CaseNote,
    CaseDocument,
    Referral,
]


def encrypted_models() -> list[type[models.Model]]:
    """Every installed model holding encrypted values: this app's, then any other app's."""
    others = [m for m in apps.get_models() if m not in ENCRYPTED_MODELS and encrypted_fields(m)]
    return [*ENCRYPTED_MODELS, *others]


# Retention per record type (years after the end of the relationship); see docs.
AUDIT_RETENTION_YEARS = 10
PERSON_INACTIVE_YEARS = 2  # a person without cases is anonymised this long after registration


def rotate_keys(batch: int = 500) -> dict[str, int]:
    """Re-encrypt every encrypted value with the newest key. Returns rows per model.

    Reading decrypts with whichever key made a token; writing encrypts with the first key,
    so reading and writing back every value rotates it. Documents' contents are Fernet
    tokens in a binary column and are rotated directly.
    """
    counts: dict[str, int] = {}
    for model in encrypted_models():
        names = encrypted_fields(model)
        binary = [
            f.attname for f in model._meta.concrete_fields if isinstance(f, models.BinaryField)
        ]
        n = 0
        manager = model._default_manager
        rows = manager.values_list("pk", *names, *binary).order_by("pk")
        for row in rows.iterator(chunk_size=batch):
            changes: dict[str, Any] = {}
            for name, value in zip([*names, *binary], row[1:], strict=True):
                if not value:
                    continue
                changes[name] = fernet().rotate(bytes(value)) if name in binary else value
            if changes:
                manager.filter(pk=row[0]).update(**changes)
                n += 1
        counts[model._meta.label] = n
    return counts


def _years_ago(now: dt.datetime, years: int) -> dt.datetime:
    return now - dt.timedelta(days=365 * years + years // 4)


def log_destruction(record_type: str, record_id: str, action: str, rule: str, by: str) -> None:
    DestructionLog.objects.create(
        record_type=record_type, record_id=record_id, action=action, rule=rule, by=by
    )


def merged_records(person: Person) -> list[Person]:
    """The records merged into ``person``, and those merged into them, and so on."""
    found: list[Person] = []
    frontier = [person.pk]
    seen = {person.pk}
    while frontier:
        batch = list(Person.objects.filter(merged_into__in=frontier).exclude(pk__in=seen))
        found.extend(batch)
        seen.update(p.pk for p in batch)
        frontier = [p.pk for p in batch]
    return found


@transaction.atomic
def anonymise_person(person: Person, rule: str, by: str) -> None:
    """Erase what identifies a person, and every record merged into it; keep the
    de-identified facts figures need."""
    for merged in merged_records(person):
        if merged.erased_at is None:
            _anonymise_one(merged, f"{rule} (merged into {person.pk})", by)
    _anonymise_one(person, rule, by)


def _anonymise_one(person: Person, rule: str, by: str) -> None:
    from ..crypto import keyed_hash

    # what other apps match the person by (their own copies), before it is erased
    person._erased_phone_hash = person.phone_hash  # type: ignore[attr-defined]
    person._erased_email_hash = keyed_hash(person.email or "", "email")  # type: ignore[attr-defined]
    for name in encrypted_fields(Person):
        setattr(person, name, "")
    person.phone_hash = ""
    person.identity_hash = ""
    person.given_name = "—"
    person.erased_at = timezone.now()
    person.save()
    for note in CaseNote.objects.filter(case__person=person):
        log_destruction("case note", str(note.pk), "destroyed", rule, by)
    CaseNote.objects.filter(case__person=person).delete()
    for document in CaseDocument.objects.filter(case__person=person):
        log_destruction("case document", str(document.pk), "destroyed", rule, by)
    CaseDocument.objects.filter(case__person=person).delete()
    CaseTask.objects.filter(case__person=person).delete()
    Case.objects.filter(person=person).update(summary="", outcome_note="")
    Referral.objects.filter(case__person=person).update(
        purpose="", decline_reason="", feedback="", consent_override_reason=""
    )
    person.household.all().delete()
    DuplicateCandidate.objects.filter(models.Q(person=person) | models.Q(existing=person)).delete()
    log_destruction("person", str(person.pk), "anonymised", rule, by)
    signals.person_erased.send(sender=Person, person=person, rule=rule, by=by)


def apply_retention(now: dt.datetime | None = None, by: str = "retention job") -> dict[str, int]:
    """Destroy or anonymise what has passed its retention period; log each record."""
    now = now or timezone.now()
    done = {"people": 0, "audit_events": 0}
    live = Person.objects.filter(erased_at__isnull=True)
    for person in live.prefetch_related("cases__case_type"):
        cases = list(person.cases.all())
        if cases:
            if any(c.closed_at is None for c in cases):
                continue
            expired = all(
                c.closed_at is not None
                and c.closed_at < _years_ago(now, c.case_type.retention_years)
                for c in cases
            )
            rule = "all cases closed longer than their type's retention period"
        else:
            expired = person.created_at < _years_ago(now, PERSON_INACTIVE_YEARS)
            rule = f"registered {PERSON_INACTIVE_YEARS} years ago without a case"
        if expired:
            anonymise_person(person, rule, by)
            done["people"] += 1
    old = AuditEvent.objects.filter(at__lt=_years_ago(now, AUDIT_RETENTION_YEARS))
    done["audit_events"] = old.count()
    if done["audit_events"]:
        log_destruction(
            "audit event", f"{done['audit_events']} rows", "destroyed", "older than 10 years", by
        )
        old.delete()
    signals.retention_applied.send(sender=None, now=now, by=by, done=done)
    return done


def subject_export(person: Person) -> dict[str, Any]:
    """Everything held about a person, for a data-subject access request (KVKK art. 11):
    the record, its consents, cases with their notes, tasks, documents and referrals, the
    household links, what other apps hold (legal-aid appointments, through the
    ``subject_exported`` signal), and the same for every record merged into it."""
    export = _subject_export_one(person)
    export["merged_records"] = [_subject_export_one(m) for m in merged_records(person)]
    return export


def _subject_export_one(person: Person) -> dict[str, Any]:

    def person_data() -> dict[str, Any]:
        return {
            "id": str(person.pk),
            "given_name": person.given_name,
            "family_name": person.family_name,
            "given_name_latin": person.given_name_latin,
            "family_name_latin": person.family_name_latin,
            "date_of_birth": person.date_of_birth,
            "birth_year": person.birth_year,
            "gender": person.gender,
            "nationality": person.nationality,
            "protection_status": person.protection_status,
            "languages": person.languages,
            "preferred_language": person.preferred_language,
            "interpreter_needed": person.interpreter_needed,
            "phone": person.phone,
            "email": person.email,
            "address": person.address,
            "district": str(person.district) if person.district_id else "",
            "identity_number": person.identity_number,
            "disability": person.disability,
            "vulnerabilities": person.vulnerability_codes,
            "registered_at": person.created_at.isoformat(),
        }

    consents: list[ConsentRecord] = list(person.consents.select_related("organisation"))
    export: dict[str, Any] = {
        "person": person_data(),
        "consents": [
            {
                "purpose": c.purpose,
                "recipient": c.organisation.name if c.organisation else "",
                "given_at": c.given_at.isoformat(),
                "withdrawn_at": c.withdrawn_at.isoformat() if c.withdrawn_at else None,
            }
            for c in consents
        ],
        "cases": [
            {
                "reference": case.reference,
                "type": case.case_type.name,
                "state": case.state,
                "opened_at": case.opened_at.isoformat(),
                "closed_at": case.closed_at.isoformat() if case.closed_at else None,
                "outcome": case.outcome,
                "summary": case.summary,
                "referrals": [
                    {
                        "to": str(r.to_unit),
                        "purpose": r.purpose,
                        "data_shared": r.shared_fields,
                        "state": r.state,
                        "sent_at": r.created_at.isoformat(),
                    }
                    for r in case.referrals.select_related("to_unit__organisation")
                ],
                "notes": [
                    {"kind": n.kind, "text": n.body, "written_at": n.created_at.isoformat()}
                    for n in case.notes.all()
                ],
                "tasks": [
                    {
                        "task": t.title,
                        "due": t.due_date.isoformat(),
                        "done_at": t.done_at.isoformat() if t.done_at else None,
                    }
                    for t in case.tasks.all()
                ],
                "documents": [
                    {
                        "title": d.title,
                        "content_type": d.content_type,
                        "size": d.size,
                        "uploaded_at": d.uploaded_at.isoformat(),
                    }
                    for d in case.documents.all()
                ],
            }
            for case in person.cases.select_related("case_type")
        ],
        "household": [
            {"relationship": link.relationship, "relative": str(link.relative_id)}
            for link in person.household.all()
        ],
    }
    signals.subject_exported.send(sender=Person, person=person, export=export)
    return export
