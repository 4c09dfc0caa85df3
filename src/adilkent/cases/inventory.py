"""The processing inventory (VERBİS): generated from the models, so it cannot drift."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from .fields import EncryptedTextField
from .models import AuditEvent, Case, CaseDocument, CaseNote, ConsentRecord, Person, Referral
from .services.protection import AUDIT_RETENTION_YEARS, PERSON_INACTIVE_YEARS

SPECIAL_CATEGORY = {"disability", "vulnerabilities", "body"}


@dataclass(frozen=True)
class DataItem:
    field: str
    label: str
    encrypted: bool
    special_category: bool


@dataclass(frozen=True)
class Processing:
    record: str
    purpose: str
    legal_basis: str
    retention: str
    recipients: str
    items: tuple[DataItem, ...]


def _items(model: type[models.Model]) -> tuple[DataItem, ...]:
    skip = {"id"}
    out = []
    for f in model._meta.concrete_fields:
        if f.name in skip or f.is_relation or not getattr(f, "editable", True):
            continue
        out.append(
            DataItem(
                field=f.name,
                label=str(f.verbose_name),
                encrypted=isinstance(f, EncryptedTextField | models.BinaryField),
                special_category=f.name in SPECIAL_CATEGORY,
            )
        )
    return tuple(out)


def processing_inventory() -> list[Processing]:
    desk = _("Refugee Desk staff; municipal units and partners only for referred cases")
    return [
        Processing(
            str(Person._meta.verbose_name_plural),
            str(_("Identifying a person and managing their cases")),
            str(_("Explicit consent (KVKK art. 5/1, 6/2); vital interest for protection cases")),
            str(
                _("Until every case is closed for its type's period; %(n)s years without a case")
                % {"n": PERSON_INACTIVE_YEARS}
            ),
            str(desk),
            _items(Person),
        ),
        Processing(
            str(_("consents")),
            str(_("Proof of consent for each purpose and recipient")),
            str(_("Legal obligation (KVKK art. 5/2-ç)")),
            str(_("As long as the person's record")),
            str(_("Refugee Desk staff; the data protection officer")),
            _items(ConsentRecord),
        ),
        Processing(
            str(Case._meta.verbose_name_plural),
            str(_("Case management")),
            str(_("Explicit consent; public duty of the municipality (Law 5393 art. 14)")),
            str(_("Per case type, counted from closing")),
            str(desk),
            _items(Case) + _items(CaseNote) + _items(CaseDocument),
        ),
        Processing(
            str(Referral._meta.verbose_name_plural),
            str(_("Referral to a municipal unit or partner organisation")),
            str(_("Explicit consent per referral; an override is recorded with its reason")),
            str(_("As long as the case")),
            str(_("The receiving unit or organisation: only the data chosen for the referral")),
            _items(Referral),
        ),
        Processing(
            str(AuditEvent._meta.verbose_name_plural),
            str(_("Accountability: who read or changed which record")),
            str(_("Legal obligation (KVKK art. 12, data security)")),
            str(_("%(n)s years") % {"n": AUDIT_RETENTION_YEARS}),
            str(_("The data protection officer")),
            _items(AuditEvent),
        ),
    ]
