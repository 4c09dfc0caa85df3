"""People looking for work, employers, vacancies, referrals with their outcome and follow-ups,
and the mobile employment point's registrations."""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from adilkent.cases.crypto import keyed_hash
from adilkent.cases.fields import EncryptedTextField
from adilkent.enrolment.models import Application
from adilkent.places.models import District, Mahalle


class Profile(models.Model):
    """A person the employment unit helps: contact, skills, languages and a CV built from a
    form. The CV goes to an employer only with the person's consent (``cv_consent_at``)."""

    class Source(models.TextChoices):
        COURSE = "course", _("a course")
        MOBILE = "mobile", _("the mobile employment point")
        DESK = "desk", _("a desk")

    class Sex(models.TextChoices):
        WOMAN = "woman", _("woman")
        MAN = "man", _("man")
        OTHER = "other", _("other")
        UNSAID = "unsaid", _("prefers not to say")

    name = EncryptedTextField(_("name"))
    phone = EncryptedTextField(_("phone"), blank=True)
    email = EncryptedTextField(_("e-mail"), blank=True)
    # keyed hashes: the same person arriving twice (two registrations at the mobile point,
    # a trainee registered again) is found without decrypting anything
    phone_hash = models.CharField(max_length=64, editable=False, blank=True, db_index=True)
    email_hash = models.CharField(max_length=64, editable=False, blank=True, db_index=True)
    person_key = models.CharField(max_length=64, editable=False, blank=True, db_index=True)
    birth_year = models.PositiveSmallIntegerField(_("year of birth"), null=True, blank=True)
    sex = models.CharField(_("sex"), max_length=8, choices=Sex.choices, default=Sex.UNSAID)
    mahalle = models.ForeignKey(
        Mahalle, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    groups = models.JSONField(_("groups declared"), default=list, blank=True)
    skills = EncryptedTextField(_("skills"), blank=True)
    languages = models.CharField(_("languages spoken"), max_length=200, blank=True)
    education = EncryptedTextField(_("education"), blank=True)
    experience = EncryptedTextField(_("work experience"), blank=True)
    cv_consent_at = models.DateTimeField(
        _("consented to share the CV with employers"), null=True, blank=True
    )
    source = models.CharField(_("came from"), max_length=8, choices=Source.choices)
    application = models.ForeignKey(
        Application,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="employment_profiles",
        verbose_name=_("course application"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("registered"), auto_now_add=True)
    personal_data_erased_at = models.DateTimeField(_("personal data erased"), null=True, blank=True)

    class Meta:
        verbose_name = _("job seeker")
        verbose_name_plural = _("job seekers")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"P-{self.pk}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # the hashes always follow the contact details (empty when they are erased)
        self.phone_hash = keyed_hash(self.phone or "", "phone")
        self.email_hash = keyed_hash(self.email or "", "email")
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "phone_hash", "email_hash"}
        super().save(*args, **kwargs)


class Employer(models.Model):
    name = models.CharField(_("name"), max_length=200)
    sector = models.CharField(_("sector"), max_length=120, blank=True)
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    contact = models.CharField(_("contact"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("employer")
        verbose_name_plural = _("employers")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Vacancy(models.Model):
    employer = models.ForeignKey(Employer, on_delete=models.PROTECT, related_name="vacancies")
    title = models.CharField(_("title"), max_length=200)
    positions = models.PositiveSmallIntegerField(_("positions"), default=1)
    opened_on = models.DateField(_("opened"))
    closes_on = models.DateField(_("closes"), null=True, blank=True)

    class Meta:
        verbose_name = _("vacancy")
        verbose_name_plural = _("vacancies")
        ordering = ["-opened_on"]

    def __str__(self) -> str:
        return f"{self.title} — {self.employer}"


class Referral(models.Model):
    """A person referred to a vacancy, and what came of it."""

    class Outcome(models.TextChoices):
        REFERRED = "referred", _("referred")
        INTERVIEW = "interview", _("invited to an interview")
        HIRED = "hired", _("hired")
        NOT_HIRED = "not_hired", _("not hired")

    profile = models.ForeignKey(Profile, on_delete=models.PROTECT, related_name="referrals")
    vacancy = models.ForeignKey(Vacancy, on_delete=models.PROTECT, related_name="referrals")
    referred_on = models.DateField(_("referred"))
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    outcome = models.CharField(
        _("outcome"), max_length=10, choices=Outcome.choices, default=Outcome.REFERRED
    )
    outcome_on = models.DateField(_("outcome recorded for"), null=True, blank=True)
    started_on = models.DateField(_("started work"), null=True, blank=True)

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["-referred_on"]
        constraints = [
            models.UniqueConstraint(fields=["profile", "vacancy"], name="one_referral_per_vacancy")
        ]

    def __str__(self) -> str:
        return f"{self.profile} → {self.vacancy} ({self.outcome})"


class FollowUp(models.Model):
    """Is the person still employed 3 (or 6) months after starting?"""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="follow_ups")
    months = models.PositiveSmallIntegerField(_("months after starting"))
    checked_on = models.DateField(_("checked"))
    employed = models.BooleanField(_("still employed"))
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        ordering = ["referral", "months"]
        constraints = [
            models.UniqueConstraint(fields=["referral", "months"], name="one_follow_up_per_mark"),
            models.CheckConstraint(condition=models.Q(months__in=[3, 6]), name="follow_up_3_or_6"),
        ]

    def __str__(self) -> str:
        return f"{self.referral_id} +{self.months}m: {self.employed}"


class MobileRegistration(models.Model):
    """One registration entered on a tablet at the mobile employment point, possibly
    offline. ``client_id`` is made on the device: a form sent twice (the connection came
    back during the send) arrives once. A person already registered is linked to their
    profile and counted as a duplicate, not registered again."""

    client_id = models.UUIDField(unique=True, default=uuid.uuid4)
    profile = models.ForeignKey(Profile, on_delete=models.PROTECT, related_name="registrations")
    duplicate = models.BooleanField(_("the person was already registered"), default=False)
    stop = models.CharField(_("stop"), max_length=200, blank=True)
    entered_at = models.DateTimeField(_("entered on the device"))
    received_at = models.DateTimeField(_("received"), auto_now_add=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("mobile point registration")
        verbose_name_plural = _("mobile point registrations")
        ordering = ["-received_at"]

    def __str__(self) -> str:
        return str(self.client_id)
