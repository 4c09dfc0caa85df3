"""Registering people, their consents, and confirmed merges of duplicates."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from ..crypto import keyed_hash
from ..duplicates import Identity, find_duplicates
from ..models import (
    ConsentRecord,
    DuplicateCandidate,
    HouseholdLink,
    Person,
    StaffProfile,
)
from ..models.people import ConsentPurpose


@dataclass
class PersonData:
    given_name: str
    family_name: str = ""
    given_name_latin: str = ""
    family_name_latin: str = ""
    date_of_birth: str = ""
    birth_year: int | None = None
    age_is_approximate: bool = False
    gender: str = "undisclosed"
    nationality: str = ""
    protection_status: str = ""
    languages: str = ""
    preferred_language: str = ""
    interpreter_needed: bool = False
    phone: str = ""
    email: str = ""
    address: str = ""
    district_id: int | None = None
    identity_number: str = ""
    disability: str = ""
    vulnerabilities: list[str] = field(default_factory=list)
    is_test_data: bool = False


def identity_of(person: Person) -> Identity:
    return Identity(
        key=str(person.pk),
        names=(
            f"{person.given_name} {person.family_name}",
            f"{person.given_name_latin} {person.family_name_latin}",
        ),
        birth_year=person.birth_year,
        identity_hash=person.identity_hash,
        phone_hash=person.phone_hash,
    )


def _stored_fields(data: PersonData) -> dict[str, Any]:
    """The person's columns as they are stored, from the form's data."""
    birth_year = data.birth_year
    if data.date_of_birth and not birth_year:
        birth_year = int(data.date_of_birth[:4])
    return {
        "given_name": data.given_name.strip(),
        "family_name": data.family_name.strip(),
        "given_name_latin": data.given_name_latin.strip(),
        "family_name_latin": data.family_name_latin.strip(),
        "date_of_birth": data.date_of_birth,
        "birth_year": birth_year,
        "age_is_approximate": data.age_is_approximate,
        "gender": data.gender,
        "nationality": data.nationality.upper(),
        "protection_status": data.protection_status,
        "languages": data.languages,
        "preferred_language": data.preferred_language,
        "interpreter_needed": data.interpreter_needed,
        "phone": data.phone.strip(),
        "phone_hash": keyed_hash(data.phone, "phone"),
        "email": data.email.strip(),
        "address": data.address.strip(),
        "district_id": data.district_id,
        "identity_number": data.identity_number.strip(),
        "identity_hash": keyed_hash(data.identity_number, "identity"),
        "disability": data.disability.strip(),
        "vulnerabilities": ",".join(data.vulnerabilities),
    }


def _propose_duplicates(person: Person) -> list[DuplicateCandidate]:
    others = [
        identity_of(p)
        for p in Person.objects.filter(erased_at__isnull=True, merged_into__isnull=True).exclude(
            pk=person.pk
        )
    ]
    already = set(
        DuplicateCandidate.objects.filter(person=person).values_list("existing_id", flat=True)
    )
    return [
        DuplicateCandidate.objects.create(
            person=person, existing_id=uuid.UUID(m.key), score=m.score, reasons=",".join(m.reasons)
        )
        for m in find_duplicates(identity_of(person), others)
        if uuid.UUID(m.key) not in already
    ]


@transaction.atomic
def register_person(data: PersonData, by: Any) -> tuple[Person, list[DuplicateCandidate]]:
    """Store a new person and propose (never perform) merges with likely duplicates."""
    profile = StaffProfile.objects.get(user=by)
    person = Person.objects.create(
        **_stored_fields(data),
        registered_by=by,
        registered_unit=profile.unit,
        is_test_data=data.is_test_data,
    )
    return person, _propose_duplicates(person)


def person_data(person: Person) -> PersonData:
    """A person's record as form data (the inverse of what ``register_person`` stores)."""
    return PersonData(
        given_name=person.given_name,
        family_name=person.family_name,
        given_name_latin=person.given_name_latin,
        family_name_latin=person.family_name_latin,
        date_of_birth=person.date_of_birth,
        birth_year=person.birth_year,
        age_is_approximate=person.age_is_approximate,
        gender=person.gender,
        nationality=person.nationality,
        protection_status=person.protection_status,
        languages=person.languages,
        preferred_language=person.preferred_language,
        interpreter_needed=person.interpreter_needed,
        phone=person.phone,
        email=person.email,
        address=person.address,
        district_id=person.district_id,
        identity_number=person.identity_number,
        disability=person.disability,
        vulnerabilities=person.vulnerability_codes,
        is_test_data=person.is_test_data,
    )


@transaction.atomic
def update_person(
    person: Person, data: PersonData, by: Any
) -> tuple[list[str], list[DuplicateCandidate]]:
    """Correct or complete a person's record.

    Returns the names of the fields that changed (never their values, which may be special
    category data) and any new duplicate proposals the corrected names or numbers raise.
    """
    if person.erased_at is not None or person.merged_into_id is not None:
        raise ValueError("an erased or merged record cannot be edited")
    changed = []
    for name, value in _stored_fields(data).items():
        if getattr(person, name) != value:
            setattr(person, name, value)
            if not name.endswith("_hash"):
                changed.append(name)
    if not changed:
        return [], []
    person.save()
    identifying = {"given_name", "family_name", "given_name_latin", "family_name_latin"}
    identifying |= {"birth_year", "date_of_birth", "phone", "identity_number"}
    candidates = _propose_duplicates(person) if identifying & set(changed) else []
    return changed, candidates


