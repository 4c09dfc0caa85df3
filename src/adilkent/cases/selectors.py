"""Reads: what each staff member may see (the single source of truth for access scopes).

Scopes by role (see docs/refugee-desk.md):

============== ================================ =========================================
role           cases                            referrals received
============== ================================ =========================================
caseworker     self: assigned to or opened by   —
supervisor     unit: cases of their unit        to their unit
HİM operator   self: opened by them             —
unit officer   —                                unit: sent to their unit
partner        —                                organisation: sent to any of its units
DPO            all                              all
analyst        —  (aggregated figures only)     —
============== ================================ =========================================
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from adilkent.text import ASCII_DIGITS, fold

from .crypto import keyed_hash
from .models import Case, CaseNote, DuplicateCandidate, Person, Referral, Role, StaffProfile
from .transliterate import latin, skeleton


def profile_of(user: Any) -> StaffProfile | None:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    try:
        profile: StaffProfile = user.cases_profile
    except StaffProfile.DoesNotExist:
        return None
    return profile


def role_of(user: Any) -> str | None:
    profile = profile_of(user)
    return profile.role if profile else None


def visible_cases(user: Any) -> QuerySet[Case]:
    profile = profile_of(user)
    cases = Case.objects.select_related("person", "case_type", "unit", "assigned_to")
    if profile is None:
        return cases.none()
    if profile.role == Role.CASEWORKER:
        return cases.filter(Q(assigned_to=user) | Q(opened_by=user))
    if profile.role == Role.SUPERVISOR:
        return cases.filter(unit=profile.unit)
    if profile.role == Role.HIM_OPERATOR:
        return cases.filter(opened_by=user)
    if profile.role == Role.DPO:
        return cases.all()
    return cases.none()


def visible_people(user: Any) -> QuerySet[Person]:
    profile = profile_of(user)
    people = Person.objects.filter(erased_at__isnull=True)
    if profile is None:
        return people.none()
    if profile.role == Role.DPO:
        return Person.objects.all()
    if profile.role in {Role.CASEWORKER, Role.HIM_OPERATOR}:
        case_people = visible_cases(user).values("person_id")
        return people.filter(Q(registered_by=user) | Q(pk__in=case_people))
    if profile.role == Role.SUPERVISOR:
        case_people = visible_cases(user).values("person_id")
        return people.filter(Q(registered_unit=profile.unit) | Q(pk__in=case_people))
    return people.none()


def duplicate_proposals(user: Any, person: Person) -> QuerySet[DuplicateCandidate]:
    """Open duplicate proposals for ``person`` that the user may see and decide: those whose
    other record is in the user's scope too (the data protection officer sees them all). A
    proposal naming a record outside the scope is not shown, so registering a look-alike
    reveals nothing of another unit's records."""
    proposals = DuplicateCandidate.objects.filter(
        person=person, status=DuplicateCandidate.Status.PROPOSED
    ).select_related("existing", "person")
    if role_of(user) == Role.DPO:
        return proposals
    visible = visible_people(user).values("pk")
    return proposals.filter(existing__in=visible, person__in=visible)


def received_referrals(user: Any) -> QuerySet[Referral]:
    """Referrals the user handles as the recipient."""
    profile = profile_of(user)
    referrals = Referral.objects.select_related("case__person", "case__case_type", "to_unit")
    if profile is None:
        return referrals.none()
    if profile.role in {Role.UNIT_OFFICER, Role.SUPERVISOR}:
        return referrals.filter(to_unit=profile.unit)
    if profile.role == Role.PARTNER:
        return referrals.filter(to_unit__organisation=profile.unit.organisation)
    return referrals.none()


def visible_referrals(user: Any) -> QuerySet[Referral]:
    """Referrals of cases the user may see, and referrals the user received."""
    if role_of(user) == Role.DPO:
        return Referral.objects.select_related("case__person", "to_unit")
    mine = Referral.objects.filter(case__in=visible_cases(user).values("pk"))
    return (mine | received_referrals(user)).distinct()


def can_read_protection_notes(user: Any) -> bool:
    return role_of(user) in {Role.CASEWORKER, Role.SUPERVISOR, Role.DPO}


def visible_notes(user: Any, case: Case) -> QuerySet[CaseNote]:
    notes = case.notes.select_related("author")
    if not can_read_protection_notes(user):
        notes = notes.exclude(kind=CaseNote.Kind.PROTECTION)
    return notes


def shared_view(referral: Referral) -> dict[str, str]:
    """What the recipient of a referral sees of the person: only the fields chosen."""
    person = referral.case.person
    values: dict[str, str] = {}
    fields = set(referral.shared_fields)
    if "name" in fields:
        values["name"] = str(person)
        values["name_latin"] = person.display_latin
    if "birth_year" in fields and person.birth_year:
        values["birth_year"] = str(person.birth_year)
    if "gender" in fields:
        values["gender"] = str(person.get_gender_display())
    if "nationality" in fields:
        values["nationality"] = person.nationality
    if "protection_status" in fields:
        values["protection_status"] = str(person.get_protection_status_display())
    if "languages" in fields:
        values["languages"] = person.languages
        values["interpreter_needed"] = "yes" if person.interpreter_needed else "no"
    if "phone" in fields:
        values["phone"] = person.phone or ""
    if "district" in fields and person.district_id:
        values["district"] = str(person.district)
    if "disability" in fields:
        values["disability"] = person.disability or ""
    if "vulnerabilities" in fields:
        values["vulnerabilities"] = ", ".join(person.vulnerability_codes)
    return values


def find_people(user: Any, query: str, limit: int = 50) -> list[Person]:
    """People in the user's scope whose name, phone or identity number matches ``query``.

    Names are encrypted, so they are compared after decryption, here, among the people the
    user may see anyway: every word of the query must start a word of the person's name in
    their own script or in Latin letters, compared folded (case, diacritics, Turkish letters)
    or by the spelling-tolerant skeleton used for duplicates (Muhammed finds محمد). A query of
    digits is also looked up as a phone number and an identity number, by their keyed hashes.
    """
    query = query.strip()
    if not query:
        return []
    people = visible_people(user).filter(merged_into__isnull=True)
    digits = "".join(ch for ch in query if ch in ASCII_DIGITS)
    found: dict[Any, Person] = {}
    if len(digits) >= 7:
        hashes_phone = keyed_hash(query, "phone")
        hashes_identity = keyed_hash(query, "identity")
        for person in people.filter(Q(phone_hash=hashes_phone) | Q(identity_hash=hashes_identity)):
            found[person.pk] = person
    words = [w for w in query.split() if not any(ch in ASCII_DIGITS for ch in w)]
    if words:
        folded = [fold(w) for w in words]
        latin_words = [latin(w) for w in words]
        skeletons = [skeleton(w) for w in words]

        def matches(person: Person) -> bool:
            names = f"{person.given_name} {person.family_name} "
            names += f"{person.given_name_latin} {person.family_name_latin}"
            tokens = names.split()
            keys = [fold(t) for t in tokens] + [latin(t) for t in tokens]
            skels = [skeleton(t) for t in tokens]
            for f, lw, sk in zip(folded, latin_words, skeletons, strict=True):
                prefix = any(k.startswith(f) or k.startswith(lw) for k in keys)
                if not prefix and not (sk and sk in skels):
                    return False
            return True

        for person in people.order_by("-created_at").iterator(chunk_size=500):
            if person.pk not in found and matches(person):
                found[person.pk] = person
            if len(found) >= limit:
                break
    return list(found.values())[:limit]
