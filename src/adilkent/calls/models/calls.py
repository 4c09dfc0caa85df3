"""A call (for volunteers or for micro-grants), its criteria and form questions, and the
applications to it. The form is data: staff add questions (text, long text, choice, number,
yes/no, date) with labels in the six languages, and the public form is built from them."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from adilkent.cases.fields import EncryptedTextField
from adilkent.core.protected_files import random_upload_path
from adilkent.places.models import Mahalle
from adilkent.programmes.models import Programme


def new_public_id() -> str:
    """The number an applicant quotes (with their follow code they open their application)."""
    return "C-" + secrets.token_hex(5).upper()


class Call(models.Model):
    class Kind(models.TextChoices):
        VOLUNTEER = "volunteer", _("volunteers")
        GRANT = "grant", _("micro-grants")

    slug = models.SlugField(_("short name"), max_length=80, unique=True)
    kind = models.CharField(_("kind of call"), max_length=12, choices=Kind.choices)
    programme = models.ForeignKey(
        Programme, on_delete=models.SET_NULL, null=True, blank=True, related_name="calls"
    )
    # texts per language code: {"tr": "...", "en": "..."}
    title = models.JSONField(_("title"), default=dict)
    purpose = models.JSONField(_("purpose"), default=dict, blank=True)
    eligibility = models.JSONField(_("who may apply"), default=dict, blank=True)
    languages = models.JSONField(_("languages of the call"), default=list, blank=True)
    opens_on = models.DateField(_("opens"))
    closes_on = models.DateField(_("closes"))
    minimum_age = models.PositiveSmallIntegerField(_("minimum age"), default=18)
    # grants only
    budget_total = models.DecimalField(
        _("budget of the call (TL)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    maximum_award = models.DecimalField(
        _("largest grant (TL)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    published = models.BooleanField(_("published"), default=True)
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("call")
        verbose_name_plural = _("calls")
        ordering = ["-opens_on", "slug"]

    def __str__(self) -> str:
        return self.slug


class Criterion(models.Model):
    """A criterion reviewers score from 0 to ``max_score``; the weighted mean ranks."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="criteria")
    key = models.SlugField(max_length=40)
    name = models.JSONField(_("name"), default=dict)
    weight = models.PositiveSmallIntegerField(_("weight"), default=1)
    max_score = models.PositiveSmallIntegerField(_("highest score"), default=5)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["call", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["call", "key"], name="criterion_key")]

    def __str__(self) -> str:
        return self.key


class Question(models.Model):
    class Kind(models.TextChoices):
        TEXT = "text", _("short text")
        LONG_TEXT = "long_text", _("long text")
        CHOICE = "choice", _("one of a list")
        MULTIPLE = "multiple", _("several of a list")
        NUMBER = "number", _("number")
        YES_NO = "yes_no", _("yes or no")
        DATE = "date", _("date")

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="questions")
    key = models.SlugField(max_length=40)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    kind = models.CharField(_("kind of answer"), max_length=12, choices=Kind.choices)
    label = models.JSONField(_("question"), default=dict)
    help = models.JSONField(_("help text"), default=dict, blank=True)
    required = models.BooleanField(_("required"), default=True)
    # for choice questions: [{"value": "translation", "label": {"tr": "...", ...}}, ...]
    choices = models.JSONField(_("choices"), default=list, blank=True)
    max_length = models.PositiveIntegerField(_("longest answer"), default=2000)

    class Meta:
        ordering = ["call", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["call", "key"], name="question_key")]

    def __str__(self) -> str:
        return self.key


