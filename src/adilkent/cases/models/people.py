"""People served by the Refugee Desk, their consents, household links and possible duplicates.

Names, birth date, contact, identity number, disability and other vulnerabilities are
encrypted at rest. What stays in clear is what aggregated, de-identified figures need
(birth year, gender, nationality, protection status, district, languages) and keyed hashes
of the identity and phone numbers (for duplicate detection, useless without the pepper).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..fields import EncryptedTextField
from .staff import Organisation, Unit


class Gender(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    OTHER = "other", _("Other")
    UNDISCLOSED = "undisclosed", _("Not disclosed")


class ProtectionStatus(models.TextChoices):
    TEMPORARY = "temporary", _("Temporary protection")
    APPLICANT = "applicant", _("International protection applicant")
    INTERNATIONAL = "international", _("International protection holder")
    RESIDENCE = "residence", _("Residence permit")
    CITIZEN = "citizen", _("Turkish citizen")
    UNREGISTERED = "unregistered", _("Not registered")
    OTHER = "other", _("Other")


class Vulnerability(models.TextChoices):
    DISABILITY = "disability", _("Disability")
    CHRONIC_ILLNESS = "chronic_illness", _("Chronic illness")
    OLDER_PERSON = "older_person", _("Older person at risk")
    UNACCOMPANIED_CHILD = "unaccompanied_child", _("Unaccompanied or separated child")
    SINGLE_PARENT = "single_parent", _("Single parent")
    SURVIVOR = "survivor", _("Survivor of violence")
    PREGNANT = "pregnant", _("Pregnant or breastfeeding")


class Person(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # names: as the person writes them, and in Latin letters
    given_name = EncryptedTextField(_("given name (own script)"))
    family_name = EncryptedTextField(_("family name (own script)"), blank=True)
    given_name_latin = EncryptedTextField(_("given name (Latin letters)"), blank=True)
    family_name_latin = EncryptedTextField(_("family name (Latin letters)"), blank=True)
    date_of_birth = EncryptedTextField(_("date of birth"), blank=True)  # ISO date
    birth_year = models.PositiveSmallIntegerField(_("birth year"), null=True, blank=True)
    age_is_approximate = models.BooleanField(_("age is approximate"), default=False)
    gender = models.CharField(
        _("gender"), max_length=12, choices=Gender.choices, default=Gender.UNDISCLOSED
    )
    nationality = models.CharField(_("nationality (ISO code)"), max_length=2, blank=True)
    protection_status = models.CharField(
        _("protection status"), max_length=16, choices=ProtectionStatus.choices, blank=True
    )
    languages = models.CharField(_("languages spoken"), max_length=100, blank=True)
    preferred_language = models.CharField(_("preferred language"), max_length=8, blank=True)
    interpreter_needed = models.BooleanField(_("needs an interpreter"), default=False)
    phone = EncryptedTextField(_("phone"), blank=True)
    phone_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    email = EncryptedTextField(_("e-mail"), blank=True)
    address = EncryptedTextField(_("address"), blank=True)
    district = models.ForeignKey(
        "places.District", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    identity_number = EncryptedTextField(_("identity number"), blank=True)
    identity_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    # special categories of personal data (KVKK article 6)
    disability = EncryptedTextField(_("disability (description)"), blank=True)
    vulnerabilities = EncryptedTextField(_("vulnerabilities"), blank=True)  # comma-separated
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    registered_unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    merged_into = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="merged_from"
    )
    erased_at = models.DateTimeField(null=True, blank=True)
    is_test_data = models.BooleanField(_("invented test record"), default=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self) -> str:
        return f"{self.given_name} {self.family_name}".strip() or str(self.id)

    @property
    def display_latin(self) -> str:
        return f"{self.given_name_latin} {self.family_name_latin}".strip()

    @property
    def vulnerability_codes(self) -> list[str]:
        return [v for v in (self.vulnerabilities or "").split(",") if v]


class HouseholdLink(models.Model):
    class Relationship(models.TextChoices):
        SPOUSE = "spouse", _("Spouse or partner")
        CHILD = "child", _("Child")
        PARENT = "parent", _("Parent")
        SIBLING = "sibling", _("Sibling")
        OTHER = "other", _("Other household member")

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="household")
    relative = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    relationship = models.CharField(_("relationship"), max_length=10, choices=Relationship.choices)

    class Meta:
        unique_together = [("person", "relative")]

    def __str__(self) -> str:
        return f"{self.person_id} → {self.relative_id} ({self.relationship})"


class ConsentPurpose(models.TextChoices):
    CASE_MANAGEMENT = "case_management", _("Case management by the Refugee Desk")
    REFERRAL = "referral", _("Referral to a municipal unit or partner")
    CONTACT = "contact", _("Contact by phone or message")
    STATISTICS = "statistics", _("Anonymous statistics")


class ConsentRecord(models.Model):
    """Consent for one purpose (and, for referrals, one recipient organisation)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(_("purpose"), max_length=20, choices=ConsentPurpose.choices)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("recipient"),
        help_text=_("For referrals: the organisation the person agreed to share with."),
    )
    given_at = models.DateTimeField(_("given"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    how = models.CharField(_("how it was given"), max_length=200, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    withdrawn_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-given_at"]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} ({self.given_at:%Y-%m-%d})"

    @property
    def is_active(self) -> bool:
        return self.withdrawn_at is None


class DuplicateCandidate(models.Model):
    """A possible duplicate found at registration; only a person decides to merge."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        MERGED = "merged", _("Merged")
        DISMISSED = "dismissed", _("Not the same person")

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    existing = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    score = models.FloatField()
    reasons = models.CharField(max_length=300)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PROPOSED)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        unique_together = [("person", "existing")]
        ordering = ["-score"]

    def __str__(self) -> str:
        return f"{self.person_id} ~ {self.existing_id} ({self.score})"