@transaction.atomic
def add_household_member(
    person: Person, data: PersonData, relationship: str, by: Any
) -> tuple[Person, list[DuplicateCandidate]]:
    """Register a relative living with ``person`` and link the two both ways."""
    if relationship not in HouseholdLink.Relationship.values:
        raise ValueError(f"unknown relationship {relationship!r}")
    relative, candidates = register_person(data, by)
    HouseholdLink.objects.create(person=person, relative=relative, relationship=relationship)
    HouseholdLink.objects.create(
        person=relative, relative=person, relationship=INVERSE_RELATIONSHIP[relationship]
    )
    return relative, candidates


INVERSE_RELATIONSHIP: dict[str, str] = {
    HouseholdLink.Relationship.SPOUSE: HouseholdLink.Relationship.SPOUSE,
    HouseholdLink.Relationship.CHILD: HouseholdLink.Relationship.PARENT,
    HouseholdLink.Relationship.PARENT: HouseholdLink.Relationship.CHILD,
    HouseholdLink.Relationship.SIBLING: HouseholdLink.Relationship.SIBLING,
    HouseholdLink.Relationship.OTHER: HouseholdLink.Relationship.OTHER,
}


def record_consent(
    person: Person, purpose: str, by: Any, organisation_id: int | None = None, how: str = ""
) -> ConsentRecord:
    if purpose not in ConsentPurpose.values:
        raise ValueError(f"unknown consent purpose {purpose!r}")
    return ConsentRecord.objects.create(
        person=person,
        purpose=purpose,
        organisation_id=organisation_id,
        given_at=timezone.now(),
        recorded_by=by,
        how=how,
    )


@transaction.atomic
def withdraw_consent(consent: ConsentRecord, by: Any) -> ConsentRecord:
    """Withdraw a consent; open referrals that relied on it are withdrawn too.

    The consent row is locked first, as :func:`~adilkent.cases.services.referrals.refer`
    locks it: a referral made at the same moment either commits before (and is withdrawn
    here) or waits and finds no consent."""
    consent = ConsentRecord.objects.select_for_update().get(pk=consent.pk)
    if consent.withdrawn_at is not None:
        return consent
    consent.withdrawn_at = timezone.now()
    consent.withdrawn_recorded_by = by
    consent.save(update_fields=["withdrawn_at", "withdrawn_recorded_by"])
    for referral in consent.referrals.select_for_update().filter(state__in=["sent", "accepted"]):
        referral.withdraw()
        referral.save()
    return consent


def active_referral_consent(
    person: Person, organisation_id: int, *, lock: bool = False
) -> ConsentRecord | None:
    """The person's latest consent to referrals to the organisation; ``lock`` takes the row
    lock (inside a transaction) so that the consent cannot be withdrawn until it commits."""
    consents = person.consents.select_for_update() if lock else person.consents.all()
    return (
        consents.filter(
            purpose=ConsentPurpose.REFERRAL,
            organisation_id=organisation_id,
            withdrawn_at__isnull=True,
        )
        .order_by("-given_at")
        .first()
    )


class MergeRefused(PermissionDenied):
    """The user may not merge these two records."""


@transaction.atomic
def person_merge(*, candidate: DuplicateCandidate, by: Any) -> Person:
    """Confirmed by a person: the new record's cases, consents and household links move to the
    existing one. Needs rights over both records (``cases.merge_people``: both in the user's
    scope, or the data protection officer), checked here again under the rows' locks."""
    import rules

    candidate = DuplicateCandidate.objects.select_for_update().get(pk=candidate.pk)
    if candidate.status != DuplicateCandidate.Status.PROPOSED:
        raise ValueError("this proposal was already decided")
    if not rules.has_perm("cases.merge_people", by, candidate):
        raise MergeRefused("cases.merge_people")
    locked = {
        p.pk: p
        for p in Person.objects.select_for_update().filter(
            pk__in=[candidate.existing_id, candidate.person_id]
        )
    }
    keep, drop = locked[candidate.existing_id], locked[candidate.person_id]
    if keep.erased_at is not None or drop.erased_at is not None or keep.merged_into_id:
        raise ValueError("an erased or merged record cannot take part in a merge")
    drop.cases.update(person=keep)
    drop.consents.update(person=keep)
    _move_household_links(drop, keep)
    drop.merged_into = keep
    drop.save(update_fields=["merged_into"])
    candidate.status = DuplicateCandidate.Status.MERGED
    candidate.decided_by = by
    candidate.decided_at = timezone.now()
    candidate.save()
    return keep


def _move_household_links(drop: Person, keep: Person) -> None:
    """The dropped record's household links now point at the kept one (a link the kept record
    already has, or one between the two records themselves, is removed)."""
    for link in HouseholdLink.objects.filter(person=drop):
        if link.relative_id == keep.pk or keep.household.filter(relative=link.relative).exists():
            link.delete()
        else:
            link.person = keep
            link.save(update_fields=["person"])
    for link in HouseholdLink.objects.filter(relative=drop):
        if (
            link.person_id == keep.pk
            or HouseholdLink.objects.filter(person=link.person, relative=keep).exists()
        ):
            link.delete()
        else:
            link.relative = keep
            link.save(update_fields=["relative"])


def dismiss(candidate: DuplicateCandidate, by: Any) -> None:
    candidate.status = DuplicateCandidate.Status.DISMISSED
    candidate.decided_by = by
    candidate.decided_at = timezone.now()
    candidate.save()
