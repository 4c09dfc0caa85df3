"""Refugee Desk records: staff and partners, people, cases, referrals, the audit trail."""

from .audit import AuditEvent, DestructionLog
from .casework import Case, CaseDocument, CaseNote, CaseTask, CaseType
from .people import ConsentRecord, DuplicateCandidate, HouseholdLink, Person
from .referrals import Referral
from .staff import Organisation, Role, StaffProfile, Unit

__all__ = [
    "AuditEvent",
    "Case",
    "CaseDocument",
    "CaseNote",
    "CaseTask",
    "CaseType",
    "ConsentRecord",
    "DestructionLog",
    "DuplicateCandidate",
    "HouseholdLink",
    "Organisation",
    "Person",
    "Referral",
    "Role",
    "StaffProfile",
    "Unit",
]
