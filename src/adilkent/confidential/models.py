"""Kinds of report, recipients with their keys, reports (encrypted contents, the data key in
envelopes), messages, attachments and exclusions."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from adilkent.core.l10n import name_in_language


class ReportKind(models.Model):
    """What a report is about (harassment, mobbing...): it decides who receives it and the
    days within which the reporter must get an answer."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    names = models.JSONField(_("names"), default=dict)
    answer_days = models.PositiveSmallIntegerField(_("days to answer"), default=30)
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("kind of report")
        verbose_name_plural = _("kinds of report")
        ordering = ["code"]

    def __str__(self) -> str:
        return name_in_language(self.names) or self.code


class Unit(models.Model):
    """A municipal unit a report may concern, with its head count: the figures of a unit with
    fewer employees than the threshold are not shown on their own."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    employees = models.PositiveIntegerField(_("employees"), null=True, blank=True)

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Recipient(models.Model):
    """A person who receives reports of some kinds, with a key pair: the private key is kept
    only locked by their passphrase. ``escrow`` is the data protection officer's key, given
    every report so that none is lost with a recipient; it is not an inbox."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="report_recipient"
    )
    role = models.CharField(_("role"), max_length=120)
    kinds = models.ManyToManyField(ReportKind, related_name="recipients", blank=True)
    public_key = models.BinaryField(editable=False)
    locked_private_key = models.BinaryField(editable=False)
    escrow = models.BooleanField(_("escrow key of the data protection officer"), default=False)
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("recipient")
        verbose_name_plural = _("recipients")
        constraints = [
            models.UniqueConstraint(
                fields=["escrow"], condition=models.Q(escrow=True), name="one_escrow_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user.get_full_name() or self.user.get_username()} ({self.role})"


def new_report_number() -> str:
    return "R-" + secrets.token_hex(4).upper()


class Report(models.Model):
    class Status(models.TextChoices):  # what the reporter sees
        RECEIVED = "received", _("received")
        IN_REVIEW = "in_review", _("being looked into")
        CLOSED = "closed", _("closed")

    class Outcome(models.TextChoices):  # recipients only; counted in the figures
        SUBSTANTIATED = "substantiated", _("substantiated: measures taken")
        NOT_SUBSTANTIATED = "not_substantiated", _("not substantiated")
        WITHDRAWN = "withdrawn", _("withdrawn by the reporter")
        REFERRED = "referred", _("referred to another authority")

    number = models.CharField(
        _("number"), max_length=12, unique=True, default=new_report_number, editable=False
    )
    kind = models.ForeignKey(ReportKind, on_delete=models.PROTECT, related_name="reports")
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="reports"
    )
    # the receipt is shown once; kept as a keyed hash (to find the report) and as the salt of
    # the key that opens the reporter's envelope of the data key
    receipt_hash = models.CharField(max_length=64, unique=True, editable=False)
    reporter_salt = models.BinaryField(editable=False)
    reporter_envelope = models.BinaryField(editable=False)
    contents = models.BinaryField(editable=False)  # the report itself, under the data key
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.RECEIVED
    )
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)
    oral = models.BooleanField(_("oral report entered by staff"), default=False)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("received"), auto_now_add=True)
    answer_by = models.DateField(_("answer by"))
    answered_at = models.DateTimeField(_("first answered"), null=True, blank=True)
    escalated_at = models.DateTimeField(_("escalated"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.number


class Envelope(models.Model):
    """The report's data key, sealed to one recipient's public key."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="envelopes")
    recipient = models.ForeignKey(Recipient, on_delete=models.PROTECT, related_name="envelopes")
    sealed = models.BinaryField(editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["report", "recipient"], name="one_envelope_each")
        ]

    def __str__(self) -> str:
        return f"{self.report_id} → {self.recipient_id}"


class Exclusion(models.Model):
    """A recipient kept out of a report: named in it by the reporter, or declaring a conflict.
    Their envelope is never made, or is destroyed."""

    class Reason(models.TextChoices):
        NAMED = "named", _("named in the report")
        DECLARED = "declared", _("declared a conflict of interest")

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="exclusions")
    recipient = models.ForeignKey(Recipient, on_delete=models.PROTECT, related_name="exclusions")
    reason = models.CharField(max_length=10, choices=Reason.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["report", "recipient"], name="excluded_once")
        ]

    def __str__(self) -> str:
        return f"{self.report_id} ✕ {self.recipient_id} ({self.reason})"


class Message(models.Model):
    """A message on a report, under the report's data key: from the reporter, a recipient's
    reply to the reporter, or a recipient's note the reporter never sees."""

    class Author(models.TextChoices):
        REPORTER = "reporter", _("reporter")
        RECIPIENT = "recipient", _("recipient")

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="messages")
    author = models.CharField(max_length=10, choices=Author.choices)
    recipient = models.ForeignKey(
        Recipient, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    to_reporter = models.BooleanField(default=True)
    ciphertext = models.BinaryField(editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.report_id} {self.author} {self.created_at:%Y-%m-%d}"


def attachment_path(instance: Attachment, filename: str) -> str:
    from adilkent.core.protected_files import random_upload_path

    return random_upload_path("confidential", "file.bin")


class Attachment(models.Model):
    """Evidence: the file, its metadata stripped, encrypted under the report's data key (name
    and type too); stored under a random name."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_path)
    sealed_meta = models.BinaryField(editable=False)  # {"name": ..., "type": ...}
    from_reporter = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.report_id} file {self.pk}"
