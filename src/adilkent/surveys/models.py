"""Surveys defined in XLSForm: the survey (its names in the six languages, status, the mahalle
and groups it targets), each uploaded version of its form (the .xlsx as uploaded, pyxform's
reading of it and the ODK XForm made from it) and the answers (one row per answered form,
without IP address or account)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from adilkent.cases.fields import EncryptedTextField

from . import xlsform


class Survey(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("survey status", "draft")
        OPEN = "open", pgettext_lazy("survey status", "open")
        CLOSED = "closed", pgettext_lazy("survey status", "closed")

    slug = models.SlugField(_("short name"), max_length=80, unique=True)
    # per language code: {"tr": "...", "en": "..."}
    title = models.JSONField(_("title"), default=dict)
    purpose = models.JSONField(_("purpose"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    target_mahalleler = models.ManyToManyField(
        "places.Mahalle", blank=True, related_name="surveys", verbose_name=_("target mahalleler")
    )
    # free list of the groups the survey wants to hear, e.g. ["refugees", "women"]
    target_groups = models.JSONField(_("target groups"), default=list, blank=True)
    # the programme whose measured indicators count this survey's answers
    programme = models.ForeignKey(
        "programmes.Programme",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="surveys",
        verbose_name=_("programme"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        ordering = ["-created_at", "slug"]

    def __str__(self) -> str:
        return self.slug

    def latest_version(self) -> FormVersion | None:
        return self.versions.order_by("-number").first()


class SurveyStaff(models.Model):
    """A staff member who runs a survey (or, with no survey, every survey, and may create
    new ones). Given with ``manage.py survey_staff``, never in the web admin."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="survey_roles"
    )
    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, null=True, blank=True, related_name="staff"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "survey"], name="surveys_staff_unique"),
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(survey__isnull=True),
                name="surveys_staff_unique_all",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.survey or '*'})"


class FormVersion(models.Model):
    """One uploaded XLSForm of a survey, as pyxform read it; never changed once saved."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("upload number"))  # 1, 2, … per survey
    # the settings sheet's `version`, else the upload number
    version = models.CharField(_("version"), max_length=80)
    form_id = models.CharField(_("form id"), max_length=120)
    form_title = models.CharField(_("form title"), max_length=250, blank=True)
    xlsx = models.BinaryField(_("XLSForm file"))
    filename = models.CharField(_("file name"), max_length=200)
    pyxform_json = models.JSONField(_("pyxform reading"))
    xform_xml = models.TextField(_("ODK XForm"))
    warnings = models.JSONField(_("warnings"), default=list, blank=True)
    rows = models.JSONField(default=list, blank=True)  # [[row, name], …] of the survey sheet
    default_language = models.CharField(_("default language"), max_length=8, blank=True)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("form version")
        verbose_name_plural = _("form versions")
        ordering = ["survey", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "number"], name="surveys_version_number"),
            models.UniqueConstraint(fields=["survey", "version"], name="surveys_version_text"),
        ]

    def __str__(self) -> str:
        return f"{self.survey.slug} {self.version}"

    def form(self) -> xlsform.Form:
        """The tree of questions (read again from the stored pyxform JSON)."""
        rows = [(int(row), str(name)) for row, name in self.rows]
        return xlsform.form_from_pyxform(self.pyxform_json, rows=rows)


class Response(models.Model):
    """One answered form. ``instance_id`` is the answer's own UUID (ODK's instanceID, or one
    made by the web form): an answer sent twice (offline retry, a second ODK import) is kept
    once. No IP address and no account are stored."""

    class Source(models.TextChoices):
        WEB = "web", _("web form")
        FIELD = "field", _("field collection")
        ODK_IMPORT = "odk_import", _("ODK or Kobo import")

    survey = models.ForeignKey(Survey, on_delete=models.PROTECT, related_name="responses")
    form_version = models.ForeignKey(
        FormVersion, on_delete=models.PROTECT, related_name="responses"
    )
    instance_id = models.UUIDField(_("instance id"), unique=True, default=uuid.uuid4)
    answers = models.JSONField(_("answers"), default=dict)
    mahalle = models.ForeignKey(
        "places.Mahalle",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("mahalle"),
    )
    submitted_at = models.DateTimeField(_("submitted at"))
    received_at = models.DateTimeField(auto_now_add=True)
    source = models.CharField(_("source"), max_length=12, choices=Source.choices)

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        ordering = ["-submitted_at"]

    def __str__(self) -> str:
        return str(self.instance_id)


class Draft(models.Model):
    """Answers being given on the web, kept between pages and for resuming on another device.

    The respondent holds the token (in a cookie and in the resume link); only its SHA-256 is
    stored. No account, IP address or user agent. Once sent, the draft keeps only the day it
    was sent (so a second press of "Send" is recognised) and never the response it became.
    Drafts are deleted ``SURVEYS_DRAFT_DAYS`` after they were last touched."""

    token_hash = models.CharField(max_length=64, unique=True)
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="drafts")
    form_version = models.ForeignKey(FormVersion, on_delete=models.CASCADE, related_name="+")
    answers = models.JSONField(default=dict, blank=True)
    page = models.PositiveIntegerField(default=0)
    contact_consent = models.BooleanField(default=False)
    contact = EncryptedTextField(blank=True, default="")
    touched_at = models.DateTimeField(db_index=True)
    sent_on = models.DateField(null=True, blank=True)

    def __str__(self) -> str:
        return f"draft of {self.survey.slug}"


class Recontact(models.Model):
    """A respondent's consent to be contacted again about a survey, kept apart from the
    answers: the phone number or e-mail address (encrypted), the consent text as shown, its
    language and when it was given."""

    response = models.OneToOneField(Response, on_delete=models.CASCADE, related_name="recontact")
    contact = EncryptedTextField(_("phone or e-mail"))
    consent_text = models.TextField(_("consent text"))
    language = models.CharField(_("language"), max_length=8)
    consented_at = models.DateTimeField(_("consented at"))

    class Meta:
        verbose_name = _("consent to be contacted again")
        verbose_name_plural = _("consents to be contacted again")

    def __str__(self) -> str:
        return f"recontact {self.pk}"


class Quota(models.Model):
    """How many answers the field work needs from one mahalle: from all its respondents
    (``group`` blank) or from one group of them (a code of :data:`groups.GROUPS`). The
    survey's quota sheet is all its quotas; it is replaced as a whole."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="quotas")
    mahalle = models.ForeignKey(
        "places.Mahalle", on_delete=models.CASCADE, related_name="+", verbose_name=_("mahalle")
    )
    # blank: every respondent of the mahalle; else a code of groups.GROUPS
    group = models.CharField(_("group"), max_length=20, blank=True)
    needed = models.PositiveIntegerField(_("answers needed"))
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("quota")
        verbose_name_plural = _("quotas")
        ordering = ["survey", "mahalle__name_folded", "group"]
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "mahalle", "group"], name="surveys_quota_unique"
            ),
            models.CheckConstraint(condition=models.Q(needed__gte=1), name="surveys_quota_needed"),
        ]

    def __str__(self) -> str:
        return f"{self.survey.slug} {self.mahalle_id} {self.group or '*'}: {self.needed}"