class Application(models.Model):
    """One person's or one organisation's application to a call."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("received")
        ELIGIBLE = "eligible", _("passed screening")
        INELIGIBLE = "ineligible", _("not eligible")
        INTERVIEWED = "interviewed", _("interviewed")
        APPROVED = "approved", _("approved volunteer")
        AWARDED = "awarded", _("grant awarded")
        REJECTED = "rejected", _("not selected")
        WITHDRAWN = "withdrawn", _("withdrawn")
        CLOSED = "closed", _("grant closed")

    class ApplicantKind(models.TextChoices):
        PERSON = "person", _("a person")
        ASSOCIATION = "association", _("an association")
        FOUNDATION = "foundation", _("a foundation")
        COOPERATIVE = "cooperative", _("a cooperative")
        COMPANY = "company", _("a company")
        INITIATIVE = "initiative", _("an unregistered group")

    class AgeBand(models.TextChoices):
        A18 = "18-24", "18–24"
        A25 = "25-34", "25–34"
        A35 = "35-49", "35–49"
        A50 = "50-64", "50–64"
        A65 = "65+", "65+"

    class Sex(models.TextChoices):
        FEMALE = "female", _("woman")
        MALE = "male", _("man")
        UNSTATED = "unstated", _("prefer not to say")

    public_id = models.CharField(
        _("application number"), max_length=16, unique=True, default=new_public_id, editable=False
    )
    call = models.ForeignKey(Call, on_delete=models.PROTECT, related_name="applications")
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.SUBMITTED
    )
    status_changed_at = models.DateTimeField(_("status since"), auto_now_add=True)
    language = models.CharField(_("language"), max_length=8, default="tr")
    # the person applying, or the organisation's contact person
    contact_name = EncryptedTextField(_("name"))
    phone = EncryptedTextField(_("phone"), blank=True)
    email = EncryptedTextField(_("e-mail"), blank=True)
    phone_hash = models.CharField(max_length=64, editable=False, blank=True, db_index=True)
    email_hash = models.CharField(max_length=64, editable=False, blank=True, db_index=True)
    follow_hash = models.CharField(max_length=64, editable=False, db_index=True)
    mahalle = models.ForeignKey(
        Mahalle, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    age_band = models.CharField(_("age"), max_length=8, choices=AgeBand.choices, blank=True)
    sex = models.CharField(_("sex"), max_length=10, choices=Sex.choices, blank=True)
    answers = EncryptedTextField(_("answers"), blank=True)  # JSON, encrypted
    consent_at = models.DateTimeField(_("consent given"))
    # grants
    applicant_kind = models.CharField(
        _("who applies"), max_length=12, choices=ApplicantKind.choices, default="person"
    )
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    tax_number = EncryptedTextField(_("tax or identity number"), blank=True)
    iban = EncryptedTextField(_("IBAN"), blank=True)
    project_title = models.CharField(_("project"), max_length=200, blank=True)
    project_summary = models.TextField(_("project summary"), blank=True)
    amount_requested = models.DecimalField(
        _("amount requested (TL)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    # determination (screening for both kinds; award or rejection for grants)
    screened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    screening_note = models.TextField(_("screening note"), blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decision_reasons = models.TextField(_("reasons for the decision"), blank=True)
    amount_awarded = models.DecimalField(
        _("amount awarded (TL)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    personal_data_erased_at = models.DateTimeField(_("personal data erased"), null=True, blank=True)
    created_at = models.DateTimeField(_("applied"), auto_now_add=True)

    class Meta:
        verbose_name = _("application to a call")
        verbose_name_plural = _("applications to calls")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.public_id

    @property
    def is_individual(self) -> bool:
        return self.applicant_kind == self.ApplicantKind.PERSON

    @property
    def public_name(self) -> str:
        """What open data may say of the grantee: an organisation's name, never a person's."""
        if self.is_individual or not self.organisation:
            return ""
        return self.organisation


def attachment_path(instance: Attachment, filename: str) -> str:
    return random_upload_path("calls", filename, instance.content_type)


class Attachment(models.Model):
    """A file attached to an application (a budget sheet, a registration certificate, a
    grantee's report): checked by its content, stored under a random name."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(_("file"), upload_to=attachment_path)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=80)
    size = models.PositiveIntegerField(_("size (bytes)"))
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.original_name


class CallStaff(models.Model):
    """Need to know: who runs a call (sees its applicants) and who sits on its review panel
    (sees only the applications they have no conflict with, after declaring). Set with
    ``manage.py call_staff``."""

    class Role(models.TextChoices):
        COORDINATOR = "coordinator", _("coordinator")
        REVIEWER = "reviewer", _("reviewer")
        FINANCE = "finance", _("finance")

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="staff")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="call_roles"
    )
    role = models.CharField(_("role"), max_length=12, choices=Role.choices)

    class Meta:
        verbose_name = _("call staff")
        verbose_name_plural = _("call staff")
        constraints = [
            models.UniqueConstraint(fields=["call", "user", "role"], name="one_call_role")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.role} · {self.call}"
